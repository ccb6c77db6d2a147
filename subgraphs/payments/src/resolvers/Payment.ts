import type { PaymentResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { visibleTo } from '../services/payment-query.service.js';

export const Payment: PaymentResolvers = {
  __resolveReference: async (ref, ctx) => visibleTo(ctx.identity, await ctx.loaders.paymentById.load(ref.id)),
  failureReason: (payment) => payment.failureReason ?? null,
  amount: (payment) => toMoneyDto(payment.amount, payment.currency),
  sender: (payment) => ({ id: payment.senderId }),
  recipient: (payment) => ({ id: payment.recipientId }),
  note: (payment) => payment.note ?? null,
  createdAt: (payment) => payment.createdAt.toISOString(),
  updatedAt: (payment) => payment.updatedAt.toISOString(),
};
