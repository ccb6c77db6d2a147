import type { PrivacyRequestResolvers } from '../__generated__/resolvers-types.js';

export const PrivacyRequest: PrivacyRequestResolvers = {
  requestedAt: (r) => r.requestedAt.toISOString(),
  completedAt: (r) => r.completedAt?.toISOString() ?? null,
  document: (r, _args, ctx) => ctx.services.privacy.document(ctx.em, r),
};
