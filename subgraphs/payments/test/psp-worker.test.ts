import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@paygraph/platform/ids';
import { PspTransientError, SandboxPsp, type ChargeOutcome, type ChargeRequest, type PaymentServiceProvider } from '../src/adapters/psp.js';
import {
  ADD_FUNDS,
  SEND_MONEY,
  consumed,
  deliver,
  envelope,
  eventsOf,
  eventually,
  key,
  linkCard,
  registerUser,
  startWorld,
  transactionIdFor,
  type World,
} from './support.js';

/**
 * The running service's charge path: ChargeRequested → charge recorded → PSP worker → PaymentChargeSucceeded /
 * PaymentChargeFailed. The PSP is the sandbox one, wrapped so a test can make its next calls fail transiently.
 */
class ScriptedPsp implements PaymentServiceProvider {
  readonly name = 'scripted-sandbox';
  inner!: SandboxPsp;
  readonly failNext = new Map<string, number>();
  readonly calls: string[] = [];

  async charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeOutcome> {
    this.calls.push(request.idempotencyKey);
    const failures = this.failNext.get(request.idempotencyKey) ?? 0;
    if (failures > 0) {
      this.failNext.set(request.idempotencyKey, failures - 1);
      throw new PspTransientError('scripted network failure');
    }
    return this.inner.charge(request, signal);
  }
}

const SLOW_MS = 800;
const psp = new ScriptedPsp();
let w: World;

beforeAll(async () => {
  w = await startWorld({ PSP_SLOW_APPROVE_MS: String(SLOW_MS), PSP_MAX_ATTEMPTS: '3', PSP_RETRY_BASE_MS: '20' }, { psp });
  psp.inner = new SandboxPsp(await w.orm(), { latencyMs: 0, failureRate: 0, slowApproveMs: SLOW_MS });
});

afterAll(async () => {
  await w?.stop();
});

/** An ADD_FUNDS payment from a card ending in `last4`, and the ChargeRequested that risk approval would send. */
async function topUp(number: string, amount = '25.00') {
  const user = await registerUser(w, 'Topper');
  const card = await linkCard(w, user.id, number);
  const res = await w.call(ADD_FUNDS, { input: { fundingInstrumentId: card, amount: { amount, currency: 'USD' }, idempotencyKey: key() } }, { userId: user.id });
  const payment = res.data.addFunds.payment;
  const transactionId = transactionIdFor(payment.id);
  const request = envelope('ChargeRequested', 'transactions', transactionId, {
    transactionId,
    paymentId: payment.id,
    userId: user.id,
    fundingInstrumentId: card,
    amount: { minor: String(Math.round(Number(amount) * 100)), currency: 'USD' },
    at: new Date().toISOString(),
  });
  return { user, card, payment, request };
}

const chargeOutcome = (paymentId: string) =>
  eventually(async () => {
    const events = [...(await eventsOf(w, 'PaymentChargeSucceeded', paymentId)), ...(await eventsOf(w, 'PaymentChargeFailed', paymentId))];
    return events.length > 0 ? events : null;
  });

