import type { EventData, EventType } from '@paygraph/events';
import type { Env } from '@paygraph/platform/config';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { Redis } from 'ioredis';
import { consumed, deliver, dropTestDatabases, eventually, queueDrained, startSubgraphHarness, testEnv, type SubgraphHarness } from '@paygraph/platform/testing';
import type { EventEnvelope } from '@paygraph/platform/events';
import type { Role } from '@paygraph/platform/identity';
import { fraudConfigSchema, type FraudConfig } from '../src/config.js';
import { start, type FraudDeps } from '../src/server.js';

export { consumed, deliver, eventually, queueDrained };

export type Harness = SubgraphHarness<FraudConfig>;

/** A test-file-private Redis key prefix, derived from the file's database prefix. */
export const redisPrefixOf = (env: Env) => `${env.DATABASE_PREFIX!.replace(/_$/, '')}:fraud`;

/** A test file's afterAll: stops the harness, then removes its Redis keys and databases. */
export async function stopHarness(h: Harness | undefined): Promise<void> {
  await h?.stop();
  if (!h) return;
  if (h.env.REDIS_URL) {
    // (Without Redis, on a bare machine, the velocity store was in memory: nothing to clear.)
    const redis = new Redis(h.env.REDIS_URL);
    const keys = await redis.keys(`${redisPrefixOf(h.env)}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  await dropTestDatabases(h.env);
}

export function startHarness(overrides: Env = {}, deps: FraudDeps = {}): Promise<Harness> {
  const base = testEnv({ FRAUD_PORT: '0', SQS_WAIT_TIME_SECONDS: '1', OUTBOX_POLL_INTERVAL_MS: '50', ...overrides });
  const env = { FRAUD_REDIS_PREFIX: redisPrefixOf(base), ...base };
  return startSubgraphHarness({ name: 'fraud', env, configSchema: fraudConfigSchema, start: (config) => start(config, deps) });
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
