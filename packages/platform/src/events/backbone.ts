import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { BaseConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { EventHandlers } from './envelope.js';
import { createPublisher, createSqsClient, type Publisher } from './publisher.js';
import { consumerQueueName, ensureConsumerQueue } from './queues.js';
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
    return new OutboxRelay({ orm, publisher: this.publisher, logger: this.logger, pollIntervalMs: this.config.OUTBOX_POLL_INTERVAL_MS });
  }

  /** The consumer of this service's queue (created with its DLQ when SQS_CREATE_QUEUES, else it must exist). */
  async consumer(orm: MikroORM, handlers: EventHandlers, options: { batchHandler?: BatchHandler; lingerMs?: number } = {}): Promise<SqsConsumer> {
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
    return new SqsConsumer({
      consumer: this.service,
      orm,
      sqs: this.sqs,
      queueUrl,
      handlers,
      logger: this.logger,
      waitTimeSeconds: this.config.SQS_WAIT_TIME_SECONDS,
      pollers: this.config.SQS_CONSUMER_POLLERS,
      maxReceiveCount: this.config.SQS_MAX_RECEIVE_COUNT,
      batchHandler: options.batchHandler,
      lingerMs: options.lingerMs,
    });
  }

  close(): void {
    this.sqs.destroy();
  }
}
