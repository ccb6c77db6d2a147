import type { AfterCommit } from '@paygraph/platform/after-commit';
import type { BatchHandler, EventHandler, EventHandlers } from '@paygraph/platform/events';
import { WEBHOOK_SOURCE_EVENTS } from '../domain/webhook-events.js';
import type { WebhookService } from '../services/webhook.service.js';

/**
 * Notifications' second consumer, on a queue of its own (`notifications-webhooks` in the routing table, its own inbox key): the
 * events partners can subscribe to become deliveries in the inbox transaction, and the delivery worker is woken once
 * that commits. A queue of its own so that webhooks never slow the in-app notifications, nor they webhooks, and a
 * poison event dead-letters in one of them only.
 */
export const WEBHOOKS_CONSUMER = 'notifications-webhooks';

export function webhookHandlers(webhooks: WebhookService, afterCommit: AfterCommit, wake: () => void): EventHandlers {
  const handler: EventHandler<(typeof WEBHOOK_SOURCE_EVENTS)[number]> = async (event, em) => {
    if ((await webhooks.deliveriesFor(em, [event])) > 0) afterCommit.run(em, wake);
  };
  return Object.fromEntries(WEBHOOK_SOURCE_EVENTS.map((type) => [type, handler])) as EventHandlers;
}

/** The same for a received batch, in one transaction: one read of the parties' endpoints, one insert of the deliveries. */
export function webhookBatchHandler(webhooks: WebhookService, afterCommit: AfterCommit, wake: () => void): BatchHandler {
  return async (events, em) => {
    if ((await webhooks.deliveriesFor(em, events)) > 0) afterCommit.run(em, wake);
  };
}
