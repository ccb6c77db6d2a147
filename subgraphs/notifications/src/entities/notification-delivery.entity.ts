import { defineEntity, p } from '@mikro-orm/core';

export const EXTERNAL_CHANNELS = ['EMAIL', 'SMS', 'PUSH'] as const;
export type ExternalChannel = (typeof EXTERNAL_CHANNELS)[number];
export const DELIVERY_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;

/**
 * A send to an external channel, written in the transaction that creates the notification and carried out after it
 * commits by the delivery worker (an outbox of its own): a rolled-back notification is never sent, and a slow SMTP
 * server never holds a database transaction open.
 */
export const NotificationDeliverySchema = defineEntity({
  name: 'NotificationDelivery',
  tableName: 'notification_delivery',
  properties: {
    id: p.uuid().primary(),
    notificationId: p.text(),
    userId: p.text(),
    channel: p.enum(EXTERNAL_CHANNELS),
    status: p.enum(DELIVERY_STATUSES).default('PENDING'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    createdAt: p.datetime(),
    sentAt: p.datetime().nullable(),
    lastError: p.text().nullable(),
    /**
     * An identity link (email verification, password reset) still sealed as users emitted it (identityMailBox, the
     * user id as associated data): the worker opens it only to send, so no row here holds a working token.
     */
    sealedLink: p.text().nullable(),
  },
  uniques: [{ name: 'notification_delivery_unique', properties: ['notificationId', 'channel'] }],
  indexes: [{ name: 'notification_delivery_pending_idx', properties: ['nextAttemptAt'], where: "status = 'PENDING'" }],
});

export class NotificationDelivery extends NotificationDeliverySchema.class {}
NotificationDeliverySchema.setClass(NotificationDelivery);
