import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { callSubgraph } from '@paygraph/platform/testing';
import { errors } from '@paygraph/platform/errors';
import { newId } from '@paygraph/platform/ids';
import type { PayoutHoldView, PayoutPeers, PayoutRef, PayoutStepView } from '../src/adapters/payout-peers.js';
import { eventually, key, registerUser, startWorld, type TestUser, type World } from './support.js';

/**
 * The withdrawal's own state machine in payments, with wallets' payout commands as a test double that keeps their
 * contract (the first answer per transaction, repeated to every later call) and can be taken down or made to lose an
 * answer. The real wallets is behind test/e2e/payouts.test.ts and the crash test; here the cases the e2e cannot
 * arrange: wallets unreachable during the request, a hold refused on recovery, answers lost after the money moved.
 */
class FakePayouts implements PayoutPeers {
  holdStatus: PayoutHoldView['status'] = 'HELD';
  down = false;
  /** Commands whose next answer is lost after it was decided (as a crash or a timeout on the way back would). */
  readonly loseNext = new Set<string>();
  readonly holds = new Map<string, PayoutHoldView>();
  readonly journals = new Map<string, string>();
  readonly calls: { command: string; transactionId: string }[] = [];

  private answer<T>(command: string, transactionId: string, decide: () => T): T {
    this.calls.push({ command, transactionId });
    if (this.down) throw errors.unavailable('wallets');
    const result = decide();
    if (this.loseNext.delete(command)) throw errors.unavailable('wallets');
    return result;
  }

  async hold(req: PayoutRef): Promise<PayoutHoldView> {
    return this.answer('hold', req.transactionId, () => {
      let a = this.holds.get(req.transactionId);
      if (!a) this.holds.set(req.transactionId, (a = { status: this.holdStatus, holdId: this.holdStatus === 'HELD' ? newId('hld') : null, available: null }));
      return a;
    });
  }

  async capture(req: PayoutRef): Promise<PayoutStepView> {
    return this.answer('capture', req.transactionId, () => {
      let j = this.journals.get(req.transactionId);
      if (!j) this.journals.set(req.transactionId, (j = newId('jnl')));
      return { status: 'CAPTURED', journalEntryId: j };
    });
  }

  async release(req: PayoutRef): Promise<PayoutStepView> {
    return this.answer('release', req.transactionId, () => ({ status: 'RELEASED' }));
  }

  async returned(req: PayoutRef): Promise<PayoutStepView> {
    return this.answer('return', req.transactionId, () => ({ status: 'RETURNED', journalEntryId: newId('jnl') }));
  }

  count(command: string, transactionId: string): number {
    return this.calls.filter((c) => c.command === command && c.transactionId === transactionId).length;
  }

  reset(): void {
    this.holdStatus = 'HELD';
    this.down = false;
    this.loseNext.clear();
  }
}

const payouts = new FakePayouts();
let w: World;
let owner: TestUser;
let walletId: string;
let bankAccountId: string;

const WITHDRAW = `mutation ($input: WithdrawInput!) { withdraw(input: $input) { withdrawal { id status failureReason } userErrors { code field message } } }`;

beforeAll(async () => {
  w = await startWorld(
    { PAYMENT_RECOVERY_AFTER_MS: '300', PAYOUT_WORKER_INTERVAL_MS: '50', PAYOUT_RAIL_SETTLE_MS: '100', PAYOUT_POLL_MS: '50', PAYOUT_RETURN_WINDOW_MS: '100' },
    { payoutPeers: payouts },
  );
  owner = await registerUser(w, 'Owner');
  walletId = w.wallets.openWallet(owner.id, 'USD');
  const linked = await callSubgraph<any>(
    w.accounts.url,
    `mutation ($input: LinkBankAccountInput!) { linkBankAccount(input: $input) { fundingInstrument { id } } }`,
    { input: { country: 'US', holderName: 'Owner', routingNumber: '110000000', accountNumber: '000123456789' } },
    { userId: owner.id, roles: ['USER'] },
  );
  bankAccountId = linked.data.linkBankAccount.fundingInstrument.id;
  await callSubgraph(
    w.accounts.url,
    `mutation ($input: VerifyBankAccountInput!) { verifyBankAccount(input: $input) { userErrors { code } } }`,
    { input: { fundingInstrumentId: bankAccountId, amounts: ['0.32', '0.45'] } },
    { userId: owner.id, roles: ['USER'] },
  );
});

