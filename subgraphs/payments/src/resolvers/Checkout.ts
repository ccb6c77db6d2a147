import type { CheckoutResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { checkoutVisibleTo, visibleTo } from '../services/payment-query.service.js';

const money = (minor: bigint | null | undefined, currency: string) => (minor === null || minor === undefined ? null : toMoneyDto(minor, currency));

export const Checkout: CheckoutResolvers = {
  __resolveReference: async (ref, ctx) => checkoutVisibleTo(ctx.identity, await ctx.loaders.checkoutById.load(ref.id)),
  amount: (c) => toMoneyDto(c.amount, c.currency),
  merchant: (c) => ({ id: c.merchantId }),
  merchantAccount: (c) => ({ id: c.merchantAccountId }),
  buyer: (c) => (c.buyerId && c.status !== 'OPEN' ? { id: c.buyerId } : null),
  authorizedAmount: (c) => money(c.authorizedAmount, c.currency),
  authorizationExpiresAt: (c) => (c.status === 'AUTHORIZED' ? (c.authorizationExpiresAt?.toISOString() ?? null) : null),
  capturedAmount: (c) => (c.status === 'CAPTURED' ? money(c.capturedAmount, c.currency) : null),
  fee: (c) => (c.status === 'CAPTURED' ? money(c.feeAmount, c.currency) : null),
  net: (c) => (c.status === 'CAPTURED' ? money(c.capturedAmount! - c.feeAmount!, c.currency) : null),
  feeBasisPoints: (c) => c.feeBps,
  feeFixed: (c) => toMoneyDto(c.feeFixed, c.currency),
  payment: async (c, _args, ctx) => (c.status === 'CAPTURED' && c.paymentId ? visibleTo(ctx.identity, await ctx.loaders.paymentById.load(c.paymentId)) : null),
  fundingSource: (c) => (c.status === 'OPEN' ? null : (c.fundingSource ?? null)),
  cardLast4: (c) => (c.status !== 'OPEN' && c.fundingSource === 'CARD' ? (c.cardLast4 ?? null) : null),
  createdAt: (c) => c.createdAt.toISOString(),
  updatedAt: (c) => c.updatedAt.toISOString(),
  authorizedAt: (c) => c.authorizedAt?.toISOString() ?? null,
  closedAt: (c) => c.closedAt?.toISOString() ?? null,
};
