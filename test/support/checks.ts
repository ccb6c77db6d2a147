import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import type { Env } from '@paygraph/platform/config';
import { PASSWORD } from './stack.js';

/**
 * How the end-to-end tests check an outcome the graph does not show directly: poll until it holds, and read each
 * service's own database (the crash tests kill services between the steps of a money movement, then read that it
 * happened exactly once; the money tests count rows and ledger legs).
 */

/** Polls `fn` (every 100 ms; a throw counts as "not yet") until it gives a value, or throws after `ms`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 40_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * One statement on a service's database of this test run (a connection of its own, closed after). `env` may be a
 * function, for a stack that boots in beforeAll.
 */
export function serviceSql(env: Env | (() => Env)) {
  const client = (service: string) => {
    const e = typeof env === 'function' ? env() : env;
    return new pg.Client({ connectionString: databaseUrl(e.DATABASE_URL!, `${e.DATABASE_PREFIX}${service}`) });
  };
  const query = async <T = any>(service: string, sql: string, params: unknown[] = []): Promise<T[]> => {
    const c = client(service);
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  };
  /** A statement answering one row with a column `n`. */
  const count = async (service: string, sql: string, params: unknown[] = []): Promise<number> => (await query<{ n: number }>(service, sql, params))[0]!.n;
  return { client, query, count };
}

/** Registers a new person through the graph (`gql` posts to the gateway): their id and access token. */
export function signUpWith(gql: (query: string, variables: Record<string, unknown>) => Promise<any>) {
  return async (name: string): Promise<{ id: string; token: string }> => {
    const res = await gql(`mutation($input: RegisterInput!) { register(input: $input) { user { id } accessToken } }`, {
      input: { email: `${name.replaceAll(' ', '.').toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`, password: PASSWORD, displayName: name },
    });
    return { id: res.data.register.user.id as string, token: res.data.register.accessToken as string };
  };
}
