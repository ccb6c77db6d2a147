import { backboneEntities } from '@paygraph/platform/events';
import { AuditChainHeadSchema } from './entities/audit-chain-head.entity.js';
import { AuditRecordSchema } from './entities/audit-record.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [AuditRecordSchema, AuditChainHeadSchema, ...backboneEntities];
export { migrations };
