import DataLoader from 'dataloader';
import type { BaseRequestContext } from '@paygraph/platform/server';
import type { EntityManager } from '@paygraph/platform/db';
import type { Notification } from './entities/notification.entity.js';
import type { WebhookAttempt } from './entities/webhook-attempt.entity.js';
import type { WebhookEndpoint } from './entities/webhook-endpoint.entity.js';
import type { NotificationService, PageQuery } from './services/notification.service.js';
import type { PreferenceService } from './services/preference.service.js';
import type { RealtimeService } from './services/realtime.service.js';
import type { WebhookService } from './services/webhook.service.js';

export interface NotificationsServices {
  notifications: NotificationService;
  preferences: PreferenceService;
  realtime: RealtimeService;
  webhooks: WebhookService;
}

/** Per-request batching: every key asked for in one tick of one request becomes a single query. */
export interface NotificationsLoaders {
  notificationById: DataLoader<string, Notification | null>;
  /** Up to `first + 1` notifications of a user (the extra one tells whether there is a next page). */
  notificationPage: DataLoader<PageQuery, Notification[], string>;
  /** The attempts of each delivery on a page of the delivery log, oldest first. */
  webhookAttempts: DataLoader<string, WebhookAttempt[]>;
  /** A delivery's endpoint (unchecked: reached only through a delivery the caller may see). */
  webhookEndpointById: DataLoader<string, WebhookEndpoint | null>;
}

export interface NotificationsContext extends BaseRequestContext {
  em: EntityManager;
  services: NotificationsServices;
  loaders: NotificationsLoaders;
}

export function createLoaders(em: EntityManager, services: NotificationsServices): NotificationsLoaders {
  return {
    notificationById: new DataLoader(async (ids) => {
      const found = await services.notifications.byIds(em, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    notificationPage: new DataLoader(
      async (queries) => {
        // Users asked for with the same page arguments share one query.
        const groups = new Map<string, PageQuery[]>();
        for (const q of queries) {
          const key = JSON.stringify([q.first, q.before, q.unread]);
          groups.set(key, [...(groups.get(key) ?? []), q]);
        }
        const results = new Map<string, Notification[]>();
        for (const group of groups.values()) {
          const { first, before, unread } = group[0]!;
          const pages = await services.notifications.pages(em, group.map((q) => q.userId), { first, before, unread });
          for (const q of group) results.set(pageKey(q), pages.get(q.userId) ?? []);
        }
        return queries.map((q) => results.get(pageKey(q)) ?? []);
      },
      { cacheKeyFn: pageKey },
    ),
    webhookAttempts: new DataLoader(async (ids) => {
      const found = await services.webhooks.attemptsOf(em, ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    webhookEndpointById: new DataLoader(async (ids) => Promise.all(ids.map((id) => services.webhooks.endpointById(em, id)))),
  };
}

const pageKey = (q: PageQuery) => JSON.stringify([q.userId, q.first, q.before, q.unread]);
