import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { defineEntity, p } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { consumersOf } from '@paygraph/events';
import { currentContext, runWithContext } from '../src/context.js';
import { databaseUrl, ensureDatabase } from '../src/db.js';
import { newId } from '../src/ids.js';
import { createLogger } from '../src/logger.js';
import { dropTestDatabases, testEnv } from '../src/testing/index.js';
import {
  backboneEntities,
  createPublisher,
  createSqsClient,
  DEAD_LETTER_ALERT,
  deadLetterCount,
  redriveDeadLetters,
  ensureConsumerQueue,
  Outbox,
  OutboxRelay,
  parseEnvelope,
  PublishError,
  handlersInOneTransaction,
  SqsConsumer,
  type BatchHandler,
  type EventEnvelope,
  type EventHandler,
  type Publisher,
} from '../src/events/index.js';

/**
 * The whole backbone against the real thing: PostgreSQL (a database per case), the SQS endpoint of the test run
 * (fauxqs) with real FIFO queues, DLQs and visibility timeouts. Each case gets its own database and queue prefix.
 */
const env = testEnv();
const logger = createLogger('events-test', env.LOG_LEVEL);
const CONSUMER = 'accounts';
const outbox = new Outbox('users');

/** What a handler does in these tests: one row per application of an event, in the handler's transaction. */
const EffectSchema = defineEntity({
  name: 'Effect',
  tableName: 'effect',
  properties: {
    seq: p.integer().primary(),
    eventId: p.uuid(),
    aggregateId: p.string(),
    note: p.string(),
  },
});

interface Rig {
  name: string;
  orm: MikroORM;
  queuePrefix: string;
  queueUrl: string;
  dlqUrl: string;
  relay: OutboxRelay;
  consumer: SqsConsumer;
  close(): Promise<void>;
}

let sqs: SQSClient;
const rigs: Rig[] = [];

async function rig(
  name: string,
  opts: {
    handler?: EventHandler<'UserRegistered'>;
    batchHandler?: BatchHandler;
    lingerMs?: number;
    coalesce?: boolean;
    receivers?: number;
    /** Wraps the consumer's SQS client (to watch its receives). */
    consumerSqs?: (real: SQSClient) => SQSClient;
    maxReceiveCount?: number;
    visibilityTimeoutSeconds?: number;
    publisher?: (real: Publisher) => Publisher;
    relay?: { batchSize?: number; retryBaseMs?: number; pollIntervalMs?: number; maxPollIntervalMs?: number };
    /** The consumer's logger (default: the file's). */
    consumerLogger?: typeof logger;
  } = {},
): Promise<Rig> {
  const dbName = `${env.DATABASE_PREFIX}${name}`;
  await ensureDatabase(env.DATABASE_URL!, dbName);
  const orm = await MikroORM.init({
    clientUrl: databaseUrl(env.DATABASE_URL!, dbName),
    entities: [...backboneEntities, EffectSchema],
    allowGlobalContext: false,
    debug: false,
  });
  await orm.schema.create();
  const queuePrefix = `${env.SQS_QUEUE_PREFIX}${name}-`;
  const { queueUrl, dlqUrl } = await ensureConsumerQueue(sqs, {
    queuePrefix,
    consumer: CONSUMER,
    maxReceiveCount: opts.maxReceiveCount,
    visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds,
  });
  // createQueues: events routed to other consumers (the routing table grows) find a queue under this prefix too.
  const real = createPublisher({ sqs, queuePrefix, createQueues: true });
  const relay = new OutboxRelay({ orm, publisher: opts.publisher ? opts.publisher(real) : real, logger, ...opts.relay });
  const consumer = new SqsConsumer({
    consumer: CONSUMER,
    orm,
    sqs: opts.consumerSqs ? opts.consumerSqs(sqs) : sqs,
    queueUrl,
    logger: opts.consumerLogger ?? logger,
    maxReceiveCount: opts.maxReceiveCount,
    handlers: { UserRegistered: opts.handler ?? recordEffect },
    batchHandler: opts.batchHandler,
    lingerMs: opts.lingerMs,
    coalesce: opts.coalesce,
    receivers: opts.receivers,
  });
  const r: Rig = {
    name,
    orm,
    queuePrefix,
    queueUrl,
    dlqUrl,
    relay,
    consumer,
    async close() {
      await consumer.stop();
      await relay.stop();
      await orm.close(true);
    },
  };
  rigs.push(r);
  return r;
}

