import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { IdentitySigner } from '@paygraph/platform/identity';
import { InternalClient } from '@paygraph/platform/internal-client';
import { dropTestDatabases, TEST_INTERNAL_SECRET } from '@paygraph/platform/testing';
import { expectLedgerBalanced, fund, newTxn, newUserId, startHarness, walletRow, type Harness } from './support.js';

/**
 * The `transfer` internal command (DESIGN.md §4): payments' synchronous P2P transfer, called over HTTP as payments
 * calls it. One database transaction, no events, and the first answer for every repeat, refusals included.
 */
let h: Harness;
let payments: InternalClient;

beforeAll(async () => {
  h = await startHarness();
  payments = new InternalClient({ target: 'wallets', url: h.service.url, signer: new IdentitySigner(TEST_INTERNAL_SECRET, 'payments'), retries: 0 });
});

afterEach(async () => {
  await expectLedgerBalanced(h);
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

interface Answer {
  status: string;
  journalEntryId: string | null;
  senderWalletId: string | null;
  recipientWalletId: string | null;
  available: string | null;
  repeated: boolean;
}
const transfer = (ref: { transactionId: string; paymentId: string }, senderId: string, recipientId: string, minor: number, client = payments) =>
  client.command<Answer>('transfer', { ...ref, senderId, recipientId, amount: { minor: String(minor), currency: 'USD' } });
const count = async (sql: string, params: unknown[]) => Number((await h.sql<{ n: string }>(sql.replace("select count(*)", "select count(*) as n"), params))[0]!.n);

describe('when payments asks wallets to transfer', () => {
  it('then the money moves in one journal entry, the recipient\'s wallet opens, and no event is written for it', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const walletId = await fund(h, alice, 10_000);
    const ref = newTxn();
    const answer = await transfer(ref, alice, bob, 2_500);
    expect(answer).toMatchObject({ status: 'TRANSFERRED', senderWalletId: walletId, repeated: false });
    expect(answer.journalEntryId).toMatch(/^jnl_/);
    expect((await walletRow(h, walletId)).balance).toBe(7_500n);
    expect((await walletRow(h, answer.recipientWalletId!)).balance).toBe(2_500n);
    // The transaction's hold row, already CAPTURED, as for the saga's one-step transfer.
    expect(await h.sql(`select status from hold where transaction_id = $1`, [ref.transactionId])).toEqual([{ status: 'CAPTURED' }]);
    // Funding announced the sender's balance once; the transfer announces nothing (payments' PaymentSettled does).
    const announced = (aggregate: string | null) =>
      count(`select count(*) from outbox where type in ('FundsCaptured', 'FundsReservationFailed', 'WalletBalanceChanged') and aggregate_id = $1`, [aggregate]);
    expect(await announced(ref.transactionId)).toBe(0);
    expect(await announced(answer.recipientWalletId)).toBe(0);
    expect(await announced(walletId)).toBe(1);
  });

  it('when the same transfer is asked 12 times at once, then the money moves once and every answer is the first one', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const walletId = await fund(h, alice, 5_000);
    const ref = newTxn();
    const answers = await Promise.all(Array.from({ length: 12 }, () => transfer(ref, alice, bob, 1_000)));
    const journals = new Set(answers.map((a) => a.journalEntryId));
    expect(journals.size).toBe(1);
    expect(answers.filter((a) => !a.repeated)).toHaveLength(1);
    expect((await walletRow(h, walletId)).balance).toBe(4_000n);
    expect(await count(`select count(*) from journal_entry where transaction_id = $1`, [ref.transactionId])).toBe(1);
  });

  it('when the sender cannot afford it, then nothing moves, and a repeat after funds arrived still says INSUFFICIENT_FUNDS', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const walletId = await fund(h, alice, 300);
    const ref = newTxn();
    expect(await transfer(ref, alice, bob, 500)).toMatchObject({ status: 'INSUFFICIENT_FUNDS', available: '300', journalEntryId: null, repeated: false });
    await fund(h, alice, 1_000);
    // payments already failed this payment on the first answer: a repeat must not pay it now.
    expect(await transfer(ref, alice, bob, 500)).toMatchObject({ status: 'INSUFFICIENT_FUNDS', repeated: true });
    expect((await walletRow(h, walletId)).balance).toBe(1_300n);
    expect(await count(`select count(*) from journal_entry where transaction_id = $1`, [ref.transactionId])).toBe(0);
  });

  it('when the sender has no wallet in the currency, then WALLET_NOT_FOUND', async () => {
    expect(await transfer(newTxn(), newUserId(), newUserId(), 100)).toMatchObject({ status: 'WALLET_NOT_FOUND', senderWalletId: null });
  });

  it('when the gateway (or any service but payments) calls it, then it is refused and nothing moves', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const walletId = await fund(h, alice, 1_000);
    const gateway = new InternalClient({ target: 'wallets', url: h.service.url, signer: new IdentitySigner(TEST_INTERNAL_SECRET, 'gateway'), retries: 0 });
    await expect(transfer(newTxn(), alice, bob, 100, gateway)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect((await walletRow(h, walletId)).balance).toBe(1_000n);
  });

  it('when the amount is not a positive whole number of minor units, then it is refused and nothing moves', async () => {
    const [alice, bob] = [newUserId(), newUserId()];
    const walletId = await fund(h, alice, 1_000);
    for (const minor of ['0', '-5', '1.5', '']) {
      await expect(payments.command('transfer', { ...newTxn(), senderId: alice, recipientId: bob, amount: { minor, currency: 'USD' } })).rejects.toThrow(/HTTP 400/);
    }
    expect((await walletRow(h, walletId)).balance).toBe(1_000n);
  });

  describe('between two wallets that both exist (one statement: the wallet_transfer_p2p function)', () => {
    it('then the entry, both postings, both balances, the captured hold and the stored answer are written together', async () => {
      const [alice, bob] = [newUserId(), newUserId()];
      const [aliceWallet, bobWallet] = [await fund(h, alice, 10_000), await fund(h, bob, 100)];
      const ref = newTxn();
      const answer = await transfer(ref, alice, bob, 2_500);
      expect(answer).toMatchObject({ status: 'TRANSFERRED', senderWalletId: aliceWallet, recipientWalletId: bobWallet, available: null, repeated: false });
      expect((await walletRow(h, aliceWallet)).balance).toBe(7_500n);
      expect((await walletRow(h, bobWallet)).balance).toBe(2_600n);
      expect(
        await h.sql(`select account_id, amount::text from posting where journal_entry_id = $1 order by amount`, [answer.journalEntryId]),
      ).toEqual([{ account_id: aliceWallet, amount: '-2500' }, { account_id: bobWallet, amount: '2500' }]);
      expect(await h.sql(`select status, wallet_id, journal_entry_id, amount::text from hold where transaction_id = $1`, [ref.transactionId])).toEqual([
        { status: 'CAPTURED', wallet_id: aliceWallet, journal_entry_id: answer.journalEntryId, amount: '2500' },
      ]);
      // A repeat reads the stored answer: the same entry, nothing moved again.
      expect(await transfer(ref, alice, bob, 2_500)).toMatchObject({ status: 'TRANSFERRED', journalEntryId: answer.journalEntryId, recipientWalletId: bobWallet, repeated: true });
      expect((await walletRow(h, aliceWallet)).balance).toBe(7_500n);
    });

    it('when the same transfer is asked 12 times at once, then the money moves once and every answer is the first one', async () => {
      const [alice, bob] = [newUserId(), newUserId()];
      const [aliceWallet, bobWallet] = [await fund(h, alice, 5_000), await fund(h, bob, 1)];
      const ref = newTxn();
      const answers = await Promise.all(Array.from({ length: 12 }, () => transfer(ref, alice, bob, 1_000)));
      expect(new Set(answers.map((a) => a.journalEntryId)).size).toBe(1);
      expect(answers.filter((a) => !a.repeated)).toHaveLength(1);
      expect((await walletRow(h, aliceWallet)).balance).toBe(4_000n);
      expect((await walletRow(h, bobWallet)).balance).toBe(1_001n);
    });

    it('when two users pay each other many times at once, then nothing deadlocks, no balance goes negative and every cent is accounted for', async () => {
      const [alice, bob] = [newUserId(), newUserId()];
      const [aliceWallet, bobWallet] = [await fund(h, alice, 1_000), await fund(h, bob, 1_000)];
      // 12 payments of 150 each way at once (more than either can pay alone): none may overdraw either wallet. A
      // patient client of its own: the transfers queue on the two rows, and a shared machine is slow.
      const patient = new InternalClient({ target: 'wallets', url: h.service.url, signer: new IdentitySigner(TEST_INTERNAL_SECRET, 'payments'), retries: 0, timeoutMs: 30_000 });
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? transfer(newTxn(), alice, bob, 150, patient) : transfer(newTxn(), bob, alice, 150, patient))),
      );
      const moved = (from: number) => answers.filter((a, i) => i % 2 === from && a.status === 'TRANSFERRED').length * 150;
      expect(answers.every((a) => a.status === 'TRANSFERRED' || a.status === 'INSUFFICIENT_FUNDS')).toBe(true);
      const [a, b] = [await walletRow(h, aliceWallet), await walletRow(h, bobWallet)];
      expect(a.balance).toBe(BigInt(1_000 - moved(0) + moved(1)));
      expect(b.balance).toBe(BigInt(1_000 - moved(1) + moved(0)));
      expect(a.balance >= 0n && b.balance >= 0n).toBe(true);
    });

    it('when the sender cannot afford it, then nothing moves and the refusal is the answer for every repeat', async () => {
      const [alice, bob] = [newUserId(), newUserId()];
      const [aliceWallet, bobWallet] = [await fund(h, alice, 300), await fund(h, bob, 50)];
      const ref = newTxn();
      expect(await transfer(ref, alice, bob, 500)).toMatchObject({ status: 'INSUFFICIENT_FUNDS', available: '300', senderWalletId: aliceWallet, repeated: false });
      await fund(h, alice, 1_000);
      expect(await transfer(ref, alice, bob, 500)).toMatchObject({ status: 'INSUFFICIENT_FUNDS', available: '300', repeated: true });
      expect((await walletRow(h, aliceWallet)).balance).toBe(1_300n);
      expect((await walletRow(h, bobWallet)).balance).toBe(50n);
      expect(await count(`select count(*) from hold where transaction_id = $1`, [ref.transactionId])).toBe(0);
    });

    it('when the posting statement cannot write every part (a hold of the transaction exists), then nothing of it stays and the claim is undone', async () => {
      const [alice, bob] = [newUserId(), newUserId()];
      const [aliceWallet, bobWallet] = [await fund(h, alice, 1_000), await fund(h, bob, 0 + 1)];
      const ref = newTxn();
      // A hold of this transaction from elsewhere (the saga): the statement's hold insert fails on its unique index.
      await h.sql(
        `insert into hold (id, wallet_id, amount, currency, status, transaction_id, payment_id, expires_at, created_at) values ('hld_x' || md5(random()::text), $1, 1, 'USD', 'ACTIVE', $2, $3, now() + interval '1 hour', now())`,
        [aliceWallet, ref.transactionId, ref.paymentId],
      );
      await h.sql(`update account_balance set held = held + 1 where account_id = $1`, [aliceWallet]);
      await expect(transfer(ref, alice, bob, 100)).rejects.toThrow();
      expect((await walletRow(h, aliceWallet)).balance).toBe(1_000n);
      expect((await walletRow(h, bobWallet)).balance).toBe(1n);
      expect(await count(`select count(*) from journal_entry where transaction_id = $1`, [ref.transactionId])).toBe(0);
      expect(await count(`select count(*) from transfer_command where transaction_id = $1`, [ref.transactionId])).toBe(0);
      // Leave the ledger as the afterEach check expects.
      await h.sql(`delete from hold where transaction_id = $1`, [ref.transactionId]);
      await h.sql(`update account_balance set held = held - 1 where account_id = $1`, [aliceWallet]);
    });
  });
});
