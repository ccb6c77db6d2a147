import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { errors } from '@paygraph/platform/errors';
import { requireUser } from '@paygraph/platform/identity';

export const Query: QueryResolvers = {
  // The viewer's key (Query.me is shareable; users resolves the rest of the User).
  me: (_parent, _args, ctx) => ({ id: requireUser(ctx.identity) }),
  // Only the gateway opens subscriptions, always for a signed-in viewer.
  _subscription: (_parent, { field, arguments: args, afterSeq }, ctx) => {
    if (ctx.identity.issuer !== 'gateway') throw errors.forbidden('Internal field');
    if (afterSeq !== null && afterSeq !== undefined && afterSeq < 0) throw errors.user('BAD_USER_INPUT', 'afterSeq must not be negative', 'afterSeq');
    return ctx.services.realtime.open(ctx.em, ctx.identity, field, args, afterSeq ?? null);
  },
  webhookEndpoints: (_parent, { applicationId }, ctx) => ctx.services.webhooks.endpointsOf(ctx.em, ctx.identity, applicationId ?? null),
  webhookEndpoint: (_parent, { id }, ctx) => ctx.services.webhooks.endpoint(ctx.em, ctx.identity, id),
  webhookDelivery: (_parent, { id }, ctx) => ctx.services.webhooks.delivery(ctx.em, ctx.identity, id),
};
