import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { dropTestDatabases, postGraphQL, testEnv } from '@paygraph/platform/testing';
import { consumersOf, type EventType } from '@paygraph/events';
import { startStack, type Stack } from '@paygraph/stack';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { freePort, startChildService, type ChildService } from '../support/child-service.js';
import { serviceSql, signUpWith, waitFor } from '../support/checks.js';

/**
 * Crashes, not shutdowns, on the money path of DESIGN.md §4 (a P2P payment settled in its request). Payments, fraud
 * and wallets each run in their own process; a failpoint makes one of them SIGKILL itself at one point of the path:
 * fraud after committing its decision; wallets before and after committing the transfer; payments after the decision
 * and after the transfer, before the outcome is written. Then it starts again. Every time, the payment must end
 * COMPLETED exactly once: one journal entry, one PaymentSettled, reconciliation green; and replaying every event of
 * every service into every queue afterwards must change nothing.
 */
const env = testEnv({
  PASSWORD_SCRYPT_LOG_N: '12',
  SQS_WAIT_TIME_SECONDS: '1',
  // A message whose consumer died reappears after 2 s instead of 30.
  SQS_VISIBILITY_TIMEOUT_SECONDS: '2',
  CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
  REGISTER_MAX_PER_IP: '10000',
  LOGIN_MAX_PER_IP: '10000',
  // A payment whose request died is picked up after 1 s, and the sweep runs every 200 ms.
  PAYMENT_RECOVERY_AFTER_MS: '1000',
  PAYMENT_RECOVERY_INTERVAL_MS: '200',
  // The owner that died comes back within seconds: do not keep the breaker open longer than that.
  INTERNAL_CALL_TIMEOUT_MS: '1500',
});
const CHILDREN = ['wallets', 'fraud', 'payments'] as const;
type Child = (typeof CHILDREN)[number];
let stack: Stack;
const ports = {} as Record<Child, number>;
const children = {} as Record<Child, ChildService>;
let childEnv: Record<string, string>;
const gql = (query: string, variables: Record<string, unknown>, token?: string) =>
  postGraphQL<any>(stack.gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {});
const signUp = signUpWith(gql);
const { count, client: db } = serviceSql(env);
const start = async (name: Child, failpoint?: string) => {
  children[name] = await startChildService(name, ports[name], { ...childEnv, ...(failpoint ? { PAYGRAPH_FAILPOINTS: failpoint } : {}) });
};

beforeAll(async () => {
  for (const name of CHILDREN) ports[name] = await freePort();
  const url = (name: Child) => `http://127.0.0.1:${ports[name]}/graphql`;
  childEnv = { ...(env as Record<string, string>), WALLETS_URL: url('wallets'), FRAUD_URL: url('fraud'), PAYMENTS_URL: url('payments') };
  await start('wallets');
  await start('fraud');
  // Payments reads users and accounts, which the stack starts in this process: it comes up once they are there.
  stack = await startStack({ env, ports: 'random', external: { wallets: url('wallets'), fraud: url('fraud'), payments: url('payments') } });
  childEnv = { ...childEnv, USERS_URL: stack.services.users!.url, ACCOUNTS_URL: stack.services.accounts!.url };
  await start('payments');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  for (const name of CHILDREN) await children[name]?.kill('SIGTERM');
  await dropTestDatabases(env);
});


const paymentStatus = async (id: string, token: string) =>
  (await gql(`query($id: ID!) { payment(id: $id) { status failureReason } }`, { id }, token)).data?.payment;

const KILL_POINTS: { service: Child; failpoint: string }[] = [
  { service: 'fraud', failpoint: 'fraud.decide.after-commit' },
  { service: 'wallets', failpoint: 'wallets.transfer.before-commit' },
  { service: 'wallets', failpoint: 'wallets.transfer.after-commit' },
  { service: 'payments', failpoint: 'payments.settle.after-decide' },
  { service: 'payments', failpoint: 'payments.settle.after-transfer' },
];

