import { baseSchema, z } from '@paygraph/platform/config';

export const auditConfigSchema = baseSchema.extend({
  AUDIT_PORT: z.coerce.number().int().min(0).max(65535).default(4008),
  /** After a receive of fewer than 10 events the consumer waits this long, so that batches are full under load. */
  AUDIT_CONSUMER_LINGER_MS: z.coerce.number().int().min(0).max(5_000).default(200),
});

export type AuditConfig = z.infer<typeof auditConfigSchema>;
