import { userErrorsOr, type UserError } from '@paygraph/platform/errors';
import { requireSignedInPerson } from '@paygraph/platform/identity';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import type { UsersContext } from '../context.js';

const client = (ctx: UsersContext) => ({ ip: ctx.clientIp });

/** A payload with every field present: what a failed call leaves out is null (or `ok: false`). */
async function payload<E extends object, T extends object>(empty: E, fn: () => Promise<T>) {
  return { ...empty, userErrors: [] as UserError[], ...(await userErrorsOr(fn)) };
}
/** After a successful sign-in the payload's user is the reader (see UsersContext.signedInAs). */
function signedIn<P extends { user: { id: string } | null }>(ctx: UsersContext, result: P): P {
  if (result.user) ctx.signedInAs = result.user.id;
  return result;
}

const noSession = { user: null, accessToken: null, refreshToken: null, expiresIn: null };
const noTokens = { accessToken: null, refreshToken: null, expiresIn: null };

export const Mutation: MutationResolvers = {
  register: async (_parent, { input }, ctx) =>
    signedIn(ctx, await payload(noSession, () => ctx.services.auth.register(input, client(ctx)))),

  login: async (_parent, { input }, ctx) =>
    signedIn(ctx, await payload(noSession, () => ctx.services.auth.login(input, client(ctx)))),

  refreshSession: (_parent, { input }, ctx) =>
    payload(noTokens, () => ctx.services.auth.refreshSession(input.refreshToken, client(ctx))),

  logout: (_parent, { input }, ctx) => payload({ ok: false }, () => ctx.services.auth.logout(input.refreshToken)),

  updateProfile: (_parent, { input }, ctx) =>
    payload({ user: null }, () => ctx.services.users.updateProfile(requireSignedInPerson(ctx.identity), input)),

  revokeSession: (_parent, { input }, ctx) =>
    payload({ ok: false }, () => ctx.services.sessions.revoke(requireSignedInPerson(ctx.identity), input.sessionId)),

  revokeAllSessions: (_parent, _args, ctx) =>
    payload({ revoked: 0 }, () => ctx.services.sessions.revokeAll(requireSignedInPerson(ctx.identity))),

  requestEmailVerification: (_parent, _args, ctx) =>
    payload({ ok: false }, () => ctx.services.mailedTokens.requestEmailVerification(requireSignedInPerson(ctx.identity))),

  verifyEmail: (_parent, { input }, ctx) =>
    payload({ ok: false, user: null }, () => ctx.services.mailedTokens.verifyEmail(input.token)),

  requestPasswordReset: (_parent, { input }, ctx) =>
    payload({ ok: false }, () => ctx.services.mailedTokens.requestPasswordReset(input.email, ctx.clientIp)),

  resetPassword: (_parent, { input }, ctx) =>
    payload({ ok: false }, () => ctx.services.mailedTokens.resetPassword(input, ctx.clientIp)),

  enableTotp: (_parent, _args, ctx) =>
    payload({ secret: null, otpauthUri: null }, () => ctx.services.totp.enable(requireSignedInPerson(ctx.identity))),

  confirmTotp: (_parent, { input }, ctx) =>
    payload({ ok: false, recoveryCodes: null }, () =>
      ctx.services.totp.confirm(requireSignedInPerson(ctx.identity), input.code, ctx.clientIp)),

  disableTotp: (_parent, { input }, ctx) =>
    payload({ ok: false }, () =>
      ctx.services.totp.disable(requireSignedInPerson(ctx.identity), { totpCode: input.code, recoveryCode: input.recoveryCode }, ctx.clientIp)),

  verifyTotp: (_parent, { input }, ctx) =>
    payload({ accessToken: null, expiresIn: null }, () =>
      ctx.services.auth.verifyTotp(requireSignedInPerson(ctx.identity), ctx.identity.sessionId, input.code)),

  createPartnerApplication: (_parent, { input }, ctx) =>
    payload({ application: null }, () => ctx.services.partners.createApplication(ctx.identity, input)),

  createApiKey: (_parent, { input }, ctx) =>
    payload({ apiKey: null, secret: null }, () => ctx.services.partners.createKey(ctx.identity, input)),

  rotateApiKey: (_parent, { input }, ctx) =>
    payload({ apiKey: null, secret: null, previous: null }, () => ctx.services.partners.rotateKey(ctx.identity, input)),

  revokeApiKey: (_parent, { input }, ctx) => payload({ apiKey: null }, () => ctx.services.partners.revokeKey(ctx.identity, input)),

  registerTrustedDocuments: (_parent, { input }, ctx) =>
    payload({ documents: null }, () => ctx.services.partners.registerDocuments(ctx.identity, input)),

  requestDataExport: (_parent, _args, ctx) => payload({ privacyRequest: null }, () => ctx.services.privacy.requestExport(ctx.identity)),

  requestAccountErasure: (_parent, { input }, ctx) =>
    payload({ privacyRequest: null }, () => ctx.services.privacy.requestErasure(ctx.identity, input)),
};