/** A logger that keeps the alerts it is given (error lines carrying `alert`). */
function alertLog() {
  const alerts: Record<string, unknown>[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => void (JSON.parse(line).alert && alerts.push(JSON.parse(line))) });
  return { log, alerts };
}

const recordEffect: EventHandler<'UserRegistered'> = async (event, em) => {
  const ctx = currentContext();
  em.create(EffectSchema, {
    eventId: event.id,
    aggregateId: event.aggregateId,
    note: `${event.data.displayName}|${ctx.correlationId}|${ctx.causationId}`,
  });
};

function registered(userId: string, displayName = 'Ada') {
  return { userId, email: 'ada@example.com', displayName, registeredAt: new Date().toISOString() };
}

async function emit(r: Rig, aggregates: { userId: string; displayName?: string }[]): Promise<EventEnvelope<'UserRegistered'>[]> {
  return r.orm.em.fork().transactional(async (em) =>
    aggregates.map(({ userId, displayName }) => outbox.emit(em, 'UserRegistered', userId, registered(userId, displayName))),
  );
}

async function effects(r: Rig): Promise<{ seq: number; event_id: string; aggregate_id: string; note: string }[]> {
  return r.orm.em.fork().execute('select seq, event_id, aggregate_id, note from effect order by seq');
}

async function count(r: Rig, sql: string): Promise<number> {
  const [row] = await r.orm.em.fork().execute<{ n: string }[]>(sql);
  return Number(row!.n);
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** No message left in the queue, visible or in flight: everything sent has been received and deleted. */
async function drained(queueUrl: string): Promise<boolean> {
  const res = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return res.Attributes?.ApproximateNumberOfMessages === '0' && res.Attributes?.ApproximateNumberOfMessagesNotVisible === '0';
}

async function receiveAll(queueUrl: string, expected: number, timeoutMs: number): Promise<Message[]> {
  const got: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < expected && Date.now() < deadline) {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    got.push(...(res.Messages ?? []));
  }
  return got;
}

