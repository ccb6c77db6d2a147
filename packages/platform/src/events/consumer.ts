import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { EventType } from '@paygraph/events';
import { runWithContext } from '../context.js';
import { failpoint } from '../failpoints.js';
import type { Logger } from '../logger.js';
import type { Worker } from '../server.js';
import { continueTrace, markActiveSpanFailed, openSpan, type OpenSpan } from '../tracing.js';
import { METRICS } from '../metrics.js';
import { observeConsumed } from './event-metrics.js';
import { raiseDeadLetterAlert } from './dead-letter-alert.js';
import { parseEnvelope, type EventEnvelope, type EventHandler, type EventHandlers } from './envelope.js';

export interface SqsConsumerOptions {
  /** The consumer's name: the inbox key, and the routing-table name its queue is created for. */
  consumer: string;
  orm: MikroORM;
  sqs: SQSClient;
  queueUrl: string;
  handlers: EventHandlers;
  logger: Logger;
  /** Long-poll duration, 0..20 s. Default 20. */
  waitTimeSeconds?: number;
  /** Messages per receive, 1..10. Default 10. */
  maxMessages?: number;
  /**
   * How long a message whose handler failed stays invisible before it is retried, by its receive count (1 on the first
   * failure). Default 2^(n−1) s capped at 60 s. After the queue's maxReceiveCount receives SQS moves it to the DLQ.
   */
  retryDelaySeconds?: (receiveCount: number) => number;
  /**
   * The queue's redrive maxReceiveCount (SQS_MAX_RECEIVE_COUNT): a message that fails on that receive goes to the DLQ,
   * which raises an alert (dead-letter-alert.ts). Without it nothing is alerted.
   */
  maxReceiveCount?: number;
  /**
   * Received batches handled side by side (default 4), counting the receives under way. SQS FIFO never hands out a
   * message of a group while another of the same group is in flight, so more batches add throughput across aggregates
   * without reordering any one of them.
   */
  pollers?: number;
  /**
   * Receives under way at once while the queue is behind (default 3): one long poll while the queue keeps up (several
   * long polls on one queue would only wake each other up for nothing), and one more short receive after each that
   * comes back full, so draining a backlog is not bound by one receive's round trip.
   */
  receivers?: number;
  /**
   * Applies the new events of a received batch together: their inbox rows and this handler's effect commit in one
   * transaction, in receive order. For consumers whose work per event is small and serialised anyway (audit's chain
   * head), where a transaction per event costs more than the event. Should it throw, the batch is rolled back and
   * handled again one message at a time through `handlers`, so one bad event delays only its own group.
   */
  batchHandler?: BatchHandler;
  /**
   * With `batchHandler`: a read outside any transaction, whether a received batch can have any effect. When it says
   * no, the batch is acknowledged with no transaction and no inbox rows: nothing was done, so there is nothing a
   * redelivery could repeat. For consumers whose effect is usually none (webhooks, when none of the events' parties
   * has an endpoint): one statement instead of four.
   */
  mayAct?: (events: EventEnvelope[]) => Promise<boolean>;
  /**
   * After a receive that was not full and held only messages sent less than this long ago, wait this long before the
   * next one (default 0), so that the next batch is fuller: fewer receives, deletes and transactions per event, for
   * consumers off the latency path (audit). A consumer that is behind does not wait (see `shouldLinger`).
   */
  lingerMs?: number;
  /**
   * With `batchHandler`: received batches are applied one transaction at a time, and every batch received while one
   * was being applied joins the next (group commit). For a handler serialised on one row anyway (audit's chain
   * head): its transactions no longer queue on the row's lock, and each one carries more events (up to `pollers`
   * receives) for the same few statements. Default false.
   */
  coalesce?: boolean;
  name?: string;
}

export type BatchHandler = (events: EventEnvelope[], em: EntityManager) => Promise<void>;

/**
 * A batch handler made of the consumer's own per-event handlers: each new event of a receive is applied by its
 * handler, in receive order (so in order within each message group), all in the batch's one transaction with their
 * inbox rows; each under its own correlation and causation, as one at a time. For high-volume consumers (history,
 * notifications, fraud's history) where a transaction and an EntityManager per event cost more than the event.
 * A batch that fails (a handler's error, a deadlock with another poller's batch) is rolled back and handled again one
 * message at a time, so the result is the same either way.
 */
export function handlersInOneTransaction(handlers: EventHandlers): BatchHandler {
  return async (events, em) => {
    for (const event of events) {
      const handler = handlers[event.type] as EventHandler<EventType> | undefined;
      if (!handler) continue;
      const span = batchSpans.get(event);
      const run = () => handler(event, em);
      await runWithContext({ correlationId: event.correlationId, causationId: event.id }, () => (span ? span.within(run) : run()));
    }
  };
}

