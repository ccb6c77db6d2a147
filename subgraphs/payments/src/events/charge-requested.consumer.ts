import type { EventHandler } from '@paygraph/platform/events';
import type { ChargeService } from '../services/charge.service.js';

/** Risk approved an ADD_FUNDS payment: record the card charge for the PSP worker (the PSP is not called here). */
export function chargeRequestedHandler(charges: ChargeService): EventHandler<'ChargeRequested'> {
  return (event, em) => charges.request(em, event);
}
