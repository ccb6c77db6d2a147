import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PspRequestError, PspTransientError, SandboxPsp, type ChargeRequest } from '../src/adapters/psp.js';
import { key, startWorld, type World } from './support.js';

/**
 * The sandbox PSP's second phase, which card-paid checkouts and their refunds rely on: an authorisation is captured
 * at most once and at most its amount, or voided; what was captured is refunded in parts, never more in all; every
 * operation is idempotent on its own key, concurrent repeats included, and a transient failure after acting keeps it.
 */
let w: World;

beforeAll(async () => {
  w = await startWorld({ PSP_WORKER_ENABLED: 'false' });
});

afterAll(async () => {
  await w?.stop();
});

const sandbox = async (random?: () => number) => new SandboxPsp(await w.orm(), { latencyMs: 0, failureRate: random ? 1 : 0, slowApproveMs: 0 }, random);
const request = (over: Partial<ChargeRequest> = {}): ChargeRequest => ({
  idempotencyKey: `txn_test_${key()}`,
  amount: 2000n,
  currency: 'USD',
  token: 'tok_sandbox_card_ops',
  last4: '4242',
  ...over,
});
const charge = async (reference: string) =>
  (await w.sql(`select kind, captured_amount::text as captured, voided_at is not null as voided, refunded_amount::text as refunded from sandbox_psp_charge where reference = $1`, [reference]))[0];
const op = (reference: string, over: { amount?: bigint } = {}) => ({ idempotencyKey: `op_${key()}`, reference, currency: 'USD', ...over });

describe('the sandbox PSP, card authorisations', () => {
  it('when an authorisation is captured in part, then it is captured once, at most its amount, and cannot be voided after', async () => {
    const psp = await sandbox();
    const auth = await psp.authorize(request());
    expect(auth.status).toBe('APPROVED');
    expect(await charge(auth.reference)).toEqual({ kind: 'AUTHORIZATION', captured: null, voided: false, refunded: '0' });
    expect(await psp.capture({ ...op(auth.reference), amount: 2001n, currency: 'USD' })).toMatchObject({ status: 'DECLINED', code: 'capture_exceeds_authorization' });
    const first = op(auth.reference, { amount: 1500n }) as Parameters<SandboxPsp['capture']>[0];
    const [a, b] = await Promise.all([psp.capture(first), psp.capture(first)]);
    expect(a).toEqual(b);
    expect(a.status).toBe('APPROVED');
    expect(await charge(auth.reference)).toMatchObject({ captured: '1500', voided: false });
    // Another capture (another key) and a void are refused now; the first capture's key still answers the same.
    expect(await psp.capture({ ...op(auth.reference), amount: 100n, currency: 'USD' })).toMatchObject({ status: 'DECLINED', code: 'authorization_not_capturable' });
    expect(await psp.void(op(auth.reference))).toMatchObject({ status: 'DECLINED', code: 'authorization_not_voidable' });
    expect(await psp.capture(first)).toEqual(a);
    // The same key for another amount is the caller's mistake, not a new capture.
    await expect(psp.capture({ ...first, amount: 1000n })).rejects.toBeInstanceOf(PspRequestError);
  });

  it('when an authorisation is voided, then it cannot be captured, and a declined card has nothing to void', async () => {
    const psp = await sandbox();
    const auth = await psp.authorize(request());
    expect((await psp.void(op(auth.reference))).status).toBe('APPROVED');
    expect(await charge(auth.reference)).toMatchObject({ captured: null, voided: true });
    expect(await psp.capture({ ...op(auth.reference), amount: 100n, currency: 'USD' })).toMatchObject({ status: 'DECLINED', code: 'authorization_not_capturable' });
    const declined = await psp.authorize(request({ last4: '0002' }));
    expect(declined.status).toBe('DECLINED');
    expect(await psp.void(op(declined.reference))).toMatchObject({ status: 'DECLINED', code: 'charge_declined' });
  });
});

describe('the sandbox PSP, refunds', () => {
  it('when a charge is refunded concurrently in parts, then never more than it took in all', async () => {
    const psp = await sandbox();
    const charged = await psp.charge(request({ amount: 1000n }));
    const answers = await Promise.all(Array.from({ length: 15 }, () => psp.refund({ ...op(charged.reference), amount: 70n, currency: 'USD' })));
    expect(answers.filter((a) => a.status === 'APPROVED')).toHaveLength(14);
    expect(answers.filter((a) => a.status === 'DECLINED').map((a) => (a as { code: string }).code)).toEqual(['refund_exceeds_charge']);
    expect(await charge(charged.reference)).toMatchObject({ kind: 'CHARGE', captured: '1000', refunded: '980' });
    // An authorisation refunds at most what was captured of it, and nothing before it is captured.
    const auth = await psp.authorize(request());
    expect(await psp.refund({ ...op(auth.reference), amount: 1n, currency: 'USD' })).toMatchObject({ status: 'DECLINED', code: 'charge_not_captured' });
    await psp.capture({ ...op(auth.reference), amount: 500n, currency: 'USD' });
    expect(await psp.refund({ ...op(auth.reference), amount: 501n, currency: 'USD' })).toMatchObject({ status: 'DECLINED', code: 'refund_exceeds_charge' });
    expect((await psp.refund({ ...op(auth.reference), amount: 500n, currency: 'USD' })).status).toBe('APPROVED');
  });

  it('when the answer to a refund is lost, then asking again with its key gets the refund it made, not a second one', async () => {
    const charged = await (await sandbox()).charge(request({ amount: 1000n }));
    // Always fails, and after acting (the second draw below 0.5): the refund is made and its answer lost.
    const flaky = await sandbox(() => 0);
    const refund = { ...op(charged.reference), amount: 300n, currency: 'USD' };
    await expect(flaky.refund(refund)).rejects.toBeInstanceOf(PspTransientError);
    expect(await charge(charged.reference)).toMatchObject({ refunded: '300' });
    const again = await (await sandbox()).refund(refund);
    expect(again.status).toBe('APPROVED');
    expect(await charge(charged.reference)).toMatchObject({ refunded: '300' });
  });
});
