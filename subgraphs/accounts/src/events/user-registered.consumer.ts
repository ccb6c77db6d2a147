import type { EventHandler } from '@paygraph/platform/events';
import type { AccountService } from '../services/account.service.js';

/** A new login gets its personal account; the user's own first request may already have opened it (no-op then). */
export function userRegisteredHandler(accounts: AccountService): EventHandler<'UserRegistered'> {
  return async (event, em) => {
    await accounts.openPersonalAccount(em, event.data.userId, { correlationId: event.correlationId, causationId: event.id });
  };
}
