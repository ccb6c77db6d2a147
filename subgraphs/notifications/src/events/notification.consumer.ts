import type { EventType } from '@paygraph/events';
import type { EventHandler, EventHandlers } from '@paygraph/platform/events';
import { draftsFor } from '../services/messages.js';
import type { NotificationService } from '../services/notification.service.js';

/** Every event routed to notifications becomes its notifications (services/messages.ts decides which) in the inbox transaction. */
export function notificationHandler<T extends EventType>(notifications: NotificationService): EventHandler<T> {
  return async (event, em) => {
    await notifications.createFromEvent(em, event.id, draftsFor(event));
  };
}

export function notificationHandlers(notifications: NotificationService): EventHandlers {
  return {
    PaymentStatusChanged: notificationHandler(notifications),
    KycStatusChanged: notificationHandler(notifications),
    UserLoggedIn: notificationHandler(notifications),
    RefreshTokenReuseDetected: notificationHandler(notifications),
    FundingInstrumentLinked: notificationHandler(notifications),
    // Balance changes are routed here for the real-time `walletBalanceChanged` stream (built later, with the gateway's
    // subscriptions); a stored notification for every posting would bury the ones that matter, so none is made.
    WalletBalanceChanged: async () => {},
  };
}
