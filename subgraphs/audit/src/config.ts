import { baseSchema, z } from '@paygraph/platform/config';

export const auditConfigSchema = baseSchema.extend({
  AUDIT_PORT: z.coerce.number().int().min(0).max(65535).default(4008),
});

export type AuditConfig = z.infer<typeof auditConfigSchema>;
