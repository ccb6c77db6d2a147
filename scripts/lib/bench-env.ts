import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Env } from '@paygraph/platform/config';

/**
 * The environment a benchmark boots the stack with: the machine's PostgreSQL (or DATABASE_URL) under databases and
 * queues of its own, fixed secrets, quiet logs, and no rate limit in the way of the driver. `overrides` add what a
 * benchmark needs besides (e.g. the fraud thresholds a payment benchmark's users would trip).
 */
export function benchEnv(host: Env, overrides: Record<string, string> = {}): Record<string, string | undefined> {
  const tag = randomUUID().slice(0, 8).replace(/[^0-9a-f]/g, '0');
  return {
    ...host,
    NODE_ENV: 'test',
    LOG_LEVEL: host.LOG_LEVEL ?? 'error',
    DATABASE_URL: host.DATABASE_URL ?? machinePostgres(),
    DATABASE_PREFIX: `t${tag}_`,
    SQS_QUEUE_PREFIX: `bench${tag}-`,
    RATE_LIMIT_PREFIX: `bench${tag}:rl`,
    INTERNAL_AUTH_SECRET: 'bench-internal-secret-0123456789-abcdefghijklmnop',
    CARD_FINGERPRINT_SECRET: 'bench-card-fingerprint-secret-0123456789abcdef',
    PASSWORD_SCRYPT_LOG_N: '12',
    SQS_WAIT_TIME_SECONDS: '1',
    ...overrides,
  };
}

/** Debian's PostgreSQL socket, the machine's local server. */
const MACHINE_SOCKET_DIR = '/var/run/postgresql';

/**
 * The machine's PostgreSQL as a service on the same host reaches it: through its Unix socket when there is one
 * (cheaper per statement than loopback TCP, as the embedded mode does), else 127.0.0.1:5432.
 */
export function machinePostgres(): string {
  return existsSync(`${MACHINE_SOCKET_DIR}/.s.PGSQL.5432`)
    ? `postgres://postgres@${encodeURIComponent(MACHINE_SOCKET_DIR)}:5432/postgres`
    : 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** How a database URL reaches its server, for the benchmarks' headers. */
export function postgresTransport(url: string): string {
  const host = decodeURIComponent(new URL(url).hostname);
  return host.startsWith('/') ? `PostgreSQL over its Unix socket (${host})` : `PostgreSQL over TCP (${host})`;
}