/** The span of each event of a batch being handled together, in its own trace (see `handleTogether`). */
const batchSpans = new WeakMap<EventEnvelope, OpenSpan>();

export type Outcome = 'handled' | 'unhandled' | 'duplicate';

const defaultRetryDelay = (receiveCount: number) => Math.min(60, 2 ** Math.max(0, receiveCount - 1));

/**
 * Long-polls one consumer queue and applies each event exactly once in effect: in one transaction it records the
 * event id in the inbox and, only when the id is new, runs the handler with that transaction's EntityManager; the
 * message is deleted after the commit. A redelivery (SQS is at-least-once) finds the inbox row and is just deleted.
 *
 * Acknowledgements are batched: the messages of a receive that committed are deleted together (DeleteMessageBatch)
 * once the whole batch has been handled, and the poller receives its next batch while that delete is under way. An
 * unacknowledged message keeps its FIFO group blocked, so nothing of the same aggregate overtakes it meanwhile; if a
 * delete is lost the message comes back and the inbox turns it into a duplicate.
 *
 * Failures are left to SQS: a handler error rolls back and leaves the message (it comes back after a backoff set with
 * ChangeMessageVisibility); a message that is not a valid event of the catalog is logged and left as it is. Either
 * way the queue's redrive policy moves it to the DLQ after maxReceiveCount receives.
 *
 * Order: the messages of one message group (aggregate) in a batch are handled one after the other, and once one
 * fails the rest of its group in the batch is left for later, so an aggregate's events are applied in order. Groups
 * are handled concurrently, and so are up to `pollers` received batches (a group is never in two of them at once: its
 * next message is not handed out while one is in flight).
 */
export class SqsConsumer implements Worker {
  readonly name: string;
  private readonly opts: SqsConsumerOptions;
  private readonly waitTimeSeconds: number;
  private readonly maxMessages: number;
  private readonly retryDelaySeconds: (receiveCount: number) => number;
  private readonly pollers: number;
  private readonly lingerMs: number;
  private running = false;
  private loop: Promise<void> | null = null;
  private abort = new AbortController();
  /** DeleteMessageBatch calls under way (awaited by `stop`). */
  private readonly acks = new Set<Promise<void>>();
  /** Received batches being handled (at most `pollers`). */
  private readonly batches = new Set<Promise<void>>();
  /** Receive loops started because the queue was behind (see `receive`). */
  private readonly extraReceivers = new Set<Promise<void>>();
  private readonly receivers: number;
  /** Receives under way: each holds one of the `pollers` slots until its batch is handled. */
  private receiving = 0;
  /** `coalesce`: the batches received while one is applied, and whether one is (see `applyCoalesced`). */
  private readonly waiting: { messages: Message[]; done: () => void }[] = [];
  private applying = false;

