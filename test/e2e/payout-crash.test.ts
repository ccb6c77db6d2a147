import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { dropTestDatabases, postGraphQL, testEnv } from '@paygraph/platform/testing';
import { startStack, type Stack } from '@paygraph/stack';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { freePort, startChildService, type ChildService } from '../support/child-service.js';
import { serviceSql, waitFor } from '../support/checks.js';
import { PASSWORD } from '../support/stack.js';

/**
 * Crashes on a withdrawal's money path: payments and wallets each run in their own process, and a failpoint makes one
 * SIGKILL itself where the money moves: wallets after committing the hold (the answer is lost), payments after the
 * hold was answered (the client retries its key), wallets before and after committing the capture to payout
 * clearing, payments after the capture and before PAID is written. Then it starts again. Every time the withdrawal
 * must end PAID exactly once: one hold, one WITHDRAWAL entry, one PAID event, the wallet down by the amount once, and
 * reconciliation green.
 */
const env = testEnv({
  PASSWORD_SCRYPT_LOG_N: '12',
  SQS_WAIT_TIME_SECONDS: '1',
  SQS_VISIBILITY_TIMEOUT_SECONDS: '2',
  CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
  REGISTER_MAX_PER_IP: '10000',
  LOGIN_MAX_PER_IP: '10000',
  // A withdrawal whose hold was not answered is held again after 1 s.
  PAYMENT_RECOVERY_AFTER_MS: '1000',
  INTERNAL_CALL_TIMEOUT_MS: '1500',
  PAYOUT_RAIL_SETTLE_MS: '300',
  PAYOUT_POLL_MS: '100',
  PAYOUT_WORKER_INTERVAL_MS: '100',
  PAYOUT_RETURN_WINDOW_MS: '200',
});
const CHILDREN = ['wallets', 'payments'] as const;
type Child = (typeof CHILDREN)[number];
let stack: Stack;
const ports = {} as Record<Child, number>;
const children = {} as Record<Child, ChildService>;
let childEnv: Record<string, string>;
const gql = (query: string, variables: Record<string, unknown>, token?: string) =>
  postGraphQL<any>(stack.gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {});
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
  { service: 'wallets', failpoint: 'wallets.payout-hold.after-commit' },
  { service: 'payments', failpoint: 'payments.withdraw.after-hold' },
  { service: 'wallets', failpoint: 'wallets.payout-capture.before-commit' },
  { service: 'wallets', failpoint: 'wallets.payout-capture.after-commit' },
  { service: 'payments', failpoint: 'payments.payout.after-capture' },
];

describe('when a process on the withdrawal path is killed', () => {
  let user: { id: string; token: string };
  let walletId: string;
  let bankAccountId: string;

  beforeAll(async () => {
    const reg = await gql(`mutation($input: RegisterInput!) { register(input: $input) { user { id } accessToken } }`, {
      input: { email: `crash.withdrawer.${randomUUID().slice(0, 8)}@example.test`, password: PASSWORD, displayName: 'Crash Withdrawer' },
    });
    user = { id: reg.data.register.user.id, token: reg.data.register.accessToken };
    const card = await gql(`mutation($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } } }`, {
      input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
    }, user.token);
    const funded = await gql(`mutation($input: AddFundsInput!) { addFunds(input: $input) { payment { status } } }`, {
      input: { fundingInstrumentId: card.data.linkCard.fundingInstrument.id, amount: { amount: '100.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
    }, user.token);
    expect(funded.data.addFunds.payment.status).toBe('COMPLETED');
    walletId = (await gql(`{ me { wallets { id } } }`, {}, user.token)).data.me.wallets[0].id;
    const bank = await gql(`mutation($input: LinkBankAccountInput!) { linkBankAccount(input: $input) { fundingInstrument { id } } }`, {
      input: { country: 'US', holderName: 'Crash Withdrawer', routingNumber: '110000000', accountNumber: '000123456789' },
    }, user.token);
    bankAccountId = bank.data.linkBankAccount.fundingInstrument.id;
    await gql(`mutation($input: VerifyBankAccountInput!) { verifyBankAccount(input: $input) { userErrors { code } } }`, {
      input: { fundingInstrumentId: bankAccountId, amounts: ['0.32', '0.45'] },
    }, user.token);
  }, 60_000);

  it.each(KILL_POINTS)('then after $failpoint and a restart of $service, the withdrawal is paid exactly once', async ({ service, failpoint }) => {
    const balanceBefore = await waitFor('the balance', async () => (await gql(`{ me { wallets { balance { amount } } } }`, {}, user.token)).data?.me.wallets[0].balance.amount);
    await children[service].kill('SIGTERM');
    await start(service, failpoint);
    const key = randomUUID();
    const withdraw = () =>
      gql(`mutation($input: WithdrawInput!) { withdraw(input: $input) { withdrawal { id status } userErrors { code } } }`, {
        input: { walletId, bankAccountId, amount: { amount: '5.00', currency: 'USD' }, idempotencyKey: key },
      }, user.token);
    const sent = await withdraw().catch((error: unknown) => ({ error }));

    await Promise.race([
      children[service].exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`${service} did not crash:\n${children[service].output()}`)), 30_000)),
    ]);
    expect(children[service].process.signalCode).toBe('SIGKILL');
    await start(service);

    // When payments itself died before answering, the client retries with its key, as a client does.
    const id: string =
      (sent as any).data?.withdraw?.withdrawal?.id ?? (await waitFor('the retried request', async () => (await withdraw()).data?.withdraw?.withdrawal?.id));
    const final = await waitFor('the withdrawal to be paid', async () => {
      const w = (await gql(`query($id: ID!) { withdrawal(id: $id) { status } }`, { id }, user.token)).data?.withdrawal;
      return w && ['PAID', 'FAILED'].includes(w.status) ? w : null;
    });
    expect(final).toEqual({ status: 'PAID' });
    expect(await count('wallets', `SELECT count(*)::int AS n FROM hold WHERE payment_id = $1`, [id])).toBe(1);
    expect(await count('wallets', `SELECT count(*)::int AS n FROM journal_entry WHERE payment_id = $1 AND kind = 'WITHDRAWAL'`, [id])).toBe(1);
    expect(
      await count('payments', `SELECT count(*)::int AS n FROM outbox WHERE type = 'WithdrawalStatusChanged' AND aggregate_id = $1 AND envelope->'data'->>'status' = 'PAID'`, [id]),
    ).toBe(1);
    expect(await count('payments', `SELECT count(*)::int AS n FROM withdrawal WHERE user_id = $1 AND id <> $2 AND status NOT IN ('PAID')`, [user.id, id])).toBe(0);
    const after = (await gql(`{ me { wallets { balance { amount } held { amount } } } }`, {}, user.token)).data.me.wallets[0];
    expect(after).toEqual({ balance: { amount: (Number(balanceBefore) - 5).toFixed(2) }, held: { amount: '0.00' } });
  }, 90_000);

  it('then reconciliation is green', async () => {
    expect(await count('wallets', `SELECT count(*)::int AS n FROM journal_entry WHERE kind = 'WITHDRAWAL'`, [])).toBe(KILL_POINTS.length);
    const report = await runReconciliation({ serverUrl: env.DATABASE_URL!, prefix: env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    if (!report.ok) throw new Error(formatReport(report));
  }, 60_000);
});
