import { errors } from '@paygraph/platform/errors';
import { requireId } from '@paygraph/platform/ids';
import { requireInternalCaller, requireUser } from '@paygraph/platform/identity';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  me: (_parent, _args, ctx) => ctx.loaders.userById.load(requireUser(ctx.identity)),

  user: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    const user = await ctx.loaders.userById.load(requireId('usr', id, 'User'));
    if (!user) throw errors.notFound('User');
    return user;
  },

  partnerApplication: (_parent, { id }, ctx) => ctx.services.partners.application(ctx.em, ctx.identity, id),

  privacyRequest: (_parent, { id }, ctx) => ctx.services.privacy.find(ctx.em, ctx.identity, id),

  _userByEmail: (_parent, { email }, ctx) => {
    requireInternalCaller(ctx.identity);
    return ctx.services.users.findByEmail(ctx.em, email);
  },

  _payableUser: (_parent, { id }, ctx) => {
    requireInternalCaller(ctx.identity);
    return ctx.services.users.findPayable(ctx.em, id);
  },
};
