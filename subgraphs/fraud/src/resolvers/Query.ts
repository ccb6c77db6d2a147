import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { requireRole } from '@paygraph/platform/identity';

export const Query: QueryResolvers = {
  reviewQueue: (_parent, { first, after }, ctx) => {
    requireRole(ctx.identity, 'ADMIN');
    return ctx.services.reviews.queue(ctx.em, first, after ?? null);
  },
};
