import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { isId } from '@paygraph/platform/ids';
import { requireUser } from '@paygraph/platform/identity';
import { visibleTo } from '../services/authorization.js';

export const Query: QueryResolvers = {
  account: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('acc', id) ? visibleTo(ctx.identity, await ctx.loaders.accountById.load(id)) : null;
  },
  fundingInstrument: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('fi', id) ? visibleTo(ctx.identity, await ctx.loaders.instrumentById.load(id)) : null;
  },
};
