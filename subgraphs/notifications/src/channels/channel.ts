import type { ExternalChannel } from '../entities/notification-delivery.entity.js';
import type { NotificationKind } from '../entities/notification.entity.js';

/** What an external channel is asked to carry: the notification as the user sees it in the app. */
export interface OutgoingMessage {
  notificationId: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  createdAt: string;
  /** Email only: the verification or reset link the message is about (a working token). */
  link?: string;
}

/**
 * An external way to reach a user (the in-app channel is the notification row itself and needs no adapter). Adapters
 * only ever run after the notification committed (services/delivery.worker.ts) and may be called again for a message
 * they already sent (at-least-once): a real adapter passes `notificationId` on as the provider's idempotency key.
 */
export interface NotificationChannel {
  readonly channel: ExternalChannel;
  send(message: OutgoingMessage): Promise<void>;
}
