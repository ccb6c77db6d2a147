import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { dropTestDatabases, postGraphQL, testEnv } from '@paygraph/platform/testing';
import { startStack, type Stack } from '@paygraph/stack';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { freePort, startChildService, type ChildService } from '../support/child-service.js';
import { serviceSql, signUpWith, waitFor } from '../support/checks.js';
import { operation } from '../support/stack.js';

/**
 * Crashes, not shutdowns, while a payment request is being paid (docs/money-flows.md "Payment requests"): payments
 * SIGKILLs itself after the request is marked as being paid and before its P2P payment exists, or after the payment
 * completed and before the request records it; wallets after the payment's transfer commits. Then it starts again.
 * Every time the request must end PAID by exactly one payment, whether the payments worker finishes it or the payer
 * retries with their key: one payment linked to it, one journal entry, the money moved once, one
 * PaymentRequestUpdated to PAID, reconciliation green.
 */
const env = testEnv({
  PASSWORD_SCRYPT_LOG_N: '12',
  SQS_WAIT_TIME_SECONDS: '1',
  SQS_VISIBILITY_TIMEOUT_SECONDS: '2',
  CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
  REGISTER_MAX_PER_IP: '10000',
  LOGIN_MAX_PER_IP: '10000',
  // A payment whose request died is driven again after 1 s; the sweeps run every 200 ms.
  PAYMENT_RECOVERY_AFTER_MS: '1000',
  PAYMENT_RECOVERY_INTERVAL_MS: '200',
  PAYMENT_REQUEST_SWEEP_INTERVAL_MS: '200',
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
const op = (name: string, variables: Record<string, unknown>, token: string) => gql(operation('requests.graphql', name), variables, token);
const signUp = signUpWith(gql);
const { count } = serviceSql(env);
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

const KILL_POINTS: { service: Child; failpoint: string }[] = [
  { service: 'payments', failpoint: 'payments.pay-request.after-claim' },
  { service: 'wallets', failpoint: 'wallets.transfer.after-commit' },
  { service: 'payments', failpoint: 'payments.pay-request.after-payment' },
];

describe('when a process is killed while a payment request is being paid', () => {
  let payer: { id: string; token: string };
  let requester: { id: string; token: string };
  const balance = async (token: string) => (await gql(`{ me { wallets { balance { amount } } } }`, {}, token)).data?.me?.wallets?.[0]?.balance?.amount ?? '0.00';

  beforeAll(async () => {
    payer = await signUp('Crash Request Payer');
    requester = await signUp('Crash Request Requester');
    const card = await gql(`mutation($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } } }`, {
      input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
    }, payer.token);
    const funded = await gql(`mutation($input: AddFundsInput!) { addFunds(input: $input) { payment { id } } }`, {
      input: { fundingInstrumentId: card.data.linkCard.fundingInstrument.id, amount: { amount: '30.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
    }, payer.token);
    await waitFor('the funds', async () => (await gql(`query($id: ID!) { payment(id: $id) { status } }`, { id: funded.data.addFunds.payment.id }, payer.token)).data?.payment?.status === 'COMPLETED');
  }, 60_000);

  it.each(KILL_POINTS)('then after $failpoint and a restart of $service, the request is PAID by exactly one payment', async ({ service, failpoint }) => {
    const opened = await op('RequestMoney', { input: { from: payer.id, amount: { amount: '4.00', currency: 'USD' }, note: failpoint, idempotencyKey: randomUUID() } }, requester.token);
    expect(opened.data.requestMoney.userErrors).toEqual([]);
    const requestId: string = opened.data.requestMoney.paymentRequest.id;
    const before = { payer: await balance(payer.token), requester: await balance(requester.token) };

    await children[service].kill('SIGTERM');
    await start(service, failpoint);
    const key = randomUUID();
    const pay = () => op('PayRequest', { input: { requestId, idempotencyKey: key } }, payer.token);
    await pay().catch(() => null);
    await Promise.race([
      children[service].exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`${service} did not crash:\n${children[service].output()}`)), 30_000)),
    ]);
    expect(children[service].process.signalCode).toBe('SIGKILL');
    await start(service);

    // The payer retries with their key, as a client whose call died does; the worker may have finished it first.
    const paid = await waitFor('the request to be paid', async () => {
      const res = await pay();
      const r = res.data?.payRequest;
      if (r?.paymentRequest?.status === 'PAID') return r;
      // Already paid by the worker and this key not yet bound: the request says so.
      if (res.data?.payRequest?.userErrors?.[0]?.code === 'REQUEST_NOT_OPEN') {
        const read = (await op('PaymentRequest', { id: requestId }, requester.token)).data?.paymentRequest;
        return read?.status === 'PAID' ? { paymentRequest: read, payment: read.payment } : null;
      }
      return null;
    }, 60_000);
    const paymentId: string = paid.paymentRequest.payment.id;
    expect(paid.paymentRequest.payment.status).toBe('COMPLETED');
    expect(await count('payments', `SELECT count(*)::int AS n FROM payment WHERE request_id = $1`, [requestId])).toBe(1);
    expect(await count('payments', `SELECT count(*)::int AS n FROM payment_request WHERE id = $1 AND status = 'PAID' AND payment_id = $2`, [requestId, paymentId])).toBe(1);
    expect(await count('wallets', `SELECT count(*)::int AS n FROM journal_entry WHERE payment_id = $1`, [paymentId])).toBe(1);
    expect(
      await count('payments', `SELECT count(*)::int AS n FROM outbox WHERE type = 'PaymentRequestUpdated' AND aggregate_id = $1 AND envelope->'data'->>'status' = 'PAID'`, [requestId]),
    ).toBe(1);
    // The money moved once: 4.00 from the payer to the requester.
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    expect(cents(await balance(payer.token))).toBe(cents(before.payer) - 400);
    expect(cents(await balance(requester.token))).toBe(cents(before.requester) + 400);
  }, 120_000);

  it('then reconciliation is green', async () => {
    await waitFor('history of every payment', async () =>
      (await count('payments', `SELECT count(*)::int AS n FROM payment`, [])) === (await count('transactions', `SELECT count(*)::int AS n FROM transaction`, [])));
    const report = await runReconciliation({ serverUrl: env.DATABASE_URL!, prefix: env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    if (!report.ok) throw new Error(formatReport(report));
  }, 60_000);
});
