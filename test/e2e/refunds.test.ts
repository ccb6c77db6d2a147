import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { bootStack, registerUser, type TestStack } from '../support/stack.js';
import { assertLedgerBalanced, fund, settle, walletOf } from '../support/money.js';

/**
 * Refunds through the public graph (schema/operations/refunds.graphql) on the real stack: the recipient of a P2P
 * payment returns money to the payer's wallet in the request, as a payment of kind REFUND, never more than the payment
 * in all, whatever runs at the same time.
 */
let t: TestStack;
beforeAll(async () => {
  t = await bootStack({ FRAUD_VELOCITY_MAX_PER_MINUTE: '1000', FRAUD_VELOCITY_MAX_PER_HOUR: '10000', FRAUD_FANOUT_MAX_NEW_RECIPIENTS_PER_DAY: '1000' });
});
afterEach(async () => {
  await assertLedgerBalanced(t);
});
afterAll(async () => {
  if (t) {
    // History catches up on the last refunds before reconciliation compares payments, transactions and the ledger.
    await waitFor('every refund in history', async () => (await count('payments', `SELECT count(*)::int AS n FROM payment`)) === (await count('transactions', `SELECT count(*)::int AS n FROM transaction`)));
    const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    await t.stop();
    if (!report.ok) throw new Error(formatReport(report));
    expect(Number(report.summary.refunds)).toBeGreaterThan(0);
  }
});

type User = Awaited<ReturnType<typeof registerUser>>;
const key = () => randomUUID();

