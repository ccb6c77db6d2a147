import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { dropTestDatabases, postGraphQL, testEnv } from '@paygraph/platform/testing';
import { startStack, type Stack } from '@paygraph/stack';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { freePort, startChildService, type ChildService } from '../support/child-service.js';
import { serviceSql, signUpWith, waitFor } from '../support/checks.js';
import { operation } from '../support/stack.js';

/**
 * Crashes, not shutdowns, at the money-moving step of a refund (DESIGN.md §4, like test/e2e/crash.test.ts for P2P):
 * wallets and payments run in their own processes, and a failpoint makes one SIGKILL itself before or after the
 * transfer commits, or payments after the transfer answered and before the refund's outcome is written. Then it
 * starts again. Every time the refund must end COMPLETED exactly once — by the recovery worker, or by the client
 * retrying its key when payments itself died: one journal entry, one RefundSettled, the refunded amount counted once,
 * reconciliation green.
 */
const env = testEnv({
  PASSWORD_SCRYPT_LOG_N: '12',
  SQS_WAIT_TIME_SECONDS: '1',
  SQS_VISIBILITY_TIMEOUT_SECONDS: '2',
  CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
  REGISTER_MAX_PER_IP: '10000',
  LOGIN_MAX_PER_IP: '10000',
  // A refund whose request died is picked up after 1 s, and the sweep runs every 200 ms.
  PAYMENT_RECOVERY_AFTER_MS: '1000',
  PAYMENT_RECOVERY_INTERVAL_MS: '200',
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
  { service: 'wallets', failpoint: 'wallets.transfer.before-commit' },
  { service: 'wallets', failpoint: 'wallets.transfer.after-commit' },
  { service: 'payments', failpoint: 'payments.refund.after-transfer' },
];

describe('when a process on the money path is killed mid-refund', () => {
  let payer: { id: string; token: string };
  let payee: { id: string; token: string };
  let paymentId: string;

  beforeAll(async () => {
    payer = await signUp('Crash Refund Payer');
    payee = await signUp('Crash Refund Payee');
    const card = await gql(`mutation($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } } }`, {
      input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
    }, payer.token);
    const funded = await gql(`mutation($input: AddFundsInput!) { addFunds(input: $input) { payment { id status } } }`, {
      input: { fundingInstrumentId: card.data.linkCard.fundingInstrument.id, amount: { amount: '30.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
    }, payer.token);
    // awaitCompletion is bounded: on a busy machine the saga's first run may take longer.
    await waitFor('the funds', async () => (await gql(`query($id: ID!) { payment(id: $id) { status } }`, { id: funded.data.addFunds.payment.id }, payer.token)).data?.payment?.status === 'COMPLETED');
    const sent = await gql(`mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id status } } }`, {
      input: { recipientId: payee.id, amount: { amount: '30.00', currency: 'USD' }, idempotencyKey: randomUUID() },
    }, payer.token);
    expect(sent.data.sendMoney.payment.status).toBe('COMPLETED');
    paymentId = sent.data.sendMoney.payment.id;
  }, 60_000);

  it.each(KILL_POINTS)('then after $failpoint and a restart of $service, the refund completes exactly once', async ({ service, failpoint }) => {
    await children[service].kill('SIGTERM');
    await start(service, failpoint);
    const key = randomUUID();
    const ask = () => gql(operation('refunds.graphql', 'RefundPayment'), { input: { paymentId, amount: { amount: '5.00', currency: 'USD' }, idempotencyKey: key } }, payee.token);
    const answered = await ask().catch((error: unknown) => ({ error }));

    await Promise.race([
      children[service].exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`${service} did not crash:\n${children[service].output()}`)), 30_000)),
    ]);
    expect(children[service].process.signalCode).toBe('SIGKILL');
    await start(service);

    // When payments itself died the client got no refund back: it retries with its key, as a client does.
    const refundId: string =
      (answered as any).data?.refundPayment?.refund?.id ?? (await waitFor('the retried request', async () => (await ask()).data?.refundPayment?.refund?.id));
    const final = await waitFor('the refund to settle', async () => {
      const p = (await gql(`query($id: ID!) { payment(id: $id) { status failureReason } }`, { id: refundId }, payee.token)).data?.payment;
      return p && p.status !== 'PENDING' ? p : null;
    });
    expect(final).toEqual({ status: 'COMPLETED', failureReason: null });
    expect(await count('wallets', `SELECT count(*)::int AS n FROM journal_entry WHERE payment_id = $1`, [refundId])).toBe(1);
    expect(await count('payments', `SELECT count(*)::int AS n FROM outbox WHERE type = 'RefundSettled' AND aggregate_id = $1`, [refundId])).toBe(1);
    expect(await count('payments', `SELECT count(*)::int AS n FROM payment WHERE refund_of_id = $1`, [paymentId])).toBe(KILL_POINTS.indexOf(KILL_POINTS.find((k) => k.failpoint === failpoint)!) + 1);
    // A retry after the end answers the same refund.
    expect((await ask()).data.refundPayment.refund).toMatchObject({ id: refundId, status: 'COMPLETED' });
  }, 90_000);

  it('then the payment counts each refund once, the wallets moved it once, and reconciliation is green', async () => {
    const p = (await gql(`query($id: ID!) { payment(id: $id) { status refundedAmount { amount } } }`, { id: paymentId }, payer.token)).data.payment;
    expect(p).toEqual({ status: 'PARTIALLY_REFUNDED', refundedAmount: { amount: '15.00' } });
    const wallets = (await gql(`{ me { wallets { currency balance { amount } } } }`, {}, payer.token)).data.me.wallets;
    expect(wallets).toEqual([{ currency: 'USD', balance: { amount: '15.00' } }]);
    await waitFor('history of every refund', async () => (await count('transactions', `SELECT count(*)::int AS n FROM transaction WHERE kind = 'REFUND' AND status = 'COMPLETED'`, [])) === KILL_POINTS.length);
    const report = await runReconciliation({ serverUrl: env.DATABASE_URL!, prefix: env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    if (!report.ok) throw new Error(formatReport(report));
  }, 60_000);
});
