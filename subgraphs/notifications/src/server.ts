import type { RunningService } from '@paygraph/platform/server';
import { openSubgraphRuntime, serveSubgraph } from '@paygraph/platform/subgraph-runtime';
import type { NotificationChannel } from './channels/channel.js';
import { sandboxChannels } from './channels/sandbox-sink.channel.js';
import type { NotificationsConfig } from './config.js';
import { createLoaders, type NotificationsContext, type NotificationsServices } from './context.js';
import { entities, migrations } from './database.js';
import { notificationHandlers } from './events/notification.consumer.js';
import { resolvers } from './resolvers/index.js';
import { DeliveryWorker } from './services/delivery.worker.js';
import { NotificationService } from './services/notification.service.js';
import { PreferenceService } from './services/preference.service.js';

export const SERVICE = 'notifications';

/** Replaceable collaborators (tests). */
export interface NotificationsDeps {
  /** External channel adapters; default: the sandbox sinks writing under NOTIFICATIONS_SINK_DIR. */
  channels?: NotificationChannel[];
}

export async function start(config: NotificationsConfig, deps: NotificationsDeps = {}): Promise<RunningService> {
  const runtime = await openSubgraphRuntime({ name: SERVICE, config, entities, migrations, schemaUrl: new URL('../schema.graphql', import.meta.url) });
  const { orm, backbone, logger } = runtime;

  return serveSubgraph<NotificationsContext>(runtime, async () => {
    const preferences = new PreferenceService();
    const services: NotificationsServices = { preferences, notifications: new NotificationService(preferences) };
    const consumer = await backbone.consumer(orm, notificationHandlers(services.notifications));
    const deliveries = new DeliveryWorker({
      orm,
      channels: deps.channels ?? sandboxChannels(config.NOTIFICATIONS_SINK_DIR),
      logger,
      pollIntervalMs: config.NOTIFICATIONS_DELIVERY_POLL_MS,
      maxAttempts: config.NOTIFICATIONS_DELIVERY_MAX_ATTEMPTS,
    });

    return {
      resolvers,
      port: config.NOTIFICATIONS_PORT,
      context: (base) => {
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services) };
      },
      // The relay stays although nothing is emitted yet: the outbox table exists (backbone entities) and the
      // real-time stream will publish from here.
      workers: [backbone.relay(orm), consumer, deliveries],
    };
  });
}
