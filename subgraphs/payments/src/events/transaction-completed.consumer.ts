import type { EventHandler } from '@paygraph/platform/events';
import type { PaymentStatusService } from '../services/payment-status.service.js';

export function transactionCompletedHandler(status: PaymentStatusService): EventHandler<'TransactionCompleted'> {
  return async (event, em) => {
    await status.apply(em, event.data.paymentId, { to: 'COMPLETED', transactionId: event.data.transactionId });
  };
}
