import { expect } from '@jest/globals';
import type { Env } from '@paygraph/platform/config';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { eventually as eventuallyWithin, startSubgraphHarness, testEnv, type SubgraphHarness } from '@paygraph/platform/testing';
import type { EventEnvelope } from '@paygraph/platform/events';
import type { EventData, EventType } from '@paygraph/events';
import { walletsConfigSchema, type WalletsConfig } from '../src/config.js';
import { createServices, openWalletsDatabase, start, type WalletsDeps } from '../src/server.js';
import type { WalletsServices } from '../src/context.js';
import { CURRENCIES } from '@paygraph/platform/money';

export { consumed, deliver, queueDrained } from '@paygraph/platform/testing';

export interface Harness extends SubgraphHarness<WalletsConfig> {
  /** A second ORM on the service's database and services on it, for tests that drive the domain directly. */
  orm: MikroORM;
  services: WalletsServices;
  tx<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
}

/** The clock the test services (not the running server) see: real time plus `clock.offsetMs`. */
export const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

export async function startHarness(overrides: Env = {}, deps: WalletsDeps = {}): Promise<Harness> {
  const env = testEnv({
    WALLETS_PORT: '0',
    SQS_WAIT_TIME_SECONDS: '1',
    OUTBOX_POLL_INTERVAL_MS: '50',
    DATABASE_POOL_MAX: '20',
    ...overrides,
  });
  const h = await startSubgraphHarness({ name: 'wallets', env, configSchema: walletsConfigSchema, start: (config) => start(config, deps) });
  const orm = await openWalletsDatabase(h.config);
  const services = createServices(orm, h.config, { clock: clock.now, ...deps });
  await services.ledger.ensureSystemAccounts(orm, [...CURRENCIES.keys()]);
  return {
    ...h,
    orm,
    services,
    tx: (fn) => inTransaction(orm, fn),
    stop: async () => {
      await h.stop();
      await orm.close();
    },
  };
}

export const newUserId = () => newId('usr');
export const newTxn = () => ({ transactionId: newId('txn'), paymentId: newId('pay') });
export const money = (minor: bigint | number, currency = 'USD') => ({ minor: String(minor), currency });

export function envelope<T extends EventType>(type: T, aggregateId: string, data: EventData<T>): EventEnvelope<T> {
  const id = uuidv7();
  return {
    id,
    type,
    version: 1,
    source: 'transactions',
    occurredAt: new Date().toISOString(),
    aggregateId,
    correlationId: id,
    causationId: null,
    trace: {},
    data,
  };
}

const at = () => new Date().toISOString();

export const commands = {
  reserve: (ref: { transactionId: string; paymentId: string }, userId: string, amount: { minor: string; currency: string }) =>
    envelope('FundsReservationRequested', ref.transactionId, { ...ref, userId, amount, at: at() }),
  transfer: (ref: { transactionId: string; paymentId: string }, senderId: string, recipientId: string, amount: { minor: string; currency: string }) =>
    envelope('FundsTransferRequested', ref.transactionId, { ...ref, senderId, recipientId, amount, at: at() }),
  captureP2P: (
    ref: { transactionId: string; paymentId: string },
    holdId: string,
    senderId: string,
    recipientId: string,
    amount: { minor: string; currency: string },
  ) =>
    envelope('FundsCaptureRequested', ref.transactionId, {
      ...ref,
      kind: 'P2P',
      holdId,
      senderId,
      recipientId,
      amount,
      quoteId: null,
      at: at(),
    }),
  captureConversion: (
    ref: { transactionId: string; paymentId: string },
    holdId: string,
    userId: string,
    amount: { minor: string; currency: string },
    quoteId: string,
  ) =>
    envelope('FundsCaptureRequested', ref.transactionId, {
      ...ref,
      kind: 'CONVERSION',
      holdId,
      senderId: userId,
      recipientId: userId,
      amount,
      quoteId,
      at: at(),
    }),
  release: (ref: { transactionId: string; paymentId: string }, holdId: string, reason = 'RISK_DECLINED') =>
    envelope('FundsReleaseRequested', ref.transactionId, { ...ref, holdId, reason, at: at() }),
  credit: (ref: { transactionId: string; paymentId: string }, userId: string, amount: { minor: string; currency: string }, walletId: string | null = null) =>
    envelope('FundsCreditRequested', ref.transactionId, { ...ref, userId, walletId, amount, pspReference: `psp_${ref.paymentId}`, at: at() }),
};

/** Funds a user's wallet as an ADD_FUNDS credit from PSP clearing would; returns the wallet id. */
export async function fund(h: Harness, userId: string, minor: bigint | number, currency = 'USD'): Promise<string> {
  const cmd = commands.credit(newTxn(), userId, money(minor, currency));
  const result = await h.tx((em) => h.services.ledger.credit(em, cmd.data));
  return result.walletId;
}

export async function walletRow(h: Harness, walletId: string): Promise<{ balance: bigint; held: bigint; available: bigint }> {
  const [row] = await h.sql<{ balance: string; held: string }>(`select balance::text, held::text from account_balance where account_id = $1`, [walletId]);
  const balance = BigInt(row!.balance);
  const held = BigInt(row!.held);
  return { balance, held, available: balance - held };
}

/** Events this service wrote to its outbox, oldest first, optionally only one type / one aggregate. */
export async function emitted<T extends EventType>(h: Harness, type: T, aggregateId?: string): Promise<EventEnvelope<T>[]> {
  const rows = await h.sql<{ envelope: EventEnvelope<T> }>(
    `select envelope from outbox where type = $1 and ($2::text is null or aggregate_id = $2) order by id`,
    [type, aggregateId ?? null],
  );
  return rows.map((r) => r.envelope);
}

/**
 * The ledger's invariants, checked straight in SQL (not through the service's own report): every journal sums to
 * zero per currency; every currency sums to zero over all accounts, system accounts included; each balance row
 * equals the sum of its postings and each wallet's `held` the sum of its active holds; no wallet is below zero.
 */
export async function expectLedgerBalanced(h: Harness): Promise<void> {
  expect(
    await h.sql(`select journal_entry_id, currency, sum(amount) from posting group by 1, 2 having sum(amount) <> 0`),
  ).toEqual([]);
  expect(await h.sql(`select currency, sum(balance) from account_balance group by currency having sum(balance) <> 0`)).toEqual([]);
  expect(
    await h.sql(`select b.account_id from account_balance b
                 left join (select account_id, sum(amount) s from posting group by account_id) p on p.account_id = b.account_id
                 where b.balance <> coalesce(p.s, 0)`),
  ).toEqual([]);
  expect(
    await h.sql(`select b.account_id from account_balance b
                 left join (select wallet_id, sum(amount) s from hold where status = 'ACTIVE' group by wallet_id) x on x.wallet_id = b.account_id
                 where b.held <> coalesce(x.s, 0)`),
  ).toEqual([]);
  expect(await h.sql(`select account_id from account_balance where kind = 'WALLET' and (balance - held < 0 or held < 0)`)).toEqual([]);
  expect(await h.sql(`select j.id from journal_entry j where (select count(*) from posting p where p.journal_entry_id = j.id) < 2`)).toEqual([]);
}

/** The platform's `eventually`, with this suite's longer default wait. */
export const eventually = <T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> => eventuallyWithin(fn, timeoutMs);
