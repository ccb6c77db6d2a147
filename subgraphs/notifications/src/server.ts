import { AfterCommit } from '@paygraph/platform/after-commit';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { consumerQueueName, ensureConsumerQueue, SqsConsumer } from '@paygraph/platform/events';
import { IdentitySigner } from '@paygraph/platform/identity';
import { InternalClient } from '@paygraph/platform/internal-client';
import { createRealtimeBus, type RealtimeBus } from '@paygraph/platform/realtime';
import type { RunningService } from '@paygraph/platform/server';
import { openSubgraphRuntime, serveSubgraph } from '@paygraph/platform/subgraph-runtime';
import type { NotificationChannel } from './channels/channel.js';
import { sandboxChannels } from './channels/sandbox-sink.channel.js';
import { identityMailBox } from '@paygraph/platform/sealed-box';
import type { NotificationsConfig } from './config.js';
import { createLoaders, type NotificationsContext, type NotificationsServices } from './context.js';
import { entities, migrations } from './database.js';
import { notificationBatchHandler, notificationHandlers } from './events/notification.consumer.js';
import { NotificationsPrivacy } from './services/privacy.service.js';
import { WEBHOOKS_CONSUMER, webhookBatchHandler, webhookHandlers } from './events/webhook.consumer.js';
import { UsersPartnerApplications, type PartnerApplications } from './adapters/partner-applications.js';
import { HttpWebhookSender, type WebhookSender } from './adapters/webhook-sender.js';
import { SecretBox } from './adapters/secret-box.js';
import { WebhookRepository } from './repositories/webhook.repository.js';
import { WebhookService } from './services/webhook.service.js';
import { WebhookDeliveryWorker } from './workers/webhook-delivery.worker.js';
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
  /** Whose a partner application is; default: asked of users. */
  applications?: PartnerApplications;
  /** How webhooks are POSTed; default: node:http(s) with the SSRF guard. */
  webhookSender?: WebhookSender;
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
    const afterCommit = new AfterCommit(orm);
    const retry = { baseMs: config.WEBHOOKS_RETRY_BASE_MS, maxDelayMs: config.WEBHOOKS_RETRY_MAX_DELAY_MS, retryForMs: config.WEBHOOKS_RETRY_FOR_MS };
    const webhookRepo = new WebhookRepository();
    // Outside production (where the key is required) one derived from the internal secret stands in.
    const secretBox = new SecretBox(config.WEBHOOKS_SECRET_KEY ?? `webhooks:${config.INTERNAL_AUTH_SECRET}`);
    const webhookWorker = new WebhookDeliveryWorker({
      orm,
      repo: webhookRepo,
      secrets: secretBox,
      sender: deps.webhookSender ?? new HttpWebhookSender({ timeoutMs: config.WEBHOOKS_TIMEOUT_MS, allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE_TARGETS }),
      logger,
      retry,
      pollIntervalMs: config.WEBHOOKS_POLL_MS,
      timeoutMs: config.WEBHOOKS_TIMEOUT_MS,
      concurrency: config.WEBHOOKS_CONCURRENCY,
    });
    const wakeWebhooks = () => webhookWorker.wake();
    const webhooks = new WebhookService(orm, webhookRepo, deps.applications ?? new UsersPartnerApplications(internal('users', config.USERS_URL)), secretBox, {
      targets: { allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE_TARGETS, requireHttps: config.NODE_ENV === 'production' },
      retry,
      onDue: wakeWebhooks,
    });
    if (config.WEBHOOKS_ALLOW_PRIVATE_TARGETS && config.NODE_ENV === 'production') {
      logger.warn({ alert: 'WEBHOOKS_PRIVATE_TARGETS_ALLOWED' }, 'WEBHOOKS_ALLOW_PRIVATE_TARGETS is set in production: partners may reach internal addresses');
    }
    const services: NotificationsServices = { preferences, notifications: new NotificationService(orm), realtime, webhooks };
    // Every settled payment makes notifications: a received batch is applied in one transaction.
    const privacy = new NotificationsPrivacy();
    const consumer = await backbone.consumer(orm, notificationHandlers(services.notifications, realtime, afterCommit, privacy), {
      batchHandler: notificationBatchHandler(services.notifications, realtime, afterCommit, privacy),
    });
    // Webhooks have a queue and an inbox key of their own (events/webhook.consumer.ts); the Backbone's consumer() is
    // the service's one queue, so this one is built from the same parts.
    const webhookQueue = config.SQS_CREATE_QUEUES
      ? (
          await ensureConsumerQueue(backbone.sqs, {
            queuePrefix: config.SQS_QUEUE_PREFIX,
            consumer: WEBHOOKS_CONSUMER,
            visibilityTimeoutSeconds: config.SQS_VISIBILITY_TIMEOUT_SECONDS,
            maxReceiveCount: config.SQS_MAX_RECEIVE_COUNT,
          })
        ).queueUrl
      : (await backbone.sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(config.SQS_QUEUE_PREFIX, WEBHOOKS_CONSUMER) }))).QueueUrl!;
    const webhookConsumer = new SqsConsumer({
      consumer: WEBHOOKS_CONSUMER,
      orm,
      sqs: backbone.sqs,
      queueUrl: webhookQueue,
      handlers: webhookHandlers(webhooks, afterCommit, wakeWebhooks),
      batchHandler: webhookBatchHandler(webhooks, afterCommit, wakeWebhooks),
      // Most events are for people without endpoints: such a batch costs one read, no transaction.
      mayAct: (events) => webhooks.mayDeliver(events),
      logger,
      waitTimeSeconds: config.SQS_WAIT_TIME_SECONDS,
      pollers: config.SQS_CONSUMER_POLLERS,
      maxReceiveCount: config.SQS_MAX_RECEIVE_COUNT,
    });
    const deliveries = new DeliveryWorker({
      orm,
      channels: deps.channels ?? sandboxChannels(config.NOTIFICATIONS_SINK_DIR),
      logger,
      mailBox: identityMailBox(config.INTERNAL_AUTH_SECRET),
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
      workers: [backbone.relay(orm), consumer, deliveries, webhookConsumer, webhookWorker],
    };
  });
}
