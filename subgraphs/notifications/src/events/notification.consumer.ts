import type { EventType } from '@paygraph/events';
import type { AfterCommit } from '@paygraph/platform/after-commit';
import type { EventEnvelope } from '@paygraph/platform/events';
import type { BatchHandler, EventHandler, EventHandlers } from '@paygraph/platform/events';
import { privacyHandlers } from '@paygraph/platform/privacy';
import { draftsFor } from '../services/messages.js';
import type { NotificationService } from '../services/notification.service.js';
import type { NotificationsPrivacy } from '../services/privacy.service.js';
import { notificationMessage, streamMessages, type RealtimeService } from '../services/realtime.service.js';

/**
 * Every event routed to notifications becomes its notifications (services/messages.ts decides which) in the inbox
 * transaction; once that commits, the notifications and the event's payment or wallet change go out on the viewers'
 * real-time channels.
 */
export function notificationHandler<T extends EventType>(
  notifications: NotificationService,
  realtime: RealtimeService,
  afterCommit: AfterCommit,
): EventHandler<T> {
  return async (event, em) => {
    const created = await notifications.createFromEvent(em, event.id, draftsFor(event));
    const at = Date.parse(event.occurredAt);
    const messages = [...created.map((n) => notificationMessage(n, at)), ...streamMessages(event)];
    if (messages.length > 0) afterCommit.run(em, () => void realtime.publish(messages));
  };
}

/** notifications' answers to privacy requests: its part of an export, or its erasure (services/privacy.service.ts). */
export const notificationsPrivacyHandlers = (privacy: NotificationsPrivacy) => privacyHandlers('notifications', privacy);
const isPrivacyRequest = (event: EventEnvelope) => event.type === 'PrivacyExportRequested' || event.type === 'PrivacyErasureRequested';

export function notificationHandlers(
  notifications: NotificationService,
  realtime: RealtimeService,
  afterCommit: AfterCommit,
  privacy: NotificationsPrivacy,
): EventHandlers {
  const handler = notificationHandler(notifications, realtime, afterCommit);
  return {
    ...notificationsPrivacyHandlers(privacy),
    PaymentInitiated: handler,
    PaymentStatusChanged: handler,
    PaymentSettled: handler,
    RefundSettled: handler,
    KycStatusChanged: handler,
    UserLoggedIn: handler,
    RefreshTokenReuseDetected: handler,
    EmailVerificationRequested: handler,
    PasswordResetRequested: handler,
    PasswordChanged: handler,
    TwoFactorChanged: handler,
    FundingInstrumentLinked: handler,
    WithdrawalStatusChanged: handler,
    PaymentRequestCreated: handler,
    PaymentRequestUpdated: handler,
    SettlementBatchClosed: handler,
    // A stored notification for every posting would bury the ones that matter: balance changes are real time only.
    WalletBalanceChanged: handler,
  };
}

/**
 * The same for a received batch, in one transaction: every event's notifications (created in user id order across
 * the whole batch, so that concurrent batches cannot deadlock on the users' counters), then, once that commits, all
 * their real-time messages. A privacy request in the batch is answered by its own handler, after the notifications.
 */
export function notificationBatchHandler(
  notifications: NotificationService,
  realtime: RealtimeService,
  afterCommit: AfterCommit,
  privacy: NotificationsPrivacy,
): BatchHandler {
  const answers = notificationsPrivacyHandlers(privacy);
  return async (batch, em) => {
    const events = batch.filter((event) => !isPrivacyRequest(event));
    const created = await notifications.createFromEvents(
      em,
      events.map((event) => ({ eventId: event.id, drafts: draftsFor(event as EventEnvelope<EventType>) })),
    );
    // After the notifications: an erasure in the batch also removes those just made for its user.
    for (const event of batch.filter(isPrivacyRequest)) {
      if (event.type === 'PrivacyExportRequested') await answers.PrivacyExportRequested(event as EventEnvelope<'PrivacyExportRequested'>, em);
      else await answers.PrivacyErasureRequested(event as EventEnvelope<'PrivacyErasureRequested'>, em);
    }
    const messages = events.flatMap((event) => {
      const at = Date.parse(event.occurredAt);
      return [...(created.get(event.id) ?? []).map((n) => notificationMessage(n, at)), ...streamMessages(event)];
    });
    if (messages.length > 0) afterCommit.run(em, () => void realtime.publish(messages));
  };
}
