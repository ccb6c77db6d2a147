import type { AuditRecordResolvers } from '../__generated__/resolvers-types.js';
import { canonicalJson } from '../services/chain.js';

export const AuditRecord: AuditRecordResolvers = {
  seq: (r) => Number(r.seq),
  occurredAt: (r) => r.occurredAt.toISOString(),
  recordedAt: (r) => r.recordedAt.toISOString(),
  payload: (r) => canonicalJson(r.readablePayload),
};
