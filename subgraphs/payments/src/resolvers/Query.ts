import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { isId } from '@paygraph/platform/ids';
import { requireInternalCaller, requireUser } from '@paygraph/platform/identity';
import { checkoutVisibleTo, requestVisibleTo, visibleTo, withdrawalVisibleTo } from '../services/payment-query.service.js';

export const Query: QueryResolvers = {
  payment: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('pay', id) ? visibleTo(ctx.identity, await ctx.loaders.paymentById.load(id)) : null;
  },
  withdrawal: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('wdr', id) ? withdrawalVisibleTo(ctx.identity, await ctx.loaders.withdrawalById.load(id)) : null;
  },
  paymentRequest: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('prq', id) ? requestVisibleTo(ctx.identity, await ctx.loaders.paymentRequestById.load(id)) : null;
  },
  checkout: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('chk', id) ? checkoutVisibleTo(ctx.identity, await ctx.loaders.checkoutById.load(id)) : null;
  },
  _payment: async (_parent, { id }, ctx) => {
    requireInternalCaller(ctx.identity, 'Internal field');
    return isId('pay', id) ? ctx.loaders.paymentById.load(id) : null;
  },
};