async function count(service: string, sql: string, params: unknown[] = []): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}${service}`) });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows[0].n as number;
  } finally {
    await db.end();
  }
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function pay(from: User, to: User, amount: string, currency = 'USD'): Promise<string> {
  const res = await t.op('money.graphql', 'SendMoney', { input: { recipientId: to.id, amount: { amount, currency }, idempotencyKey: key() } }, from.accessToken);
  expect(res.data.sendMoney.userErrors).toEqual([]);
  expect(res.data.sendMoney.payment.status).toBe('COMPLETED');
  return res.data.sendMoney.payment.id;
}

const refund = (who: User, input: { paymentId: string; amount?: { amount: string; currency: string } | null; reason?: string; idempotencyKey?: string }) =>
  t.op('refunds.graphql', 'RefundPayment', { input: { idempotencyKey: key(), ...input } }, who.accessToken);

const refundsOf = async (who: User, id: string) => (await t.op('refunds.graphql', 'PaymentRefunds', { id }, who.accessToken)).data?.payment;
const balance = async (who: User, currency = 'USD') => ((await walletOf(t, who.accessToken, currency)) as { balance: { amount: string } }).balance.amount;

describe('when the recipient of a payment refunds it in parts and then in full', () => {
  it('then the money goes back to the payer, the payment shows PARTIALLY_REFUNDED then REFUNDED, history and notifications tell both', async () => {
    const payer = await registerUser(t, 'Rita Payer');
    const payee = await registerUser(t, 'Ray Payee');
    await fund(t, payer.accessToken, '50.00', 'USD');
    const paymentId = await pay(payer, payee, '20.00');

    const first = await refund(payee, { paymentId, amount: { amount: '5.00', currency: 'USD' }, reason: 'one item out of stock' });
    expect(first.errors).toBeUndefined();
    expect(first.data.refundPayment.userErrors).toEqual([]);
    expect(first.data.refundPayment.refund).toMatchObject({
      kind: 'REFUND',
      status: 'COMPLETED',
      failureReason: null,
      amount: { amount: '5.00', currency: 'USD' },
      note: 'one item out of stock',
      sender: { id: payee.id },
      recipient: { id: payer.id },
      refundOf: { id: paymentId },
    });
    expect(first.data.refundPayment.payment).toEqual({
      id: paymentId,
      status: 'PARTIALLY_REFUNDED',
      amount: { amount: '20.00', currency: 'USD' },
      refundedAmount: { amount: '5.00', currency: 'USD' },
    });
    expect(await balance(payer)).toBe('35.00');
    expect(await balance(payee)).toBe('15.00');

    // No amount: all of what is left.
    const rest = await refund(payee, { paymentId });
    expect(rest.data.refundPayment.userErrors).toEqual([]);
    expect(rest.data.refundPayment.refund).toMatchObject({ status: 'COMPLETED', amount: { amount: '15.00', currency: 'USD' }, note: null });
    expect(rest.data.refundPayment.payment).toMatchObject({ status: 'REFUNDED', refundedAmount: { amount: '20.00', currency: 'USD' } });
    expect(await balance(payer)).toBe('50.00');
    expect(await balance(payee)).toBe('0.00');

    // Both parties see the payment and its refunds, each with its own transaction in history.
    for (const viewer of [payer, payee]) {
      const seen = await waitFor('refund transactions', async () => {
        const p = await refundsOf(viewer, paymentId);
        return p?.refunds.length === 2 && p.refunds.every((r: { transaction: unknown }) => r.transaction) ? p : null;
      });
      expect(seen).toMatchObject({ status: 'REFUNDED', refundedAmount: { amount: '20.00' } });
      expect(seen.refunds.map((r: { amount: { amount: string }; transaction: { kind: string; status: string; direction: string } }) => [r.amount.amount, r.transaction])).toEqual([
        ['5.00', expect.objectContaining({ kind: 'REFUND', status: 'COMPLETED', direction: viewer === payer ? 'IN' : 'OUT' })],
        ['15.00', expect.objectContaining({ kind: 'REFUND', status: 'COMPLETED', direction: viewer === payer ? 'IN' : 'OUT' })],
      ]);
    }
    const activity = await t.op('money.graphql', 'Activity', { first: 10 }, payer.accessToken);
    expect(activity.data.me.activity.edges.map((e: { node: { kind: string; direction: string } }) => `${e.node.kind}:${e.node.direction}`)).toEqual([
      'REFUND:IN',
      'REFUND:IN',
      'P2P:OUT',
      'ADD_FUNDS:IN',
    ]);

    const titles = async (who: User) =>
      ((await t.op('realtime.graphql', 'NotificationHistory', { first: 20 }, who.accessToken)).data.me.notifications.edges as { node: { title: string } }[]).map((e) => e.node.title);
    await waitFor('refund notifications', async () => (await titles(payer)).filter((x) => x === 'Refund received').length === 2 && (await titles(payee)).filter((x) => x === 'Refund sent').length === 2);

    // Fully refunded: nothing is left to refund, and nothing changes.
    const more = await refund(payee, { paymentId, amount: { amount: '0.01', currency: 'USD' } });
    expect(more.data.refundPayment).toMatchObject({ refund: null, payment: null, userErrors: [{ code: 'REFUND_EXCEEDS_REMAINING' }] });
    expect(await count('payments', `SELECT count(*)::int AS n FROM payment WHERE refund_of_id = $1`, [paymentId])).toBe(2);
  });
});

describe('when a refund is retried with its idempotency key', () => {
  it('then the same input gets the first refund back and moves nothing again, and other input is IDEMPOTENCY_KEY_REUSED', async () => {
    const payer = await registerUser(t, 'Ida Payer');
    const payee = await registerUser(t, 'Ivo Payee');
    await fund(t, payer.accessToken, '30.00', 'USD');
    const paymentId = await pay(payer, payee, '30.00');
    const idempotencyKey = key();
    const input = { paymentId, amount: { amount: '10.00', currency: 'USD' }, reason: 'late', idempotencyKey };

    // Concurrent duplicates and a later repeat: one refund.
    const answers = await Promise.all([refund(payee, input), refund(payee, input), refund(payee, input)]);
    const later = await refund(payee, input);
    const ids = new Set([...answers, later].map((a) => a.data.refundPayment.refund.id));
    expect(ids.size).toBe(1);
    for (const a of [...answers, later]) expect(a.data.refundPayment).toMatchObject({ refund: { status: 'COMPLETED' }, userErrors: [] });
    expect(await balance(payer)).toBe('10.00');
    expect(await count('payments', `SELECT count(*)::int AS n FROM payment WHERE refund_of_id = $1`, [paymentId])).toBe(1);

    const other = await refund(payee, { ...input, amount: { amount: '11.00', currency: 'USD' } });
    expect(other.data.refundPayment).toMatchObject({ refund: null, userErrors: [{ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] }] });
    const noReason = await refund(payee, { ...input, reason: undefined });
    expect(noReason.data.refundPayment.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    // A key of a payment cannot be replayed as a refund either.
    const sendKey = key();
    await t.op('money.graphql', 'SendMoney', { input: { recipientId: payer.id, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: sendKey } }, payee.accessToken);
    const crossed = await refund(payee, { paymentId, idempotencyKey: sendKey });
    expect(crossed.data.refundPayment.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await balance(payer)).toBe('11.00');
    expect(await count('payments', `SELECT count(*)::int AS n FROM payment WHERE refund_of_id = $1`, [paymentId])).toBe(1);
  });
});

describe('when 20 partial refunds of one payment arrive at once and only some fit', () => {
  it('then exactly the ones that fit complete, the others are refused, and the payment is never over-refunded', async () => {
    const payer = await registerUser(t, 'Cora Payer');
    const payee = await registerUser(t, 'Cai Payee');
    await fund(t, payer.accessToken, '10.00', 'USD');
    const paymentId = await pay(payer, payee, '10.00');
    // 20 × 0.70 against 10.00: 14 fit (9.80), 6 do not.
    const answers = await Promise.all(Array.from({ length: 20 }, () => refund(payee, { paymentId, amount: { amount: '0.70', currency: 'USD' } })));
    // A refund whose transfer did not answer in time under this burst comes back PENDING and is finished by the
    // recovery worker within seconds: follow those to their end.
    const outcomes = await Promise.all(
      answers.map(async (a) => {
        const r = a.data?.refundPayment.refund;
        if (!r) return a.data?.refundPayment.userErrors[0]?.code ?? JSON.stringify(a.errors);
        return r.status === 'PENDING' ? (await settle(t, r.id, payee.accessToken)).status : r.status;
      }),
    );
    expect(outcomes.sort()).toEqual([...Array(14).fill('COMPLETED'), ...Array(6).fill('REFUND_EXCEEDS_REMAINING')]);
    expect(await refundsOf(payer, paymentId)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedAmount: { amount: '9.80' } });
    expect(await balance(payer)).toBe('9.80');
    expect(await balance(payee)).toBe('0.20');
    expect(await count('payments', `SELECT count(*)::int AS n FROM payment WHERE refund_of_id = $1`, [paymentId])).toBe(14);
    const refundIds = answers.map((a) => a.data.refundPayment.refund?.id).filter(Boolean);
    expect(await count('wallets', `SELECT count(*)::int AS n FROM journal_entry WHERE payment_id = ANY($1)`, [refundIds])).toBe(14);

    // The last 0.20 still fits; then nothing does.
    const last = await refund(payee, { paymentId });
    expect(last.data.refundPayment.refund).toMatchObject({ status: 'COMPLETED', amount: { amount: '0.20' } });
    expect(last.data.refundPayment.payment.status).toBe('REFUNDED');
  });
});

describe('when a refund is asked that may not happen', () => {
  let payer: User;
  let payee: User;
  let stranger: User;
  let paymentId: string;
  let failedId: string;
  let addFundsId: string;

  beforeAll(async () => {
    payer = await registerUser(t, 'Nora Payer');
    payee = await registerUser(t, 'Ned Payee');
    stranger = await registerUser(t, 'Sam Stranger');
    await fund(t, payer.accessToken, '25.00', 'USD');
    paymentId = await pay(payer, payee, '10.00');
    const failed = await t.op('money.graphql', 'SendMoney', { input: { recipientId: payee.id, amount: { amount: '20.00', currency: 'USD' }, idempotencyKey: key() } }, payer.accessToken);
    // 15.00 left for 20.00: the payment fails INSUFFICIENT_FUNDS.
    expect(failed.data.sendMoney.payment).toMatchObject({ status: 'FAILED' });
    failedId = failed.data.sendMoney.payment.id;
    const history = await t.gql(`{ me { payments(first: 10) { edges { node { id kind } } } } }`, {}, payer.accessToken);
    addFundsId = (history.data as any).me.payments.edges.find((e: { node: { kind: string } }) => e.node.kind === 'ADD_FUNDS').node.id;
  });

  it.each([
    ['a FAILED payment', () => refund(payee, { paymentId: failedId }), 'PAYMENT_NOT_REFUNDABLE'],
    ['by its sender', () => refund(payer, { paymentId }), 'REFUND_NOT_ALLOWED'],
    ['by someone who took no part in it', () => refund(stranger, { paymentId }), 'PAYMENT_NOT_FOUND'],
    ['of an unknown payment', () => refund(payee, { paymentId: `pay_${'0'.repeat(32)}` }), 'PAYMENT_NOT_FOUND'],
    ['of a malformed id', () => refund(payee, { paymentId: 'nope' }), 'PAYMENT_NOT_FOUND'],
    ['of funds added from a card', () => refund(payer, { paymentId: addFundsId }), 'REFUND_NOT_ALLOWED'],
    ['over what is left', () => refund(payee, { paymentId, amount: { amount: '10.01', currency: 'USD' } }), 'REFUND_EXCEEDS_REMAINING'],
    ['in another currency', () => refund(payee, { paymentId, amount: { amount: '1.00', currency: 'EUR' } }), 'CURRENCY_MISMATCH'],
    ['of a zero amount', () => refund(payee, { paymentId, amount: { amount: '0.00', currency: 'USD' } }), 'INVALID_AMOUNT'],
    ['with too many decimals', () => refund(payee, { paymentId, amount: { amount: '1.001', currency: 'USD' } }), 'INVALID_AMOUNT'],
    ['with a reason too long', () => refund(payee, { paymentId, reason: 'x'.repeat(281) }), 'INVALID_REASON'],
    ['with a bad idempotency key', () => refund(payee, { paymentId, idempotencyKey: '' }), 'INVALID_IDEMPOTENCY_KEY'],
  ])('then a refund %s is refused (%s) and nothing changes', async (_what, ask, code) => {
    const before = [await balance(payer), await balance(payee), await count('payments', `SELECT count(*)::int AS n FROM payment WHERE kind = 'REFUND'`)];
    const res = await ask();
    expect(res.errors).toBeUndefined();
    expect(res.data.refundPayment.refund).toBeNull();
    expect(res.data.refundPayment.userErrors.map((e: { code: string }) => e.code)).toContain(code);
    expect([await balance(payer), await balance(payee), await count('payments', `SELECT count(*)::int AS n FROM payment WHERE kind = 'REFUND'`)]).toEqual(before);
  });

  it('then a refund of a refund is refused', async () => {
    const done = await refund(payee, { paymentId, amount: { amount: '1.00', currency: 'USD' } });
    const back = await refund(payer, { paymentId: done.data.refundPayment.refund.id });
    expect(back.data.refundPayment.userErrors[0].code).toBe('REFUND_NOT_ALLOWED');
  });

  it('then a refund the recipient cannot cover fails INSUFFICIENT_FUNDS, moves nothing, and frees its share for a later one', async () => {
    // The payee passes most of the money on: 9.00 left of the 10.00, 1.00 already refunded above.
    await pay(payee, stranger, '8.50');
    const before = [await balance(payer), await balance(payee)];
    const res = await refund(payee, { paymentId, amount: { amount: '9.00', currency: 'USD' } });
    expect(res.data.refundPayment.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_FUNDS', field: ['input', 'amount'] })]);
    expect(res.data.refundPayment.refund).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    expect(res.data.refundPayment.payment).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedAmount: { amount: '1.00' } });
    expect([await balance(payer), await balance(payee)]).toEqual(before);
    await waitFor('the failure notification', async () =>
      ((await t.op('realtime.graphql', 'NotificationHistory', { first: 20 }, payee.accessToken)).data.me.notifications.edges as { node: { title: string } }[]).some((e) => e.node.title === 'Refund failed'),
    );
    // The failed refund holds nothing back: once the payee has the money, all 9.00 can go back.
    await pay(stranger, payee, '8.50');
    const again = await refund(payee, { paymentId, amount: { amount: '9.00', currency: 'USD' } });
    expect(again.data.refundPayment.userErrors).toEqual([]);
    expect(again.data.refundPayment.payment).toMatchObject({ status: 'REFUNDED', refundedAmount: { amount: '10.00' } });
  });
});
