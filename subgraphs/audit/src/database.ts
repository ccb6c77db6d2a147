import { backboneEntities } from '@paygraph/platform/events';
import { AuditChainHeadSchema } from './entities/audit-chain-head.entity.js';
import { AuditErasureSchema } from './entities/audit-erasure.entity.js';
import { AuditPersonalSchema } from './entities/audit-personal.entity.js';
import { AuditRecordSchema } from './entities/audit-record.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [AuditRecordSchema, AuditChainHeadSchema, AuditPersonalSchema, AuditErasureSchema, ...backboneEntities];
export { migrations };
