import { SendMessageBatchCommand, SQSClient, GetQueueUrlCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import { consumersOf } from '@paygraph/events';
import type { EventEnvelope } from './envelope.js';
import { consumerQueueName, ensureQueues, isAwsError } from './queues.js';

export interface Publisher {
  /**
   * Sends the events, in order. Resolves when every one was accepted; otherwise throws: a `PublishError` names the
   * events that were not (the others were), any other error means none can be counted as sent.
   */
  publish(events: EventEnvelope[], opts?: { signal?: AbortSignal }): Promise<void>;
}

/** Some events of a publish call were not accepted; `failures` maps their ids to the reason. */
export class PublishError extends Error {
  constructor(readonly failures: Map<string, string>) {
    super(`${failures.size} event(s) not published: ${[...failures.values()][0] ?? ''}`);
    this.name = 'PublishError';
  }
}

export interface SqsSettings {
  endpoint?: string;
  region: string;
  /** Static credentials (the emulator takes any). Leave both empty to use the default AWS provider chain (IAM role). */
  accessKeyId: string;
  secretAccessKey: string;
  queuePrefix: string;
}

export function createSqsClient(settings: SqsSettings): SQSClient {
  return new SQSClient({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : settings.endpoint
        ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } // an emulator signs nothing real
        : {}),
    // Long polls hold a request for up to 20 s; anything silent for longer than that is a dead connection.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    // No MD5 of every body sent and received: TLS already protects the bytes on the wire, and every body is parsed
    // and validated against the catalog anyway (a corrupt one is an invalid event, left for the DLQ). It was a
    // measurable share of each SQS call's CPU on the money path (docs/benchmarks.md).
    md5: false,
  });
}

/** What the EventBridge publisher needs from a client: `EventBridgeClient` or a test double. */
export interface PutEventsClient {
  send(command: PutEventsCommand, options?: { abortSignal?: AbortSignal }): Promise<PutEventsCommandOutput>;
}

export interface PublisherOptions {
  sqs: SQSClient;
  queuePrefix: string;
  /** In AWS: publish to this bus; its rules (one per consumer, on `detail-type`) route to the consumer queues. */
  eventBridge?: { busName: string; region: string; client?: PutEventsClient };
  /**
   * Create a consumer queue that does not exist yet (with default settings; the consumer's own
   * `ensureConsumerQueue` adjusts them) instead of failing and retrying until the consumer has started.
   */
  createQueues?: boolean;
}

export function createPublisher(opts: PublisherOptions): Publisher {
  if (opts.eventBridge) {
    const client = opts.eventBridge.client ?? new EventBridgeClient({ region: opts.eventBridge.region });
    return new EventBridgePublisher(client, opts.eventBridge.busName);
  }
  return new SqsFanOutPublisher(opts.sqs, opts.queuePrefix, opts.createQueues ?? false);
}

const BATCH = 10; // the SendMessageBatch and PutEvents maximum

/**
 * Sends `events` in rounds: round r holds the r-th event of each aggregate, in chunks of up to 10 that go out side by
 * side, and a round starts once the one before it has its answers. So a chunk never holds two events of an
 * aggregate, and the result of an aggregate's event is known before its next one is sent; a relay pass of 100 events
 * of distinct aggregates costs one round trip, not ten. Once an event fails (rejected, or its request failed), the
 * later events of its aggregate are held back (reported failed without being sent) and go out after it on a later
 * attempt, so a destination never receives an aggregate's events out of order; other aggregates are not held back.
 */
async function sendInOrder(
  events: EventEnvelope[],
  failures: Map<string, string>,
  send: (chunk: EventEnvelope[]) => Promise<Map<number, string>>,
): Promise<void> {
  const rounds: EventEnvelope[][] = [];
  const seen = new Map<string, number>();
  for (const event of events) {
    const round = seen.get(event.aggregateId) ?? 0;
    seen.set(event.aggregateId, round + 1);
    (rounds[round] ??= []).push(event);
  }
  const blocked = new Map<string, string>();
  const fail = (event: EventEnvelope, reason: string) => {
    failures.set(event.id, reason);
    blocked.set(event.aggregateId, event.id);
  };
  for (const round of rounds) {
    const ready: EventEnvelope[] = [];
    for (const event of round) {
      const cause = blocked.get(event.aggregateId);
      if (cause) failures.set(event.id, `held back behind failed event ${cause}`);
      else ready.push(event);
    }
    const chunks = Array.from({ length: Math.ceil(ready.length / BATCH) }, (_, i) => ready.slice(i * BATCH, (i + 1) * BATCH));
    await Promise.all(
      chunks.map(async (chunk) => {
        let failed: Map<number, string>;
        try {
          failed = await send(chunk);
        } catch (error) {
          const reason = errorMessage(error);
          for (const event of chunk) fail(event, reason);
          return;
        }
        for (const [index, reason] of failed) fail(chunk[index]!, reason);
      }),
    );
  }
}

/**
 * Local and CI mode: applies the routing table itself and sends each event to the FIFO queue of every consumer
 * subscribed to its type, with the aggregate as message group (order per aggregate) and the event id as
 * deduplication id (SQS drops a re-send within its 5-minute window; the consumer's inbox covers the rest).
 */
