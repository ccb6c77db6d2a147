import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { BaseConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { EventHandlers } from './envelope.js';
import { createPublisher, createSqsClient, type Publisher } from './publisher.js';
import { METRICS, registry } from '../metrics.js';
import { consumerQueueName, deadLetterQueueName, ensureConsumerQueue } from './queues.js';
import { OutboxRelay } from './relay.js';
import { SqsConsumer, type BatchHandler } from './consumer.js';

/**
 * A service's connection to the backbone, built the same way everywhere from the shared configuration: one SQS
 * client, the publisher (SQS fan-out, or EventBridge when EVENTBRIDGE_BUS_NAME is set), the outbox relay, and the
 * service's own consumer on its queue.
 */
export class Backbone {
  readonly sqs: SQSClient;
  readonly publisher: Publisher;
  /** Removes the gauges this backbone registered (outbox backlog, queue depths). */
  private readonly uncollect: (() => void)[] = [];

  constructor(
    private readonly config: BaseConfig,
    private readonly service: string,
    private readonly logger: Logger,
  ) {
    this.sqs = createSqsClient({
      endpoint: config.SQS_ENDPOINT,
      region: config.AWS_REGION,
      accessKeyId: config.AWS_ACCESS_KEY_ID,
      secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
      queuePrefix: config.SQS_QUEUE_PREFIX,
    });
    this.publisher = createPublisher({
      sqs: this.sqs,
      queuePrefix: config.SQS_QUEUE_PREFIX,
      createQueues: config.SQS_CREATE_QUEUES,
      eventBridge: config.EVENTBRIDGE_BUS_NAME ? { busName: config.EVENTBRIDGE_BUS_NAME, region: config.AWS_REGION } : undefined,
    });
  }

  relay(orm: MikroORM): OutboxRelay {
    const service = this.service;
    // The backlog, read at scrape/flush time only: one query on the outbox's partial index of unpublished rows.
    this.uncollect.push(
      registry.collect(service, async () => {
        const [row] = (await orm.em.fork().execute(
          `select count(*)::int as pending, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest from outbox where published_at is null`,
        )) as { pending: number; oldest: number }[];
        METRICS.outboxPending.set({ service }, Number(row?.pending ?? 0));
        METRICS.outboxOldest.set({ service }, Number(row?.oldest ?? 0));
      }),
    );
    return new OutboxRelay({ orm, publisher: this.publisher, logger: this.logger, pollIntervalMs: this.config.OUTBOX_POLL_INTERVAL_MS });
  }

  /** The consumer of this service's queue (created with its DLQ when SQS_CREATE_QUEUES, else it must exist). */
  async consumer(orm: MikroORM, handlers: EventHandlers, options: { batchHandler?: BatchHandler; lingerMs?: number; coalesce?: boolean; pollers?: number } = {}): Promise<SqsConsumer> {
    const queueUrl = this.config.SQS_CREATE_QUEUES
      ? (
          await ensureConsumerQueue(this.sqs, {
            queuePrefix: this.config.SQS_QUEUE_PREFIX,
            consumer: this.service,
            visibilityTimeoutSeconds: this.config.SQS_VISIBILITY_TIMEOUT_SECONDS,
            maxReceiveCount: this.config.SQS_MAX_RECEIVE_COUNT,
          })
        ).queueUrl
      : (await this.sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(this.config.SQS_QUEUE_PREFIX, this.service) }))).QueueUrl!;
    this.collectQueueDepths(queueUrl);
    return new SqsConsumer({
      consumer: this.service,
      orm,
      sqs: this.sqs,
      queueUrl,
      handlers,
      logger: this.logger,
      waitTimeSeconds: this.config.SQS_WAIT_TIME_SECONDS,
      pollers: options.pollers ?? this.config.SQS_CONSUMER_POLLERS,
      maxReceiveCount: this.config.SQS_MAX_RECEIVE_COUNT,
      batchHandler: options.batchHandler,
      lingerMs: options.lingerMs,
      coalesce: options.coalesce,
    });
  }

  /** Queue depth and DLQ size as gauges, asked of SQS at scrape/flush time (GetQueueAttributes, two calls). */
  private collectQueueDepths(queueUrl: string): void {
    const service = this.service;
    let dlqUrl: string | undefined;
    const depth = async (url: string) => {
      const res = await this.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return Number(res.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(res.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    };
    this.uncollect.push(
      registry.collect(service, async () => {
        dlqUrl ??= (await this.sqs.send(new GetQueueUrlCommand({ QueueName: deadLetterQueueName(this.config.SQS_QUEUE_PREFIX, service) }))).QueueUrl;
        const [main, dlq] = await Promise.all([depth(queueUrl), dlqUrl ? depth(dlqUrl) : Promise.resolve(0)]);
        METRICS.queueDepth.set({ service }, main);
        METRICS.dlqSize.set({ service }, dlq);
      }),
    );
  }

  close(): void {
    for (const remove of this.uncollect.splice(0)) remove();
    this.sqs.destroy();
  }
}
