import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { dropTestDatabases } from '@paygraph/platform/testing';
import { newId } from '@paygraph/platform/ids';
import { databaseUrl } from '@paygraph/platform/db';
import {
  clock,
  commands,
  emitted,
  expectLedgerBalanced,
  fund,
  money,
  newTxn,
  newUserId,
  startHarness,
  walletRow,
  type Harness,
} from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterEach(async () => {
  clock.offsetMs = 0;
  await expectLedgerBalanced(h);
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const reserve = (userId: string, minor: number | bigint, currency = 'USD', ref = newTxn()) =>
  h.tx((em) => h.services.ledger.reserve(em, commands.reserve(ref, userId, money(minor, currency)).data));

async function reserved(userId: string, minor: number, currency = 'USD') {
  const ref = newTxn();
  const outcome = await reserve(userId, minor, currency, ref);
  if (outcome.status !== 'RESERVED') throw new Error(`expected a hold, got ${outcome.status}`);
  return { ref, holdId: outcome.holdId, walletId: outcome.walletId };
}

/** A raw connection for statements the services would never run. */
async function rawClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl(h.config.DATABASE_URL, `${h.config.DATABASE_PREFIX}wallets`) });
  await client.connect();
  return client;
}

describe('the database guards the ledger', () => {
  it('when a hand-written journal entry does not balance, then its inserts succeed but the commit fails', async () => {
    const walletId = await fund(h, newUserId(), 1_000);
    const psp = h.services.ledger.systemAccountId('PSP_CLEARING', 'USD');
    const client = await rawClient();
    try {
      const journalId = newId('jnl');
      await client.query('begin');
      await client.query(`insert into journal_entry (id, kind, created_at) values ($1, 'ADJUSTMENT', now())`, [journalId]);
      await client.query(`insert into posting (journal_entry_id, account_id, amount, currency, created_at) values ($1, $2, 100, 'USD', now())`, [journalId, walletId]);
      await client.query(`insert into posting (journal_entry_id, account_id, amount, currency, created_at) values ($1, $2, -99, 'USD', now())`, [journalId, psp]);
      const commit = client.query('commit');
      await expect(commit).rejects.toThrow(/does not balance/);
      await expect(commit).rejects.toMatchObject({ code: '23514', constraint: 'posting_journal_balanced' });
      expect(await h.sql(`select 1 from journal_entry where id = $1`, [journalId])).toHaveLength(0);
    } finally {
      await client.end();
    }
  });

  it('when a balanced journal is written by hand, then the same commit succeeds (the trigger is not just always failing)', async () => {
    const walletId = await fund(h, newUserId(), 1_000);
    const fees = h.services.ledger.systemAccountId('FEES', 'USD');
    const client = await rawClient();
    try {
      const journalId = newId('jnl');
      await client.query('begin');
      await client.query(`insert into journal_entry (id, kind, created_at) values ($1, 'ADJUSTMENT', now())`, [journalId]);
      await client.query(
        `insert into posting (journal_entry_id, account_id, amount, currency, created_at) values ($1, $2, -100, 'USD', now()), ($1, $3, 100, 'USD', now())`,
        [journalId, walletId, fees],
      );
      await client.query(`update account_balance set balance = balance - 100 where account_id = $1`, [walletId]);
      await client.query(`update account_balance set balance = balance + 100 where account_id = $1`, [fees]);
      await client.query('commit');
      expect(await h.sql(`select 1 from journal_entry where id = $1`, [journalId])).toHaveLength(1);
    } finally {
      await client.end();
    }
  });

  it('when a journal balances in one currency but not in another, then the commit fails', async () => {
    const usd = h.services.ledger.systemAccountId('SUSPENSE', 'USD');
    const usdFx = h.services.ledger.systemAccountId('FX_CLEARING', 'USD');
    const eur = h.services.ledger.systemAccountId('SUSPENSE', 'EUR');
    const eurFx = h.services.ledger.systemAccountId('FX_CLEARING', 'EUR');
    const client = await rawClient();
    try {
      const journalId = newId('jnl');
      await client.query('begin');
      await client.query(`insert into journal_entry (id, kind, created_at) values ($1, 'ADJUSTMENT', now())`, [journalId]);
      await client.query(
        `insert into posting (journal_entry_id, account_id, amount, currency, created_at)
         values ($1, $2, 100, 'USD', now()), ($1, $3, -100, 'USD', now()), ($1, $4, 92, 'EUR', now()), ($1, $5, -91, 'EUR', now())`,
        [journalId, usd, usdFx, eur, eurFx],
      );
      await expect(client.query('commit')).rejects.toThrow(/does not balance: its EUR postings sum to 1/);
    } finally {
      await client.end();
    }
  });

  it('when a journal entry has no postings, or a posting is in another currency than its account, then the database refuses', async () => {
    const client = await rawClient();
    try {
      await client.query('begin');
      await client.query(`insert into journal_entry (id, kind, created_at) values ($1, 'ADJUSTMENT', now())`, [newId('jnl')]);
      await expect(client.query('commit')).rejects.toThrow(/fewer than two postings/);

      const journalId = newId('jnl');
      await client.query('begin');
      await client.query(`insert into journal_entry (id, kind, created_at) values ($1, 'ADJUSTMENT', now())`, [journalId]);
      await expect(
        client.query(`insert into posting (journal_entry_id, account_id, amount, currency, created_at) values ($1, $2, 5, 'EUR', now())`, [
          journalId,
          h.services.ledger.systemAccountId('SUSPENSE', 'USD'),
        ]),
      ).rejects.toMatchObject({ code: '23503' });
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });

  it('when a posting or journal entry is updated or deleted, then the database refuses (append-only)', async () => {
    await fund(h, newUserId(), 500);
    const [posting] = await h.sql<{ id: string; journal_entry_id: string }>(`select id, journal_entry_id from posting limit 1`);
    await expect(h.sql(`update posting set amount = amount + 1 where id = $1`, [posting!.id])).rejects.toThrow(/append-only/);
    await expect(h.sql(`delete from posting where id = $1`, [posting!.id])).rejects.toThrow(/append-only/);
    await expect(h.sql(`delete from journal_entry where id = $1`, [posting!.journal_entry_id])).rejects.toThrow(/append-only/);
  });

  it("when a wallet's held would exceed its balance, then the CHECK constraint refuses (system accounts may go negative)", async () => {
    const walletId = await fund(h, newUserId(), 500);
    await expect(h.sql(`update account_balance set held = 501 where account_id = $1`, [walletId])).rejects.toMatchObject({ code: '23514' });
    await expect(h.sql(`update account_balance set balance = -1 where account_id = $1`, [walletId])).rejects.toMatchObject({ code: '23514' });
    const [psp] = await h.sql<{ balance: string }>(`select balance::text from account_balance where account_id = $1`, [
      h.services.ledger.systemAccountId('PSP_CLEARING', 'USD'),
    ]);
    expect(BigInt(psp!.balance)).toBeLessThan(0n);
  });
});

describe('reservations', () => {
  it('when 50 reservations race on a wallet that can afford only some, then exactly floor(balance / amount) holds exist and available never goes negative', async () => {
    const userId = newUserId();
    const walletId = await fund(h, userId, 1_000);
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => reserve(userId, 70)));

    const reservedCount = outcomes.filter((o) => o.status === 'RESERVED').length;
    expect(reservedCount).toBe(Math.floor(1_000 / 70)); // 14
    expect(outcomes.filter((o) => o.status === 'INSUFFICIENT_FUNDS')).toHaveLength(50 - 14);
    expect(await walletRow(h, walletId)).toEqual({ balance: 1_000n, held: 980n, available: 20n });
    expect(await h.sql(`select id from hold where wallet_id = $1 and status = 'ACTIVE'`, [walletId])).toHaveLength(14);
    // Every refusal reports what was available when it was decided: never below zero, never enough.
    for (const o of outcomes) if (o.status === 'INSUFFICIENT_FUNDS') expect(o.available >= 0n && o.available < 70n).toBe(true);
  });

  it('when the same reservation command arrives twice (also concurrently), then there is one hold and the answer repeats', async () => {
    const userId = newUserId();
    const walletId = await fund(h, userId, 1_000);
    const ref = newTxn();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => reserve(userId, 300, 'USD', ref)));
    expect(outcomes.filter((o) => o.status === 'RESERVED')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'DUPLICATE')).toHaveLength(4);
    expect(await h.sql(`select id from hold where transaction_id = $1`, [ref.transactionId])).toHaveLength(1);
    expect(await walletRow(h, walletId)).toEqual({ balance: 1_000n, held: 300n, available: 700n });
    const reservedEvents = await emitted(h, 'FundsReserved', ref.transactionId);
    expect(reservedEvents).toHaveLength(5);
    expect(new Set(reservedEvents.map((e) => e.data.holdId)).size).toBe(1);
  });

  it('when the user has no wallet in that currency, then the reservation fails with WALLET_NOT_FOUND', async () => {
    const ref = newTxn();
    expect(await reserve(newUserId(), 100, 'USD', ref)).toEqual({ status: 'WALLET_NOT_FOUND' });
    const [failed] = await emitted(h, 'FundsReservationFailed', ref.transactionId);
    expect(failed!.data).toMatchObject({ reason: 'WALLET_NOT_FOUND', available: null });
  });

  it('when a reservation succeeds, then FundsReserved and WalletBalanceChanged (available down, balance same) are emitted', async () => {
    const userId = newUserId();
    const walletId = await fund(h, userId, 1_000);
    const { ref, holdId } = await reserved(userId, 250);
    const [event] = await emitted(h, 'FundsReserved', ref.transactionId);
    expect(event!.data).toMatchObject({ ...ref, holdId, walletId, amount: money(250) });
    const changes = await emitted(h, 'WalletBalanceChanged', walletId);
    expect(changes.at(-1)!.data).toMatchObject({ walletId, ownerId: userId, balance: money(1_000), available: money(750), held: money(250) });
  });
});

