import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { eventsOf, eventually, key, paymentRow, registerUser, SEND_MONEY, startWorld, type TestUser, type World } from './support.js';

/**
 * A P2P payment settles in its request (DESIGN.md §4): fraud decides, wallets transfers, the payment ends with one
 * PaymentSettled. What fraud and wallets answer is a test double here (FakeSettlement, with their contract: the first
 * answer per transaction); the real ones are behind the e2e tests.
 */
let w: World;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  w = await startWorld({ PAYMENT_RECOVERY_AFTER_MS: '400', PAYMENT_RECOVERY_INTERVAL_MS: '100' });
  [alice, bob] = await Promise.all([registerUser(w, 'Alice'), registerUser(w, 'Bob')]);
});

afterEach(() => w.settlement.reset());

afterAll(async () => {
  await w?.stop();
});

const send = (idempotencyKey = key(), amount = '2.00') =>
  w.call(SEND_MONEY, { input: { recipientId: bob.id, amount: { amount, currency: 'USD' }, idempotencyKey } }, { userId: alice.id });
const callsFor = (txn: unknown) => w.settlement.calls.filter((c) => c.transactionId === txn).map((c) => c.command);

describe('when fraud declines', () => {
  it('then the payment is FAILED with RISK_DECLINED, wallets is never asked, and the event says why', async () => {
    w.settlement.decision = 'DECLINE';
    const res = await send();
    const payment = res.data.sendMoney.payment;
    expect(payment).toMatchObject({ status: 'FAILED', failureReason: 'RISK_DECLINED' });
    const row = await paymentRow(w, payment.id);
    expect(callsFor(row!.transaction_id)).toEqual(['decide']);
    const [settled] = await eventsOf(w, 'PaymentSettled', payment.id);
    expect(settled!.data).toMatchObject({ status: 'FAILED', failureReason: 'RISK_DECLINED', risk: { decision: 'DECLINE' }, journalEntryId: null, wallets: [] });
  });
});

describe('when the sender cannot afford it', () => {
  it('then the payment is FAILED with INSUFFICIENT_FUNDS and no wallet is announced', async () => {
    w.settlement.transferStatus = 'INSUFFICIENT_FUNDS';
    const payment = (await send()).data.sendMoney.payment;
    expect(payment).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    const [settled, ...more] = await eventsOf(w, 'PaymentSettled', payment.id);
    expect(more).toEqual([]);
    expect(settled!.data).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS', risk: { decision: 'APPROVE' }, wallets: [] });
  });
});

describe('when fraud wants a review', () => {
  it('then the payment is handed to the saga with the decision: PROCESSING, PaymentInitiated naming the transaction and the case', async () => {
    w.settlement.decision = 'REVIEW';
    const payment = (await send()).data.sendMoney.payment;
    expect(payment.status).toBe('PROCESSING');
    const row = await paymentRow(w, payment.id);
    const txn = row!.transaction_id;
    expect(callsFor(txn)).toEqual(['decide']);
    expect(await eventsOf(w, 'PaymentSettled', payment.id)).toEqual([]);
    const [initiated] = await eventsOf(w, 'PaymentInitiated', payment.id);
    const decision = w.settlement.decisions.get(txn as string)!;
    expect(initiated!.data).toMatchObject({
      paymentId: payment.id,
      kind: 'P2P',
      transactionId: txn,
      risk: { assessmentId: decision.assessmentId, decision: 'REVIEW', caseId: decision.caseId },
    });
    expect((await eventsOf(w, 'PaymentStatusChanged', payment.id)).map((e) => `${e.data.previousStatus}->${e.data.status}`)).toEqual([
      'PENDING->PROCESSING',
    ]);
  });
});

describe('when fraud and wallets cannot be reached during the request', () => {
  it('then the mutation answers PENDING, and the recovery worker settles it once they are back', async () => {
    w.settlement.down = true;
    const payment = (await send()).data.sendMoney.payment;
    expect(payment.status).toBe('PENDING');
    expect(await eventsOf(w, 'PaymentSettled', payment.id)).toEqual([]);
    w.settlement.down = false;
    const row = await eventually(async () => {
      const r = await paymentRow(w, payment.id);
      return r?.status === 'COMPLETED' ? r : null;
    });
    expect(callsFor(row.transaction_id).filter((c) => c === 'transfer').length).toBeGreaterThanOrEqual(1);
    expect(await eventsOf(w, 'PaymentSettled', payment.id)).toHaveLength(1);
  });

  it('then a client retrying with the same key finishes it too, and it is settled once', async () => {
    w.settlement.down = true;
    const k = key();
    const first = (await send(k)).data.sendMoney.payment;
    expect(first.status).toBe('PENDING');
    w.settlement.down = false;
    const retried = (await send(k)).data.sendMoney.payment;
    expect(retried).toMatchObject({ id: first.id, status: 'COMPLETED' });
    // The recovery worker may have come by as well: still one outcome.
    await new Promise((r) => setTimeout(r, 600));
    expect(await eventsOf(w, 'PaymentSettled', first.id)).toHaveLength(1);
    expect((await paymentRow(w, first.id))!.status).toBe('COMPLETED');
  });
});
