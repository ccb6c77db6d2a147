import type { EventHandler } from '@paygraph/platform/events';
import type { PaymentStatusService } from '../services/payment-status.service.js';

/** The saga picked the payment up: PROCESSING (ignored once the payment is further along). */
export function transactionStartedHandler(status: PaymentStatusService): EventHandler<'TransactionStarted'> {
  return async (event, em) => {
    await status.apply(em, event.data.paymentId, { to: 'PROCESSING', transactionId: event.data.transactionId });
  };
}
