import { errors } from '@paygraph/platform/errors';
import type { WebhookEndpointResolvers, WebhookEventType } from '../__generated__/resolvers-types.js';
import { decodeDeliveryCursor, encodeDeliveryCursor } from '../services/webhook-cursor.js';
import { DELIVERY_PAGE_DEFAULT, DELIVERY_PAGE_MAX } from '../services/webhook.service.js';

/** Reached only through a check of the caller (WebhookService: webhookEndpoint(s), PartnerApplication.webhookEndpoints). */
export const WebhookEndpoint: WebhookEndpointResolvers = {
  eventTypes: (e) => e.eventTypes as WebhookEventType[],
  createdAt: (e) => e.createdAt.toISOString(),
  updatedAt: (e) => e.updatedAt.toISOString(),
  deliveries: async (e, { first, after, status }, ctx) => {
    const n = first ?? DELIVERY_PAGE_DEFAULT;
    if (!Number.isInteger(n) || n < 0 || n > DELIVERY_PAGE_MAX) throw errors.user('BAD_USER_INPUT', `first must be between 0 and ${DELIVERY_PAGE_MAX}`, 'first');
    const before = after === null || after === undefined ? null : decodeDeliveryCursor(after);
    const rows = await ctx.services.webhooks.deliveries(ctx.em, e.id, n, before, status ?? null);
    const edges = rows.slice(0, n).map((node) => ({ cursor: encodeDeliveryCursor(node), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > n, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },
};
