import type { BaseRequestContext } from '@paygraph/platform/server';
import type { EntityManager } from '@paygraph/platform/db';
import type { AuditService } from './services/audit.service.js';

export interface AuditServices {
  audit: AuditService;
}

export interface AuditContext extends BaseRequestContext {
  em: EntityManager;
  services: AuditServices;
}
