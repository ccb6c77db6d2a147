import pg from 'pg';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EventData, EventType } from '@paygraph/events';
import { parseConfig, type Env } from '@paygraph/platform/config';
import { databaseUrl } from '@paygraph/platform/db';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { callSubgraph, testEnv, type GraphQLResponse } from '@paygraph/platform/testing';
import { Backbone, consumerQueueName, type EventEnvelope } from '@paygraph/platform/events';
import { createLogger } from '@paygraph/platform/logger';
import type { RunningService } from '@paygraph/platform/server';
import type { Role } from '@paygraph/platform/identity';
import { fraudConfigSchema, type FraudConfig } from '../src/config.js';
import { start, type FraudDeps } from '../src/server.js';

export interface Harness {
  env: Env;
  config: FraudConfig;
  service: RunningService;
  db: pg.Client;
  sqs: SQSClient;
  /** Calls the subgraph as the gateway would, on behalf of `userId` (or anonymously with null). */
  call<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: { userId: string | null; roles?: Role[] }): Promise<GraphQLResponse<T>>;
  sql<R extends pg.QueryResultRow = Record<string, any>>(text: string, values?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

/** A test-file-private Redis key prefix, derived from the file's database prefix. */
export const redisPrefixOf = (env: Env) => `${env.DATABASE_PREFIX!.replace(/_$/, '')}:fraud`;

export async function startHarness(overrides: Env = {}, deps: FraudDeps = {}): Promise<Harness> {
  const base = testEnv({ FRAUD_PORT: '0', SQS_WAIT_TIME_SECONDS: '1', OUTBOX_POLL_INTERVAL_MS: '50', ...overrides });
  const env = { FRAUD_REDIS_PREFIX: redisPrefixOf(base), ...base };
  const config = parseConfig(fraudConfigSchema, env);
  const service = await start(config, deps);
  const db = new pg.Client({ connectionString: databaseUrl(config.DATABASE_URL, `${config.DATABASE_PREFIX}fraud`) });
  await db.connect();
  const { sqs } = new Backbone(config, 'fraud-test', createLogger('test', 'silent'));
  return {
    env,
    config,
    service,
    db,
    sqs,
    call: (query, variables = {}, as = { userId: null }) =>
      callSubgraph(service.url, query, variables, { userId: as.userId, roles: as.roles ?? (as.userId ? ['USER'] : []) }),
    sql: async (text, values = []) => (await db.query(text, values)).rows,
    stop: async () => {
      await service.stop();
      await db.end();
      sqs.destroy();
    },
  };
}

export const newUserId = () => newId('usr');
export const admin = () => ({ userId: newUserId(), roles: ['USER', 'ADMIN'] as Role[] });

export function envelope<T extends EventType>(type: T, source: string, aggregateId: string, data: EventData<T>): EventEnvelope<T> {
  const id = uuidv7();
  return {
    id,
    type,
    version: 1,
    source,
    occurredAt: new Date().toISOString(),
    aggregateId,
    correlationId: id,
    causationId: null,
    trace: {},
    data,
  };
}

export type RequestData = EventData<'RiskAssessmentRequested'>;

/** A P2P request of 25.00 USD between two new users, now; override anything. */
export function riskRequest(overrides: Partial<RequestData> = {}): RequestData {
  return {
    transactionId: newId('txn'),
    paymentId: newId('pay'),
    kind: 'P2P',
    senderId: newUserId(),
    recipientId: newUserId(),
    amount: { minor: '2500', currency: 'USD' },
    fundingInstrumentId: null,
    at: new Date().toISOString(),
    ...overrides,
  };
}

export const requested = (data: RequestData) => envelope('RiskAssessmentRequested', 'transactions', data.transactionId, data);

export function completed(req: RequestData, at = req.at): EventEnvelope<'TransactionCompleted'> {
  return envelope('TransactionCompleted', 'transactions', req.transactionId, {
    transactionId: req.transactionId,
    paymentId: req.paymentId,
    kind: req.kind,
    senderId: req.senderId,
    recipientId: req.recipientId,
    amount: req.amount,
    journalEntryId: newId('jnl'),
    at,
  });
}

/**
 * Puts an event on the fraud queue as the relay would. Each send gets its own deduplication id, so sending the same
 * envelope twice is a real redelivery (SQS FIFO would otherwise drop the copy).
 */
export async function deliver(h: Harness, event: EventEnvelope): Promise<void> {
  const { QueueUrl } = await h.sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(h.config.SQS_QUEUE_PREFIX, 'fraud') }));
  await h.sqs.send(
    new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(event), MessageGroupId: event.aggregateId, MessageDeduplicationId: uuidv7() }),
  );
}

export async function queueDrained(h: Harness): Promise<boolean> {
  const { QueueUrl } = await h.sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(h.config.SQS_QUEUE_PREFIX, 'fraud') }));
  const { Attributes } = await h.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Attributes?.ApproximateNumberOfMessages === '0' && Attributes?.ApproximateNumberOfMessagesNotVisible === '0';
}

export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const consumed = (h: Harness, eventId: string) =>
  h.sql(`select 1 from inbox where consumer = 'fraud' and event_id = $1`, [eventId]).then((r) => r.length > 0);

export const assessmentOf = (h: Harness, transactionId: string) =>
  h.sql(`select * from risk_assessment where transaction_id = $1`, [transactionId]).then((r) => r[0] ?? null);

/** The envelopes of `type` in the outbox for one transaction, oldest first. */
export const outboxed = <T extends EventType>(h: Harness, type: T, transactionId: string) =>
  h
    .sql<{ envelope: EventEnvelope<T> }>(`select envelope from outbox where type = $1 and aggregate_id = $2 order by id`, [type, transactionId])
    .then((rows) => rows.map((r) => r.envelope));

/** Delivers a request and waits until it is assessed; returns the assessment row. */
export async function assessed(h: Harness, req: RequestData): Promise<Record<string, any>> {
  const event = requested(req);
  await deliver(h, event);
  await eventually(() => consumed(h, event.id));
  return (await assessmentOf(h, req.transactionId))!;
}
