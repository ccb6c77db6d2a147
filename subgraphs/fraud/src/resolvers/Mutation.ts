import { payload } from '@paygraph/platform/errors';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { requireRole, requireUser } from '@paygraph/platform/identity';

/** Every fraud mutation is an admin's: requireRole answers UNAUTHENTICATED or FORBIDDEN before any input is read. */
export const Mutation: MutationResolvers = {
  resolveReview: (_parent, { input }, ctx) => {
    requireRole(ctx.identity, 'ADMIN');
    const adminId = requireUser(ctx.identity);
    return payload('reviewCase', () => ctx.services.reviews.resolve(adminId, input));
  },
  blockEntity: (_parent, { input }, ctx) => {
    requireRole(ctx.identity, 'ADMIN');
    const adminId = requireUser(ctx.identity);
    return payload('entry', () => ctx.services.blocklist.block(adminId, input));
  },
  unblockEntity: (_parent, { input }, ctx) => {
    requireRole(ctx.identity, 'ADMIN');
    return payload('removed', () => ctx.services.blocklist.unblock(input));
  },
};
