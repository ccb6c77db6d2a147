import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { readEnv, type Env } from '../config.js';
import { IDENTITY_HEADER, IdentitySigner, type Identity } from '../identity.js';

export * from './subgraph-harness.js';

/** The secret tests sign service identities with. */
export const TEST_INTERNAL_SECRET = 'test-internal-secret-0123456789-abcdefghijklmnop';

/**
 * An environment for one test file: the machine's real PostgreSQL, Redis and the SQS endpoint that the global setup
 * started, with database and queue prefixes of its own so test files never see each other's data.
 */
export function testEnv(overrides: Env = {}): Env {
  const host = readEnv();
  const tag = randomBytes(4).toString('hex');
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: host.TEST_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    DATABASE_URL: host.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    DATABASE_PREFIX: `t${tag}_`,
    // No Redis on this machine (jest.config.js found none): the services' in-memory limits and pub/sub.
    ...(host.PAYGRAPH_TEST_REDIS === 'none' ? {} : { REDIS_URL: host.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' }),
    SQS_ENDPOINT: host.PAYGRAPH_TEST_SQS_ENDPOINT,
    SQS_QUEUE_PREFIX: `t${tag}-`,
    RATE_LIMIT_PREFIX: `t${tag}:rl`,
    INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET,
    ...overrides,
  };
}

/** Drops every database a test environment created (`<prefix>*`). */
export async function dropTestDatabases(env: Env): Promise<void> {
  const prefix = env.DATABASE_PREFIX;
  if (!prefix || !/^t[0-9a-f]{8}_$/.test(prefix)) return;
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs a GraphQL operation. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: T; errors?: GraphQLResponse['errors'] } = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: res.status, ...body };
}

/** Calls a subgraph directly, as the gateway would, carrying a signed identity. */
export async function callSubgraph<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  identity: Partial<Omit<Identity, 'issuer'>> & { issuer?: string } = {},
  secret = TEST_INTERNAL_SECRET,
): Promise<GraphQLResponse<T>> {
  const signer = new IdentitySigner(secret, identity.issuer ?? 'gateway');
  const token = await signer.sign({ userId: identity.userId ?? null, roles: identity.roles ?? [], scopes: identity.scopes ?? [] });
  return postGraphQL<T>(url, query, variables, { [IDENTITY_HEADER]: token });
}
