import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { databaseUrl } from '@paygraph/platform/db';
import { dropTestDatabases, postGraphQL, testEnv } from '@paygraph/platform/testing';
import { consumersOf, type EventType } from '@paygraph/events';
import { startStack, type Stack } from '@paygraph/stack';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { freePort, startChildService, type ChildService } from '../support/child-service.js';
import { PASSWORD } from '../support/stack.js';

/**
 * Crashes, not shutdowns: the wallets subgraph runs in its own process and a failpoint makes it SIGKILL itself right
 * after it committed a P2P transfer (journal entry and hold row written, FundsCaptured in its outbox) and before it acknowledged the
 * message. Then it starts again. The payment must still end COMPLETED, with one hold and one journal entry; and
 * replaying every event of the saga into every queue afterwards must change nothing.
 */
const env = testEnv({
  PASSWORD_SCRYPT_LOG_N: '12',
  SQS_WAIT_TIME_SECONDS: '1',
  // A message whose consumer died reappears after 2 s instead of 30.
  SQS_VISIBILITY_TIMEOUT_SECONDS: '2',
  CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
  REGISTER_MAX_PER_IP: '10000',
  LOGIN_MAX_PER_IP: '10000',
});
let stack: Stack;
let wallets: ChildService;
let walletsPort: number;
const gql = (query: string, variables: Record<string, unknown>, token?: string) =>
  postGraphQL<any>(stack.gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {});
const db = (name: string) => new pg.Client({ connectionString: databaseUrl(env.DATABASE_URL!, `${env.DATABASE_PREFIX}${name}`) });

beforeAll(async () => {
  walletsPort = await freePort();
  wallets = await startChildService('wallets', walletsPort, env);
  stack = await startStack({ env, ports: 'random', external: { wallets: wallets.url } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await wallets?.kill('SIGTERM');
  await dropTestDatabases(env);
});

async function signUp(name: string) {
  const res = await gql(`mutation($input: RegisterInput!) { register(input: $input) { user { id } accessToken } }`, {
    input: { email: `${name.replaceAll(" ", ".").toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`, password: PASSWORD, displayName: name },
  });
  return { id: res.data.register.user.id as string, token: res.data.register.accessToken as string };
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const paymentStatus = async (id: string, token: string) =>
  (await gql(`query($id: ID!) { payment(id: $id) { status failureReason } }`, { id }, token)).data?.payment;

describe('when the wallets process is killed mid-saga, after it moved the funds', () => {
  it('then after a restart the payment completes once, and replayed events change nothing', async () => {
    const payer = await signUp('Crash Payer');
    const payee = await signUp('Crash Payee');
    const card = await gql(`mutation($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } } }`, {
      input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
    }, payer.token);
    const funded = await gql(`mutation($input: AddFundsInput!) { addFunds(input: $input) { payment { id status } } }`, {
      input: { fundingInstrumentId: card.data.linkCard.fundingInstrument.id, amount: { amount: '50.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
    }, payer.token);
    expect(funded.data.addFunds.payment.status).toBe('COMPLETED');

    // Arm the failpoint: restart wallets so that it dies right after committing its next transfer.
    await wallets.kill('SIGTERM');
    wallets = await startChildService('wallets', walletsPort, { ...env, PAYGRAPH_FAILPOINTS: 'consumer.after-commit:FundsTransferRequested' });

    const sent = await gql(`mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id status } userErrors { code } } }`, {
      input: { recipientId: payee.id, amount: { amount: '20.00', currency: 'USD' }, idempotencyKey: randomUUID() },
    }, payer.token);
    const paymentId = sent.data.sendMoney.payment.id as string;

    // The process dies by itself once the transfer is committed, before it acknowledged the command or published.
    await Promise.race([wallets.exited, new Promise((_, reject) => setTimeout(() => reject(new Error(`wallets did not crash:\n${wallets.output()}`)), 30_000))]);
    expect(wallets.process.signalCode).toBe('SIGKILL');
    const walletsDb = db('wallets');
    await walletsDb.connect();
    try {
      const holds = await walletsDb.query(`SELECT status FROM hold WHERE payment_id = $1`, [paymentId]);
      expect(holds.rows).toEqual([{ status: 'CAPTURED' }]);
      expect(['PENDING', 'PROCESSING']).toContain((await paymentStatus(paymentId, payer.token)).status);

      // Back up without the failpoint: the unacknowledged command comes back (a duplicate for the inbox), the
      // outbox relay publishes what the dead process had committed, and the saga goes on.
      wallets = await startChildService('wallets', walletsPort, env);
      const final = await waitFor('the payment to settle', async () => {
        const p = await paymentStatus(paymentId, payer.token);
        return p && ['COMPLETED', 'FAILED', 'ON_HOLD'].includes(p.status) ? p : null;
      });
      expect(final).toEqual({ status: 'COMPLETED', failureReason: null });

      const after = await walletsDb.query(
        `SELECT (SELECT count(*)::int FROM hold WHERE payment_id = $1) AS holds,
                (SELECT count(*)::int FROM journal_entry WHERE payment_id = $1) AS journals`,
        [paymentId],
      );
      expect(after.rows[0]).toEqual({ holds: 1, journals: 1 });
      const balances = async () =>
        (await walletsDb.query(`SELECT account_id, balance::text, held::text FROM account_balance ORDER BY account_id`)).rows;
      const before = await balances();

      // Every event of every service, delivered again to every queue that consumes it (new deduplication ids, so
      // SQS itself does not drop them): the inboxes and the saga's state must absorb all of it.
      const replayed = await replayAllEvents();
      expect(replayed).toBeGreaterThan(10);
      await new Promise((r) => setTimeout(r, 4_000));
      expect(await balances()).toEqual(before);
      const journals = await walletsDb.query(`SELECT count(*)::int AS n FROM journal_entry WHERE payment_id = $1`, [paymentId]);
      expect(journals.rows[0].n).toBe(1);
      expect(await paymentStatus(paymentId, payer.token)).toEqual({ status: 'COMPLETED', failureReason: null });
    } finally {
      await walletsDb.end();
    }

    const report = await runReconciliation({ serverUrl: env.DATABASE_URL!, prefix: env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    if (!report.ok) throw new Error(formatReport(report));
  }, 120_000);
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
