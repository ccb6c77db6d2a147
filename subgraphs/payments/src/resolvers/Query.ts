import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { isId } from '@paygraph/platform/ids';
import { hasRole, requireInternalCaller, requireUser } from '@paygraph/platform/identity';
import { checkoutVisibleTo, connection, pageArgs, requestVisibleTo, visibleTo, withdrawalVisibleTo } from '../services/payment-query.service.js';

export const Query: QueryResolvers = {
  // The viewer's key (Query.me is shareable; users resolves the rest of the User).
  me: (_parent, _args, ctx) => ({ id: requireUser(ctx.identity) }),
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
  settlementBatches: async (_parent, { accountId, first, after }, ctx) => {
    const userId = requireUser(ctx.identity);
    const args = pageArgs(first, after, 'stb');
    const rows = await ctx.services.merchantSettlement.page(ctx.em, { userId, admin: hasRole(ctx.identity, 'ADMIN') }, { accountId, limit: args.first + 1, after: args.after });
    return connection(rows, args.first);
  },
  _payment: async (_parent, { id }, ctx) => {
    requireInternalCaller(ctx.identity, 'Internal field');
    return isId('pay', id) ? ctx.loaders.paymentById.load(id) : null;
  },
};
