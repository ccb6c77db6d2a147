import type { EventHandlers } from '@paygraph/platform/events';
import type { LedgerService } from '../services/ledger.service.js';

/**
 * The saga's commands to wallets. Each runs in the consumer's transaction (`em`), together with the inbox row, so
 * the ledger change and the events it emits commit once. Idempotency by state is the ledger service's (see there).
 */
export function fundsHandlers(ledger: LedgerService): EventHandlers {
  return {
    FundsReservationRequested: async (event, em) => {
      await ledger.reserve(em, event.data);
    },
    FundsTransferRequested: async (event, em) => {
      await ledger.transfer(em, event.data);
    },
    FundsCaptureRequested: async (event, em) => {
      await ledger.capture(em, event.data);
    },
    FundsReleaseRequested: async (event, em) => {
      await ledger.release(em, event.data);
    },
    FundsCreditRequested: async (event, em) => {
      await ledger.credit(em, event.data);
    },
  };
}
