import type { PartnerApplicationResolvers } from '../__generated__/resolvers-types.js';

/** Users owns partner applications; here one is only a key that its webhook endpoints hang from. */
export interface PartnerApplicationRef {
  id: string;
}

export const PartnerApplication: PartnerApplicationResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  webhookEndpoints: (app, _args, ctx) => ctx.services.webhooks.endpointsOf(ctx.em, ctx.identity, app.id),
};
