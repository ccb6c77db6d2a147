import { defineEntity, p } from '@mikro-orm/core';

/** One POST of a delivery: the delivery log partners read (when, how long, what their server answered). */
export const WebhookAttemptSchema = defineEntity({
  name: 'WebhookAttempt',
  tableName: 'webhook_attempt',
  properties: {
    deliveryId: p.text().primary(),
    number: p.integer().primary(),
    startedAt: p.datetime(),
    latencyMs: p.integer(),
    /** The HTTP status answered; null when there was no answer (timeout, refused connection, blocked target). */
    responseStatus: p.integer().nullable(),
    error: p.text().nullable(),
    succeeded: p.boolean(),
    manual: p.boolean(),
  },
});

export class WebhookAttempt extends WebhookAttemptSchema.class {}
WebhookAttemptSchema.setClass(WebhookAttempt);