export class SqsFanOutPublisher implements Publisher {
  readonly #urls = new Map<string, Promise<string>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly queuePrefix: string,
    private readonly createQueues: boolean,
  ) {}

  async publish(events: EventEnvelope[], opts: { signal?: AbortSignal } = {}): Promise<void> {
    const byConsumer = new Map<string, EventEnvelope[]>();
    for (const event of events) {
      for (const consumer of consumersOf(event.type)) {
        let list = byConsumer.get(consumer);
        if (!list) byConsumer.set(consumer, (list = []));
        list.push(event);
      }
    }
    const failures = new Map<string, string>();
    // Queues are independent of each other; within one queue, see sendInOrder.
    await Promise.all(
      [...byConsumer].map(async ([consumer, list]) => {
        let queueUrl: string;
        try {
          queueUrl = await this.queueUrl(consumer);
        } catch (error) {
          for (const event of list) failures.set(event.id, `queue of ${consumer}: ${errorMessage(error)}`);
          return;
        }
        await sendInOrder(list, failures, async (chunk) => {
          let res;
          try {
            res = await this.sqs.send(
              new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((event, index) => toSqsEntry(event, index)) }),
              { abortSignal: opts.signal },
            );
          } catch (error) {
            // The queue was deleted since its URL was cached: look it up (or create it) again next time.
            if (isAwsError(error, 'QueueDoesNotExist', 'NonExistentQueue')) this.#urls.delete(consumer);
            throw error;
          }
          const failed = new Map<number, string>();
          for (const entry of res.Failed ?? []) {
            failed.set(Number(entry.Id?.slice(1)), `${consumer}: ${entry.Code ?? 'error'} ${entry.Message ?? ''}`.trim());
          }
          return failed;
        });
      }),
    );
    if (failures.size > 0) throw new PublishError(failures);
  }

  private queueUrl(consumer: string): Promise<string> {
    let url = this.#urls.get(consumer);
    if (!url) {
      url = this.resolveQueueUrl(consumer);
      this.#urls.set(consumer, url);
      url.catch(() => this.#urls.delete(consumer));
    }
    return url;
  }

  private async resolveQueueUrl(consumer: string): Promise<string> {
    try {
      const { QueueUrl } = await this.sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(this.queuePrefix, consumer) }));
      if (QueueUrl) return QueueUrl;
      throw new Error(`no URL for the queue of ${consumer}`);
    } catch (error) {
      if (!this.createQueues || !isAwsError(error, 'QueueDoesNotExist', 'NonExistentQueue')) throw error;
      const { queueUrl } = await ensureQueues(this.sqs, { queuePrefix: this.queuePrefix, consumer }, false);
      return queueUrl;
    }
  }
}

function toSqsEntry(event: EventEnvelope, index: number): SendMessageBatchRequestEntry {
  const attributes: SendMessageBatchRequestEntry['MessageAttributes'] = {
    eventType: { DataType: 'String', StringValue: event.type },
  };
  // Also inside the envelope; as an attribute it is visible to tooling that does not parse bodies.
  if (Object.keys(event.trace).length > 0) {
    attributes.traceContext = { DataType: 'String', StringValue: JSON.stringify(event.trace) };
  }
  return {
    Id: `m${index}`,
    MessageBody: JSON.stringify(event),
    MessageGroupId: event.aggregateId,
    MessageDeduplicationId: event.id,
    MessageAttributes: attributes,
  };
}

/**
 * AWS mode: one PutEvents per chunk of 10 to the bus. Routing is not done here: AWS does it, with one EventBridge rule
 * per consumer on the bus matching the `detail-type`s it subscribes to (the `routing` table of @paygraph/events,
 * deployed as infrastructure) and targeting that consumer's FIFO queue. Note that EventBridge does not promise
 * delivery order and a rule's SQS target takes a fixed MessageGroupId, so per-aggregate ordering is weaker there
 * than in local mode; handlers stay idempotent through the inbox either way.
 */
export class EventBridgePublisher implements Publisher {
  constructor(
    private readonly client: PutEventsClient,
    private readonly busName: string,
  ) {}

  async publish(events: EventEnvelope[], opts: { signal?: AbortSignal } = {}): Promise<void> {
    const failures = new Map<string, string>();
    await sendInOrder(events, failures, async (chunk) => {
      const res = await this.client.send(
        new PutEventsCommand({
          Entries: chunk.map((event) => ({
            EventBusName: this.busName,
            Source: `paygraph.${event.source}`,
            DetailType: event.type,
            Detail: JSON.stringify(event),
            Time: new Date(event.occurredAt),
          })),
        }),
        { abortSignal: opts.signal },
      );
      const failed = new Map<number, string>();
      // Result entries are positional: one per request entry, an ErrorCode on those that failed.
      (res.Entries ?? []).forEach((entry, index) => {
        if (entry.ErrorCode) failed.set(index, `${entry.ErrorCode} ${entry.ErrorMessage ?? ''}`.trim());
      });
      if ((res.FailedEntryCount ?? 0) > 0 && failed.size === 0) {
        chunk.forEach((_, index) => failed.set(index, `PutEvents reported ${res.FailedEntryCount} failed entries`));
      }
      return failed;
    });
    if (failures.size > 0) throw new PublishError(failures);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}
