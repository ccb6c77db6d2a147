import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { dropTestDatabases, postGraphQL, testEnv } from '@paygraph/platform/testing';
import { startStack, type Stack } from '@paygraph/stack';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { freePort, startChildService, type ChildService } from '../support/child-service.js';
import { serviceSql, signUpWith, waitFor } from '../support/checks.js';
import { operation } from '../support/stack.js';

/**
 * Crashes at a merchant checkout's money-moving steps (docs/money-flows.md "Merchant checkout", like
 * refund-crash.test.ts): wallets and payments run in their own processes, and a failpoint makes one SIGKILL itself
 * before or after wallets commits the payment of an AUTOMATIC approval (checkoutPay) or the capture of a MANUAL one
 * (checkoutCapture), or payments after wallets answered and before the checkout's outcome is written; and for a
 * checkout paid by card, wallets before and after booking what the card paid, and payments after the PSP charged the
 * card and before wallets was asked; and for a refund of a card-paid checkout, wallets before and after it takes the
 * amount from the merchant into PSP clearing, payments after that and after the PSP refunded the card. Then it starts
 * again. Every time the checkout must end CAPTURED exactly once — by the checkout worker, or by the client retrying
 * the same command when payments itself died: one CHECKOUT journal entry, one CheckoutUpdated to CAPTURED, one
 * payment, the buyer (or the card, once at the PSP) down by the amount once, and reconciliation green.
 */
const env = testEnv({
  PASSWORD_SCRYPT_LOG_N: '12',
  SQS_WAIT_TIME_SECONDS: '1',
  SQS_VISIBILITY_TIMEOUT_SECONDS: '2',
  CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
  REGISTER_MAX_PER_IP: '10000',
  LOGIN_MAX_PER_IP: '10000',
  // An approval or capture whose request died is driven again after 1 s; the sweep runs every 200 ms.
  PAYMENT_RECOVERY_AFTER_MS: '1000',
  CHECKOUT_SWEEP_INTERVAL_MS: '200',
  CHECKOUT_FEE_BPS: '290',
  CHECKOUT_FEE_FIXED_MINOR: 'USD=30',
  INTERNAL_CALL_TIMEOUT_MS: '1500',
});
const CHILDREN = ['wallets', 'payments'] as const;
type Child = (typeof CHILDREN)[number];
let stack: Stack;
const ports = {} as Record<Child, number>;
const children = {} as Record<Child, ChildService>;
let childEnv: Record<string, string>;
const gql = (query: string, variables: Record<string, unknown>, token?: string) =>
  postGraphQL<any>(stack.gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {});
const signUp = signUpWith(gql);
const op = (name: string, variables: Record<string, unknown>, token: string) => gql(operation('checkout.graphql', name), variables, token);
const { query, count } = serviceSql(env);
const start = async (name: Child, failpoint?: string) => {
  children[name] = await startChildService(name, ports[name], { ...childEnv, ...(failpoint ? { PAYGRAPH_FAILPOINTS: failpoint } : {}) });
};

beforeAll(async () => {
  for (const name of CHILDREN) ports[name] = await freePort();
  const url = (name: Child) => `http://127.0.0.1:${ports[name]}/graphql`;
  childEnv = { ...(env as Record<string, string>), WALLETS_URL: url('wallets'), PAYMENTS_URL: url('payments') };
  await start('wallets');
  stack = await startStack({ env, ports: 'random', external: { wallets: url('wallets'), payments: url('payments') } });
  childEnv = { ...childEnv, USERS_URL: stack.services.users!.url, ACCOUNTS_URL: stack.services.accounts!.url, FRAUD_URL: stack.services.fraud!.url };
  await start('payments');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  for (const name of CHILDREN) await children[name]?.kill('SIGTERM');
  await dropTestDatabases(env);
});


