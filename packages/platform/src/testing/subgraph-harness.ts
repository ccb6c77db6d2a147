import pg from 'pg';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { parseConfig, type BaseConfig, type Env, type z } from '../config.js';
import { databaseUrl } from '../db.js';
import { Backbone } from '../events/backbone.js';
import type { EventEnvelope } from '../events/envelope.js';
import { consumerQueueName } from '../events/queues.js';
import { IDENTITY_HEADER, IdentitySigner, type Role } from '../identity.js';
import { uuidv7 } from '../ids.js';
import { createLogger } from '../logger.js';
import { CLIENT_IP_HEADER, type RunningService } from '../server.js';
import { dropTestDatabases, postGraphQL, TEST_INTERNAL_SECRET, type GraphQLResponse } from './index.js';

/** Who a test request claims to come from. */
export interface Caller {
  userId?: string | null;
  /** Default: ['USER'] for a signed-in user, none for an anonymous call. */
  roles?: Role[];
  /** Default: the gateway. */
  issuer?: string;
  secret?: string;
  /** The end user's IP as the gateway would pass it. */
  ip?: string;
}

export interface SubgraphHarness<Cfg extends BaseConfig = BaseConfig, S extends RunningService = RunningService> {
  /** The subgraph's name: its database is `<prefix><name>`, its queue the consumer queue of that name. */
  name: string;
  env: Env;
  config: Cfg;
  service: S;
  /** A connection to the subgraph's own database. */
  db: pg.Client;
  sqs: SQSClient;
  /** Calls the subgraph as the gateway would, on behalf of `userId` (or anonymously with null). */
  call<T = any>(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<GraphQLResponse<T>>;
  sql<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

export interface SubgraphHarnessOptions<Cfg extends BaseConfig, S extends RunningService> {
  name: string;
  /** The test environment (from testEnv), already holding the subgraph's own defaults and the test's overrides. */
  env: Env;
  configSchema: z.ZodType<Cfg>;
  /** Starts the subgraph (its server's `start`, with whatever collaborators the test replaces). */
  start(config: Cfg): Promise<S>;
  /** Drop the test databases when stopping (default: the test file does it in afterAll). */
  dropDatabases?: boolean;
}

/** Starts one subgraph for a test file, with a SQL connection to its database and an SQS client on the backbone. */
export async function startSubgraphHarness<Cfg extends BaseConfig, S extends RunningService>(
  opts: SubgraphHarnessOptions<Cfg, S>,
): Promise<SubgraphHarness<Cfg, S>> {
  const { name, env } = opts;
  const config = parseConfig(opts.configSchema, env);
  const service = await opts.start(config);
  const db = new pg.Client({ connectionString: databaseUrl(config.DATABASE_URL, `${config.DATABASE_PREFIX}${name}`) });
  await db.connect();
  const { sqs } = new Backbone(config, `${name}-test`, createLogger('test', 'silent'));
  return {
    name,
    env,
    config,
    service,
    db,
    sqs,
    call: async (query, variables = {}, as = {}) => {
      const signer = new IdentitySigner(as.secret ?? TEST_INTERNAL_SECRET, as.issuer ?? 'gateway');
      const userId = as.userId ?? null;
      const token = await signer.sign({ userId, roles: as.roles ?? (userId ? ['USER'] : []), scopes: [] });
      return postGraphQL(service.url, query, variables, { [IDENTITY_HEADER]: token, ...(as.ip ? { [CLIENT_IP_HEADER]: as.ip } : {}) });
    },
    sql: async (text, values = []) => (await db.query(text, values)).rows,
    stop: async () => {
      await service.stop();
      await db.end();
      sqs.destroy();
      if (opts.dropDatabases) await dropTestDatabases(env);
    },
  };
}

/**
 * Puts an event on the subgraph's queue as the relay would. Each send gets its own deduplication id, so sending the
 * same envelope twice is a real redelivery (SQS FIFO would otherwise drop the copy).
 */
export async function deliver(h: SubgraphHarness, event: EventEnvelope): Promise<void> {
  const { QueueUrl } = await h.sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(h.config.SQS_QUEUE_PREFIX, h.name) }));
  await h.sqs.send(
    new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(event), MessageGroupId: event.aggregateId, MessageDeduplicationId: uuidv7() }),
  );
}

/** True once every message on the subgraph's queue has been received and deleted (none waiting, none in flight). */
export async function queueDrained(h: SubgraphHarness): Promise<boolean> {
  const { QueueUrl } = await h.sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(h.config.SQS_QUEUE_PREFIX, h.name) }));
  const { Attributes } = await h.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Attributes?.ApproximateNumberOfMessages === '0' && Attributes?.ApproximateNumberOfMessagesNotVisible === '0';
}

/** True once the subgraph's consumer has applied the event (its inbox row). */
export async function consumed(h: SubgraphHarness, eventId: string): Promise<boolean> {
  return (await h.sql(`select 1 from inbox where consumer = $1 and event_id = $2`, [h.name, eventId])).length > 0;
}

/** Polls `fn` every `pollMs` until it returns something truthy. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, pollMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
