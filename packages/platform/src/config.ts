import { z } from 'zod';

/**
 * The only module that reads `process.env`. Every process parses its whole environment once at start-up:
 * all problems are listed together, then the process exits 1 (a half-configured payment service must not run).
 */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function readEnv(): Env {
  return { ...process.env };
}

export function parseConfig<S extends z.ZodType>(schema: S, env: Env = readEnv()): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(issues);
}

/** Parses or exits: for entry points (`index.ts`), never for library code or tests. */
export function loadConfigOrExit<S extends z.ZodType>(schema: S, env: Env = readEnv()): z.infer<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const env = {
  bool,
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  url: () => z.url(),
  secret: (min = 32) => z.string().min(min, `must be at least ${min} characters`),
  list: () =>
    z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
};

/** Variables every service shares. Services extend this with their own. */
export const baseSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL server; each subgraph uses its own database on it (`<DATABASE_PREFIX><subgraph>`). */
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/postgres'),
  DATABASE_PREFIX: z.string().regex(/^[a-z][a-z0-9_]*$/).default('paygraph_'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Redis for rate limits, throttling and pub/sub; absent means in-memory (single process only). */
  REDIS_URL: z.string().optional(),
  /** SQS endpoint (fauxqs or AWS). */
  SQS_ENDPOINT: z.string().optional(),
  SQS_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]*$/).default('paygraph-'),
  SQS_CREATE_QUEUES: bool.default(true),
  /** Long-poll wait of a consumer's ReceiveMessage. */
  SQS_WAIT_TIME_SECONDS: z.coerce.number().int().min(0).max(20).default(20),
  /** How long a received message stays invisible before SQS redelivers it (a consumer that died mid-message). */
  SQS_VISIBILITY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(43_200).default(30),
  /** Received batches a consumer handles at once, one long poll at a time (FIFO keeps each aggregate in order whatever the number). */
  SQS_CONSUMER_POLLERS: z.coerce.number().int().min(1).max(64).default(4),
  /** Receives before a message that keeps failing moves to the dead-letter queue. */
  SQS_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000).default(5),
  /** Fallback poll of the outbox relay (commits in the same process wake it at once). */
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(100),
  /** When set, the relay publishes with EventBridge PutEvents to this bus and AWS rules route to queues. */
  EVENTBRIDGE_BUS_NAME: z.string().optional(),
  AWS_REGION: z.string().default('us-east-1'),
  /** Static AWS credentials; leave empty in AWS so the default provider chain (IAM role for the pod) is used. */
  AWS_ACCESS_KEY_ID: z.string().default(''),
  AWS_SECRET_ACCESS_KEY: z.string().default(''),
  /** Shared by the gateway and the subgraphs to sign the identity a request carries between them. */
  INTERNAL_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  DD_TRACE_ENABLED: bool.default(false),
  /** DataDog's unified service tags on metrics (spans take them from dd-trace); DD_VERSION defaults to the package version. */
  DD_ENV: z.string().optional(),
  DD_VERSION: z.string().optional(),
  /** Sends the metrics (metrics.ts) to the DataDog agent's DogStatsD over UDP; `/metrics` serves them either way. */
  METRICS_DOGSTATSD_ENABLED: bool.default(false),
  DD_AGENT_HOST: z.string().default('127.0.0.1'),
  /** DogStatsD's host when it is not the agent's (DD_AGENT_HOST). */
  DD_DOGSTATSD_HOST: z.string().optional(),
  DD_DOGSTATSD_PORT: z.coerce.number().int().min(1).max(65535).default(8125),
  METRICS_FLUSH_INTERVAL_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
});
export type BaseConfig = z.infer<typeof baseSchema>;
export { z };
