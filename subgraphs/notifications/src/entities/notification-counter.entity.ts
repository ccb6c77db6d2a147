import { defineEntity, p } from '@mikro-orm/core';

/**
 * The last `seq` given to a user's notification. Locking this row serialises the creation of one user's
 * notifications, so seq order is creation (commit) order, without gaps, whatever the number of concurrent consumers.
 */
export const NotificationCounterSchema = defineEntity({
  name: 'NotificationCounter',
  tableName: 'notification_counter',
  properties: {
    userId: p.text().primary(),
    lastSeq: p.bigint('number').default(0),
  },
});

export class NotificationCounter extends NotificationCounterSchema.class {}
NotificationCounterSchema.setClass(NotificationCounter);
