import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Outbox } from '@paygraph/platform/events';
import { createLogger } from '@paygraph/platform/logger';
import { ChargeService } from '../src/services/charge.service.js';
import {
  PspRequestError,
  PspTransientError,
  SandboxPsp,
  type ChargeOutcome,
  type ChargeRequest,
  type PaymentServiceProvider,
} from '../src/adapters/psp.js';
import { PspChargeWorker } from '../src/workers/psp-charge.worker.js';
import {
  ADD_FUNDS,
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
 * The sandbox PSP's own guarantees, and a crash between the PSP call and recording its answer, simulated by running
 * the worker's steps by hand (the service's own worker is off here).
 */
let w: World;
const logger = createLogger('test', 'silent');

beforeAll(async () => {
  w = await startWorld({ PSP_WORKER_ENABLED: 'false' });
});

afterAll(async () => {
  await w?.stop();
});

const sandbox = async (over: Partial<ConstructorParameters<typeof SandboxPsp>[1]> = {}, random?: () => number) =>
  new SandboxPsp(await w.orm(), { latencyMs: 0, failureRate: 0, slowApproveMs: 300, ...over }, random);
const request = (last4 = '4242', over: Partial<ChargeRequest> = {}): ChargeRequest => ({
  idempotencyKey: `pay_test_${key()}`,
  amount: 1234n,
  currency: 'USD',
  token: 'tok_sandbox_test',
  last4,
  ...over,
});
const pspCharges = (idempotencyKey: string) => w.sql(`select * from sandbox_psp_charge where idempotency_key = $1`, [idempotencyKey]);

