import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { payload, userErrorsOr } from '@paygraph/platform/errors';
import { requireRole, requireStepUp, requireUser } from '@paygraph/platform/identity';


export const Mutation: MutationResolvers = {
  sendMoney: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('payment', () => ctx.services.payments.sendMoney(userId, input));
  },
  addFunds: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('payment', () => ctx.services.payments.addFunds(userId, input));
  },
  convertCurrency: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('payment', () => ctx.services.payments.convertCurrency(userId, input));
  },
  refundPayment: async (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return { refund: null, payment: null, ...(await userErrorsOr(() => ctx.services.refunds.refund(userId, input))) };
  },
  withdraw: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('withdrawal', async () => {
      requireStepUp(ctx.identity);
      return ctx.services.withdrawals.withdraw(userId, input);
    });
  },
  requestMoney: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('paymentRequest', () => ctx.services.requests.requestMoney(userId, input));
  },
  payRequest: async (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return { paymentRequest: null, payment: null, ...(await userErrorsOr(() => ctx.services.requests.payRequest(userId, input))) };
  },
  declineRequest: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('paymentRequest', () => ctx.services.requests.declineRequest(userId, input));
  },
  createCheckout: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('checkout', () => ctx.services.checkouts.create(userId, input));
  },
  approveCheckout: async (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return { checkout: null, ...(await userErrorsOr(() => ctx.services.checkouts.approve(userId, input))) };
  },
  captureCheckout: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('checkout', () => ctx.services.checkouts.capture(userId, input));
  },
  voidCheckout: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('checkout', () => ctx.services.checkouts.void(userId, input));
  },
  closeSettlementDay: async (_parent, { input }, ctx) => {
    requireUser(ctx.identity);
    requireRole(ctx.identity, 'ADMIN');
    const result = await payload('batches', async () => (await ctx.services.merchantSettlement.closeDay(input.date)).batches);
    return { batches: result.batches ?? [], userErrors: result.userErrors };
  },
  cancelRequest: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('paymentRequest', () => ctx.services.requests.cancelRequest(userId, input));
  },
};
