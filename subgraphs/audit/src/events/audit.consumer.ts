import { eventTypes } from '@paygraph/events';
import type { BatchHandler, EventEnvelope, EventHandler, EventHandlers } from '@paygraph/platform/events';
import { privacyHandlers } from '@paygraph/platform/privacy';
import type { AuditService } from '../services/audit.service.js';

/**
 * Audit's answers to privacy requests (docs/security.md, "Privacy requests"): the user's records for an export, and
 * the erasure of their personal values, which leaves every hashed record as it is.
 */
export function auditPrivacyHandlers(audit: AuditService) {
  return privacyHandlers('audit', {
    exportData: (em, userId) => audit.exportFor(em, userId),
    erase: (em, userId, at, requestId) => audit.eraseFor(em, userId, requestId, at),
  });
}

/**
 * The same handler for every event type of the catalog: each one is appended to the log; a privacy request is also
 * answered, before the append (which locks the chain head as late as it can).
 */
export function auditHandlers(audit: AuditService): EventHandlers {
  const privacy = auditPrivacyHandlers(audit);
  const handler: EventHandler<(typeof eventTypes)[number]> = async (event, em) => {
    await answerPrivacy(privacy, [event], em);
    await audit.append(em, event);
  };
  return Object.fromEntries(eventTypes.map((type) => [type, handler])) as EventHandlers;
}

/** A received batch appended under one chain-head lock, in one transaction with its inbox rows (privacy answers first). */
export function auditBatchHandler(audit: AuditService): BatchHandler {
  const privacy = auditPrivacyHandlers(audit);
  return async (events, em) => {
    await answerPrivacy(privacy, events, em);
    await audit.appendMany(em, events);
  };
}

async function answerPrivacy(privacy: ReturnType<typeof auditPrivacyHandlers>, events: readonly EventEnvelope[], em: Parameters<BatchHandler>[1]) {
  for (const event of events) {
    if (event.type === 'PrivacyExportRequested') await privacy.PrivacyExportRequested(event as EventEnvelope<'PrivacyExportRequested'>, em);
    else if (event.type === 'PrivacyErasureRequested') await privacy.PrivacyErasureRequested(event as EventEnvelope<'PrivacyErasureRequested'>, em);
  }
}
