import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { isId } from '@paygraph/platform/ids';
import { requireUser } from '@paygraph/platform/identity';
import { visibleTransaction } from '../services/history.service.js';

export const Query: QueryResolvers = {
  // The viewer's key (Query.me is shareable; users resolves the rest of the User).
  me: (_parent, _args, ctx) => ({ id: requireUser(ctx.identity) }),
  transaction: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('txn', id) ? visibleTransaction(ctx.identity, await ctx.loaders.transactionById.load(id)) : null;
  },
};
