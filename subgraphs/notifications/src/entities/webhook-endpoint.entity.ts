import { defineEntity, p } from '@mikro-orm/core';

/**
 * Where a partner application wants its webhooks (issue 13): a URL, the event types it subscribed to, and the secret
 * its deliveries are signed with. Belongs to one partner application (users owns those), and carries the
 * application's business account and owner as they were when it was created, which is what ownership is checked on.
 * The secret must be kept readable to sign with (unlike an API key, which is only compared), so it is stored sealed
 * (adapters/secret-box.ts); it is shown to the partner once, when created or rotated.
 */
export const WebhookEndpointSchema = defineEntity({
  name: 'WebhookEndpoint',
  tableName: 'webhook_endpoint',
  properties: {
    id: p.text().primary(),
    applicationId: p.text().index(),
    accountId: p.text(),
    /** The business account's owner: the user whose payments, refunds and payouts the endpoint hears of. */
    ownerId: p.text().index(),
    url: p.text(),
    description: p.text().nullable(),
    eventTypes: p.json<string[]>(),
    enabled: p.boolean().default(true),
    /** Sealed (AES-256-GCM, adapters/secret-box.ts), never the secret itself. */
    secret: p.text(),
    /** After a rotation with an overlap, the old secret also signs until `previousSecretExpiresAt`. */
    previousSecret: p.text().nullable(),
    previousSecretExpiresAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export class WebhookEndpoint extends WebhookEndpointSchema.class {}
WebhookEndpointSchema.setClass(WebhookEndpoint);
