import { errors } from '@paygraph/platform/errors';
import { canSeeOwnedBy, type Identity } from '@paygraph/platform/identity';
import type { Notification } from '../entities/notification.entity.js';

/** A user's notifications and preferences are theirs and the admins' to see. */
export function assertCanSeeNotificationsOf(identity: Identity, userId: string): void {
  if (!identity.userId) throw errors.unauthenticated();
  if (!canSeeOwnedBy(identity, userId)) throw errors.forbidden("Not allowed to see another user's notifications");
}

/** To anyone but its user and admins a notification does not exist. */
export function visibleNotification(identity: Identity, n: Notification | null | undefined): Notification | null {
  return n && identity.userId && canSeeOwnedBy(identity, n.userId) ? n : null;
}