describe('capture', () => {
  it("when a P2P hold is captured, then the money moves, the recipient's wallet opens, and one journal entry records it", async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const aliceWallet = await fund(h, alice, 1_000);
    const { ref, holdId } = await reserved(alice, 400);
    const cmd = commands.captureP2P(ref, holdId, alice, bob, money(400)).data;

    const outcome = await h.tx((em) => h.services.ledger.capture(em, cmd));
    expect(outcome.status).toBe('CAPTURED');
    const bobWallet = (await h.sql<{ id: string }>(`select id from ledger_account where owner_id = $1 and currency = 'USD'`, [bob]))[0]!.id;
    expect(await walletRow(h, aliceWallet)).toEqual({ balance: 600n, held: 0n, available: 600n });
    expect(await walletRow(h, bobWallet)).toEqual({ balance: 400n, held: 0n, available: 400n });
    expect((await h.sql(`select status, journal_entry_id from hold where id = $1`, [holdId]))[0]).toEqual({
      status: 'CAPTURED',
      journal_entry_id: (outcome as { journalEntryId: string }).journalEntryId,
    });
    expect(await emitted(h, 'WalletOpened', bobWallet)).toHaveLength(1);
    expect((await emitted(h, 'FundsCaptured', ref.transactionId))[0]!.data).toMatchObject({ ...ref, holdId });
    expect((await emitted(h, 'WalletBalanceChanged', bobWallet)).at(-1)!.data.balance).toEqual(money(400));

    // A duplicate capture command: the same answer, nothing posted again.
    const again = await h.tx((em) => h.services.ledger.capture(em, cmd));
    expect(again).toEqual({ status: 'DUPLICATE', journalEntryId: (outcome as { journalEntryId: string }).journalEntryId });
    expect(await h.sql(`select id from journal_entry where transaction_id = $1`, [ref.transactionId])).toHaveLength(1);
    expect(await walletRow(h, bobWallet)).toEqual({ balance: 400n, held: 0n, available: 400n });
    expect(await emitted(h, 'FundsCaptured', ref.transactionId)).toHaveLength(2);
  });

  it('when duplicate capture commands race, then one journal entry is posted', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    await fund(h, alice, 1_000);
    const { ref, holdId } = await reserved(alice, 100);
    const cmd = commands.captureP2P(ref, holdId, alice, bob, money(100)).data;
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => h.tx((em) => h.services.ledger.capture(em, cmd))));
    expect(outcomes.filter((o) => o.status === 'CAPTURED')).toHaveLength(1);
    expect(await h.sql(`select id from journal_entry where transaction_id = $1`, [ref.transactionId])).toHaveLength(1);
  });

  it('when a released hold is asked to be captured, then FundsCaptureFailed(HOLD_NOT_ACTIVE) and no money moves', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const wallet = await fund(h, alice, 1_000);
    const { ref, holdId } = await reserved(alice, 100);
    await h.tx((em) => h.services.ledger.release(em, commands.release(ref, holdId).data));
    const outcome = await h.tx((em) => h.services.ledger.capture(em, commands.captureP2P(ref, holdId, alice, bob, money(100)).data));
    expect(outcome).toEqual({ status: 'FAILED', reason: 'HOLD_NOT_ACTIVE' });
    expect((await emitted(h, 'FundsCaptureFailed', ref.transactionId))[0]!.data.reason).toBe('HOLD_NOT_ACTIVE');
    expect(await walletRow(h, wallet)).toEqual({ balance: 1_000n, held: 0n, available: 1_000n });
  });

  it('when another transaction names the hold, then the capture fails and the hold stays', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    await fund(h, alice, 1_000);
    const { holdId } = await reserved(alice, 100);
    const outcome = await h.tx((em) => h.services.ledger.capture(em, commands.captureP2P(newTxn(), holdId, alice, bob, money(100)).data));
    expect(outcome).toEqual({ status: 'FAILED', reason: 'HOLD_NOT_ACTIVE' });
    expect((await h.sql(`select status from hold where id = $1`, [holdId]))[0]!.status).toBe('ACTIVE');
    await h.services.ledger.expireDue(h.orm); // nothing is due: no effect
    expect((await h.sql(`select status from hold where id = $1`, [holdId]))[0]!.status).toBe('ACTIVE');
  });
});

