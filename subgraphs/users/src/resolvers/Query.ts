import { errors } from '@paygraph/platform/errors';
import { requireId } from '@paygraph/platform/ids';
import { requireUser, SUBGRAPH_NAMES, type Identity } from '@paygraph/platform/identity';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

/** Internal reads answer other subgraphs only: a client request arrives signed by the gateway and is refused. */
function requireInternalCaller(identity: Identity): void {
  if (identity.issuer === 'gateway' || !(SUBGRAPH_NAMES as readonly string[]).includes(identity.issuer)) {
    throw errors.forbidden('Internal query');
  }
}

export const Query: QueryResolvers = {
  me: (_parent, _args, ctx) => ctx.loaders.userById.load(requireUser(ctx.identity)),

  user: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    const user = await ctx.loaders.userById.load(requireId('usr', id, 'User'));
    if (!user) throw errors.notFound('User');
    return user;
  },

  _userByEmail: (_parent, { email }, ctx) => {
    requireInternalCaller(ctx.identity);
    return ctx.services.users.findByEmail(ctx.em, email);
  },
};
