import type { WithdrawalResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { withdrawalVisibleTo } from '../services/payment-query.service.js';

export const Withdrawal: WithdrawalResolvers = {
  __resolveReference: async (ref, ctx) => withdrawalVisibleTo(ctx.identity, await ctx.loaders.withdrawalById.load(ref.id)),
  failureReason: (w) => w.failureReason ?? null,
  amount: (w) => toMoneyDto(w.amount, w.currency),
  owner: (w) => ({ id: w.userId }),
  wallet: (w) => ({ id: w.walletId }),
  bankAccount: (w) => ({ id: w.bankAccountId }),
  createdAt: (w) => w.createdAt.toISOString(),
  updatedAt: (w) => w.updatedAt.toISOString(),
  paidAt: (w) => w.paidAt?.toISOString() ?? null,
  returnedAt: (w) => w.returnedAt?.toISOString() ?? null,
};
