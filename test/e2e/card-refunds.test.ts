import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { serviceSql, waitFor } from '../support/checks.js';
import { bootStack, registerUser, type TestStack } from '../support/stack.js';
import { assertLedgerBalanced, cardFor, fund, walletOf } from '../support/money.js';

/**
 * Refunds of checkouts paid by card (docs/money-flows.md "Refunds", "Merchant checkout") through the public graph: the
 * merchant's refundPayment takes the amount out of its wallet into PSP clearing and the PSP gives it back to the card
 * the buyer paid with — in parts, never more than the payment (nor, at the PSP, than its capture) in all, whatever runs
 * at the same time; a merchant whose wallet cannot cover it gets INSUFFICIENT_FUNDS and nothing reaches the card.
 */
let t: TestStack;
beforeAll(async () => {
  t = await bootStack({ CHECKOUT_FEE_BPS: '290', CHECKOUT_FEE_FIXED_MINOR: 'USD=30' });
});
afterEach(async () => {
  await assertLedgerBalanced(t);
});
afterAll(async () => {
  if (t) {
    await waitFor('every payment in history', async () => (await count('payments', `SELECT count(*)::int AS n FROM payment`)) === (await count('transactions', `SELECT count(*)::int AS n FROM transaction`)));
    const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    await t.stop();
    if (!report.ok) throw new Error(formatReport(report));
    expect(Number(report.summary.refunds)).toBeGreaterThan(0);
  }
});

type User = Awaited<ReturnType<typeof registerUser>>;
const key = () => randomUUID();
const usd = (amount: string) => ({ amount, currency: 'USD' });

const { query: db, count } = serviceSql(() => t.env);

async function merchant(name: string): Promise<User & { accountId: string }> {
  const owner = await registerUser(t, name);
  const opened = await t.op('partners.graphql', 'OpenBusinessAccount', { input: { businessName: `${name} Ltd` } }, owner.accessToken);
  const accountId = opened.data?.openBusinessAccount?.account?.id as string;
  if (!accountId) throw new Error(`openBusinessAccount: ${JSON.stringify(opened)}`);
  return { ...owner, accountId };
}

/** A checkout of `amount` paid by a fresh buyer's card (MANUAL: captured for `capture`); returns its payment's id. */
async function paidByCard(m: User & { accountId: string }, amount: string, capture?: string): Promise<{ paymentId: string; checkoutId: string; buyer: User }> {
  const buyer = await registerUser(t, 'Card Buyer');
  const cardId = await cardFor(t, buyer.accessToken, '4242424242424242');
  const created = await t.op('checkout.graphql', 'CreateCheckout', {
    input: { accountId: m.accountId, amount: usd(amount), reference: 'card-order', returnUrl: 'https://shop.example/return', captureMode: capture ? 'MANUAL' : 'AUTOMATIC', idempotencyKey: key() },
  }, m.accessToken);
  const checkoutId = created.data.createCheckout.checkout.id as string;
  const approved = await t.op('checkout.graphql', 'ApproveCheckout', { input: { checkoutId, cardId } }, buyer.accessToken);
  expect(approved.data.approveCheckout.userErrors).toEqual([]);
  let checkout = approved.data.approveCheckout.checkout;
  if (capture) {
    checkout = (await t.op('checkout.graphql', 'CaptureCheckout', { input: { checkoutId, amount: usd(capture) } }, m.accessToken)).data.captureCheckout.checkout;
  }
  expect(checkout).toMatchObject({ status: 'CAPTURED', fundingSource: 'CARD', payment: { kind: 'CHECKOUT', status: 'COMPLETED' } });
  return { paymentId: checkout.payment.id, checkoutId, buyer };
}

const refund = (who: User, input: { paymentId: string; amount?: { amount: string; currency: string }; idempotencyKey?: string }) =>
  t.op('refunds.graphql', 'RefundPayment', { input: { idempotencyKey: key(), ...input } }, who.accessToken);
