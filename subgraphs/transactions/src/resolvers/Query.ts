import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { isId } from '@paygraph/platform/ids';
import { requireUser } from '@paygraph/platform/identity';
import { visibleTransaction } from '../services/history.service.js';

export const Query: QueryResolvers = {
  transaction: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('txn', id) ? visibleTransaction(ctx.identity, await ctx.loaders.transactionById.load(id)) : null;
  },
};
