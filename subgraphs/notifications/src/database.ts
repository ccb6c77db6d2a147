import { backboneEntities } from '@paygraph/platform/events';
import { NotificationCounterSchema } from './entities/notification-counter.entity.js';
import { NotificationDeliverySchema } from './entities/notification-delivery.entity.js';
import { NotificationPreferenceSchema } from './entities/notification-preference.entity.js';
import { NotificationSchema } from './entities/notification.entity.js';
import { WebhookAttemptSchema } from './entities/webhook-attempt.entity.js';
import { WebhookDeliverySchema } from './entities/webhook-delivery.entity.js';
import { WebhookEndpointSchema } from './entities/webhook-endpoint.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [
  NotificationSchema,
  NotificationCounterSchema,
  NotificationPreferenceSchema,
  NotificationDeliverySchema,
  WebhookEndpointSchema,
  WebhookDeliverySchema,
  WebhookAttemptSchema,
  ...backboneEntities,
];
export { migrations };
