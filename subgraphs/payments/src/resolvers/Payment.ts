import type { PaymentResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { requestVisibleTo, visibleTo } from '../services/payment-query.service.js';
import { displayStatus } from '../domain/refund.js';

export const Payment: PaymentResolvers = {
  __resolveReference: async (ref, ctx) => visibleTo(ctx.identity, await ctx.loaders.paymentById.load(ref.id)),
  status: (payment) => displayStatus(payment),
  failureReason: (payment) => payment.failureReason ?? null,
  amount: (payment) => toMoneyDto(payment.amount, payment.currency),
  sender: (payment) => ({ id: payment.senderId }),
  recipient: (payment) => ({ id: payment.recipientId }),
  note: (payment) => payment.note ?? null,
  cardLast4: (payment) => (payment.kind === 'ADD_FUNDS' || payment.kind === 'CHECKOUT' || payment.kind === 'REFUND' ? (payment.cardLast4 ?? null) : null),
  createdAt: (payment) => payment.createdAt.toISOString(),
  updatedAt: (payment) => payment.updatedAt.toISOString(),
  // Whoever sees a payment sees its refunds (they are between the same two people) and what it returns money of.
  refunds: (payment, _args, ctx) => ctx.loaders.refundsOf.load(payment.id),
  refundedAmount: (payment) => toMoneyDto(payment.refundedAmount, payment.currency),
  refundOf: async (payment, _args, ctx) => (payment.refundOfId ? ctx.loaders.paymentById.load(payment.refundOfId) : null),
  request: async (payment, _args, ctx) =>
    payment.requestId ? requestVisibleTo(ctx.identity, await ctx.loaders.paymentRequestById.load(payment.requestId)) : null,
};