/** Kills `service` and starts it with `failpoint` armed, runs `command` (which makes it SIGKILL itself), starts it again. */
async function crashDuring(service: Child, failpoint: string, command: () => Promise<any>): Promise<any> {
  await children[service].kill('SIGTERM');
  await start(service, failpoint);
  const answered = await command().catch((error: unknown) => ({ error }));
  await Promise.race([
    children[service].exited,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${service} did not crash:\n${children[service].output()}`)), 30_000)),
  ]);
  expect(children[service].process.signalCode).toBe('SIGKILL');
  await start(service);
  return answered;
}

/** What the ledger and the outbox hold of one checkout: its CHECKOUT entries, CAPTURED events and payments. */
async function settledOnce(checkoutId: string): Promise<void> {
  const [row] = await query<{ transaction_id: string; payment_id: string }>('payments', `select transaction_id, payment_id from checkout where id = $1`, [checkoutId]);
  expect(await count('wallets', `select count(*)::int as n from journal_entry where transaction_id = $1`, [row!.transaction_id])).toBe(1);
  expect(await count('wallets', `select count(*)::int as n from journal_entry where kind = 'CHECKOUT' and payment_id = $1`, [row!.payment_id])).toBe(1);
  expect(
    await count('payments', `select count(*)::int as n from outbox where type = 'CheckoutUpdated' and aggregate_id = $1 and envelope->'data'->>'status' = 'CAPTURED'`, [checkoutId]),
  ).toBe(1);
  expect(await count('payments', `select count(*)::int as n from payment where kind = 'CHECKOUT' and transaction_id = $1`, [row!.transaction_id])).toBe(1);
}

const APPROVE_KILL_POINTS: { service: Child; failpoint: string }[] = [
  { service: 'wallets', failpoint: 'wallets.checkout.before-commit' },
  { service: 'wallets', failpoint: 'wallets.checkout.after-commit' },
  { service: 'payments', failpoint: 'payments.checkout.after-approval' },
];
const CARD_KILL_POINTS: { service: Child; failpoint: string }[] = [
  { service: 'wallets', failpoint: 'wallets.checkout-card.before-commit' },
  { service: 'wallets', failpoint: 'wallets.checkout-card.after-commit' },
  { service: 'payments', failpoint: 'payments.checkout-card.after-charge' },
];
const REFUND_KILL_POINTS: { service: Child; failpoint: string }[] = [
  { service: 'wallets', failpoint: 'wallets.checkout-refund.before-commit' },
  { service: 'wallets', failpoint: 'wallets.checkout-refund.after-commit' },
  { service: 'payments', failpoint: 'payments.refund.after-ledger' },
  { service: 'payments', failpoint: 'payments.refund.after-psp' },
];
const CAPTURE_KILL_POINTS: { service: Child; failpoint: string }[] = [
  { service: 'wallets', failpoint: 'wallets.checkout-capture.before-commit' },
  { service: 'wallets', failpoint: 'wallets.checkout-capture.after-commit' },
  { service: 'payments', failpoint: 'payments.checkout.after-step' },
];

describe('when a process on the checkout path is killed', () => {
  let merchant: { id: string; token: string; accountId: string };
  let buyer: { id: string; token: string };
  let cardId: string;
  const usd = (amount: string) => ({ amount, currency: 'USD' });
  const balance = async (token: string) =>
    (await gql(`{ me { wallets { currency balance { amount currency } held { amount currency } } } }`, {}, token)).data.me.wallets.find((w: { currency: string }) => w.currency === 'USD');
  const newCheckout = async (amount: string, captureMode: 'AUTOMATIC' | 'MANUAL') => {
    const res = await op('CreateCheckout', {
      input: { accountId: merchant.accountId, amount: usd(amount), reference: 'crash-order', returnUrl: 'https://shop.example/return', captureMode, idempotencyKey: randomUUID() },
    }, merchant.token);
    expect(res.data.createCheckout.userErrors).toEqual([]);
    return res.data.createCheckout.checkout.id as string;
  };
  const statusOf = async (id: string) => (await op('Checkout', { id }, merchant.token)).data?.checkout?.status as string | undefined;

  beforeAll(async () => {
    const owner = await signUp('Crash Checkout Merchant');
    const opened = await gql(operation('partners.graphql', 'OpenBusinessAccount'), { input: { businessName: 'Crash Checkout Ltd' } }, owner.token);
    merchant = { ...owner, accountId: opened.data.openBusinessAccount.account.id };
    buyer = await signUp('Crash Checkout Buyer');
    const card = await gql(`mutation($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } } }`, {
      input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
    }, buyer.token);
    cardId = card.data.linkCard.fundingInstrument.id;
    const funded = await gql(`mutation($input: AddFundsInput!) { addFunds(input: $input) { payment { id status } } }`, {
      input: { fundingInstrumentId: cardId, amount: usd('100.00'), idempotencyKey: randomUUID(), awaitCompletion: true },
    }, buyer.token);
    await waitFor('the funds', async () => (await gql(`query($id: ID!) { payment(id: $id) { status } }`, { id: funded.data.addFunds.payment.id }, buyer.token)).data?.payment?.status === 'COMPLETED');
  }, 60_000);

  it.each(APPROVE_KILL_POINTS)('then after $failpoint and a restart of $service, the approval pays exactly once', async ({ service, failpoint }) => {
    const before = await balance(buyer.token);
    const id = await newCheckout('5.00', 'AUTOMATIC');
    const approve = () => op('ApproveCheckout', { input: { checkoutId: id } }, buyer.token);
    const answered = await crashDuring(service, failpoint, approve);
    // When payments died the client got no answer: it approves again, which joins the attempt under way.
    if (!(answered as any).data?.approveCheckout) await waitFor('the retried approval', async () => (await approve()).data?.approveCheckout?.checkout);
    await waitFor('the checkout to be captured', async () => (await statusOf(id)) === 'CAPTURED');
    await settledOnce(id);
    expect(await balance(buyer.token)).toEqual({ currency: 'USD', balance: usd((Number(before.balance.amount) - 5).toFixed(2)), held: usd('0.00') });
    // Another approval afterwards answers the same captured checkout and moves nothing.
    expect((await approve()).data.approveCheckout).toMatchObject({ checkout: { status: 'CAPTURED', capturedAmount: usd('5.00') }, userErrors: [] });
    await settledOnce(id);
  }, 90_000);

  it.each(CARD_KILL_POINTS)('then after $failpoint and a restart of $service, the card is charged and booked exactly once', async ({ service, failpoint }) => {
    const before = await balance(buyer.token);
    const id = await newCheckout('4.00', 'AUTOMATIC');
    const approve = () => op('ApproveCheckout', { input: { checkoutId: id, cardId } }, buyer.token);
    const answered = await crashDuring(service, failpoint, approve);
    if (!(answered as any).data?.approveCheckout) await waitFor('the retried approval', async () => (await approve()).data?.approveCheckout?.checkout);
    await waitFor('the checkout to be captured', async () => (await statusOf(id)) === 'CAPTURED');
    await settledOnce(id);
    const [tx] = await query<{ transaction_id: string }>('payments', `select transaction_id from checkout where id = $1`, [id]);
    expect(await count('payments', `select count(*)::int as n from sandbox_psp_charge where idempotency_key = $1 and outcome = 'APPROVED'`, [tx!.transaction_id])).toBe(1);
    // Every charge of this card for 4.00 is one of this test's checkouts: one each, whatever was retried.
    expect(await count('payments', `select count(*)::int as n from sandbox_psp_charge s join checkout c on c.psp_token = s.token where c.id = $1 and s.amount = 400`, [id])).toBe(
      CARD_KILL_POINTS.findIndex((k) => k.failpoint === failpoint) + 1,
    );
    // The card paid, not the wallet.
    expect(await balance(buyer.token)).toEqual(before);
  }, 90_000);

  it.each(CAPTURE_KILL_POINTS)('then after $failpoint and a restart of $service, the capture moves money exactly once', async ({ service, failpoint }) => {
    const before = await balance(buyer.token);
    const id = await newCheckout('10.00', 'MANUAL');
    expect((await op('ApproveCheckout', { input: { checkoutId: id } }, buyer.token)).data.approveCheckout.checkout.status).toBe('AUTHORIZED');
    const capture = () => op('CaptureCheckout', { input: { checkoutId: id, amount: usd('6.00') } }, merchant.token);
    const answered = await crashDuring(service, failpoint, capture);
    if (!(answered as any).data?.captureCheckout) await waitFor('the retried capture', async () => (await capture()).data?.captureCheckout?.checkout);
    await waitFor('the checkout to be captured', async () => (await statusOf(id)) === 'CAPTURED');
    await settledOnce(id);
    // 6.00 of the 10.00 hold moved; the rest of it was released by the same entry.
    expect(await balance(buyer.token)).toEqual({ currency: 'USD', balance: usd((Number(before.balance.amount) - 6).toFixed(2)), held: usd('0.00') });
    expect((await capture()).data.captureCheckout).toMatchObject({ checkout: { status: 'CAPTURED', capturedAmount: usd('6.00'), fee: usd('0.47') }, userErrors: [] });
    await settledOnce(id);
  }, 90_000);

  describe('and a refund of a card-paid checkout is under way', () => {
    let paymentId: string;
    let checkoutId: string;
    beforeAll(async () => {
      checkoutId = await newCheckout('8.00', 'AUTOMATIC');
      const paid = await op('ApproveCheckout', { input: { checkoutId, cardId } }, buyer.token);
      expect(paid.data.approveCheckout.checkout.status).toBe('CAPTURED');
      paymentId = paid.data.approveCheckout.checkout.payment.id;
    }, 60_000);

    it.each(REFUND_KILL_POINTS)('then after $failpoint and a restart of $service, the card gets the refund exactly once', async ({ service, failpoint }) => {
      const before = await balance(merchant.token);
      const key = randomUUID();
      const ask = () => gql(operation('refunds.graphql', 'RefundPayment'), { input: { paymentId, amount: usd('2.00'), idempotencyKey: key } }, merchant.token);
      const answered = await crashDuring(service, failpoint, ask);
      const refundId: string =
        (answered as any).data?.refundPayment?.refund?.id ?? (await waitFor('the retried refund', async () => (await ask()).data?.refundPayment?.refund?.id));
      const final = await waitFor('the refund to settle', async () => {
        const p = (await gql(`query($id: ID!) { payment(id: $id) { status failureReason } }`, { id: refundId }, merchant.token)).data?.payment;
        return p && p.status !== 'PENDING' ? p : null;
      });
      expect(final).toEqual({ status: 'COMPLETED', failureReason: null });
      const nth = REFUND_KILL_POINTS.findIndex((k) => k.failpoint === failpoint) + 1;
      expect(await count('wallets', `select count(*)::int as n from journal_entry where payment_id = $1 and kind = 'CHECKOUT_REFUND'`, [refundId])).toBe(1);
      expect(await count('payments', `select count(*)::int as n from sandbox_psp_operation where idempotency_key = $1 and kind = 'REFUND' and outcome = 'APPROVED'`, [refundId])).toBe(1);
      expect(await count('payments', `select count(*)::int as n from outbox where type = 'RefundSettled' and aggregate_id = $1`, [refundId])).toBe(1);
      expect(await count('payments', `select count(*)::int as n from payment where refund_of_id = $1`, [paymentId])).toBe(nth);
      const [psp] = await query<{ r: string }>('payments', `select s.refunded_amount::text as r from sandbox_psp_charge s join checkout c on c.psp_reference = s.reference where c.id = $1`, [checkoutId]);
      expect(psp!.r).toBe(String(200 * nth));
      expect((await balance(merchant.token)).balance.amount).toBe((Number(before.balance.amount) - 2).toFixed(2));
      expect((await ask()).data.refundPayment.refund).toMatchObject({ id: refundId, status: 'COMPLETED' });
    }, 90_000);
  });

  it('then the merchant got each net once, the fees account each fee once, and reconciliation is green', async () => {
    // 3 × (5.00 − 0.45) + 3 × (4.00 − 0.42) + 3 × (6.00 − 0.47) + (8.00 − 0.53) − 4 × 2.00 refunded.
    expect((await balance(merchant.token)).balance.amount).toBe('40.45');
    const [fees] = await query<{ b: string }>('wallets', `select balance::text as b from account_balance where kind = 'FEES' and currency = 'USD'`, []);
    expect(fees!.b).toBe(String(3 * 45 + 3 * 42 + 3 * 47 + 53));
    const kills = APPROVE_KILL_POINTS.length + CARD_KILL_POINTS.length + CAPTURE_KILL_POINTS.length + 1;
    expect(await count('wallets', `select count(*)::int as n from journal_entry where kind = 'CHECKOUT'`, [])).toBe(kills);
    await waitFor('history of every capture', async () => (await count('transactions', `select count(*)::int as n from transaction where kind = 'CHECKOUT' and status = 'COMPLETED'`, [])) === kills);
    await waitFor('history of every refund', async () => (await count('transactions', `select count(*)::int as n from transaction where kind = 'REFUND' and status = 'COMPLETED'`, [])) === REFUND_KILL_POINTS.length);
    const report = await runReconciliation({ serverUrl: env.DATABASE_URL!, prefix: env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    if (!report.ok) throw new Error(formatReport(report));
  }, 60_000);
});
