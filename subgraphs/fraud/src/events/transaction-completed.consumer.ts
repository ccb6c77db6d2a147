import type { EventHandler } from '@paygraph/platform/events';
import type { HistoryService } from '../services/history.service.js';

/** Completed movements become history: known recipients and the sender's typical amount. */
export function transactionCompletedHandler(history: HistoryService): EventHandler<'TransactionCompleted'> {
  return async (event, em) => {
    await history.recordCompleted(em, event.data);
  };
}

/** A P2P payment settled in the request: the same history when it completed (one per transaction either way). */
export function paymentSettledHandler(history: HistoryService): EventHandler<'PaymentSettled'> {
  return async ({ data }, em) => {
    if (data.status !== 'COMPLETED' || !data.journalEntryId) return;
    await history.recordCompleted(em, { ...data, journalEntryId: data.journalEntryId });
  };
}