describe('when a charge is requested', () => {
  it('when the card approves (4242), then PaymentChargeSucceeded with the PSP reference, continuing the saga correlation', async () => {
    const { payment, request } = await topUp('4242424242424242');
    await deliver(w, request);
    const [event, ...more] = await chargeOutcome(payment.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: 'PaymentChargeSucceeded',
      aggregateId: payment.id,
      correlationId: request.correlationId,
      causationId: request.id,
      data: { paymentId: payment.id, transactionId: request.data.transactionId, amount: { minor: '2500', currency: 'USD' }, pspReference: expect.stringMatching(/^sbx_ch_/) },
    });
    const [charge] = await w.sql(`select status, attempts, psp_reference from payment_charge where payment_id = $1`, [payment.id]);
    expect(charge).toEqual({ status: 'SUCCEEDED', attempts: 1, psp_reference: event!.data.pspReference });
  });

  it('when the card declines (0002), then PaymentChargeFailed CARD_DECLINED', async () => {
    const { payment, request } = await topUp('4000000000000002');
    await deliver(w, request);
    const [event] = await chargeOutcome(payment.id);
    expect(event).toMatchObject({ type: 'PaymentChargeFailed', data: { paymentId: payment.id, reason: 'CARD_DECLINED', message: expect.any(String) } });
    const [row] = await w.sql(`select outcome from sandbox_psp_charge where idempotency_key = $1`, [payment.id]);
    expect(row!.outcome).toBe('DECLINED');
  });

  it('when the card approves slowly (0259), then it succeeds after the delay, and other charges are not held up meanwhile', async () => {
    const slow = await topUp('4000000000000259');
    const fast = await topUp('4242424242424242');
    const started = Date.now();
    await deliver(w, slow.request);
    await eventually(async () => (await w.sql(`select 1 from payment_charge where payment_id = $1 and attempts = 1`, [slow.payment.id])).length > 0);
    await deliver(w, fast.request);
    const [fastEvent] = await chargeOutcome(fast.payment.id);
    const fastDone = Date.now() - started;
    const [slowEvent] = await chargeOutcome(slow.payment.id);
    const slowDone = Date.now() - started;
    expect(fastEvent!.type).toBe('PaymentChargeSucceeded');
    expect(slowEvent!.type).toBe('PaymentChargeSucceeded');
    expect(slowDone).toBeGreaterThanOrEqual(SLOW_MS);
    expect(fastDone).toBeLessThan(slowDone);
  });

  it('when ChargeRequested is redelivered or repeated, then the card is charged once and one outcome is emitted', async () => {
    const { payment, request } = await topUp('4242424242424242');
    const repeat = { ...request, id: envelope('ChargeRequested', 'transactions', request.aggregateId, request.data).id };
    await Promise.all([deliver(w, request), deliver(w, request), deliver(w, repeat)]);
    await eventually(async () => (await consumed(w, request.id)) && (await consumed(w, repeat.id)));
    await chargeOutcome(payment.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(await eventsOf(w, 'PaymentChargeSucceeded', payment.id)).toHaveLength(1);
    expect(await w.sql(`select 1 from sandbox_psp_charge where idempotency_key = $1`, [payment.id])).toHaveLength(1);
  });

  it('when the PSP fails transiently, then the worker retries with the same key until it answers', async () => {
    const { payment, request } = await topUp('4242424242424242');
    psp.failNext.set(payment.id, 2);
    await deliver(w, request);
    const [event] = await chargeOutcome(payment.id);
    expect(event!.type).toBe('PaymentChargeSucceeded');
    expect(psp.calls.filter((k) => k === payment.id)).toHaveLength(3);
    const [charge] = await w.sql(`select attempts, last_error from payment_charge where payment_id = $1`, [payment.id]);
    expect(charge).toEqual({ attempts: 3, last_error: null });
  });

  it('when the PSP keeps failing past PSP_MAX_ATTEMPTS, then PaymentChargeFailed PSP_ERROR', async () => {
    const { payment, request } = await topUp('4242424242424242');
    psp.failNext.set(payment.id, 10);
    await deliver(w, request);
    const [event] = await chargeOutcome(payment.id);
    expect(event).toMatchObject({ type: 'PaymentChargeFailed', data: { reason: 'PSP_ERROR' } });
    expect(psp.calls.filter((k) => k === payment.id)).toHaveLength(3);
  });

  it('when the payment is not an ADD_FUNDS one, then PaymentChargeFailed PSP_ERROR without calling the PSP', async () => {
    const [sender, recipient] = await Promise.all([registerUser(w, 'P2P'), registerUser(w, 'Other')]);
    const res = await w.call(SEND_MONEY, { input: { recipientId: recipient.id, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: key() } }, { userId: sender.id });
    const paymentId = res.data.sendMoney.payment.id;
    const transactionId = transactionIdFor(paymentId);
    const request = envelope('ChargeRequested', 'transactions', transactionId, {
      transactionId,
      paymentId,
      userId: sender.id,
      fundingInstrumentId: newId('fi'),
      amount: { minor: '100', currency: 'USD' },
      at: new Date().toISOString(),
    });
    await deliver(w, request);
    const [event] = await chargeOutcome(paymentId);
    expect(event).toMatchObject({ type: 'PaymentChargeFailed', data: { reason: 'PSP_ERROR' } });
    expect(psp.calls).not.toContain(paymentId);
  });
});
