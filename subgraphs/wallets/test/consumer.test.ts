import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropTestDatabases } from '@paygraph/platform/testing';
import {
  commands,
  consumed,
  deliver,
  emitted,
  eventually,
  expectLedgerBalanced,
  money,
  newTxn,
  newUserId,
  queueDrained,
  startHarness,
  walletRow,
  type Harness,
} from './support.js';

/** The saga's commands as they really arrive: on the wallets SQS queue, through the consumer and its inbox. */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

async function fundViaQueue(userId: string, minor: number, currency = 'USD'): Promise<string> {
  const ref = newTxn();
  await deliver(h, commands.credit(ref, userId, money(minor, currency)));
  const [credited] = await eventually(async () => {
    const events = await emitted(h, 'FundsCredited', ref.transactionId);
    return events.length > 0 ? events : null;
  });
  return credited!.data.walletId;
}

describe('the wallets consumer', () => {
  it('when a reservation command is delivered twice, then one hold exists, FundsReserved is emitted once, and it names its cause', async () => {
    const userId = newUserId();
    const walletId = await fundViaQueue(userId, 1_000);
    const ref = newTxn();
    const cmd = commands.reserve(ref, userId, money(400));
    await deliver(h, cmd);
    await deliver(h, cmd);
    await eventually(() => consumed(h, cmd.id));
    await eventually(() => queueDrained(h));

    expect(await h.sql(`select id from hold where transaction_id = $1`, [ref.transactionId])).toHaveLength(1);
    const events = await emitted(h, 'FundsReserved', ref.transactionId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: 'wallets', causationId: cmd.id, correlationId: cmd.correlationId, aggregateId: ref.transactionId });
    expect(await walletRow(h, walletId)).toEqual({ balance: 1_000n, held: 400n, available: 600n });
    await expectLedgerBalanced(h);
  });

  it('when two different commands reserve for the same transaction, then there is still one hold', async () => {
    const userId = newUserId();
    const walletId = await fundViaQueue(userId, 1_000);
    const ref = newTxn();
    const [a, b] = [commands.reserve(ref, userId, money(300)), commands.reserve(ref, userId, money(300))];
    await Promise.all([deliver(h, a), deliver(h, b)]);
    await eventually(async () => (await consumed(h, a.id)) && (await consumed(h, b.id)));
    expect(await h.sql(`select id from hold where transaction_id = $1`, [ref.transactionId])).toHaveLength(1);
    expect(await walletRow(h, walletId)).toEqual({ balance: 1_000n, held: 300n, available: 700n });
  });

  it('when 50 reservations arrive at once for a wallet that can afford only some, then exactly floor(balance / amount) succeed', async () => {
    const userId = newUserId();
    const walletId = await fundViaQueue(userId, 10_000);
    const refs = Array.from({ length: 50 }, newTxn);
    const cmds = refs.map((ref) => commands.reserve(ref, userId, money(700)));
    await Promise.all(cmds.map((c) => deliver(h, c)));
    await eventually(async () => (await h.sql(`select 1 from inbox where event_id = any($1::uuid[])`, [cmds.map((c) => c.id)])).length === 50, 25_000);

    const expected = Math.floor(10_000 / 700); // 14
    expect(await h.sql(`select id from hold where wallet_id = $1 and status = 'ACTIVE'`, [walletId])).toHaveLength(expected);
    const txns = new Set(refs.map((r) => r.transactionId));
    const reservedCount = (await emitted(h, 'FundsReserved')).filter((e) => txns.has(e.aggregateId)).length;
    const failed = (await emitted(h, 'FundsReservationFailed')).filter((e) => txns.has(e.aggregateId));
    expect(reservedCount).toBe(expected);
    expect(failed).toHaveLength(50 - expected);
    for (const f of failed) {
      expect(f.data.reason).toBe('INSUFFICIENT_FUNDS');
      expect(BigInt(f.data.available!.minor)).toBeGreaterThanOrEqual(0n);
    }
    expect(await walletRow(h, walletId)).toEqual({ balance: 10_000n, held: BigInt(expected * 700), available: BigInt(10_000 - expected * 700) });
    await expectLedgerBalanced(h);
  });

  it('when a P2P payment is reserved then captured through the queue, then the money moves and duplicated commands change nothing', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const aliceWallet = await fundViaQueue(alice, 5_000, 'EUR');
    const ref = newTxn();
    await deliver(h, commands.reserve(ref, alice, money(1_250, 'EUR')));
    const [reserved] = await eventually(async () => {
      const events = await emitted(h, 'FundsReserved', ref.transactionId);
      return events.length > 0 ? events : null;
    });
    const capture = commands.captureP2P(ref, reserved!.data.holdId, alice, bob, money(1_250, 'EUR'));
    const duplicate = commands.captureP2P(ref, reserved!.data.holdId, alice, bob, money(1_250, 'EUR'));
    await deliver(h, capture);
    await deliver(h, capture);
    await deliver(h, duplicate);
    await eventually(async () => (await consumed(h, capture.id)) && (await consumed(h, duplicate.id)));
    await eventually(() => queueDrained(h));

    expect(await h.sql(`select id from journal_entry where transaction_id = $1`, [ref.transactionId])).toHaveLength(1);
    const captured = await emitted(h, 'FundsCaptured', ref.transactionId);
    expect(captured).toHaveLength(2); // the second command got the same answer
    expect(new Set(captured.map((e) => e.data.journalEntryId)).size).toBe(1);
    const bobWallet = (await h.sql<{ id: string }>(`select id from ledger_account where owner_id = $1 and currency = 'EUR'`, [bob]))[0]!.id;
    expect(await walletRow(h, aliceWallet)).toEqual({ balance: 3_750n, held: 0n, available: 3_750n });
    expect(await walletRow(h, bobWallet)).toEqual({ balance: 1_250n, held: 0n, available: 1_250n });
    await expectLedgerBalanced(h);
  });

  it('when 50 one-step transfers arrive at once from a wallet that can afford only some, then exactly floor(balance / amount) move', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const aliceWallet = await fundViaQueue(alice, 10_000);
    const refs = Array.from({ length: 50 }, newTxn);
    const cmds = refs.map((ref) => commands.transfer(ref, alice, bob, money(700)));
    await Promise.all(cmds.map((c) => deliver(h, c)));
    await eventually(async () => (await h.sql(`select 1 from inbox where event_id = any($1::uuid[])`, [cmds.map((c) => c.id)])).length === 50, 25_000);

    const expected = Math.floor(10_000 / 700); // 14
    const txns = new Set(refs.map((r) => r.transactionId));
    const moved = (await emitted(h, 'FundsCaptured')).filter((e) => txns.has(e.aggregateId));
    const refused = (await emitted(h, 'FundsReservationFailed')).filter((e) => txns.has(e.aggregateId));
    expect(moved).toHaveLength(expected);
    expect(moved.every((e) => e.data.walletId === aliceWallet)).toBe(true);
    expect(refused).toHaveLength(50 - expected);
    expect(refused.every((f) => f.data.reason === 'INSUFFICIENT_FUNDS')).toBe(true);
    // Each move is one journal entry and a hold row already CAPTURED (what makes a repeated request a duplicate).
    expect(await h.sql(`select 1 from journal_entry where transaction_id = any($1)`, [[...txns]])).toHaveLength(expected);
    expect(await h.sql(`select 1 from hold where transaction_id = any($1) and status = 'CAPTURED' and journal_entry_id is not null`, [[...txns]])).toHaveLength(expected);
    const bobWallet = (await h.sql<{ id: string }>(`select id from ledger_account where owner_id = $1 and currency = 'USD'`, [bob]))[0]!.id;
    expect(await walletRow(h, aliceWallet)).toEqual({ balance: BigInt(10_000 - expected * 700), held: 0n, available: BigInt(10_000 - expected * 700) });
    expect(await walletRow(h, bobWallet)).toEqual({ balance: BigInt(expected * 700), held: 0n, available: BigInt(expected * 700) });
    await expectLedgerBalanced(h);
  });

  it('when a one-step transfer is delivered twice and re-sent under a new id, then the money moves once and the answer repeats', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const aliceWallet = await fundViaQueue(alice, 5_000, 'EUR');
    const ref = newTxn();
    const transfer = commands.transfer(ref, alice, bob, money(1_250, 'EUR'));
    const again = commands.transfer(ref, alice, bob, money(1_250, 'EUR'));
    await deliver(h, transfer);
    await deliver(h, transfer);
    await deliver(h, again);
    await eventually(async () => (await consumed(h, transfer.id)) && (await consumed(h, again.id)));
    await eventually(() => queueDrained(h));

    expect(await h.sql(`select id from journal_entry where transaction_id = $1`, [ref.transactionId])).toHaveLength(1);
    const captured = await emitted(h, 'FundsCaptured', ref.transactionId);
    expect(captured).toHaveLength(2);
    expect(new Set(captured.map((e) => `${e.data.journalEntryId}|${e.data.holdId}|${e.data.walletId}`)).size).toBe(1);
    expect(await walletRow(h, aliceWallet)).toEqual({ balance: 3_750n, held: 0n, available: 3_750n });
    // A refused transfer keeps nothing, like a refused reservation: no wallet in that currency.
    const nothing = newTxn();
    await deliver(h, commands.transfer(nothing, alice, bob, money(100, 'JPY')));
    const [failed] = await eventually(async () => {
      const events = await emitted(h, 'FundsReservationFailed', nothing.transactionId);
      return events.length > 0 ? events : null;
    });
    expect(failed!.data).toMatchObject({ reason: 'WALLET_NOT_FOUND', available: null });
    expect(await h.sql(`select 1 from hold where transaction_id = $1`, [nothing.transactionId])).toHaveLength(0);
    await expectLedgerBalanced(h);
  });

  it('when a release command arrives, then the hold ends and FundsReleased carries its reason', async () => {
    const alice = newUserId();
    const wallet = await fundViaQueue(alice, 900);
    const ref = newTxn();
    await deliver(h, commands.reserve(ref, alice, money(900)));
    const [reserved] = await eventually(async () => {
      const events = await emitted(h, 'FundsReserved', ref.transactionId);
      return events.length > 0 ? events : null;
    });
    await deliver(h, commands.release(ref, reserved!.data.holdId, 'RISK_DECLINED'));
    const [released] = await eventually(async () => {
      const events = await emitted(h, 'FundsReleased', ref.transactionId);
      return events.length > 0 ? events : null;
    });
    expect(released!.data).toMatchObject({ ...ref, holdId: reserved!.data.holdId, reason: 'RISK_DECLINED' });
    expect(await walletRow(h, wallet)).toEqual({ balance: 900n, held: 0n, available: 900n });
    await expectLedgerBalanced(h);
  });

  it('when events are emitted, then the relay publishes them (outbox rows marked sent)', async () => {
    const userId = newUserId();
    await fundViaQueue(userId, 100);
    await eventually(async () => (await h.sql(`select 1 from outbox where published_at is null`)).length === 0);
  });
});

