import { canSeeOwnedBy } from '@paygraph/platform/identity';
import type { UserResolvers } from '../__generated__/resolvers-types.js';
import type { UsersContext } from '../context.js';

const canSee = (ctx: UsersContext, userId: string) => ctx.signedInAs === userId || canSeeOwnedBy(ctx.identity, userId);

/** Anyone may see who a user is (id, display name); email and roles only the user and admins. */
export const User: UserResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.userById.load(ref.id),
  email: (user, _args, ctx) => (canSee(ctx, user.id) ? user.email : null),
  roles: (user, _args, ctx) => (canSee(ctx, user.id) ? user.roles : []),
  emailVerified: (user, _args, ctx) => canSee(ctx, user.id) && user.emailVerifiedAt !== null && user.emailVerifiedAt !== undefined,
  emailVerifiedAt: (user, _args, ctx) => (canSee(ctx, user.id) && user.emailVerifiedAt ? user.emailVerifiedAt.toISOString() : null),
  totpEnabled: (user, _args, ctx) => canSee(ctx, user.id) && user.totpEnabledAt !== null && user.totpEnabledAt !== undefined,
  createdAt: (user) => user.createdAt.toISOString(),
  sessions: (user, _args, ctx) =>
    canSeeOwnedBy(ctx.identity, user.id) && !ctx.identity.apiKey ? ctx.services.sessions.listActive(ctx.em, user.id) : [],
  partnerApplications: (user, _args, ctx) => ctx.services.partners.applicationsOf(ctx.em, ctx.identity, user.id),
  privacyRequests: (user, _args, ctx) => ctx.services.privacy.listFor(ctx.em, ctx.identity, user.id),
};