describe('when a process on the money path is killed mid-payment', () => {
  let payer: { id: string; token: string };
  let payee: { id: string; token: string };

  beforeAll(async () => {
    payer = await signUp('Crash Payer');
    payee = await signUp('Crash Payee');
    const card = await gql(`mutation($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } } }`, {
      input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
    }, payer.token);
    const funded = await gql(`mutation($input: AddFundsInput!) { addFunds(input: $input) { payment { id status } } }`, {
      input: { fundingInstrumentId: card.data.linkCard.fundingInstrument.id, amount: { amount: '100.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
    }, payer.token);
    expect(funded.data.addFunds.payment.status).toBe('COMPLETED');
  }, 60_000);

  it.each(KILL_POINTS)('then after $failpoint and a restart of $service, the payment completes exactly once', async ({ service, failpoint }) => {
    await children[service].kill('SIGTERM');
    await start(service, failpoint);
    const key = randomUUID();
    const send = () =>
      gql(`mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id status } userErrors { code } } }`, {
        input: { recipientId: payee.id, amount: { amount: '7.00', currency: 'USD' }, idempotencyKey: key },
      }, payer.token);
    const sent = await send().catch((error: unknown) => ({ error }));

    await Promise.race([
      children[service].exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`${service} did not crash:\n${children[service].output()}`)), 30_000)),
    ]);
    expect(children[service].process.signalCode).toBe('SIGKILL');
    await start(service);

    // When payments itself died the client got no payment back: it retries with its key, as a client does.
    const paymentId: string = (sent as any).data?.sendMoney?.payment?.id ?? (await waitFor('the retried request', async () => (await send()).data?.sendMoney?.payment?.id));
    const final = await waitFor('the payment to settle', async () => {
      const p = await paymentStatus(paymentId, payer.token);
      return p && ['COMPLETED', 'FAILED', 'ON_HOLD'].includes(p.status) ? p : null;
    });
    expect(final).toEqual({ status: 'COMPLETED', failureReason: null });
    expect(await count('wallets', `SELECT count(*)::int AS n FROM journal_entry WHERE payment_id = $1`, [paymentId])).toBe(1);
    expect(await count('wallets', `SELECT count(*)::int AS n FROM hold WHERE payment_id = $1`, [paymentId])).toBe(1);
    expect(await count('payments', `SELECT count(*)::int AS n FROM outbox WHERE type = 'PaymentSettled' AND aggregate_id = $1`, [paymentId])).toBe(1);
    expect(await count('payments', `SELECT count(*)::int AS n FROM payment WHERE sender_id = $1 AND id <> $2 AND created_at > now() - interval '1 minute' AND status = 'PENDING'`, [payer.id, paymentId])).toBe(0);
  }, 90_000);

  it('then replaying every event of every service changes no balance, and reconciliation is green', async () => {
    const walletsDb = db('wallets');
    await walletsDb.connect();
    try {
      const balances = async () => (await walletsDb.query(`SELECT account_id, balance::text, held::text FROM account_balance ORDER BY account_id`)).rows;
      // The projections (history, fraud, notifications) catch up on the last payment before the snapshot.
      await new Promise((r) => setTimeout(r, 2_000));
      const before = await balances();
      // Every event, delivered again to every queue that consumes it (new deduplication ids, so SQS itself does not
      // drop them): the inboxes and the idempotent handlers must absorb all of it.
      const replayed = await replayAllEvents();
      expect(replayed).toBeGreaterThan(10);
      await new Promise((r) => setTimeout(r, 4_000));
      expect(await balances()).toEqual(before);
      expect(await count('wallets', `SELECT count(*)::int AS n FROM journal_entry WHERE kind = 'P2P'`, [])).toBe(KILL_POINTS.length);
    } finally {
      await walletsDb.end();
    }
    const report = await runReconciliation({ serverUrl: env.DATABASE_URL!, prefix: env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    if (!report.ok) throw new Error(formatReport(report));
  }, 60_000);
});

async function replayAllEvents(): Promise<number> {
  const sqs = new SQSClient({ endpoint: env.SQS_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  let sent = 0;
  try {
    for (const service of ['users', 'accounts', 'payments', 'transactions', 'wallets', 'fraud']) {
      const client = db(service);
      await client.connect();
      const { rows } = await client.query(`SELECT envelope FROM outbox WHERE published_at IS NOT NULL ORDER BY id`);
      await client.end();
      for (const { envelope } of rows as { envelope: { id: string; type: EventType; aggregateId: string } }[]) {
        for (const consumer of consumersOf(envelope.type)) {
          const queueUrl = `${env.SQS_ENDPOINT}/000000000000/${env.SQS_QUEUE_PREFIX}${consumer}.fifo`;
          await sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: [{ Id: '1', MessageBody: JSON.stringify(envelope), MessageGroupId: envelope.aggregateId, MessageDeduplicationId: randomUUID() }],
            }),
          );
          sent++;
        }
      }
    }
  } finally {
    sqs.destroy();
  }
  return sent;
}
