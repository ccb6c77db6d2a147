import type { EventHandler } from '@paygraph/platform/events';
import type { HistoryService } from '../services/history.service.js';

/** Completed movements become history: known recipients and the sender's typical amount. */
export function transactionCompletedHandler(history: HistoryService): EventHandler<'TransactionCompleted'> {
  return async (event, em) => {
    await history.recordCompleted(em, event.data);
  };
}
