import pg from 'pg';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { parseConfig, type Env } from '@paygraph/platform/config';
import { databaseUrl } from '@paygraph/platform/db';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { callSubgraph, testEnv, type GraphQLResponse } from '@paygraph/platform/testing';
import { Backbone, consumerQueueName, type EventEnvelope } from '@paygraph/platform/events';
import { createLogger } from '@paygraph/platform/logger';
import type { RunningService } from '@paygraph/platform/server';
import type { Role } from '@paygraph/platform/identity';
import { accountsConfigSchema, type AccountsConfig } from '../src/config.js';
import { start, type AccountsDeps } from '../src/server.js';

export interface Harness {
  env: Env;
  config: AccountsConfig;
  service: RunningService;
  db: pg.Client;
  sqs: SQSClient;
  /** Calls the subgraph as the gateway would, on behalf of `userId` (or anonymously with null). */
  call<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: { userId: string | null; roles?: Role[] }): Promise<GraphQLResponse<T>>;
  sql<R extends pg.QueryResultRow = Record<string, any>>(text: string, values?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

export async function startHarness(overrides: Env = {}, deps: AccountsDeps = {}): Promise<Harness> {
  const env = testEnv({
    ACCOUNTS_PORT: '0',
    CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
    SQS_WAIT_TIME_SECONDS: '1',
    OUTBOX_POLL_INTERVAL_MS: '50',
    ...overrides,
  });
  const config = parseConfig(accountsConfigSchema, env);
  const service = await start(config, deps);
  const db = new pg.Client({ connectionString: databaseUrl(config.DATABASE_URL, `${config.DATABASE_PREFIX}accounts`) });
  await db.connect();
  const { sqs } = new Backbone(config, 'accounts-test', createLogger('test', 'silent'));
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

export function userRegistered(userId: string): EventEnvelope<'UserRegistered'> {
  const now = new Date().toISOString();
  const id = uuidv7();
  return {
    id,
    type: 'UserRegistered',
    version: 1,
    source: 'users',
    occurredAt: now,
    aggregateId: userId,
    correlationId: id,
    causationId: null,
    trace: {},
    data: { userId, email: `${userId}@example.com`, displayName: 'Test User', registeredAt: now },
  };
}

/**
 * Puts an event on the accounts queue as the relay would. Each send gets its own deduplication id, so sending the
 * same envelope twice is a real redelivery (SQS FIFO would otherwise drop the copy).
 */
export async function deliver(h: Harness, event: EventEnvelope): Promise<void> {
  const { QueueUrl } = await h.sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(h.config.SQS_QUEUE_PREFIX, 'accounts') }));
  await h.sqs.send(
    new SendMessageCommand({
      QueueUrl,
      MessageBody: JSON.stringify(event),
      MessageGroupId: event.aggregateId,
      MessageDeduplicationId: uuidv7(),
    }),
  );
}

/** True once every message on the accounts queue has been received and deleted (none waiting, none in flight). */
export async function queueDrained(h: Harness): Promise<boolean> {
  const { QueueUrl } = await h.sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(h.config.SQS_QUEUE_PREFIX, 'accounts') }));
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

/** The card expires two years from now: valid whenever the test runs. */
export const futureYear = () => new Date().getUTCFullYear() + 2;

/**
 * Every string leaf of a JSON value; `opaque` drops leaves that are ids, tokens, hashes and timestamps, whose random
 * hex or clock digits would make a search for a 3-digit CVC flaky without saying anything about it.
 */
export function leaves(value: unknown, opaque = false): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (v === null || v === undefined) return;
    if (typeof v === 'object') for (const x of Object.values(v as object)) walk(x);
    else out.push(String(v));
  };
  walk(value);
  if (!opaque) return out;
  const isOpaque = (s: string) =>
    /^[a-z]{2,4}_[0-9a-f]{32}$/.test(s) || /^[0-9a-f]{64}$/.test(s) || /^[0-9a-f-]{36}$/.test(s) || /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-][\d:]+)$/.test(s);
  return out.filter((s) => !isOpaque(s));
}

export const USER_FIELDS = `
  query ($reps: [_Any!]!) {
    _entities(representations: $reps) {
      ... on User {
        id
        accounts { id type status businessName owner { id } createdAt }
        kyc { status tier submittedAt decidedAt rejectionReason limits { singlePayment { amount currency } daily { amount currency } monthly { amount currency } } }
        fundingInstruments { id kind last4 status card { brand expMonth expYear holderName fingerprint } bankAccount { country holderName bankCode } }
      }
    }
  }`;

export const userRep = (id: string) => ({ __typename: 'User', id });
