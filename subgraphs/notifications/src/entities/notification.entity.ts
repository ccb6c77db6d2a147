import { defineEntity, p } from '@mikro-orm/core';

export const NOTIFICATION_KINDS = [
  'PAYMENT_SENT',
  'PAYMENT_RECEIVED',
  'PAYMENT_FAILED',
  'PAYMENT_ON_HOLD',
  'KYC_UPDATED',
  'NEW_LOGIN',
  'SESSION_REVOKED',
  'FUNDING_INSTRUMENT_LINKED',
  'PAYMENT_REQUEST_RECEIVED',
  'PAYMENT_REQUEST_UPDATED',
  'SETTLEMENT_BATCH_CLOSED',
  'EMAIL_VERIFICATION',
  'PASSWORD_RESET',
  'PASSWORD_CHANGED',
  'TWO_FACTOR_CHANGED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Kinds whose email carries a working link (a token): email only, whatever the preferences (docs/security.md). */
export const MAILED_TOKEN_KINDS: readonly NotificationKind[] = ['EMAIL_VERIFICATION', 'PASSWORD_RESET'];

/**
 * One in-app notification of one user. `seq` numbers a user's notifications in the order they were created (the
 * cursor of User.notifications and of the real-time stream); the source event id makes a redelivered event a no-op.
 */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  properties: {
    id: p.text().primary(),
    userId: p.text(),
    seq: p.bigint('number'),
    kind: p.enum(NOTIFICATION_KINDS),
    title: p.string().length(200),
    body: p.string().length(1000),
    paymentId: p.text().nullable(),
    walletId: p.text().nullable(),
    eventId: p.uuid(),
    createdAt: p.datetime(),
    readAt: p.datetime().nullable(),
  },
  uniques: [
    { name: 'notification_user_event_unique', properties: ['userId', 'eventId'] },
    { name: 'notification_user_seq_unique', properties: ['userId', 'seq'] },
  ],
  // The unread filter pages over a user's unread notifications only.
  indexes: [{ name: 'notification_user_unread_idx', properties: ['userId', 'seq'], where: 'read_at is null' }],
  checks: [{ name: 'notification_seq_positive', expression: 'seq > 0' }],
});

export class Notification extends NotificationSchema.class {}
NotificationSchema.setClass(Notification);
