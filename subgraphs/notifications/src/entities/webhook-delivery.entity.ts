import { defineEntity, p } from '@mikro-orm/core';

export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One event for one endpoint, written in the webhooks consumer's transaction and sent after it commits by the delivery
 * worker (an outbox of its own). The id is derived from (endpoint, event) — see domain/webhook-signature.ts — and the
 * body is fixed at creation, so every attempt, retry and redelivery carries the same id and the same bytes.
 */
export const WebhookDeliverySchema = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_delivery',
  properties: {
    id: p.text().primary(),
    endpointId: p.text(),
    eventId: p.uuid(),
    eventType: p.text(),
    body: p.text(),
    status: p.enum(WEBHOOK_DELIVERY_STATUSES).default('PENDING'),
    attempts: p.integer().default(0),
    /** When the worker may take it next (also the lease of a claimed one). */
    nextAttemptAt: p.datetime(),
    /** No retry is scheduled after this (created + WEBHOOKS_RETRY_FOR_MS; a redelivery starts a new window). */
    retryUntil: p.datetime(),
    /** The next attempt was asked for by the partner (redeliverWebhook). */
    manual: p.boolean().default(false),
    lastResponseStatus: p.integer().nullable(),
    lastError: p.text().nullable(),
    createdAt: p.datetime(),
    completedAt: p.datetime().nullable(),
  },
  indexes: [
    { name: 'webhook_delivery_due_idx', properties: ['nextAttemptAt'], where: "status = 'PENDING'" },
    { name: 'webhook_delivery_endpoint_idx', properties: ['endpointId', 'createdAt', 'id'] },
  ],
});

export class WebhookDelivery extends WebhookDeliverySchema.class {}
WebhookDeliverySchema.setClass(WebhookDelivery);
