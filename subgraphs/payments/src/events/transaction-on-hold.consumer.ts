import type { EventHandler } from '@paygraph/platform/events';
import type { PaymentStatusService } from '../services/payment-status.service.js';

/** Parked for review: the money stays held in wallets until an admin decides; the payment shows ON_HOLD meanwhile. */
export function transactionOnHoldHandler(status: PaymentStatusService): EventHandler<'TransactionOnHold'> {
  return async (event, em) => {
    await status.apply(em, event.data.paymentId, { to: 'ON_HOLD', transactionId: event.data.transactionId });
  };
}
