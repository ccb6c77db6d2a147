import { baseSchema, env, z } from '@paygraph/platform/config';

const notificationsConfigFields = baseSchema.extend({
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
  /** Asked, when a person creates a webhook endpoint, which business account and owner a partner application has. */
  USERS_URL: z.url().default('http://127.0.0.1:4001/graphql'),
  /**
   * Webhook targets on loopback, private, link-local or otherwise internal addresses (SSRF). Refused by default: a
   * partner's URL must never reach the cluster, the cloud metadata service or the office network. The tests and
   * `npm start` set it, since their receivers are on 127.0.0.1.
   */
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: env.bool.default(false),
  /**
   * Encrypts the webhook signing secrets in the database (adapters/secret-box.ts). Required in production; elsewhere a
   * key derived from INTERNAL_AUTH_SECRET stands in. Never change it once set: the stored secrets would not open.
   */
  WEBHOOKS_SECRET_KEY: env.secret(32).optional(),
  /** How often the webhook worker looks for deliveries that are due. */
  WEBHOOKS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** Time allowed for one POST, connection to last byte of the answer's head; longer counts as a failed attempt. */
  WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** POSTs in flight at once per process (across all endpoints). */
  WEBHOOKS_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(16),
  /**
   * The retry schedule: the n-th retry waits min(MAX, BASE × 2^(n−1)), between half and all of it (jitter, so that an
   * endpoint that comes back is not hit by every retry at once), until RETRY_FOR after the delivery was created;
   * the delivery is FAILED after the last attempt that fits. Defaults: 30 s, 1 min, 2 min … capped at 6 h, for 3 days.
   */
  WEBHOOKS_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  WEBHOOKS_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).max(86_400_000).default(6 * 3_600_000),
  WEBHOOKS_RETRY_FOR_MS: z.coerce.number().int().min(0).max(30 * 86_400_000).default(3 * 86_400_000),
  /** Prefix of the real-time pub/sub channels (Redis with REDIS_URL, in process without); the gateway uses the same. */
  REALTIME_CHANNEL_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('paygraph:rt:'),
});

export const notificationsConfigSchema = notificationsConfigFields.superRefine((config, ctx) => {
  if (config.NODE_ENV === 'production' && !config.WEBHOOKS_SECRET_KEY) {
    ctx.addIssue({ code: 'custom', path: ['WEBHOOKS_SECRET_KEY'], message: 'is required in production (it encrypts the webhook signing secrets)' });
  }
});

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
