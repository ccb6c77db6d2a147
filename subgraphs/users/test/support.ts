import { randomBytes } from 'node:crypto';
import type { Env } from '@paygraph/platform/config';
import { startSubgraphHarness, testEnv, type SubgraphHarness } from '@paygraph/platform/testing';
import { usersConfigSchema, type UsersConfig } from '../src/config.js';
import { start } from '../src/server.js';

export type { Caller } from '@paygraph/platform/testing';

export const PASSWORD = 'correct horse battery staple';

export interface UsersHarness extends SubgraphHarness<UsersConfig, Awaited<ReturnType<typeof start>>> {
  url: string;
  jwksUrl: string;
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
  const h = await startSubgraphHarness({ name: 'users', env, configSchema: usersConfigSchema, start, dropDatabases: true });
  return {
    ...h,
    url: h.service.url,
    jwksUrl: h.service.jwksUrl,
    // Users' tests sign in explicitly: a caller with a user id but no roles carries none.
    call: (query, variables = {}, caller = {}) => h.call(query, variables, { ...caller, roles: caller.roles ?? [] }),
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
