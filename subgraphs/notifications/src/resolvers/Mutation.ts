import { payload, userErrorsOr } from '@paygraph/platform/errors';
import { requireUser } from '@paygraph/platform/identity';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import type { WebhookEndpoint } from '../entities/webhook-endpoint.entity.js';

/** A payload with the endpoint and the secret shown this once; both null with the userErrors otherwise. */
async function withSecret(fn: () => Promise<{ endpoint: WebhookEndpoint; secret: string }>) {
  const result = await userErrorsOr(fn);
  return 'secret' in result ? { ...result, userErrors: [] } : { endpoint: null, secret: null, userErrors: result.userErrors };
}

export const Mutation: MutationResolvers = {
  markNotificationsRead: async (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    const result = await userErrorsOr(async () => ({ count: await ctx.services.notifications.markRead(ctx.em, userId, input) }));
    return 'count' in result ? { count: result.count, userErrors: [] } : { count: 0, userErrors: result.userErrors };
  },
  updateNotificationPreferences: async (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('preference', () => ctx.services.preferences.update(ctx.em, userId, input));
  },
  createWebhookEndpoint: (_parent, { input }, ctx) => withSecret(() => ctx.services.webhooks.create(ctx.identity, input)),
  updateWebhookEndpoint: (_parent, { input }, ctx) => payload('endpoint', async () => (await ctx.services.webhooks.update(ctx.identity, input)).endpoint),
  rotateWebhookSecret: (_parent, { input }, ctx) => withSecret(() => ctx.services.webhooks.rotateSecret(ctx.identity, input)),
  deleteWebhookEndpoint: (_parent, { input }, ctx) =>
    payload('deletedEndpointId', async () => (await ctx.services.webhooks.delete(ctx.identity, input)).deletedEndpointId),
  redeliverWebhook: (_parent, { input }, ctx) => payload('delivery', async () => (await ctx.services.webhooks.redeliver(ctx.identity, input)).delivery),
};
