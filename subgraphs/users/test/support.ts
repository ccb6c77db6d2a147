import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parseConfig, type Env } from '@paygraph/platform/config';
import { databaseUrl } from '@paygraph/platform/db';
import { IDENTITY_HEADER, IdentitySigner, type Role } from '@paygraph/platform/identity';
import { CLIENT_IP_HEADER } from '@paygraph/platform/server';
import { dropTestDatabases, postGraphQL, testEnv, TEST_INTERNAL_SECRET, type GraphQLResponse } from '@paygraph/platform/testing';
import { usersConfigSchema, type UsersConfig } from '../src/config.js';
import { start } from '../src/server.js';

export const PASSWORD = 'correct horse battery staple';

export interface Caller {
  userId?: string | null;
  roles?: Role[];
  /** The end user's IP as the gateway would pass it. */
  ip?: string;
  issuer?: string;
  secret?: string;
}

export interface UsersHarness {
  env: Env;
  config: UsersConfig;
  url: string;
  jwksUrl: string;
  /** Calls the subgraph as the gateway would: signed identity, client IP header. */
  call<T = any>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  /** SQL on the users database. */
  sql<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

export async function bootUsers(overrides: Env = {}): Promise<UsersHarness> {
  const env = testEnv({
    USERS_PORT: '0',
    PASSWORD_SCRYPT_LOG_N: '12',
    SIGNING_KEY_PUBLISH_DELAY_SECONDS: '0',
    SIGNING_KEY_REFRESH_SECONDS: '1',
    ...overrides,
  });
  env.RATE_LIMIT_PREFIX ??= `${env.DATABASE_PREFIX}users:rl`;
  const config = parseConfig(usersConfigSchema, env);
  const service = await start(config);
  const db = new pg.Pool({ connectionString: databaseUrl(config.DATABASE_URL, `${config.DATABASE_PREFIX}users`), max: 2 });

  const call: UsersHarness['call'] = async (query, variables = {}, caller = {}) => {
    const signer = new IdentitySigner(caller.secret ?? TEST_INTERNAL_SECRET, caller.issuer ?? 'gateway');
    const token = await signer.sign({ userId: caller.userId ?? null, roles: caller.roles ?? [], scopes: [] });
    return postGraphQL(service.url, query, variables, {
      [IDENTITY_HEADER]: token,
      ...(caller.ip ? { [CLIENT_IP_HEADER]: caller.ip } : {}),
    });
  };
  return {
    env,
    config,
    url: service.url,
    jwksUrl: service.jwksUrl,
    call,
    sql: async (text, params = []) => (await db.query(text, params)).rows,
    stop: async () => {
      await db.end();
      await service.stop();
      await dropTestDatabases(env);
    },
  };
}

/** A fresh address per call: tests in one file never collide on the UNIQUE email. */
export const email = (name = 'user') => `${name}.${randomBytes(4).toString('hex')}@example.com`;

/** A fresh client IP per call (TEST-NET-3 and documentation IPv6), so per-IP throttles do not leak between tests. */
let ipCounter = 0;
export const newIp = () => (++ipCounter < 250 ? `203.0.113.${ipCounter}` : `2001:db8::${ipCounter.toString(16)}`);

export const codeOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

export const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) {
    user { id email displayName roles createdAt }
    accessToken refreshToken expiresIn
    userErrors { code field message }
  }
}`;
export const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) {
    user { id email roles }
    accessToken refreshToken expiresIn
    userErrors { code field message }
  }
}`;
export const REFRESH = `mutation Refresh($input: RefreshSessionInput!) {
  refreshSession(input: $input) { accessToken refreshToken expiresIn userErrors { code field message } }
}`;
export const LOGOUT = `mutation Logout($input: LogoutInput!) { logout(input: $input) { ok userErrors { code field message } } }`;
export const ME = `query { me { id email displayName roles createdAt } }`;

export async function register(
  h: UsersHarness,
  input: Partial<{ email: string; password: string; displayName: string }> = {},
  ip = newIp(),
) {
  const res = await h.call(REGISTER, { input: { email: email(), password: PASSWORD, displayName: 'Test User', ...input } }, { ip });
  const payload = res.data?.register;
  if (!payload?.user) throw new Error(`register failed: ${JSON.stringify(res)}`);
  return payload as { user: { id: string; email: string; roles: string[] }; accessToken: string; refreshToken: string; expiresIn: number };
}
