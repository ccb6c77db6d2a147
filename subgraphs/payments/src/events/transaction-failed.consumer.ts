import type { EventHandler } from '@paygraph/platform/events';
import type { PaymentStatusService } from '../services/payment-status.service.js';

export function transactionFailedHandler(status: PaymentStatusService): EventHandler<'TransactionFailed'> {
  return async (event, em) => {
    await status.apply(em, event.data.paymentId, {
      to: 'FAILED',
      transactionId: event.data.transactionId,
      failureReason: event.data.reason,
    });
  };
}
