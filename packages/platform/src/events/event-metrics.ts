import { METRICS } from '../metrics.js';
import type { EventEnvelope } from './envelope.js';

/**
 * What the backbone's events say about the business, counted where they leave their service (the outbox relay,
 * after the rows are marked published): no code on the payment path records anything, and a rolled-back payment
 * emits nothing to count. Labels are small closed sets (kind, status, reason, type), never ids.
 */
export function observePublished(sent: readonly EventEnvelope[], unsent: readonly EventEnvelope[], now: number): void {
  for (const event of sent) {
    const service = event.source;
    METRICS.eventsPublished.inc({ service, type: event.type });
    METRICS.outboxLag.observe({ service, type: event.type }, Math.max(0, now - Date.parse(event.occurredAt)) / 1000);
    observeBusiness(event);
  }
  for (const event of unsent) METRICS.publishFailures.inc({ service: event.source, type: event.type });
}

const PAYMENT_OUTCOMES = new Set(['COMPLETED', 'FAILED', 'ON_HOLD']);

function observeBusiness(event: EventEnvelope): void {
  const service = event.source;
  switch (event.type) {
    case 'PaymentSettled': {
      const d = (event as EventEnvelope<'PaymentSettled'>).data;
      METRICS.payments.inc({ service, kind: d.kind, status: d.status, failure_reason: d.failureReason ?? '' });
      METRICS.paymentDuration.observe({ service, kind: d.kind, status: d.status }, (Date.parse(d.at) - Date.parse(d.createdAt)) / 1000);
      return;
    }
    case 'PaymentStatusChanged': {
      const d = (event as EventEnvelope<'PaymentStatusChanged'>).data;
      if (PAYMENT_OUTCOMES.has(d.status)) METRICS.payments.inc({ service, kind: d.kind, status: d.status, failure_reason: d.failureReason ?? '' });
      return;
    }
    default:
      return;
  }
}

/** A consumer's committed handling of one event. */
export function observeConsumed(service: string, event: EventEnvelope, outcome: string, now: number): void {
  METRICS.eventsConsumed.inc({ service, type: event.type, outcome });
  if (outcome === 'handled') METRICS.deliveryLag.observe({ service, type: event.type }, Math.max(0, now - Date.parse(event.occurredAt)) / 1000);
}