afterEach(() => payouts.reset());
afterAll(async () => {
  await w?.stop();
});

const withdraw = (idempotencyKey = key(), amount = '5.00') =>
  w.call(WITHDRAW, { input: { walletId, bankAccountId, amount: { amount, currency: 'USD' }, idempotencyKey } }, { userId: owner.id });
const row = async (id: string) => (await w.sql<any>(`select * from withdrawal where id = $1`, [id]))[0];
const statusEvents = async (id: string) =>
  (await w.sql<any>(`select envelope from outbox where type = 'WithdrawalStatusChanged' and aggregate_id = $1 order by id`, [id])).map(
    (r: any) => r.envelope.data.status as string,
  );

describe('when wallets cannot be reached during the request', () => {
  it('then the withdrawal answers PENDING without a hold, and the worker holds it later and pays it once', async () => {
    payouts.down = true;
    const res = await withdraw();
    expect(res.data.withdraw.userErrors).toEqual([]);
    const id = res.data.withdraw.withdrawal.id;
    expect(res.data.withdraw.withdrawal.status).toBe('PENDING');
    expect((await row(id)).hold_id).toBeNull();
    payouts.down = false;
    await eventually(async () => (await row(id)).status === 'PAID');
    const txn = (await row(id)).transaction_id;
    expect(payouts.journals.has(txn)).toBe(true);
    expect(await statusEvents(id)).toEqual(['PENDING', 'IN_TRANSIT', 'PAID']);
  });

  it('then a hold refused on recovery ends FAILED (the client may have seen it PENDING), with one event and nothing to release', async () => {
    payouts.down = true;
    const res = await withdraw();
    const id = res.data.withdraw.withdrawal.id;
    payouts.holdStatus = 'INSUFFICIENT_FUNDS';
    payouts.down = false;
    await eventually(async () => (await row(id)).status === 'FAILED');
    expect(await row(id)).toMatchObject({ failure_reason: 'INSUFFICIENT_FUNDS', hold_id: null, next_check_at: null });
    expect(await statusEvents(id)).toEqual(['FAILED']);
    expect(payouts.count('release', (await row(id)).transaction_id)).toBe(0);
  });
});

describe('when the hold is refused in the request', () => {
  it('then INSUFFICIENT_FUNDS, the withdrawal and its key are gone, and the same key may be used again', async () => {
    payouts.holdStatus = 'INSUFFICIENT_FUNDS';
    const k = key();
    const res = await withdraw(k);
    expect(res.data.withdraw).toEqual({ withdrawal: null, userErrors: [expect.objectContaining({ code: 'INSUFFICIENT_FUNDS', field: ['input', 'amount'] })] });
    expect(await w.sql(`select 1 from idempotency_key where user_id = $1 and key = $2`, [owner.id, k])).toHaveLength(0);
    payouts.holdStatus = 'HELD';
    const again = await withdraw(k);
    expect(again.data.withdraw.withdrawal.status).toBe('PENDING');
    await eventually(async () => (await row(again.data.withdraw.withdrawal.id)).status === 'PAID');
  });
});

describe('when an answer is lost after the money moved', () => {
  it('then the hold, then the capture, are asked again and the withdrawal is PAID with one event per status', async () => {
    payouts.loseNext.add('hold');
    const res = await withdraw();
    const id = res.data.withdraw.withdrawal.id;
    payouts.loseNext.add('capture');
    await eventually(async () => (await row(id)).status === 'PAID');
    const txn = (await row(id)).transaction_id;
    expect(payouts.count('hold', txn)).toBeGreaterThanOrEqual(2);
    expect(payouts.count('capture', txn)).toBeGreaterThanOrEqual(2);
    expect((await row(id)).journal_entry_id).toBe(payouts.journals.get(txn));
    expect(await statusEvents(id)).toEqual(['PENDING', 'IN_TRANSIT', 'PAID']);
  });
});
