import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventEnvelope } from '@paygraph/platform/events';
import {
  consumed,
  deliver,
  eventsOf,
  eventually,
  key,
  paymentRow,
  paymentsOf,
  registerUser,
  ADD_FUNDS,
  linkCard,
  startWorld,
  transactionEvent,
  transactionIdFor,
  type PaymentRow,
  type TestUser,
  type World,
} from './support.js';

/**
 * Payments that wait for the saga (here add funds: P2P settles in the request, see send-money.test.ts), and the
 * saga's outcome flowing back: Transaction* events move a payment forward only, whatever their order and however
 * often they arrive; awaitCompletion answers when the payment settles. A long poll interval here proves that waiters
 * are woken by the consumer's commit, not by polling.
 */
let w: World;
let alice: TestUser;
let bob: TestUser;

const AWAIT_TIMEOUT_MS = 3_000;

beforeAll(async () => {
  w = await startWorld({ AWAIT_COMPLETION_TIMEOUT_MS: String(AWAIT_TIMEOUT_MS), AWAIT_POLL_INTERVAL_MS: '2500' });
  [alice, bob] = await Promise.all([registerUser(w, 'Alice'), registerUser(w, 'Bob')]);
});

afterAll(async () => {
  await w?.stop();
});

const cards = new Map<string, string>();
/** An add-funds request from the user's card (linked on first use); the saga, not running here, would settle it. */
function addFunds(user: TestUser, amount: string, awaitCompletion = false) {
  return (async () => {
    if (!cards.has(user.id)) cards.set(user.id, await linkCard(w, user.id));
    return w.call(
      ADD_FUNDS,
      { input: { fundingInstrumentId: cards.get(user.id), amount: { amount, currency: 'USD' }, idempotencyKey: key(), awaitCompletion } },
      { userId: user.id },
    );
  })();
}

async function newPayment(): Promise<PaymentRow> {
  const res = await addFunds(alice, '10.00');
  return (await paymentRow(w, res.data.addFunds.payment.id))!;
}

/** Delivers the events one after the other, each consumed before the next goes. */
async function apply(...events: EventEnvelope[]): Promise<void> {
  for (const event of events) {
    await deliver(w, event);
    await eventually(() => consumed(w, event.id));
  }
}

const changes = async (paymentId: string) =>
  (await eventsOf(w, 'PaymentStatusChanged', paymentId)).map((e) => `${e.data.previousStatus}->${e.data.status}`);

