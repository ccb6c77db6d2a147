import type { Resolvers } from '../__generated__/resolvers-types.js';
import { AuditRecord } from './AuditRecord.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, AuditRecord };
