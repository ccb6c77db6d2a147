import type { PaymentRequestResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { effectiveStatus } from '../domain/payment-request.js';
import { requestVisibleTo, visibleTo } from '../services/payment-query.service.js';

export const PaymentRequest: PaymentRequestResolvers = {
  __resolveReference: async (ref, ctx) => requestVisibleTo(ctx.identity, await ctx.loaders.paymentRequestById.load(ref.id)),
  status: (r) => effectiveStatus(r, new Date()),
  amount: (r) => toMoneyDto(r.amount, r.currency),
  note: (r) => r.note ?? null,
  requester: (r) => ({ id: r.requesterId }),
  payer: (r) => ({ id: r.payerId }),
  payment: async (r, _args, ctx) => (r.paymentId ? visibleTo(ctx.identity, await ctx.loaders.paymentById.load(r.paymentId)) : null),
  expiresAt: (r) => r.expiresAt.toISOString(),
  createdAt: (r) => r.createdAt.toISOString(),
  updatedAt: (r) => r.updatedAt.toISOString(),
  closedAt: (r) => r.closedAt?.toISOString() ?? null,
};
