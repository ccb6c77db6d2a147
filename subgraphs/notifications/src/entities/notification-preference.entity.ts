import { defineEntity, p } from '@mikro-orm/core';
import { NOTIFICATION_KINDS } from './notification.entity.js';

/** A user's choice of external channels for one kind; no row means the defaults (services/preference.service.ts). */
export const NotificationPreferenceSchema = defineEntity({
  name: 'NotificationPreference',
  tableName: 'notification_preference',
  properties: {
    userId: p.text().primary(),
    kind: p.enum(NOTIFICATION_KINDS).primary(),
    email: p.boolean(),
    sms: p.boolean(),
    push: p.boolean(),
    updatedAt: p.datetime(),
  },
});

export class NotificationPreference extends NotificationPreferenceSchema.class {}
NotificationPreferenceSchema.setClass(NotificationPreference);
