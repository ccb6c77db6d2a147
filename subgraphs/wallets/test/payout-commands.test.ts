import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { IdentitySigner } from '@paygraph/platform/identity';
import { newId } from '@paygraph/platform/ids';
import { InternalClient } from '@paygraph/platform/internal-client';
import { dropTestDatabases, TEST_INTERNAL_SECRET } from '@paygraph/platform/testing';
import { expectLedgerBalanced, fund, newUserId, startHarness, walletRow, type Harness } from './support.js';

/**
 * A withdrawal's four ledger steps as payments calls them (`payoutHold`, `payoutCapture`, `payoutRelease`,
 * `payoutReturn` over HTTP): each idempotent on the transaction id, the hold's first answer kept even when it was a
 * refusal, the capture into PAYOUT_CLEARING and the return out of it one journal entry each however often asked.
 */
let h: Harness;
let payments: InternalClient;

beforeAll(async () => {
  h = await startHarness();
  payments = new InternalClient({ target: 'wallets', url: h.service.url, signer: new IdentitySigner(TEST_INTERNAL_SECRET, 'payments'), retries: 0, timeoutMs: 10_000 });
});
afterEach(async () => {
  await expectLedgerBalanced(h);
});
afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const ref = () => ({ transactionId: newId('txn'), withdrawalId: newId('wdr') });
const hold = (r: ReturnType<typeof ref>, userId: string, walletId: string, minor: number) =>
  payments.command<{ status: string; holdId: string | null; available: string | null; repeated: boolean }>('payoutHold', {
    ...r,
    userId,
    walletId,
    amount: { minor: String(minor), currency: 'USD' },
  });
const step = (name: string, r: ReturnType<typeof ref>, holdId: string, extra: Record<string, unknown> = {}) =>
  payments.command<{ status: string; journalEntryId?: string; repeated?: boolean }>(name, { ...r, holdId, ...extra });
const clearing = async () =>
  BigInt((await h.sql<{ b: string }>(`select balance::text as b from account_balance where kind = 'PAYOUT_CLEARING' and currency = 'USD'`))[0]!.b);

describe('a withdrawal that is paid and then returned', () => {
  it('then hold, capture and return each move the money once, however often they are asked', async () => {
    const user = newUserId();
    const walletId = await fund(h, user, 10_000);
    const before = await clearing();
    const r = ref();
    const answers = await Promise.all(Array.from({ length: 6 }, () => hold(r, user, walletId, 4_000)));
    expect(new Set(answers.map((a) => a.holdId)).size).toBe(1);
    expect(answers.filter((a) => !a.repeated)).toHaveLength(1);
    const holdId = answers[0]!.holdId!;
    expect(await walletRow(h, walletId)).toEqual({ balance: 10_000n, held: 4_000n, available: 6_000n });
    // Payout holds never expire: the rail decides.
    expect((await h.sql(`select expires_at > now() + interval '50 years' as far from hold where id = $1`, [holdId]))[0]).toEqual({ far: true });

    const captures = await Promise.all(Array.from({ length: 4 }, () => step('payoutCapture', r, holdId)));
    expect(new Set(captures.map((c) => c.journalEntryId)).size).toBe(1);
    expect(await walletRow(h, walletId)).toEqual({ balance: 6_000n, held: 0n, available: 6_000n });
    expect((await clearing()) - before).toBe(4_000n);
    // A release after the capture changes nothing.
    expect(await step('payoutRelease', r, holdId, { reason: 'WITHDRAWAL_NO_ACCOUNT' })).toEqual({ status: 'HOLD_NOT_ACTIVE' });

    const returns = await Promise.all(Array.from({ length: 4 }, () => step('payoutReturn', r, holdId)));
    expect(new Set(returns.map((x) => x.journalEntryId)).size).toBe(1);
    expect(await walletRow(h, walletId)).toEqual({ balance: 10_000n, held: 0n, available: 10_000n });
    expect(await clearing()).toBe(before);
    expect(await h.sql(`select kind from journal_entry where transaction_id = $1 order by kind`, [r.transactionId])).toEqual([
      { kind: 'WITHDRAWAL' },
      { kind: 'WITHDRAWAL_RETURN' },
    ]);
  });
});

describe('a withdrawal the bank refuses', () => {
  it('then the release ends the hold once and nothing moves; a return without a capture is refused', async () => {
    const user = newUserId();
    const walletId = await fund(h, user, 5_000);
    const r = ref();
    const { holdId } = await hold(r, user, walletId, 5_000);
    expect(await step('payoutRelease', r, holdId!, { reason: 'WITHDRAWAL_NO_ACCOUNT' })).toEqual({ status: 'RELEASED', repeated: false });
    expect(await step('payoutRelease', r, holdId!, { reason: 'WITHDRAWAL_NO_ACCOUNT' })).toEqual({ status: 'RELEASED', repeated: true });
    expect(await step('payoutReturn', r, holdId!)).toEqual({ status: 'NOT_CAPTURED' });
    expect(await step('payoutCapture', r, holdId!)).toEqual({ status: 'HOLD_NOT_ACTIVE' });
    expect(await walletRow(h, walletId)).toEqual({ balance: 5_000n, held: 0n, available: 5_000n });
  });
});

describe('a hold the wallet cannot cover', () => {
  it('then INSUFFICIENT_FUNDS, and a repeat after money arrived is still refused (the first answer is kept)', async () => {
    const user = newUserId();
    const walletId = await fund(h, user, 1_000);
    const r = ref();
    expect(await hold(r, user, walletId, 2_000)).toEqual({ status: 'INSUFFICIENT_FUNDS', holdId: null, available: '1000', repeated: false });
    await fund(h, user, 5_000);
    expect(await hold(r, user, walletId, 2_000)).toMatchObject({ status: 'INSUFFICIENT_FUNDS', repeated: true });
    expect(await walletRow(h, walletId)).toMatchObject({ held: 0n });
  });

  it('when the wallet named is not the user’s in that currency, then WALLET_NOT_FOUND', async () => {
    const [user, other] = [newUserId(), newUserId()];
    await fund(h, user, 1_000);
    const othersWallet = await fund(h, other, 1_000);
    expect(await hold(ref(), user, othersWallet, 100)).toMatchObject({ status: 'WALLET_NOT_FOUND', holdId: null });
  });

  it('when parallel withdrawals of one wallet together exceed it, then exactly the ones that fit are held', async () => {
    const user = newUserId();
    const walletId = await fund(h, user, 10_000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => hold(ref(), user, walletId, 3_000)));
    expect(answers.filter((a) => a.status === 'HELD')).toHaveLength(3);
    expect(answers.filter((a) => a.status === 'INSUFFICIENT_FUNDS')).toHaveLength(7);
    expect(await walletRow(h, walletId)).toEqual({ balance: 10_000n, held: 9_000n, available: 1_000n });
  });
});
