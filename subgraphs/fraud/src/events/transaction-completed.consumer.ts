import { handlersInOneTransaction, type BatchHandler, type EventEnvelope, type EventHandler, type EventHandlers } from '@paygraph/platform/events';
import type { CompletedMovement, HistoryService } from '../services/history.service.js';

/** Completed movements become history: known recipients and the sender's typical amount. */
export function transactionCompletedHandler(history: HistoryService): EventHandler<'TransactionCompleted'> {
  return async (event, em) => {
    await history.recordCompleted(em, event.data);
  };
}

/** A P2P payment settled in the request: the same history when it completed (one per transaction either way). */
export function paymentSettledHandler(history: HistoryService): EventHandler<'PaymentSettled'> {
  return async (event, em) => {
    const movement = completedMovement(event);
    if (movement) await history.recordCompleted(em, movement);
  };
}

/**
 * A received batch in the consumer's one transaction: its completions (every settled payment has one) folded into
 * the history by one statement, the rest (the saga's assessment requests) one by one with their handlers. The
 * completions are independent of the assessments: folding them after the batch's assessments changes no decision.
 */
export function fraudBatchHandler(history: HistoryService, handlers: EventHandlers): BatchHandler {
  const oneByOne = handlersInOneTransaction(handlers);
  return async (events, em) => {
    const completions: CompletedMovement[] = [];
    for (const event of events) {
      if (event.type === 'TransactionCompleted' || event.type === 'PaymentSettled') {
        const movement = completedMovement(event as EventEnvelope<'TransactionCompleted' | 'PaymentSettled'>);
        if (movement) completions.push(movement);
      } else {
        await oneByOne([event], em);
      }
    }
    await history.recordAllCompleted(em, completions);
  };
}

/** The completed movement an event reports; null for a settled payment that did not complete. */
function completedMovement(event: EventEnvelope<'TransactionCompleted' | 'PaymentSettled'>): CompletedMovement | null {
  if (event.type === 'TransactionCompleted') return (event as EventEnvelope<'TransactionCompleted'>).data;
  const data = (event as EventEnvelope<'PaymentSettled'>).data;
  return data.status === 'COMPLETED' && data.journalEntryId ? data : null;
}