describe('the hold expiry worker', () => {
  let short: Harness;

  beforeAll(async () => {
    short = await startHarness({ HOLD_TTL_SECONDS: '1', HOLD_EXPIRY_INTERVAL_MS: '100' });
  });

  afterAll(async () => {
    await short?.stop();
    if (short) await dropTestDatabases(short.env);
  });

  it('when a hold outlives its expiry, then the running worker releases it with FundsReleased(EXPIRED)', async () => {
    const alice = newUserId();
    const fundRef = newTxn();
    await deliver(short, commands.credit(fundRef, alice, money(500)));
    await eventually(async () => (await emitted(short, 'FundsCredited', fundRef.transactionId)).length > 0);
    const ref = newTxn();
    await deliver(short, commands.reserve(ref, alice, money(500)));
    const [released] = await eventually(async () => {
      const events = await emitted(short, 'FundsReleased', ref.transactionId);
      return events.length > 0 ? events : null;
    });
    expect(released!.data.reason).toBe('EXPIRED');
    const [hold] = await short.sql(`select status, wallet_id from hold where transaction_id = $1`, [ref.transactionId]);
    expect(hold!.status).toBe('EXPIRED');
    expect(await walletRow(short, hold!.wallet_id)).toEqual({ balance: 500n, held: 0n, available: 500n });
    await expectLedgerBalanced(short);
  });
});