describe('when Transaction* events arrive', () => {
  it('then PENDING → PROCESSING → COMPLETED, each change announced with PaymentStatusChanged', async () => {
    const p = await newPayment();
    await apply(transactionEvent('TransactionStarted', p));
    expect(await paymentRow(w, p.id)).toMatchObject({ status: 'PROCESSING', transaction_id: transactionIdFor(p.id) });
    await apply(transactionEvent('TransactionCompleted', p));
    expect(await paymentRow(w, p.id)).toMatchObject({ status: 'COMPLETED', failure_reason: null });
    expect(await changes(p.id)).toEqual(['PENDING->PROCESSING', 'PROCESSING->COMPLETED']);
    const [last] = (await eventsOf(w, 'PaymentStatusChanged', p.id)).slice(-1);
    expect(last).toMatchObject({
      source: 'payments',
      aggregateId: p.id,
      data: { paymentId: p.id, kind: 'ADD_FUNDS', senderId: alice.id, recipientId: alice.id, amount: { minor: '1000', currency: 'USD' }, failureReason: null },
    });
  });

  it('when TransactionStarted comes after COMPLETED (out of order), then the payment stays COMPLETED', async () => {
    const p = await newPayment();
    await apply(transactionEvent('TransactionCompleted', p), transactionEvent('TransactionStarted', p));
    expect((await paymentRow(w, p.id))!.status).toBe('COMPLETED');
    expect(await changes(p.id)).toEqual(['PENDING->COMPLETED']);
  });

  it('when an event is redelivered or duplicated, then it changes nothing the second time', async () => {
    const p = await newPayment();
    const started = transactionEvent('TransactionStarted', p);
    await Promise.all([deliver(w, started), deliver(w, started), deliver(w, started)]);
    await eventually(() => consumed(w, started.id));
    // A second event with a new id saying the same thing: deduplicated by state, not by the inbox.
    await apply(transactionEvent('TransactionStarted', p));
    await apply(started);
    expect(await changes(p.id)).toEqual(['PENDING->PROCESSING']);
  });

  it('then FAILED carries the reason and is final', async () => {
    const p = await newPayment();
    await apply(
      transactionEvent('TransactionStarted', p),
      transactionEvent('TransactionFailed', p, { reason: 'RISK_DECLINED', message: 'declined' }),
      transactionEvent('TransactionCompleted', p),
      transactionEvent('TransactionOnHold', p),
    );
    expect(await paymentRow(w, p.id)).toMatchObject({ status: 'FAILED', failure_reason: 'RISK_DECLINED' });
    expect(await changes(p.id)).toEqual(['PENDING->PROCESSING', 'PROCESSING->FAILED']);
    const [failed] = (await eventsOf(w, 'PaymentStatusChanged', p.id)).slice(-1);
    expect(failed!.data.failureReason).toBe('RISK_DECLINED');
  });

  it('then ON_HOLD is parked, not final: a late TransactionStarted leaves it, a decision ends it', async () => {
    const p = await newPayment();
    await apply(transactionEvent('TransactionStarted', p), transactionEvent('TransactionOnHold', p), transactionEvent('TransactionStarted', p));
    expect((await paymentRow(w, p.id))!.status).toBe('ON_HOLD');
    await apply(transactionEvent('TransactionOnHold', p), transactionEvent('TransactionCompleted', p));
    expect((await paymentRow(w, p.id))!.status).toBe('COMPLETED');
    expect(await changes(p.id)).toEqual(['PENDING->PROCESSING', 'PROCESSING->ON_HOLD', 'ON_HOLD->COMPLETED']);
  });

  it('when an event names another transaction than the one the payment started with, then it is ignored', async () => {
    const p = await newPayment();
    await apply(transactionEvent('TransactionStarted', p), transactionEvent('TransactionCompleted', p, { transactionId: 'txn_00000000000000000000000000000000' }));
    expect((await paymentRow(w, p.id))!.status).toBe('PROCESSING');
  });

  it('when an event names an unknown payment, then it is consumed and nothing happens', async () => {
    const ghost = { id: 'pay_00000000000000000000000000000000', kind: 'P2P', status: 'PENDING', failure_reason: null, sender_id: alice.id, recipient_id: bob.id, amount: '1', currency: 'USD' };
    const event = transactionEvent('TransactionStarted', ghost);
    await apply(event);
    expect(await paymentRow(w, ghost.id)).toBeUndefined();
  });
});

describe('when awaitCompletion is asked for', () => {
  async function sendAwaiting(sender: TestUser) {
    const started = Date.now();
    const pending = addFunds(sender, '1.00', true);
    const row = await eventually(async () => (await paymentsOf(w, sender.id))[0]);
    return { row, pending, started };
  }

  it('then the mutation answers as soon as the payment completes, woken by the commit (not the 2.5 s poll)', async () => {
    const sender = await registerUser(w, 'Waiter');
    const { row, pending } = await sendAwaiting(sender);
    await new Promise((r) => setTimeout(r, 200));
    const completed = transactionEvent('TransactionCompleted', row);
    await deliver(w, completed);
    await eventually(() => consumed(w, completed.id));
    const consumedAt = Date.now();
    const res = await pending;
    expect(res.data.addFunds.payment).toMatchObject({ id: row.id, status: 'COMPLETED' });
    expect(Date.now() - consumedAt).toBeLessThan(1_000);
  });

  it('then ON_HOLD and FAILED end the wait too', async () => {
    const a = await sendAwaiting(await registerUser(w, 'Held'));
    await deliver(w, transactionEvent('TransactionOnHold', a.row));
    expect((await a.pending).data.addFunds.payment.status).toBe('ON_HOLD');

    const b = await sendAwaiting(await registerUser(w, 'Failing'));
    await deliver(w, transactionEvent('TransactionFailed', b.row));
    expect((await b.pending).data.addFunds.payment).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
  });

  it('when nothing happens, then the payment comes back PENDING after the configured bound', async () => {
    const { pending, started } = await sendAwaiting(await registerUser(w, 'Forgotten'));
    const res = await pending;
    const took = Date.now() - started;
    expect(res.data.addFunds.payment.status).toBe('PENDING');
    expect(took).toBeGreaterThanOrEqual(AWAIT_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(AWAIT_TIMEOUT_MS + 2_000);
  });

  it('when it is not asked for, then the mutation answers at once with PENDING', async () => {
    const sender = await registerUser(w, 'Hurried');
    await linkCard(w, sender.id).then((id) => cards.set(sender.id, id));
    const started = Date.now();
    const res = await addFunds(sender, '1.00');
    expect(res.data.addFunds.payment.status).toBe('PENDING');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