describe('conversion', () => {
  it('when a conversion is captured, then both legs go through FX clearing at the quote, each currency balances, and the quote is used', async () => {
    const alice = newUserId();
    const usdWallet = await fund(h, alice, 100_000); // 1000.00 USD
    const quote = await h.services.fx.quote(alice, { sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '250.00' });
    expect(quote).toMatchObject({ sourceAmount: 25_000n, targetAmount: 22_885n, rate: '0.9154' });
    const { ref, holdId } = await reserved(alice, 25_000);

    const outcome = await h.tx((em) =>
      h.services.ledger.capture(em, commands.captureConversion(ref, holdId, alice, money(25_000), quote.id).data),
    );
    expect(outcome.status).toBe('CAPTURED');
    const journalId = (outcome as { journalEntryId: string }).journalEntryId;
    const eurWallet = (await h.sql<{ id: string }>(`select id from ledger_account where owner_id = $1 and currency = 'EUR'`, [alice]))[0]!.id;
    expect(await walletRow(h, usdWallet)).toEqual({ balance: 75_000n, held: 0n, available: 75_000n });
    expect(await walletRow(h, eurWallet)).toEqual({ balance: 22_885n, held: 0n, available: 22_885n });

    const postings = await h.sql<{ account_id: string; amount: string; currency: string }>(
      `select account_id, amount::text, currency from posting where journal_entry_id = $1 order by id`,
      [journalId],
    );
    expect(postings).toEqual([
      { account_id: usdWallet, amount: '-25000', currency: 'USD' },
      { account_id: h.services.ledger.systemAccountId('FX_CLEARING', 'USD'), amount: '25000', currency: 'USD' },
      { account_id: h.services.ledger.systemAccountId('FX_CLEARING', 'EUR'), amount: '-22885', currency: 'EUR' },
      { account_id: eurWallet, amount: '22885', currency: 'EUR' },
    ]);
    expect((await h.sql(`select fx_rate::text, fx_spread_bps, fx_quote_id from journal_entry where id = $1`, [journalId]))[0]).toEqual({
      fx_rate: '0.9154000000',
      fx_spread_bps: 50,
      fx_quote_id: quote.id,
    });
    expect((await h.sql(`select used_by_transaction_id from fx_quote where id = $1`, [quote.id]))[0]!.used_by_transaction_id).toBe(ref.transactionId);

    // The quote is single-use: another conversion with it fails and its hold is given back at once.
    const second = await reserved(alice, 25_000);
    const failed = await h.tx((em) =>
      h.services.ledger.capture(em, commands.captureConversion(second.ref, second.holdId, alice, money(25_000), quote.id).data),
    );
    expect(failed).toEqual({ status: 'FAILED', reason: 'QUOTE_EXPIRED' });
    expect((await h.sql(`select status, end_reason from hold where id = $1`, [second.holdId]))[0]).toEqual({ status: 'RELEASED', end_reason: 'QUOTE_EXPIRED' });
    expect(await emitted(h, 'FundsReleased', second.ref.transactionId)).toHaveLength(1);
    expect(await walletRow(h, usdWallet)).toEqual({ balance: 75_000n, held: 0n, available: 75_000n });
  });

  it('when the quote expired beyond the capture grace, then the conversion fails with QUOTE_EXPIRED and nothing moves', async () => {
    const alice = newUserId();
    const usdWallet = await fund(h, alice, 10_000);
    const quote = await h.services.fx.quote(alice, { sourceCurrency: 'USD', targetCurrency: 'JPY', sourceAmount: '10.00' });
    const { ref, holdId } = await reserved(alice, 1_000);
    clock.offsetMs = (h.config.FX_QUOTE_TTL_SECONDS + h.config.FX_QUOTE_CAPTURE_GRACE_SECONDS + 1) * 1000;
    const outcome = await h.tx((em) => h.services.ledger.capture(em, commands.captureConversion(ref, holdId, alice, money(1_000), quote.id).data));
    expect(outcome).toEqual({ status: 'FAILED', reason: 'QUOTE_EXPIRED' });
    expect(await walletRow(h, usdWallet)).toEqual({ balance: 10_000n, held: 0n, available: 10_000n });
    expect(await h.sql(`select 1 from ledger_account where owner_id = $1 and currency = 'JPY'`, [alice])).toHaveLength(0);
  });

  it("when someone else's quote is used, then the conversion fails", async () => {
    const [alice, mallory] = [newUserId(), newUserId()];
    await fund(h, mallory, 10_000);
    const quote = await h.services.fx.quote(alice, { sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '10.00' });
    const { ref, holdId } = await reserved(mallory, 1_000);
    const outcome = await h.tx((em) => h.services.ledger.capture(em, commands.captureConversion(ref, holdId, mallory, money(1_000), quote.id).data));
    expect(outcome).toEqual({ status: 'FAILED', reason: 'QUOTE_EXPIRED' });
  });
});

