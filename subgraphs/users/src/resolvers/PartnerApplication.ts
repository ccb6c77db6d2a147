import type { ApiKeyResolvers, PartnerApplicationResolvers, TrustedDocumentResolvers } from '../__generated__/resolvers-types.js';

/** Reached only through the owner's (or an admin's) own reads: PartnerService decides who sees an application. */
export const PartnerApplication: PartnerApplicationResolvers = {
  __resolveReference: (ref, ctx) => ctx.services.partners.referencedApplication(ctx.em, ctx.identity, ref.id),
  account: (app) => ({ id: app.accountId }),
  owner: async (app, _args, ctx) => {
    const owner = await ctx.loaders.userById.load(app.ownerId);
    if (!owner) throw new Error(`application ${app.id} has no owner ${app.ownerId}`);
    return owner;
  },
  createdAt: (app) => app.createdAt.toISOString(),
  apiKeys: (app, _args, ctx) => ctx.services.partners.keysOf(ctx.em, app.id),
  trustedDocuments: (app, _args, ctx) => ctx.services.partners.documentsOf(ctx.em, app.id),
};

export const ApiKey: ApiKeyResolvers = {
  createdAt: (key) => key.createdAt.toISOString(),
  expiresAt: (key) => key.expiresAt?.toISOString() ?? null,
  revokedAt: (key) => key.revokedAt?.toISOString() ?? null,
  lastUsedAt: (key) => key.lastUsedAt?.toISOString() ?? null,
  active: (key, _args, ctx) => ctx.services.partners.isActive(key),
};

export const TrustedDocument: TrustedDocumentResolvers = {
  createdAt: (doc) => doc.createdAt.toISOString(),
};
