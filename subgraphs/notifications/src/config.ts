import { baseSchema, z } from '@paygraph/platform/config';

export const notificationsConfigSchema = baseSchema.extend({
  NOTIFICATIONS_PORT: z.coerce.number().int().min(0).max(65535).default(4007),
  /**
   * Where the sandbox email, SMS and push adapters append what they would have sent, one JSON line per message
   * (`email.jsonl`, `sms.jsonl`, `push.jsonl`), for a developer to read.
   */
  NOTIFICATIONS_SINK_DIR: z.string().min(1).default('.data/notifications'),
  /** How often the delivery worker looks for external sends waiting since the notification committed. */
  NOTIFICATIONS_DELIVERY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** Attempts per external send before it is marked FAILED (the in-app notification stays either way). */
  NOTIFICATIONS_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** Owners asked when a subscription names a payment or a wallet (is it the viewer's?). */
  PAYMENTS_URL: z.url().default('http://127.0.0.1:4003/graphql'),
  WALLETS_URL: z.url().default('http://127.0.0.1:4005/graphql'),
  INTERNAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2_000),
  /** Prefix of the real-time pub/sub channels (Redis with REDIS_URL, in process without); the gateway uses the same. */
  REALTIME_CHANNEL_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('paygraph:rt:'),
});

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