describe('release and expiry', () => {
  it('when a hold is released, then available is restored; a duplicate release repeats FundsReleased without changing numbers', async () => {
    const alice = newUserId();
    const wallet = await fund(h, alice, 1_000);
    const { ref, holdId } = await reserved(alice, 600);
    expect(await walletRow(h, wallet)).toEqual({ balance: 1_000n, held: 600n, available: 400n });
    const cmd = commands.release(ref, holdId, 'RISK_DECLINED').data;
    expect(await h.tx((em) => h.services.ledger.release(em, cmd))).toEqual({ status: 'RELEASED' });
    expect(await walletRow(h, wallet)).toEqual({ balance: 1_000n, held: 0n, available: 1_000n });
    expect(await h.tx((em) => h.services.ledger.release(em, cmd))).toEqual({ status: 'DUPLICATE' });
    expect(await walletRow(h, wallet)).toEqual({ balance: 1_000n, held: 0n, available: 1_000n });
    const released = await emitted(h, 'FundsReleased', ref.transactionId);
    expect(released.map((e) => e.data.reason)).toEqual(['RISK_DECLINED', 'RISK_DECLINED']);
  });

  it('when a captured hold is asked to be released, then nothing happens', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const wallet = await fund(h, alice, 1_000);
    const { ref, holdId } = await reserved(alice, 100);
    await h.tx((em) => h.services.ledger.capture(em, commands.captureP2P(ref, holdId, alice, bob, money(100)).data));
    expect(await h.tx((em) => h.services.ledger.release(em, commands.release(ref, holdId).data))).toEqual({ status: 'IGNORED' });
    expect(await walletRow(h, wallet)).toEqual({ balance: 900n, held: 0n, available: 900n });
    expect(await emitted(h, 'FundsReleased', ref.transactionId)).toHaveLength(0);
  });

  it('when holds pass their expiry, then the sweep releases them with reason EXPIRED, and a late capture fails', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const wallet = await fund(h, alice, 1_000);
    const a = await reserved(alice, 100);
    const b = await reserved(alice, 200);
    clock.offsetMs = (h.config.HOLD_TTL_SECONDS + 1) * 1000;

    // b is captured late, before any sweep: past its expiry it is over all the same.
    const late = await h.tx((em) => h.services.ledger.capture(em, commands.captureP2P(b.ref, b.holdId, alice, bob, money(200)).data));
    expect(late).toEqual({ status: 'FAILED', reason: 'HOLD_NOT_ACTIVE' });
    expect(await h.services.ledger.expireDue(h.orm)).toBeGreaterThanOrEqual(1);

    expect((await h.sql(`select status, end_reason from hold where id = $1`, [a.holdId]))[0]).toEqual({ status: 'EXPIRED', end_reason: 'EXPIRED' });
    expect((await h.sql(`select status from hold where id = $1`, [b.holdId]))[0]!.status).toBe('EXPIRED');
    expect((await emitted(h, 'FundsReleased', a.ref.transactionId))[0]!.data.reason).toBe('EXPIRED');
    expect(await walletRow(h, wallet)).toEqual({ balance: 1_000n, held: 0n, available: 1_000n });
    expect(await h.services.ledger.expireDue(h.orm)).toBe(0);
  });
});

