import type { WebhookAttemptResolvers, WebhookDeliveryResolvers, WebhookEventType } from '../__generated__/resolvers-types.js';

/** Reached only through an endpoint or a delivery the caller may see (WebhookService). */
export const WebhookDelivery: WebhookDeliveryResolvers = {
  eventType: (d) => d.eventType as WebhookEventType,
  payload: (d) => d.body,
  attempts: (d, _args, ctx) => ctx.loaders.webhookAttempts.load(d.id),
  nextAttemptAt: (d) => (d.status === 'PENDING' ? d.nextAttemptAt.toISOString() : null),
  createdAt: (d) => d.createdAt.toISOString(),
  completedAt: (d) => d.completedAt?.toISOString() ?? null,
  endpoint: async (d, _args, ctx) => {
    const endpoint = await ctx.loaders.webhookEndpointById.load(d.endpointId);
    if (!endpoint) throw new Error(`delivery ${d.id} has no endpoint ${d.endpointId}`);
    return endpoint;
  },
};

export const WebhookAttempt: WebhookAttemptResolvers = {
  startedAt: (a) => a.startedAt.toISOString(),
};