describe('the sandbox PSP', () => {
  it('when the same idempotency key is charged twice, then one charge and the same answer', async () => {
    const psp = await sandbox();
    const req = request();
    const [a, b] = await Promise.all([psp.charge(req), psp.charge(req)]);
    const c = await psp.charge(req);
    expect(a).toEqual({ status: 'APPROVED', reference: expect.stringMatching(/^sbx_ch_[0-9a-f]{24}$/) });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(await pspCharges(req.idempotencyKey)).toHaveLength(1);
  });

  it('when a key is reused with another amount or card, then the request itself is refused', async () => {
    const psp = await sandbox();
    const req = request();
    await psp.charge(req);
    await expect(psp.charge({ ...req, amount: 1n })).rejects.toBeInstanceOf(PspRequestError);
    await expect(psp.charge({ ...req, token: 'tok_other' })).rejects.toBeInstanceOf(PspRequestError);
  });

  it('then 0002 declines, 0259 approves after the configured delay (also for a retry meanwhile), others approve', async () => {
    const psp = await sandbox({ slowApproveMs: 300 });
    expect(await psp.charge(request('0002'))).toMatchObject({ status: 'DECLINED', code: 'card_declined' });
    expect(await psp.charge(request('1881'))).toMatchObject({ status: 'APPROVED' });
    const slow = request('0259');
    const started = Date.now();
    const [first, retry] = await Promise.all([psp.charge(slow), new Promise((r) => setTimeout(r, 100)).then(() => psp.charge(slow))]);
    expect(first).toMatchObject({ status: 'APPROVED' });
    expect(retry).toEqual(first);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('when failures are injected, then some happen before the charge and some after it (a lost answer), and latency applies', async () => {
    // random() sequence: fail? (0 < 1) then which side? (0.9: before) / (0.1: after)
    const before = await sandbox({ failureRate: 1 }, sequence([0, 0.9]));
    const reqBefore = request();
    await expect(before.charge(reqBefore)).rejects.toBeInstanceOf(PspTransientError);
    expect(await pspCharges(reqBefore.idempotencyKey)).toHaveLength(0);

    const after = await sandbox({ failureRate: 1, latencyMs: 50 }, sequence([0, 0.1]));
    const reqAfter = request();
    const started = Date.now();
    await expect(after.charge(reqAfter)).rejects.toBeInstanceOf(PspTransientError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(await pspCharges(reqAfter.idempotencyKey)).toHaveLength(1);
    // The retry gets the charge that was made, not a second one.
    expect(await (await sandbox()).charge(reqAfter)).toMatchObject({ status: 'APPROVED', reference: (await pspCharges(reqAfter.idempotencyKey))[0]!.reference });
  });
});

/** Counts calls and remembers answers, in front of the sandbox PSP. */
class CountingPsp implements PaymentServiceProvider {
  readonly name = 'counting';
  readonly answers: ChargeOutcome[] = [];
  constructor(private readonly inner: PaymentServiceProvider) {}
  async charge(req: ChargeRequest, signal?: AbortSignal): Promise<ChargeOutcome> {
    const answer = await this.inner.charge(req, signal);
    this.answers.push(answer);
    return answer;
  }
}

async function pendingCharge(number = '4242424242424242') {
  const user = await registerUser(w, 'Crash');
  const card = await linkCard(w, user.id, number);
  const res = await w.call(ADD_FUNDS, { input: { fundingInstrumentId: card, amount: { amount: '40.00', currency: 'USD' }, idempotencyKey: key() } }, { userId: user.id });
  const paymentId = res.data.addFunds.payment.id as string;
  const transactionId = transactionIdFor(paymentId);
  await deliver(
    w,
    envelope('ChargeRequested', 'transactions', transactionId, {
      transactionId,
      paymentId,
      userId: user.id,
      fundingInstrumentId: card,
      amount: { minor: '4000', currency: 'USD' },
      at: new Date().toISOString(),
    }),
  );
  await eventually(async () => (await w.sql(`select 1 from payment_charge where payment_id = $1`, [paymentId])).length > 0);
  return paymentId;
}

async function worker(psp: PaymentServiceProvider, leaseMs = 60_000) {
  const charges = new ChargeService(await w.orm(), new Outbox('payments'), logger, { leaseMs, maxAttempts: 5, retryBaseMs: 10 });
  return { charges, worker: new PspChargeWorker(charges, psp, { pollMs: 10, concurrency: 50, timeoutMs: 5_000 }, logger) };
}

describe('when the worker crashes between the PSP call and recording the answer', () => {
  it('then the retried charge, after the lease runs out, reaches the PSP with the same key: one charge, one event', async () => {
    const paymentId = await pendingCharge();
    const psp = new CountingPsp(await sandbox());
    const first = await worker(psp);

    const claimed = (await first.charges.claim(50)).filter((c) => c.paymentId === paymentId);
    expect(claimed).toHaveLength(1);
    const answer = await first.worker.call(claimed[0]!);
    expect(answer).toMatchObject({ kind: 'outcome', outcome: { status: 'APPROVED' } });
    // ...the process dies here: the answer is never recorded. While the lease lasts, nobody else takes the charge:
    expect((await first.charges.claim(50)).some((c) => c.paymentId === paymentId)).toBe(false);
    expect(await eventsOf(w, 'PaymentChargeSucceeded', paymentId)).toEqual([]);

    await w.sql(`update payment_charge set next_attempt_at = now() where payment_id = $1`, [paymentId]); // the lease runs out
    const restarted = await worker(psp);
    await restarted.worker.runOnce();

    expect(psp.answers).toHaveLength(2);
    expect(psp.answers[1]).toEqual(psp.answers[0]);
    expect(await pspCharges(paymentId)).toHaveLength(1);
    const events = await eventsOf(w, 'PaymentChargeSucceeded', paymentId);
    expect(events).toHaveLength(1);
    expect(events[0]!.data.pspReference).toBe((psp.answers[0] as { reference: string }).reference);
    expect((await w.sql(`select status, attempts from payment_charge where payment_id = $1`, [paymentId]))[0]).toEqual({ status: 'SUCCEEDED', attempts: 2 });
  });

  it('when a stalled worker records its answer after another one already did, then nothing changes', async () => {
    const paymentId = await pendingCharge('4000000000000002');
    const { charges, worker: stalled } = await worker(await sandbox(), 1);
    const [mine] = (await charges.claim(50)).filter((c) => c.paymentId === paymentId);
    const late = await stalled.call(mine!);
    await new Promise((r) => setTimeout(r, 20)); // a 1 ms lease: someone else may now claim it
    const other = await worker(await sandbox());
    await other.worker.runOnce();
    expect(await charges.record(mine!, late)).toBe('STALE');
    const failed = await eventsOf(w, 'PaymentChargeFailed', paymentId);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data.reason).toBe('CARD_DECLINED');
  });
});

function sequence(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}