describe('credit', () => {
  it('when a card charge is credited, then PSP clearing pays the wallet, and a duplicate (also concurrent) posts once', async () => {
    const alice = newUserId();
    const ref = newTxn();
    const cmd = commands.credit(ref, alice, money(5_000, 'GBP')).data;
    const pspBefore = await walletRow(h, h.services.ledger.systemAccountId('PSP_CLEARING', 'GBP'));
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => h.tx((em) => h.services.ledger.credit(em, cmd))));
    expect(outcomes.filter((o) => o.status === 'CREDITED')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.journalEntryId)).size).toBe(1);
    const walletId = outcomes[0]!.walletId;
    expect(await walletRow(h, walletId)).toEqual({ balance: 5_000n, held: 0n, available: 5_000n });
    const pspAfter = await walletRow(h, h.services.ledger.systemAccountId('PSP_CLEARING', 'GBP'));
    expect(pspAfter.balance - pspBefore.balance).toBe(-5_000n);
    expect(await h.sql(`select id from journal_entry where transaction_id = $1`, [ref.transactionId])).toHaveLength(1);
    const credited = await emitted(h, 'FundsCredited', ref.transactionId);
    expect(credited.length).toBe(4);
    expect(credited[0]!.data).toMatchObject({ ...ref, walletId, amount: money(5_000, 'GBP') });
    expect(await emitted(h, 'WalletOpened', walletId)).toHaveLength(1);
  });

  it("when the named wallet is someone else's, then the user's own wallet in that currency is credited", async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const bobWallet = await fund(h, bob, 100);
    const result = await h.tx((em) => h.services.ledger.credit(em, commands.credit(newTxn(), alice, money(300), bobWallet).data));
    expect(result.walletId).not.toBe(bobWallet);
    expect(await walletRow(h, bobWallet)).toEqual({ balance: 100n, held: 0n, available: 100n });
    expect(await walletRow(h, result.walletId)).toEqual({ balance: 300n, held: 0n, available: 300n });
  });
});

