import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { requireRole } from '@paygraph/platform/identity';

export const Query: QueryResolvers = {
  verifyAuditChain: (_parent, { fromSeq, toSeq }, ctx) => {
    requireRole(ctx.identity, 'ADMIN', 'COMPLIANCE');
    return ctx.services.audit.verify(ctx.em, fromSeq, toSeq);
  },
  auditTrail: (_parent, { entityId, first, after }, ctx) => {
    requireRole(ctx.identity, 'ADMIN', 'COMPLIANCE');
    return ctx.services.audit.trail(ctx.em, entityId, first ?? 20, after ?? null);
  },
};
