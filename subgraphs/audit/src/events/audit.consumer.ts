import { eventTypes } from '@paygraph/events';
import type { BatchHandler, EventHandler, EventHandlers } from '@paygraph/platform/events';
import type { AuditService } from '../services/audit.service.js';

/** The same handler for every event type of the catalog: each one is appended to the log. */
export function auditHandlers(audit: AuditService): EventHandlers {
  const handler: EventHandler<(typeof eventTypes)[number]> = async (event, em) => {
    await audit.append(em, event);
  };
  return Object.fromEntries(eventTypes.map((type) => [type, handler])) as EventHandlers;
}

/** A received batch appended under one chain-head lock, in one transaction with its inbox rows. */
export function auditBatchHandler(audit: AuditService): BatchHandler {
  return async (events, em) => {
    await audit.appendMany(em, events);
  };
}