const balance = async (who: User) => ((await walletOf(t, who.accessToken, 'USD')) as { balance: { amount: string } }).balance.amount;
/** What the PSP shows refunded of the checkout's card charge or authorisation, in minor units. */
const pspRefunded = async (checkoutId: string) =>
  (await db<{ r: string }>('payments', `select s.refunded_amount::text as r from sandbox_psp_charge s join checkout c on c.psp_reference = s.reference where c.id = $1`, [checkoutId]))[0]!.r;
const refundEntries = async (paymentId: string) => {
  const refunds = (await db<{ id: string }>('payments', `select id from payment where refund_of_id = $1`, [paymentId])).map((r) => r.id);
  return db<{ legs: string[] }>(
    'wallets',
    `select array_agg(a.kind || ':' || p.amount::text order by a.kind) as legs
       from journal_entry j join posting p on p.journal_entry_id = j.id join ledger_account a on a.id = p.account_id
      where j.kind = 'CHECKOUT_REFUND' and j.payment_id = any($1) group by j.id`,
    [refunds],
  );
};

describe('when a merchant refunds a checkout paid by card in parts and then in full', () => {
  it('then each part goes from its wallet through PSP clearing back to the card, once, and the payment shows it', async () => {
    const m = await merchant('Rhea Merchant');
    const { paymentId, checkoutId, buyer } = await paidByCard(m, '30.00');
    // 30.00 less 0.87 + 0.30; the fee is not returned on refunds, so the merchant tops up for the full refund.
    expect(await balance(m)).toBe('28.83');
    await fund(t, m.accessToken, '5.00', 'USD');

    const k = key();
    const first = await refund(m, { paymentId, amount: usd('10.00'), idempotencyKey: k });
    expect(first.data.refundPayment.userErrors).toEqual([]);
    expect(first.data.refundPayment.refund).toMatchObject({ kind: 'REFUND', status: 'COMPLETED', cardLast4: '4242', amount: usd('10.00'), sender: { id: m.id }, recipient: { id: buyer.id } });
    expect(first.data.refundPayment.payment).toMatchObject({ id: paymentId, status: 'PARTIALLY_REFUNDED', refundedAmount: usd('10.00') });
    // The same key: the same refund, nothing more at the PSP or in the ledger.
    expect((await refund(m, { paymentId, amount: usd('10.00'), idempotencyKey: k })).data.refundPayment.refund.id).toBe(first.data.refundPayment.refund.id);
    expect(await pspRefunded(checkoutId)).toBe('1000');
    expect(await refundEntries(paymentId)).toEqual([{ legs: ['PSP_CLEARING:1000', 'WALLET:-1000'] }]);
    expect(await balance(m)).toBe('23.83');
    // The buyer's money went back to the card, not to a wallet.
    expect(await balance(buyer)).toBe('0.00');

    const rest = await refund(m, { paymentId });
    expect(rest.data.refundPayment.refund).toMatchObject({ status: 'COMPLETED', amount: usd('20.00'), cardLast4: '4242' });
    expect(rest.data.refundPayment.payment).toMatchObject({ status: 'REFUNDED', refundedAmount: usd('30.00') });
    expect(await pspRefunded(checkoutId)).toBe('3000');
    expect(await refundEntries(paymentId)).toHaveLength(2);
    expect(await balance(m)).toBe('3.83');
    expect((await refund(m, { paymentId, amount: usd('0.01') })).data.refundPayment.userErrors).toMatchObject([{ code: 'REFUND_EXCEEDS_REMAINING' }]);
    // The buyer cannot refund it; history has each refund.
    expect((await refund(buyer, { paymentId, amount: usd('1.00') })).data.refundPayment.userErrors).toMatchObject([{ code: 'REFUND_NOT_ALLOWED' }]);
    await waitFor('refund history', async () => (await count('transactions', `select count(*)::int as n from transaction where kind = 'REFUND' and status = 'COMPLETED' and sender_id = $1`, [m.id])) === 2);
  });

  it('then 20 concurrent partial refunds over the limit end with exactly the ones that fit, at the PSP too', async () => {
    const m = await merchant('Rory Merchant');
    const { paymentId, checkoutId } = await paidByCard(m, '10.00');
    await fund(t, m.accessToken, '20.00', 'USD');
    const answers = await Promise.all(Array.from({ length: 20 }, () => refund(m, { paymentId, amount: usd('0.70') })));
    const ok = answers.filter((a) => a.data.refundPayment.userErrors.length === 0);
    const refused = answers.filter((a) => a.data.refundPayment.userErrors.length > 0);
    // 14 × 0.70 = 9.80 ≤ 10.00 < 15 × 0.70.
    expect(ok).toHaveLength(14);
    for (const a of ok) expect(a.data.refundPayment.refund.status).toBe('COMPLETED');
    for (const a of refused) expect(a.data.refundPayment.userErrors).toMatchObject([{ code: 'REFUND_EXCEEDS_REMAINING' }]);
    const p = (await t.op('refunds.graphql', 'PaymentRefunds', { id: paymentId }, m.accessToken)).data.payment;
    expect(p).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedAmount: usd('9.80') });
    expect(await pspRefunded(checkoutId)).toBe('980');
    expect(await refundEntries(paymentId)).toHaveLength(14);
    expect(await count('payments', `select count(*)::int as n from payment where refund_of_id = $1`, [paymentId])).toBe(14);
    // 9.41 net + 20.00 − 9.80.
    expect(await balance(m)).toBe('19.61');
  });

  it('then a partly captured authorisation refunds at most what was captured', async () => {
    const m = await merchant('Remy Merchant');
    const { paymentId, checkoutId } = await paidByCard(m, '20.00', '12.00');
    await fund(t, m.accessToken, '5.00', 'USD');
    expect((await refund(m, { paymentId, amount: usd('12.01') })).data.refundPayment.userErrors).toMatchObject([{ code: 'REFUND_EXCEEDS_REMAINING' }]);
    const all = await refund(m, { paymentId });
    expect(all.data.refundPayment).toMatchObject({ refund: { status: 'COMPLETED', amount: usd('12.00') }, payment: { status: 'REFUNDED' }, userErrors: [] });
    expect(await pspRefunded(checkoutId)).toBe('1200');
  });

  it('then a merchant whose wallet cannot cover it gets INSUFFICIENT_FUNDS and nothing reaches the card', async () => {
    const m = await merchant('Reza Merchant');
    const { paymentId, checkoutId } = await paidByCard(m, '10.00');
    const k = key();
    const poor = await refund(m, { paymentId, amount: usd('10.00'), idempotencyKey: k });
    expect(poor.data.refundPayment.userErrors).toMatchObject([{ code: 'INSUFFICIENT_FUNDS' }]);
    expect(poor.data.refundPayment.refund).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    expect(poor.data.refundPayment.payment).toMatchObject({ status: 'COMPLETED', refundedAmount: usd('0.00') });
    expect(await pspRefunded(checkoutId)).toBe('0');
    expect(await refundEntries(paymentId)).toEqual([]);
    expect(await balance(m)).toBe('9.41');
    // The same key answers the same, even once the merchant could pay; a new refund within the net goes through.
    await fund(t, m.accessToken, '5.00', 'USD');
    expect((await refund(m, { paymentId, amount: usd('10.00'), idempotencyKey: k })).data.refundPayment.refund).toMatchObject({ status: 'FAILED' });
    expect((await refund(m, { paymentId, amount: usd('10.00') })).data.refundPayment.refund).toMatchObject({ status: 'COMPLETED' });
    expect(await pspRefunded(checkoutId)).toBe('1000');
  });
});
