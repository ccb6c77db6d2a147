import { AfterCommit } from '@paygraph/platform/after-commit';
import { IdentitySigner } from '@paygraph/platform/identity';
import { InternalClient } from '@paygraph/platform/internal-client';
import { createRealtimeBus, type RealtimeBus } from '@paygraph/platform/realtime';
import type { RunningService } from '@paygraph/platform/server';
import { openSubgraphRuntime, serveSubgraph } from '@paygraph/platform/subgraph-runtime';
import type { NotificationChannel } from './channels/channel.js';
import { sandboxChannels } from './channels/sandbox-sink.channel.js';
import type { NotificationsConfig } from './config.js';
import { createLoaders, type NotificationsContext, type NotificationsServices } from './context.js';
import { entities, migrations } from './database.js';
import { notificationBatchHandler, notificationHandlers } from './events/notification.consumer.js';
import { resolvers } from './resolvers/index.js';
import { DeliveryWorker } from './services/delivery.worker.js';
import { NotificationService } from './services/notification.service.js';
import { OwnerServicesDirectory } from './services/participants.js';
import { PreferenceService } from './services/preference.service.js';
import { RealtimeService, type ParticipantDirectory } from './services/realtime.service.js';

export const SERVICE = 'notifications';

/** Replaceable collaborators (tests). */
export interface NotificationsDeps {
  /** External channel adapters; default: the sandbox sinks writing under NOTIFICATIONS_SINK_DIR. */
  channels?: NotificationChannel[];
  /** Real-time pub/sub; default: Redis with REDIS_URL, else the in-process bus. */
  bus?: RealtimeBus;
  /** Who owns a payment or a wallet; default: asked of payments and wallets. */
  participants?: ParticipantDirectory;
}

export async function start(config: NotificationsConfig, deps: NotificationsDeps = {}): Promise<RunningService> {
  const runtime = await openSubgraphRuntime({ name: SERVICE, config, entities, migrations, schemaUrl: new URL('../schema.graphql', import.meta.url) });
  const { orm, backbone, logger } = runtime;

  return serveSubgraph<NotificationsContext>(runtime, async () => {
    const preferences = new PreferenceService();
    const bus = deps.bus ?? createRealtimeBus(config.REDIS_URL, logger);
    if (!deps.bus) runtime.own({ name: 'realtime', close: () => bus.close() });
    const signer = new IdentitySigner(config.INTERNAL_AUTH_SECRET, SERVICE);
    const internal = (target: string, url: string) => new InternalClient({ target, url, signer, logger, timeoutMs: config.INTERNAL_CALL_TIMEOUT_MS });
    const participants = deps.participants ?? new OwnerServicesDirectory(internal('payments', config.PAYMENTS_URL), internal('wallets', config.WALLETS_URL));
    const realtime = new RealtimeService(bus, config.REALTIME_CHANNEL_PREFIX, participants, logger);
    const services: NotificationsServices = { preferences, notifications: new NotificationService(), realtime };
    const afterCommit = new AfterCommit(orm);
    // Every settled payment makes notifications: a received batch is applied in one transaction.
    const consumer = await backbone.consumer(orm, notificationHandlers(services.notifications, realtime, afterCommit), {
      batchHandler: notificationBatchHandler(services.notifications, realtime, afterCommit),
    });
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
      // The relay stays although nothing is emitted yet: the outbox table exists (backbone entities).
      workers: [backbone.relay(orm), consumer, deliveries],
    };
  });
}
