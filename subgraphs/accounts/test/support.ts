import type { Env } from '@paygraph/platform/config';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { startSubgraphHarness, testEnv, type SubgraphHarness } from '@paygraph/platform/testing';
import type { EventEnvelope } from '@paygraph/platform/events';
import { accountsConfigSchema, type AccountsConfig } from '../src/config.js';
import { start, type AccountsDeps } from '../src/server.js';

export { deliver, eventually, queueDrained } from '@paygraph/platform/testing';

export type Harness = SubgraphHarness<AccountsConfig>;

export function startHarness(overrides: Env = {}, deps: AccountsDeps = {}): Promise<Harness> {
  const env = testEnv({
    ACCOUNTS_PORT: '0',
    CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
    SQS_WAIT_TIME_SECONDS: '1',
    OUTBOX_POLL_INTERVAL_MS: '50',
    ...overrides,
  });
  return startSubgraphHarness({ name: 'accounts', env, configSchema: accountsConfigSchema, start: (config) => start(config, deps) });
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