  constructor(opts: SqsConsumerOptions) {
    this.opts = opts;
    this.name = opts.name ?? `sqs-consumer:${opts.consumer}`;
    this.waitTimeSeconds = opts.waitTimeSeconds ?? 20;
    this.maxMessages = opts.maxMessages ?? 10;
    this.retryDelaySeconds = opts.retryDelaySeconds ?? defaultRetryDelay;
    this.pollers = opts.pollers ?? 4;
    this.lingerMs = opts.lingerMs ?? 0;
    this.receivers = opts.receivers ?? 3;
    if (!Number.isInteger(this.receivers) || this.receivers < 1 || this.receivers > 16) throw new Error('receivers must be an integer in 1..16');
    if (!Number.isInteger(this.pollers) || this.pollers < 1 || this.pollers > 64) throw new Error('pollers must be an integer in 1..64');
    if (!Number.isInteger(this.waitTimeSeconds) || this.waitTimeSeconds < 0 || this.waitTimeSeconds > 20) {
      throw new Error('waitTimeSeconds must be an integer in 0..20');
    }
    if (!Number.isInteger(this.maxMessages) || this.maxMessages < 1 || this.maxMessages > 10) {
      throw new Error('maxMessages must be an integer in 1..10');
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loop = this.run();
  }

  /** Abandons the long poll in progress, lets the messages being handled finish, then stops. */
  async stop(): Promise<void> {
    if (!this.running) return this.loop ?? undefined;
    this.running = false;
    this.abort.abort();
    await this.loop;
    this.loop = null;
    await Promise.all([...this.acks]);
  }

  private async run(): Promise<void> {
    await this.receive(true);
    await Promise.all([...this.extraReceivers]);
    await Promise.all([...this.batches]);
  }

  /**
   * A receive loop. The first one polls as long as the consumer runs; a receive that comes back full (the queue is
   * behind) starts another, up to `receivers`, which stops at its first receive that is not full. So an idle queue
   * has one long poll and a busy one is drained at the pace of several receives under way at once, not of one
   * receive's round trip.
   */
  private async receive(first: boolean): Promise<void> {
    const { sqs, queueUrl, logger } = this.opts;
    let consecutiveErrors = 0;
    while (this.running) {
      if (this.batches.size + this.receiving >= this.pollers) {
        if (!first) break;
        // A slot frees when a batch is handled or an extra receiver stops (neither rejects: handleMessage never throws).
        await Promise.race([...this.batches, ...this.extraReceivers]);
        continue;
      }
      let messages: Message[];
      this.receiving++;
      try {
        const res = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: this.maxMessages,
            WaitTimeSeconds: first ? this.waitTimeSeconds : 0,
            MessageSystemAttributeNames: ['ApproximateReceiveCount', 'MessageGroupId', 'SentTimestamp'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = res.Messages ?? [];
        consecutiveErrors = 0;
      } catch (error) {
        this.receiving--;
        if (!this.running) break; // stop() aborted the long poll
        if (!first) break;
        consecutiveErrors++;
        logger.error({ err: error, consumer: this.opts.consumer }, 'receiving from the event queue failed');
        await this.pause(Math.min(30_000, 250 * 2 ** Math.min(consecutiveErrors, 8)));
        continue;
      }
      this.receiving--;
      // Handled to the end even if stop() is called meanwhile: their transactions commit and they are deleted.
      if (messages.length > 0) {
        const batch: Promise<void> = this.handleBatch(messages).finally(() => this.batches.delete(batch));
        this.batches.add(batch);
      }
      if (messages.length >= this.maxMessages) {
        if (this.running && this.extraReceivers.size + 1 < this.receivers) {
          const extra: Promise<void> = this.receive(false).finally(() => this.extraReceivers.delete(extra));
          this.extraReceivers.add(extra);
        }
      } else if (!first) {
        break;
      }
      if (this.shouldLinger(messages)) await this.pause(this.lingerMs);
    }
  }

  /**
   * Whether to wait `lingerMs` before the next receive: after a short one whose messages are all recent, so the
   * consumer is keeping up and the next batch will be fuller. A short receive with an old message is no sign of an
   * empty queue (FIFO holds back the rest of a group whose message is in flight): the consumer is behind, and waiting
   * would only put it further behind.
   */
  private shouldLinger(messages: Message[]): boolean {
    if (this.lingerMs <= 0 || messages.length >= this.maxMessages || !this.running) return false;
    const now = Date.now();
    return messages.every((m) => now - Number(m.Attributes?.SentTimestamp ?? now) < this.lingerMs);
  }

  private handleBatch(messages: Message[]): Promise<void> {
    if (!this.opts.coalesce || !this.opts.batchHandler) return this.handleReceived(messages);
    return new Promise((done) => {
      this.waiting.push({ messages, done });
      if (!this.applying) void this.applyCoalesced();
    });
  }

  /** One received batch after the other, each made of all that were waiting (never rejects: handleReceived does not). */
  private async applyCoalesced(): Promise<void> {
    this.applying = true;
    while (this.waiting.length > 0) {
      const taken = this.waiting.splice(0);
      await this.handleReceived(taken.flatMap((t) => t.messages));
      for (const t of taken) t.done();
    }
    this.applying = false;
  }

  private async handleReceived(messages: Message[]): Promise<void> {
    if (this.opts.batchHandler) {
      const rest = await this.handleTogether(messages, this.opts.batchHandler);
      if (rest.length === 0) return;
      messages = rest;
    }
    const groups = new Map<string, Message[]>();
    for (const message of messages) {
      const group = message.Attributes?.MessageGroupId ?? message.MessageId ?? '';
      let list = groups.get(group);
      if (!list) groups.set(group, (list = []));
      list.push(message);
    }
    const done: Message[] = [];
    await Promise.all(
      [...groups.values()].map(async (list) => {
        for (const message of list) {
          if (!(await this.handleMessage(message))) return;
          done.push(message);
        }
      }),
    );
    if (done.length === 0) return;
    const ack = this.acknowledge(done);
    this.acks.add(ack);
    void ack.finally(() => this.acks.delete(ack));
  }

  /**
   * The batch path: every valid event of the receive in one transaction. Returns the messages left for the
   * one-at-a-time path: the invalid ones (it logs and leaves them), or all of them when the batch did not commit.
   */
  private async handleTogether(messages: Message[], batchHandler: BatchHandler): Promise<Message[]> {
    const { consumer, logger } = this.opts;
    const valid: { message: Message; event: EventEnvelope }[] = [];
    const rest: Message[] = [];
    for (const message of messages) {
      const parsed = parseEnvelope(message.Body);
      if (parsed.ok) valid.push({ message, event: parsed.event });
      else rest.push(message);
    }
    if (valid.length === 0) return rest;
    const events = valid.map((v) => v.event);
    const first = events[0]!;
    // Each event's handling is a span of its own trace (the events of a batch come from many requests); the batch's
    // transaction runs within the first one's, each handler of `handlersInOneTransaction` within its own.
    const spans = events.map((event) => {
      const span = openSpan('paygraph.event.consume', event.trace, {
        'service.name': consumer,
        'event.type': event.type,
        'event.id': event.id,
        'event.consumer': consumer,
        'aggregate.id': event.aggregateId,
        'event.batch': events.length,
      });
      if (span) batchSpans.set(event, span);
      return span;
    });
    let applied: { applied: number; fresh: Set<string> };
    try {
      const apply = () => this.applyTogether(events, batchHandler);
      applied = await runWithContext({ correlationId: first.correlationId, causationId: first.id }, () => (spans[0] ? spans[0].within(apply) : apply()));
    } catch (error) {
      const log = () =>
        logger.warn(
          { err: error, consumer, events: events.length, eventIds: events.map((e) => e.id) },
          'a batch of events failed together; handling them one at a time',
        );
      if (spans[0]) spans[0].within(log);
      else log();
      for (const span of spans) {
        span?.fail(error);
        span?.finish();
      }
      return messages;
    }
    const now = Date.now();
    events.forEach((event, i) => {
      const outcome = applied.fresh.has(event.id) ? (this.opts.handlers[event.type] ? 'handled' : 'unhandled') : 'duplicate';
      observeConsumed(consumer, event, outcome, now);
      // One line per event, in that event's own span: a batch mixes requests, and each line must name its trace.
      const log = () => logger.debug({ consumer, eventId: event.id, type: event.type, outcome, batch: events.length }, 'event consumed');
      const span = spans[i];
      if (span) span.within(log);
      else log();
    });
    for (const span of spans) span?.finish();
    for (const { event } of valid) failpoint(`consumer.after-commit:${event.type}`);
    const ack = this.acknowledge(valid.map((v) => v.message));
    this.acks.add(ack);
    void ack.finally(() => this.acks.delete(ack));
    return rest;
  }

  /** The inbox rows of all events and the batch handler's effect on the new ones commit together. */
  private async applyTogether(events: EventEnvelope[], batchHandler: BatchHandler): Promise<{ applied: number; fresh: Set<string> }> {
    if (this.opts.mayAct && !(await this.opts.mayAct(events))) return { applied: 0, fresh: new Set(events.map((e) => e.id)) };
    return this.opts.orm.em.fork().transactional(async (em) => {
      const inserted = await (em as EntityManager).execute<{ event_id: string }[]>(
        `insert into inbox (consumer, event_id, event_type, processed_at) values ${events.map(() => '(?, ?, ?, now())').join(', ')}
         on conflict do nothing returning event_id`,
        events.flatMap((e) => [this.opts.consumer, e.id, e.type]),
      );
      const fresh = new Set(inserted.map((r) => r.event_id));
      const inserted_ = new Set(fresh);
      // An event delivered twice in one receive is applied once: `fresh` loses an id when it is taken.
      const todo = events.filter((e) => fresh.delete(e.id) && this.opts.handlers[e.type] !== undefined);
      if (todo.length > 0) await batchHandler(todo, em as EntityManager);
      return { applied: todo.length, fresh: inserted_ };
    });
  }

  /** Deletes committed messages, ten per request. Never throws: a message not deleted comes back as a duplicate. */
  private async acknowledge(messages: Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      await this.quietly('DeleteMessageBatch', async () => {
        const res = await this.opts.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.opts.queueUrl,
            Entries: chunk.map((message, index) => ({ Id: `m${index}`, ReceiptHandle: message.ReceiptHandle })),
          }),
        );
        for (const failed of res.Failed ?? []) {
          const message = chunk[Number(failed.Id?.slice(1))];
          this.opts.logger.warn(
            { consumer: this.opts.consumer, messageId: message?.MessageId, code: failed.Code, reason: failed.Message },
            'SQS did not delete a handled message; it will come back as a duplicate',
          );
        }
      });
    }
  }

  /**
   * Returns whether the message was handled (its effect is committed or it was a duplicate) and may be acknowledged;
   * the next one of its group may go. Never throws.
   */
  private async handleMessage(message: Message): Promise<boolean> {
    const { consumer, logger } = this.opts;
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? '1');
    const parsed = parseEnvelope(message.Body);
    if (!parsed.ok) {
      // Not deleted: the redrive policy moves it to the DLQ, where it can be inspected and replayed after a fix.
      logger.error(
        { consumer, messageId: message.MessageId, receiveCount, eventId: parsed.eventId, type: parsed.type, reason: parsed.reason },
        'invalid event message; leaving it for the dead-letter queue',
      );
      METRICS.consumerFailures.inc({ service: consumer, type: parsed.type ?? 'unknown', reason: 'invalid' });
      if (this.isLastReceive(receiveCount)) {
        raiseDeadLetterAlert(logger, { consumer, messageId: message.MessageId, receiveCount, eventId: parsed.eventId, type: parsed.type, reason: parsed.reason });
      }
      return false;
    }
    const event = parsed.event;
    const trace = Object.keys(event.trace).length > 0 ? event.trace : traceFromAttributes(message);
    // All of it in the event's span, so that every log line of the handling (the failure's too) names the trace.
    return runWithContext({ correlationId: event.correlationId, causationId: event.id }, () =>
      continueTrace(
        'paygraph.event.consume',
        trace,
        { 'service.name': consumer, 'event.type': event.type, 'event.id': event.id, 'event.consumer': consumer, 'aggregate.id': event.aggregateId },
        async () => {
          let outcome: Outcome;
          try {
            outcome = await this.apply(event);
          } catch (error) {
            markActiveSpanFailed(error);
            METRICS.consumerFailures.inc({ service: consumer, type: event.type, reason: 'handler' });
            const delay = Math.max(0, Math.min(43_200, Math.round(this.retryDelaySeconds(receiveCount))));
            logger.error(
              { err: error, consumer, eventId: event.id, type: event.type, aggregateId: event.aggregateId, receiveCount, retryInSeconds: delay },
              'event handler failed; the event will be retried',
            );
            if (this.isLastReceive(receiveCount)) {
              const { id: eventId, type, aggregateId } = event;
              raiseDeadLetterAlert(logger, { consumer, messageId: message.MessageId, receiveCount, eventId, type, aggregateId, err: error });
            }
            await this.quietly('ChangeMessageVisibility', () =>
              this.opts.sqs.send(
                new ChangeMessageVisibilityCommand({ QueueUrl: this.opts.queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: delay }),
              ),
            );
            return false;
          }
          observeConsumed(consumer, event, outcome, Date.now());
          logger.debug({ consumer, eventId: event.id, type: event.type, outcome, receiveCount }, 'event consumed');
          // The effect is committed and the message not yet acknowledged: the window a crash test aims at.
          failpoint(`consumer.after-commit:${event.type}`);
          // Deleted with the rest of its batch. Should that fail the message comes back later and the inbox turns it
          // into a duplicate: nothing is applied twice.
          return true;
        },
      ),
    );
  }

  private isLastReceive(receiveCount: number): boolean {
    return this.opts.maxReceiveCount !== undefined && receiveCount >= this.opts.maxReceiveCount;
  }

  /** The inbox row and the handler's effect commit together, or not at all. */
  private async apply(event: EventEnvelope): Promise<Outcome> {
    const handler = this.opts.handlers[event.type] as EventHandler<EventType> | undefined;
    return this.opts.orm.em.fork().transactional(async (em) => {
      const inserted: { affectedRows?: number } = await (em as EntityManager).execute(
        'insert into inbox (consumer, event_id, event_type, processed_at) values (?, ?, ?, now()) on conflict do nothing',
        [this.opts.consumer, event.id, event.type],
        'run',
      );
      // A concurrent delivery of the same event waits on the primary key until this one commits, then inserts nothing.
      if (inserted.affectedRows === 0) return 'duplicate';
      if (!handler) return 'unhandled';
      await handler(event, em as EntityManager);
      return 'handled';
    });
  }

  private async quietly(action: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.opts.logger.warn({ err: error, consumer: this.opts.consumer, action }, 'SQS call failed');
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.abort.signal.addEventListener('abort', done);
    });
  }
}

function traceFromAttributes(message: Message): Record<string, string> | undefined {
  const raw = message.MessageAttributes?.traceContext?.StringValue;
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!parsed || typeof parsed !== 'object') return undefined;
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  } catch {
    return undefined;
  }
}