beforeAll(() => {
  expect(consumersOf('UserRegistered')).toContain(CONSUMER);
  sqs = createSqsClient({ endpoint: env.SQS_ENDPOINT, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test', queuePrefix: '' });
});

afterAll(async () => {
  for (const r of rigs) await r.close().catch(() => undefined);
  sqs?.destroy();
  await dropTestDatabases(env);
});

describe('event backbone', () => {
  it('when an event is emitted in a committed transaction, then the consumer applies it once, with the context propagated', async () => {
    // A poll far longer than the test: only the wake-up on commit can make the event leave in time.
    const r = await rig('flow', { relay: { pollIntervalMs: 60_000 } });
    await r.relay.start();
    await r.consumer.start();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the relay has looked once and gone to sleep
    const userId = newId('usr');
    const started = Date.now();
    const [event] = await runWithContext({ correlationId: 'corr-flow' }, () => emit(r, [{ userId }]));

    const rows = await waitFor('the effect', async () => {
      const e = await effects(r);
      return e.length > 0 && e;
    });
    const latencyMs = Date.now() - started;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.event_id).toBe(event!.id);
    expect(rows[0]!.note).toBe(`Ada|corr-flow|${event!.id}`);
    expect(latencyMs).toBeLessThan(2_000);

    expect(event).toMatchObject({ type: 'UserRegistered', version: 1, source: 'users', aggregateId: userId, correlationId: 'corr-flow', causationId: null });
    // The relay marks the row after SQS accepted it, so the consumer may apply the event a moment before the mark.
    const outboxRow = await waitFor('the outbox row to be marked published', async () => {
      const [row] = await r.orm.em.fork().execute<{ published_at: Date | null; attempts: number; envelope: EventEnvelope }[]>(
        'select published_at, attempts, envelope from outbox',
      );
      return row?.published_at ? row : undefined;
    });
    expect(outboxRow!.published_at).not.toBeNull();
    expect(outboxRow!.attempts).toBe(1);
    expect(outboxRow!.envelope).toEqual(event);
    expect(await count(r, `select count(*) as n from inbox where consumer = '${CONSUMER}' and event_id = '${event!.id}'`)).toBe(1);

    await waitFor('the queue to drain', () => drained(r.queueUrl));
    expect(await effects(r)).toHaveLength(1);

    // stop() abandons the 20 s long poll instead of waiting for it.
    const stopping = Date.now();
    await r.consumer.stop();
    expect(Date.now() - stopping).toBeLessThan(2_000);
  });

  it('when the same message is delivered twice, then the effect happens once', async () => {
    const r = await rig('dup');
    await r.consumer.start();
    const [event] = await emit(r, [{ userId: newId('usr') }]);
    expect(await r.relay.flush()).toBe(1);
    await waitFor('the first delivery', async () => (await effects(r)).length === 1);
    await waitFor('the queue to drain', () => drained(r.queueUrl));

    // A redelivery as SQS may make it (another deduplication id, so FIFO deduplication does not hide it).
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: r.queueUrl,
        MessageBody: JSON.stringify(event),
        MessageGroupId: event!.aggregateId,
        MessageDeduplicationId: `${event!.id}-again`,
      }),
    );
    await waitFor('the duplicate to be received and deleted', () => drained(r.queueUrl));
    const rows = await effects(r);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.event_id).toBe(event!.id);
  });

  it('when the relay publishes again after a crash between publishing and marking, then the effect happens once', async () => {
    let published = 0;
    const r = await rig('republish', {
      publisher: (real) => ({
        publish: async (events, o) => {
          await real.publish(events, o);
          published += events.length;
        },
      }),
    });
    await r.consumer.start();
    const [event] = await emit(r, [{ userId: newId('usr') }]);
    expect(await r.relay.flush()).toBe(1);
    await waitFor('the effect', async () => (await effects(r)).length === 1);

    // What a crash after the SendMessageBatch but before the mark leaves behind, once the claim's lease ran out.
    await r.orm.em.fork().execute('update outbox set published_at = null, next_attempt_at = now()');
    expect(await r.relay.flush()).toBe(1);
    expect(published).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await waitFor('the queue to drain', () => drained(r.queueUrl));
    const rows = await effects(r);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.event_id).toBe(event!.id);
    expect(await count(r, 'select attempts as n from outbox')).toBe(2);
  });

  it('when a relay has nothing to publish, then its polls back off, and a row another process wrote still leaves within the longest interval', async () => {
    const r = await rig('idlepoll', { relay: { pollIntervalMs: 20, maxPollIntervalMs: 160 } });
    let probes = 0;
    const relay = r.relay as unknown as { probe: () => Promise<boolean> };
    const probe = relay.probe.bind(r.relay);
    relay.probe = () => {
      probes++;
      return probe();
    };
    await r.relay.start();
    await r.consumer.start();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    // Without the backoff: 60 polls of 20 ms. With it: 20, 40, 80, 160, 160, … ms, about 10.
    expect(probes).toBeGreaterThan(3);
    expect(probes).toBeLessThan(16);

    // Another process's ORM: its commit wakes no relay here, only a poll finds the row.
    const other = await MikroORM.init({
      clientUrl: databaseUrl(env.DATABASE_URL!, `${env.DATABASE_PREFIX}idlepoll`),
      entities: [...backboneEntities, EffectSchema],
      allowGlobalContext: false,
      debug: false,
    });
    try {
      const userId = newId('usr');
      const started = Date.now();
      await other.em.fork().transactional(async (em) => outbox.emit(em, 'UserRegistered', userId, registered(userId)));
      await waitFor('the effect', async () => (await effects(r)).length > 0, 5_000);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await other.close(true);
    }
  });

  it('when a relay is publishing, then no transaction is open, and another relay leaves its leased rows alone until they are marked', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const r = await rig('lease', {
      publisher: (real) => ({
        publish: async (events, o) => {
          calls++;
          await gate;
          await real.publish(events, o);
        },
      }),
    });
    await emit(r, [{ userId: newId('usr') }]);
    const first = r.relay.flush();
    await waitFor('the first relay to be publishing', async () => calls === 1);
    // The claim committed on its own: nothing idles in a transaction across the SQS call.
    expect(
      await count(r, `select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`),
    ).toBe(0);
    // A second relay (another replica) on the same outbox: the row is leased, so it claims nothing.
    const other = new OutboxRelay({ orm: r.orm, publisher: createPublisher({ sqs, queuePrefix: r.queuePrefix, createQueues: true }), logger });
    expect(await other.flush()).toBe(0);
    release();
    expect(await first).toBe(1);
    expect(await count(r, 'select count(*)::int as n from outbox where published_at is not null and attempts = 1')).toBe(1);
    expect(await other.flush()).toBe(0);
  });

  it('when a handler always fails, then the message reaches the DLQ after maxReceiveCount receives, its effect never happens, and one alert is raised', async () => {
    let calls = 0;
    const { log, alerts } = alertLog();
    const r = await rig('poison', {
      consumerLogger: log,
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 1,
      handler: async (event, em) => {
        calls++;
        // Written, then rolled back with the failure.
        await recordEffect(event, em);
        await em.flush();
        throw new Error('handler bug');
      },
    });
    await r.consumer.start();
    const [event] = await emit(r, [{ userId: newId('usr') }]);
    await r.relay.flush();

    const [dead] = await receiveAll(r.dlqUrl, 1, 15_000);
    expect(dead).toBeDefined();
    expect(JSON.parse(dead!.Body!).id).toBe(event!.id);
    expect(dead!.Attributes?.MessageGroupId).toBe(event!.aggregateId);
    expect(calls).toBe(2);
    expect(await effects(r)).toHaveLength(0);
    expect(await count(r, 'select count(*) as n from inbox')).toBe(0);
    // On the last receive only: the first failure is retried, the second sends it to the DLQ.
    expect(alerts).toEqual([
      expect.objectContaining({ alert: DEAD_LETTER_ALERT, consumer: CONSUMER, eventId: event!.id, type: 'UserRegistered', aggregateId: event!.aggregateId, receiveCount: 2 }),
    ]);
    expect(alerts[0]!.err).toMatchObject({ message: 'handler bug' });
  });

  it('when dead-lettered events are redriven after the fix, then each is applied once, in its aggregate\'s order', async () => {
    let broken = true;
    const r = await rig('redrive', {
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 1,
      handler: async (event, em) => {
        if (broken) throw new Error('bug, fixed later');
        await recordEffect(event, em);
      },
    });
    await r.consumer.start();
    const [a, b] = [newId('usr'), newId('usr')];
    await emit(r, [{ userId: a, displayName: '1' }, { userId: b, displayName: '1' }]);
    await emit(r, [{ userId: a, displayName: '2' }]);
    await r.relay.flush();
    const sqsOpts = { queuePrefix: r.queuePrefix, consumer: CONSUMER };
    const deadline = Date.now() + 30_000;
    while ((await deadLetterCount(sqs, sqsOpts)) < 3) {
      if (Date.now() > deadline) throw new Error('the events did not reach the DLQ');
      await new Promise((res) => setTimeout(res, 250));
    }
    expect(await effects(r)).toHaveLength(0);

    broken = false;
    expect(await redriveDeadLetters(sqs, sqsOpts)).toEqual({ moved: 3 });
    expect(await deadLetterCount(sqs, sqsOpts)).toBe(0);
    const until = Date.now() + 15_000;
    while ((await effects(r)).length < 3 && Date.now() < until) await new Promise((res) => setTimeout(res, 100));
    const applied = await effects(r);
    expect(applied.filter((e) => e.aggregate_id === a).map((e) => e.note.split('|')[0])).toEqual(['1', '2']);
    expect(applied.filter((e) => e.aggregate_id === b).map((e) => e.note.split('|')[0])).toEqual(['1']);
    // A second redrive finds nothing; nothing is applied twice.
    expect(await redriveDeadLetters(sqs, sqsOpts)).toEqual({ moved: 0 });
    expect(await effects(r)).toHaveLength(3);
  });

  it('when messages are not valid events, then they are not deleted but reach the DLQ, nothing is applied, and each raises an alert', async () => {
    const { log, alerts } = alertLog();
    const r = await rig('malformed', { maxReceiveCount: 2, visibilityTimeoutSeconds: 1, consumerLogger: log });
    await r.consumer.start();
    const userId = newId('usr');
    const valid = { ...(await emit(r, [{ userId }]))[0]! };
    await r.orm.em.fork().execute('delete from outbox'); // only hand-made messages in this case
    const bodies = [
      'not json at all',
      JSON.stringify({ ...valid, id: '0192f3c4-e5a6-7b8c-9d0e-1f2a3b4c5d6e', data: { ...valid.data, email: 'not-an-email' } }),
      JSON.stringify({ ...valid, id: '0192f3c4-e5a6-7b8c-9d0e-1f2a3b4c5d6f', type: 'NoSuchEvent' }),
    ];
    for (const [i, body] of bodies.entries()) {
      await sqs.send(new SendMessageCommand({ QueueUrl: r.queueUrl, MessageBody: body, MessageGroupId: `g${i}`, MessageDeduplicationId: `d${i}` }));
    }
    const dead = await receiveAll(r.dlqUrl, bodies.length, 15_000);
    expect(dead.map((m) => m.Body).sort()).toEqual([...bodies].sort());
    for (const m of dead) expect(Number(m.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(2);
    expect(alerts.map((a) => [a.alert, a.messageId]).sort()).toEqual(dead.map((m) => [DEAD_LETTER_ALERT, m.MessageId]).sort());
    expect(alerts.map((a) => String(a.type ?? '(unreadable)')).sort()).toEqual(['(unreadable)', 'NoSuchEvent', 'UserRegistered']);
    expect(await effects(r)).toHaveLength(0);
    expect(await count(r, 'select count(*) as n from inbox')).toBe(0);
  });

  it('when a consumer applies received batches together, then every event is applied once, in order per aggregate, in fewer transactions', async () => {
    const sizes: number[] = [];
    const r = await rig('together', {
      batchHandler: async (events, em) => {
        sizes.push(events.length);
        for (const event of events) await recordEffect(event as EventEnvelope<'UserRegistered'>, em);
      },
    });
    const users = Array.from({ length: 5 }, () => newId('usr'));
    const events: EventEnvelope[] = [];
    for (let i = 0; i < 8; i++) events.push(...(await emit(r, users.map((userId) => ({ userId, displayName: `${i}` })))));
    expect(await r.relay.flush()).toBe(40);
    // Redeliveries, as SQS may make them, of events also in the queue: one copy of each is applied.
    for (const event of events.slice(0, 3)) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: r.queueUrl,
          MessageBody: JSON.stringify(event),
          MessageGroupId: event.aggregateId,
          MessageDeduplicationId: `${event.id}-again`,
        }),
      );
    }
    await r.consumer.start();
    await waitFor('the queue to drain', async () => (await effects(r)).length >= 40 && drained(r.queueUrl), 15_000);

    const rows = await effects(r);
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((row) => row.event_id)).size).toBe(40);
    for (const userId of users) {
      expect(rows.filter((row) => row.aggregate_id === userId).map((row) => Number(row.note.split('|')[0]))).toEqual([...Array(8).keys()]);
    }
    expect(await count(r, 'select count(*) as n from inbox')).toBe(40);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(40);
    expect(sizes.length).toBeLessThan(40);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
  });

  it("when a consumer applies batches with its own handlers (handlersInOneTransaction), then each event once, in order, under its own causation", async () => {
    const causes = new Map<string, string | undefined>();
    const handler: EventHandler<'UserRegistered'> = async (event, em) => {
      causes.set(event.id, currentContext().causationId);
      await recordEffect(event, em);
    };
    const r = await rig('own_handlers', { handler, batchHandler: handlersInOneTransaction({ UserRegistered: handler }) });
    const users = Array.from({ length: 4 }, () => newId('usr'));
    for (let i = 0; i < 6; i++) await emit(r, users.map((userId) => ({ userId, displayName: `${i}` })));
    expect(await r.relay.flush()).toBe(24);
    await r.consumer.start();
    await waitFor('the queue to drain', async () => (await effects(r)).length >= 24 && drained(r.queueUrl), 15_000);
    const rows = await effects(r);
    expect(new Set(rows.map((row) => row.event_id)).size).toBe(24);
    for (const userId of users) {
      expect(rows.filter((row) => row.aggregate_id === userId).map((row) => Number(row.note.split('|')[0]))).toEqual([...Array(6).keys()]);
    }
    // What a handler emits is caused by its own event, not by the first event of its batch.
    expect([...causes].every(([eventId, cause]) => cause === eventId)).toBe(true);
    expect(causes.size).toBe(24);
  });

  it('when a consumer coalesces, then one batch is applied at a time, carrying every receive that waited, each event once and in order', async () => {
    const sizes: number[] = [];
    let inFlight = 0;
    let overlapped = false;
    const r = await rig('coalesce', {
      coalesce: true,
      batchHandler: async (events, em) => {
        overlapped ||= ++inFlight > 1;
        sizes.push(events.length);
        // Slow, as a handler serialised on one row is under load: receives pile up meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 150));
        for (const event of events) await recordEffect(event as EventEnvelope<'UserRegistered'>, em);
        inFlight--;
      },
    });
    // 30 aggregates: FIFO hands out no message of a group in flight, so receives find other groups meanwhile.
    const users = Array.from({ length: 30 }, () => newId('usr'));
    for (let i = 0; i < 2; i++) await emit(r, users.map((userId) => ({ userId, displayName: `${i}` })));
    expect(await r.relay.flush()).toBe(60);
    await r.consumer.start();
    await waitFor('the queue to drain', async () => (await effects(r)).length >= 60 && drained(r.queueUrl), 15_000);

    const rows = await effects(r);
    expect(new Set(rows.map((row) => row.event_id)).size).toBe(60);
    for (const userId of users) {
      expect(rows.filter((row) => row.aggregate_id === userId).map((row) => Number(row.note.split('|')[0]))).toEqual([0, 1]);
    }
    expect(overlapped).toBe(false);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(60);
    // A receive holds at most 10: a batch of more is several receives applied together.
    expect(Math.max(...sizes)).toBeGreaterThan(10);
  });

  it('when a backlog waits, then several receives drain it at once, never more than `receivers`, and one long poll is left once it is drained', async () => {
    let receiving = 0;
    let most = 0;
    const waits: number[] = [];
    const r = await rig('receivers', {
      receivers: 3,
      consumerSqs: (real) =>
        ({
          send: async (command: unknown, options?: unknown) => {
            if (!(command instanceof ReceiveMessageCommand)) return real.send(command as never, options as never);
            waits.push(command.input.WaitTimeSeconds ?? -1);
            most = Math.max(most, ++receiving);
            try {
              return await real.send(command, options as never);
            } finally {
              receiving--;
            }
          },
        }) as unknown as SQSClient,
    });
    // 60 aggregates, one event each: every receive of the backlog comes back full.
    await emit(r, Array.from({ length: 60 }, () => ({ userId: newId('usr'), displayName: 'x' })));
    expect(await r.relay.flush()).toBe(60);
    await r.consumer.start();
    await waitFor('the queue to drain', async () => (await effects(r)).length >= 60 && drained(r.queueUrl), 15_000);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
    // The extra receives are short: only the first loop long-polls, so an idle queue has one poll waiting on it.
    expect(waits.filter((w) => w > 0).length).toBeLessThan(waits.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiving).toBe(1);
    expect(new Set((await effects(r)).map((row) => row.event_id)).size).toBe(60);
  });

  it('when events trickle in to a lingering consumer, then it takes them in fuller batches', async () => {
    const sizes: number[] = [];
    const r = await rig('linger', {
      lingerMs: 400,
      batchHandler: async (events, em) => {
        sizes.push(events.length);
        for (const event of events) await recordEffect(event as EventEnvelope<'UserRegistered'>, em);
      },
    });
    await r.relay.start();
    await r.consumer.start();
    for (let i = 0; i < 12; i++) {
      await emit(r, [{ userId: newId('usr'), displayName: `${i}` }]);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await waitFor('every effect', async () => (await effects(r)).length >= 12);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
    // One event every 40 ms: without the pause after a short receive each would be a batch of its own.
    expect(sizes.length).toBeLessThanOrEqual(6);
  });

  it('when a batch fails together, then its events are handled one at a time: the others applied, the failing one sent to the DLQ', async () => {
    let together = 0;
    const r = await rig('togetherpoison', {
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 1,
      handler: async (event, em) => {
        if (event.data.displayName === 'poison') throw new Error('handler bug');
        await recordEffect(event, em);
      },
      batchHandler: async (events, em) => {
        together++;
        for (const event of events) {
          // Written, then rolled back with the batch.
          await recordEffect(event as EventEnvelope<'UserRegistered'>, em);
          await em.flush();
          if ((event as EventEnvelope<'UserRegistered'>).data.displayName === 'poison') throw new Error('handler bug');
        }
      },
    });
    const users = Array.from({ length: 6 }, () => newId('usr'));
    const events = await emit(r, users.map((userId, i) => ({ userId, displayName: i === 2 ? 'poison' : `${i}` })));
    expect(await r.relay.flush()).toBe(6);
    await r.consumer.start();

    const [dead] = await receiveAll(r.dlqUrl, 1, 15_000);
    expect(JSON.parse(dead!.Body!).id).toBe(events[2]!.id);
    await waitFor('the others', async () => (await effects(r)).length >= 5);
    const rows = await effects(r);
    expect(rows.map((row) => row.event_id).sort()).toEqual(events.filter((_, i) => i !== 2).map((e) => e.id).sort());
    expect(await count(r, 'select count(*) as n from inbox')).toBe(5);
    expect(together).toBeGreaterThan(0);
  });

  it('when the context carries a correlation id consumers would refuse, then emitting fails the producer and nothing reaches the outbox', async () => {
    const r = await rig('badenvelope');
    const userId = newId('usr');
    // Consumers refuse envelopes whose correlationId exceeds 200 characters: such an event would stall in their queues.
    await expect(runWithContext({ correlationId: 'c'.repeat(201) }, () => emit(r, [{ userId }]))).rejects.toThrow(/Invalid envelope for event UserRegistered/);
    expect(await count(r, 'select count(*) as n from outbox')).toBe(0);
    const [ok] = await runWithContext({ correlationId: 'c'.repeat(200) }, () => emit(r, [{ userId }]));
    expect(parseEnvelope(JSON.stringify(ok)).ok).toBe(true);
  });

  it('when the transaction that emitted an event rolls back, then the event is never published', async () => {
    const r = await rig('rollback');
    await r.consumer.start();
    const doomed = newId('usr');
    await expect(
      r.orm.em.fork().transactional(async (em) => {
        outbox.emit(em, 'UserRegistered', doomed, registered(doomed, 'Doomed'));
        await em.flush();
        throw new Error('business rule failed after the event was written');
      }),
    ).rejects.toThrow('business rule failed');
    const kept = newId('usr');
    await emit(r, [{ userId: kept, displayName: 'Kept' }]);

    expect(await r.relay.flush()).toBe(1);
    expect(await count(r, 'select count(*) as n from outbox')).toBe(1);
    await waitFor('the committed event', async () => (await effects(r)).length === 1);
    await waitFor('the queue to drain', () => drained(r.queueUrl));
    const rows = await effects(r);
    expect(rows.map((row) => row.aggregate_id)).toEqual([kept]);
  });

  it('when events of several aggregates flow while a publish fails, then each aggregate is applied in order', async () => {
    let failOn: string | null = null;
    const r = await rig('order', {
      relay: { batchSize: 7, retryBaseMs: 400 }, // the failed event waits while its aggregate's next ones are emitted
      publisher: (real) => ({
        // Fails one event once, the way the real publisher reports it: it, and the later events of its aggregate
        // (held back), are not published; the others are.
        publish: async (events, o) => {
          const target = events.findIndex((e) => e.id === failOn);
          if (target < 0) return real.publish(events, o);
          failOn = null;
          const aggregate = events[target]!.aggregateId;
          const held = events.filter((e, i) => i >= target && e.aggregateId === aggregate);
          await real.publish(events.filter((e) => !held.includes(e)), o);
          throw new PublishError(new Map(held.map((e) => [e.id, 'injected failure'])));
        },
      }),
    });
    const users = [newId('usr'), newId('usr'), newId('usr')];
    const perUser = 12;
    let n = 0;
    // Emitted in several transactions, some with several events, interleaving the aggregates.
    const first = await emit(r, users.map((userId) => ({ userId, displayName: `${n}` })));
    failOn = first[1]!.id; // the first event of the second user
    await r.relay.start();
    await r.consumer.start();
    for (n = 1; n < perUser; n++) {
      if (n % 3 === 0) await emit(r, users.flatMap((userId) => [{ userId, displayName: `${n}` }]));
      else for (const userId of users) await emit(r, [{ userId, displayName: `${n}` }]);
    }

    const rows = await waitFor(
      'every effect',
      async () => {
        const e = await effects(r);
        return e.length >= users.length * perUser && e;
      },
      20_000,
    );
    expect(rows).toHaveLength(users.length * perUser);
    for (const userId of users) {
      const seen = rows.filter((row) => row.aggregate_id === userId).map((row) => Number(row.note.split('|')[0]));
      expect(seen).toEqual([...Array(perUser).keys()]);
    }
    const [failed] = await r.orm.em.fork().execute<{ attempts: number; last_error: string }[]>(
      `select attempts, last_error from outbox where id = '${first[1]!.id}'`,
    );
    expect(failed).toEqual({ attempts: 2, last_error: 'injected failure' });
    expect(failOn).toBeNull();
  });

  it('when two relays run at once, then each row is published by one of them only, and each aggregate in order', async () => {
    const counts = [0, 0];
    const ids: string[] = [];
    const r = await rig('replicas', {
      publisher: (real) => ({
        publish: async (events, o) => {
          await real.publish(events, o);
          ids.push(...events.map((e) => e.id));
          counts[0]! += events.length;
        },
      }),
      relay: { batchSize: 10 },
    });
    // A slow replica: its sends land long after it claimed the rows, while the first relay keeps going.
    const second = new OutboxRelay({
      name: 'second-relay',
      orm: r.orm,
      batchSize: 10,
      logger,
      publisher: {
        publish: async (events) => {
          await new Promise((resolve) => setTimeout(resolve, 150));
          ids.push(...events.map((e) => e.id));
          counts[1]! += events.length;
        },
      },
    });
    const users = Array.from({ length: 20 }, () => newId('usr'));
    const events: EventEnvelope[] = [];
    for (let i = 0; i < 5; i++) events.push(...(await emit(r, users.map((userId) => ({ userId, displayName: `${i}` })))));

    const [a, b] = await Promise.all([r.relay.flush(), second.flush()]);
    expect(a + b).toBe(100);
    expect(counts[0]! + counts[1]!).toBe(100);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(100);
    // An aggregate's next event is claimable only once the previous one is marked, whichever relay holds it.
    for (const userId of users) {
      const mine = events.filter((e) => e.aggregateId === userId).map((e) => e.id);
      expect(ids.filter((id) => mine.includes(id))).toEqual(mine);
    }
    expect(await count(r, 'select count(*) as n from outbox where published_at is null')).toBe(0);
  });

  it('when 25 events are published, then they go to the consumer queue in batches of 10, grouped by aggregate, deduplicated by event id', async () => {
    const r = await rig('batches');
    const batches: number[] = [];
    sqs.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { QueueUrl?: string; Entries?: unknown[] };
        if (context.commandName === 'SendMessageBatchCommand' && input.QueueUrl === r.queueUrl) batches.push(input.Entries?.length ?? 0);
        return next(args);
      },
      { step: 'initialize', name: 'countBatches' },
    );
    try {
      const users = Array.from({ length: 20 }, () => newId('usr'));
      const events = await emit(r, Array.from({ length: 25 }, (_, i) => ({ userId: users[i % 20]!, displayName: `${i}` })));
      expect(await r.relay.flush()).toBe(25);
      expect(batches).toEqual([10, 10, 5]);

      // FIFO: one message per group in flight, so what can be received is the first event of each aggregate.
      const got = await receiveAll(r.queueUrl, 20, 5_000);
      expect(got).toHaveLength(20);
      for (const m of got) {
        const body = JSON.parse(m.Body!) as EventEnvelope;
        expect(body).toEqual(events.find((e) => e.id === body.id));
        expect(events.filter((e) => e.aggregateId === body.aggregateId)[0]!.id).toBe(body.id);
        expect(m.Attributes?.MessageGroupId).toBe(body.aggregateId);
        expect(m.Attributes?.MessageDeduplicationId).toBe(body.id);
        expect(m.MessageAttributes?.eventType?.StringValue).toBe('UserRegistered');
      }
    } finally {
      sqs.middlewareStack.remove('countBatches');
    }
  });

  it('when emitted data breaks the catalog or another service emits the event, then emit throws and nothing is written', async () => {
    const r = await rig('validate');
    const userId = newId('usr');
    await expect(
      r.orm.em.fork().transactional(async (em) => {
        outbox.emit(em, 'UserRegistered', userId, { ...registered(userId), email: 'nope' });
      }),
    ).rejects.toThrow(/Invalid data for event UserRegistered: email/);
    await expect(
      r.orm.em.fork().transactional(async (em) => {
        new Outbox('payments').emit(em, 'UserRegistered', userId, registered(userId));
      }),
    ).rejects.toThrow(/payments cannot emit UserRegistered/);
    expect(await count(r, 'select count(*) as n from outbox')).toBe(0);
  });
});
