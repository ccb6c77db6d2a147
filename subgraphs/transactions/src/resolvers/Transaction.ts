import type { TransactionResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { visibleTransaction } from '../services/history.service.js';
import { counterpartyOf, directionFor, perspectiveOf } from '../services/perspective.js';

export const Transaction: TransactionResolvers = {
  __resolveReference: async (ref, ctx) => visibleTransaction(ctx.identity, await ctx.loaders.transactionById.load(ref.id)),
  failureReason: (txn) => txn.failureReason ?? null,
  direction: (txn, _args, ctx) => directionFor(txn, perspectiveOf(txn, ctx.identity, ctx.perspectives.get(txn))),
  amount: (txn) => toMoneyDto(txn.amountMinor, txn.currency),
  targetAmount: (txn) =>
    txn.targetAmountMinor !== null && txn.targetAmountMinor !== undefined && txn.targetCurrency
      ? toMoneyDto(txn.targetAmountMinor, txn.targetCurrency)
      : null,
  counterparty: (txn, _args, ctx) => {
    const id = counterpartyOf(txn, perspectiveOf(txn, ctx.identity, ctx.perspectives.get(txn)));
    return id ? { id } : null;
  },
  createdAt: (txn) => txn.createdAt.toISOString(),
  updatedAt: (txn) => txn.updatedAt.toISOString(),
  steps: (txn, _args, ctx) => ctx.loaders.stepsByTransaction.load(txn.id),
  payment: (txn) => ({ id: txn.paymentId }),
};