describe('balanceAt', () => {
  it('when asked for past instants, then the balance is the sum of postings up to each', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const wallet = await fund(h, alice, 1_000);
    const t1 = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const { ref, holdId } = await reserved(alice, 250);
    await h.tx((em) => h.services.ledger.capture(em, commands.captureP2P(ref, holdId, alice, bob, money(250)).data));
    const t2 = new Date();
    const em = h.orm.em.fork();
    expect(await h.services.wallets.balanceAt(em, wallet, new Date(t1.getTime() - 60_000))).toBe(0n);
    expect(await h.services.wallets.balanceAt(em, wallet, t1)).toBe(1_000n);
    expect(await h.services.wallets.balanceAt(em, wallet, t2)).toBe(750n);
  });
});

describe('reconciliation report', () => {
  it('when the ledger is sound, then the report says balanced and shows PSP clearing as the mirror of what came in', async () => {
    await fund(h, newUserId(), 777, 'CHF');
    const report = await h.services.ledger.report(h.orm.em.fork());
    expect(report).toMatchObject({ balanced: true, unbalancedJournalIds: [], mismatchedAccountIds: [] });
    const chf = report.currencies.find((c) => c.currency === 'CHF')!;
    expect(chf.total).toBe(0n);
    expect(chf.wallets + chf.pspClearing + chf.fxClearing + chf.fees + chf.suspense).toBe(0n);
  });
});
