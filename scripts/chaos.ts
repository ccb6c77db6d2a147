/**
 * `npm run chaos`: payments under failure. The money path's services and the event consumers run in their own
 * processes (as in production) and are killed with SIGKILL and started again while thousands of payments are sent,
 * a tenth of them twice with the same idempotency key (a client's retry racing its first try); the event queue
 * delivers messages twice and late (a proxy in front of the SQS emulator drops acknowledgements, sends batches again
 * and holds them back); the services' database connections are cut. Clients behave as clients should: a request that
 * got no answer is sent again with its key until it gets one.
 *
 * Then the faults stop, the platform is given time to finish what was left (recovery worker, redeliveries), and the
 * run checks what a payment platform promises: no cent lost or created (every balance is its funding plus and minus
 * the completed payments; the total is what was funded), no payment twice (one payment per key, one journal entry per
 * completed payment), no payment left PENDING, reconciliation green, the dead-letter queues empty. It prints the
 * figures and `lost 0 duplicated 0`, and exits 1 if any of it does not hold.
 *
 *   CHAOS_PAYMENTS (2000) CHAOS_SECONDS (40: the payments are spread over this long, so the faults land among them)
 *   CHAOS_CONCURRENCY (64: payments in flight at most) CHAOS_USERS (40) CHAOS_SEED (random)
 *   CHAOS_KILL_EVERY_MS (3000) CHAOS_DB_DROP_EVERY_MS (7000) CHAOS_DUPLICATE_RATE (0.1)
 *   CHAOS_ACK_DROP (0.1) CHAOS_SEND_DUPLICATE (0.05) CHAOS_SEND_DELAY (0.1) CHAOS_MAX_DELAY_MS (1500)
 *   CHAOS_SETTLE_SECONDS (120: how long the platform has, after the faults stop, to finish every payment)
 *   DATABASE_URL (the machine's PostgreSQL), CHAOS_KEEP=1 (keep the databases afterwards)
 * Loopback only; bounded in count and time.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { GetQueueAttributesCommand, ListQueuesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { readEnv } from '@paygraph/platform/config';
import { databaseUrl } from '@paygraph/platform/db';
import { dropTestDatabases, postGraphQL } from '@paygraph/platform/testing';
import { startStack } from '@paygraph/stack';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { benchEnv } from './lib/bench-env.js';
import { seededRandom, startSqsChaosProxy } from './lib/sqs-chaos-proxy.js';
import { freePort, startChildService, type ChildService } from '../test/support/child-service.js';

const host = readEnv();
const num = (name: string, fallback: number) => (host[name] !== undefined && host[name] !== '' ? Number(host[name]) : fallback);
const PAYMENTS = num('CHAOS_PAYMENTS', 2000);
const SECONDS = num('CHAOS_SECONDS', 40);
const CONCURRENCY = num('CHAOS_CONCURRENCY', 64);
const USERS = num('CHAOS_USERS', 40);
const SEED = num('CHAOS_SEED', Math.floor(Math.random() * 2 ** 31));
const KILL_EVERY_MS = num('CHAOS_KILL_EVERY_MS', 3000);
const DB_DROP_EVERY_MS = num('CHAOS_DB_DROP_EVERY_MS', 7000);
const DUPLICATE_RATE = num('CHAOS_DUPLICATE_RATE', 0.1);
const SETTLE_SECONDS = num('CHAOS_SETTLE_SECONDS', 120);
/** Each user's funding, in cents: enough that no payment of the run is refused for funds. */
const FUNDING_CENTS = 400_000n;
/** What one client gives a payment before it stops retrying (the run then counts it as unanswered). */
const CLIENT_DEADLINE_MS = 240_000;

const random = seededRandom(SEED);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => process.stderr.write(`[chaos] ${msg}\n`);

const env = benchEnv(host, {
  // Cut connections and killed peers make every service log errors by the hundred: the run's figures say what matters.
  LOG_LEVEL: host.LOG_LEVEL ?? 'fatal',
  REGISTER_MAX_PER_IP: '100000',
  LOGIN_MAX_PER_IP: '100000',
  RATE_LIMIT_PER_MINUTE: '1000000',
  FRAUD_VELOCITY_MAX_PER_MINUTE: '100000',
  FRAUD_VELOCITY_MAX_PER_HOUR: '1000000',
  FRAUD_VELOCITY_MAX_AMOUNT_PER_HOUR: '100000000000',
  FRAUD_FANOUT_MAX_NEW_RECIPIENTS_PER_DAY: '100000',
  // A message whose consumer died (or whose delete was lost) comes back after 2 s instead of 30.
  SQS_VISIBILITY_TIMEOUT_SECONDS: '2',
  // A message is moved to the DLQ only after many receives: kills and cut connections make some handlers fail a few
  // times, and a failure that persists past this many tries is a finding, not noise.
  SQS_MAX_RECEIVE_COUNT: '20',
  // A payment whose request died is driven again after 1 s; the sweep runs every 200 ms.
  PAYMENT_RECOVERY_AFTER_MS: '1000',
  PAYMENT_RECOVERY_INTERVAL_MS: '200',
  // An owner that died comes back within seconds: a call gives up quickly and the breaker does not stay open.
  INTERNAL_CALL_TIMEOUT_MS: '1500',
  AWAIT_COMPLETION_TIMEOUT_MS: '5000',
});

const fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
const proxy = await startSqsChaosProxy({
  target: fauxqs.address,
  dropAck: num('CHAOS_ACK_DROP', 0.1),
  duplicate: num('CHAOS_SEND_DUPLICATE', 0.05),
  delay: num('CHAOS_SEND_DELAY', 0.1),
  maxDelayMs: num('CHAOS_MAX_DELAY_MS', 1500),
  seed: SEED + 1,
});
env.SQS_ENDPOINT = proxy.url;

/** Killed and started again during the run: the money path's owners and the consumers of its events. */
const VICTIMS = ['wallets', 'fraud', 'payments', 'transactions', 'notifications', 'audit'] as const;
type Victim = (typeof VICTIMS)[number];
const ports = {} as Record<Victim, number>;
for (const name of VICTIMS) ports[name] = await freePort();
const external = Object.fromEntries(VICTIMS.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`]));

log(`seed ${SEED}; database prefix ${env.DATABASE_PREFIX}; ${VICTIMS.join(', ')} in their own processes`);
const stack = await startStack({ env, ports: 'random', external });
const childEnv: Record<string, string> = {
  ...(env as Record<string, string>),
  ...Object.fromEntries(VICTIMS.map((name) => [`${name.toUpperCase()}_URL`, external[name]!])),
  USERS_URL: stack.services.users!.url,
  ACCOUNTS_URL: stack.services.accounts!.url,
};
const children = {} as Record<Victim, ChildService>;
let restartsFailed = 0;
/**
 * Starts a victim, again if it dies while starting (its database connection cut mid-migration, say), as an
 * orchestrator's restart policy would.
 */
const start = async (name: Victim) => {
  for (let attempt = 1; ; attempt++) {
    try {
      children[name] = await startChildService(name, ports[name], childEnv);
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      restartsFailed++;
      await sleep(500);
    }
  }
};
for (const name of VICTIMS) await start(name);

const gql = (query: string, variables: Record<string, unknown>, token?: string) =>
  postGraphQL<any>(stack.gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {});
const db = (name: string) => new pg.Client({ connectionString: databaseUrl(env.DATABASE_URL!, `${env.DATABASE_PREFIX}${name}`) });

let exitCode = 1;
try {
  log(`seeding ${USERS} funded users…`);
  const tag = env.DATABASE_PREFIX!.slice(1, -1);
  const users: { id: string; token: string }[] = [];
  for (let i = 0; i < USERS; i++) {
    const reg = await gql(`mutation($input: RegisterInput!) { register(input: $input) { user { id } accessToken } }`, {
      input: { email: `chaos${i}.${tag}@example.test`, password: 'correct horse battery staple', displayName: `Chaos ${i}` },
    });
    const token = reg.data.register.accessToken as string;
    await gql(`mutation($input: SubmitKycInput!) { submitKyc(input: $input) { kyc { status } } }`, {
      input: { legalName: `Chaos User ${i}`, dateOfBirth: '1990-01-01', country: 'GB', addressLine1: '1 Chaos St', city: 'London', postalCode: 'N1', documentNumber: `C${i}000` },
    }, token);
    const card = await gql(`mutation($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } } }`, {
      input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
    }, token);
    const add = await gql(`mutation($input: AddFundsInput!) { addFunds(input: $input) { payment { status } userErrors { code } } }`, {
      input: { fundingInstrumentId: card.data.linkCard.fundingInstrument.id, amount: { amount: centsToDecimal(FUNDING_CENTS), currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
    }, token);
    if (add.data?.addFunds?.payment?.status !== 'COMPLETED') throw new Error(`seeding failed: ${JSON.stringify(add)}`);
    users.push({ id: reg.data.register.user.id, token });
  }

  // The payments of the run, decided up front from the seed.
  const intents = Array.from({ length: PAYMENTS }, () => {
    const from = Math.floor(random() * USERS);
    const to = (from + 1 + Math.floor(random() * (USERS - 1))) % USERS;
    return { key: randomUUID(), from, to, cents: BigInt(1 + Math.floor(random() * 500)), twice: random() < DUPLICATE_RATE };
  });
  /** What each client was finally told: the payment id per intent, every id any of its requests got. */
  const answered = new Map<number, Set<string>>();
  const refused = new Map<number, string>();
  let requests = 0;
  let transportFailures = 0;

  /** Sends one intent until it gets an answer (a payment or a business refusal), as a client with its key does. */
  const sendUntilAnswered = async (i: number): Promise<void> => {
    const intent = intents[i]!;
    const deadline = Date.now() + CLIENT_DEADLINE_MS;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      requests++;
      const res = await gql(
        `mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id status } userErrors { code } } }`,
        { input: { recipientId: users[intent.to]!.id, amount: { amount: centsToDecimal(intent.cents), currency: 'USD' }, idempotencyKey: intent.key } },
        users[intent.from]!.token,
      ).catch((error: unknown) => ({ status: 0, errors: [{ message: String(error) }] }) as { status: number; data?: any; errors?: unknown[] });
      const payment = res.data?.sendMoney?.payment;
      if (payment?.id) {
        let ids = answered.get(i);
        if (!ids) answered.set(i, (ids = new Set()));
        ids.add(payment.id);
        return;
      }
      const code = res.data?.sendMoney?.userErrors?.[0]?.code;
      if (code) {
        refused.set(i, code);
        return;
      }
      transportFailures++;
      await sleep(Math.min(2_000, 100 * 2 ** Math.min(attempt, 4)) * (0.5 + random()));
    }
  };

  // The faults, until the drive is over (seeding ran without them).
  let driving = true;
  proxy.unleash();
  const kills: Record<string, number> = {};
  const order: Victim[] = [];
  let drops = 0;
  const killer = (async () => {
    while (driving) {
      await sleep(KILL_EVERY_MS * (0.5 + random()));
      if (!driving) break;
      // Round robin over a shuffled order: every victim dies in every round.
      if (order.length === 0) order.push(...[...VICTIMS].sort(() => random() - 0.5));
      const name = order.pop()!;
      await children[name].kill('SIGKILL');
      kills[name] = (kills[name] ?? 0) + 1;
      await sleep(300 + random() * 1200);
      await start(name);
    }
  })();
  const dropper = (async () => {
    const admin = new pg.Client({ connectionString: databaseUrl(env.DATABASE_URL!, 'postgres') });
    await admin.connect();
    try {
      while (driving) {
        await sleep(DB_DROP_EVERY_MS * (0.5 + random()));
        if (!driving) break;
        const { rowCount } = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname like $1 and pid <> pg_backend_pid()`,
          [`${env.DATABASE_PREFIX}%`],
        );
        drops += rowCount ?? 0;
      }
    } finally {
      await admin.end();
    }
  })();

  log(`driving ${PAYMENTS} payments over ${SECONDS} s, at most ${CONCURRENCY} at once (${intents.filter((x) => x.twice).length} sent twice at once)…`);
  const t0 = performance.now();
  let next = 0;
  const spacingMs = (SECONDS * 1000) / PAYMENTS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < intents.length) {
        const i = next++;
        const due = t0 + i * spacingMs - performance.now();
        if (due > 0) await sleep(due);
        const racing = intents[i]!.twice ? sleep(random() * 200).then(() => sendUntilAnswered(i)) : Promise.resolve();
        await Promise.all([sendUntilAnswered(i), racing]);
      }
    }),
  );
  const driveSeconds = (performance.now() - t0) / 1000;
  driving = false;
  await Promise.all([killer, dropper]);
  proxy.calm();
  log(`drive over in ${driveSeconds.toFixed(1)} s; faults stopped; letting the platform finish…`);

  // Settle: every payment leaves PENDING (the recovery worker), every event is consumed (queues drain).
  const paymentsDb = db('payments');
  await paymentsDb.connect();
  const senderIds = users.map((u) => u.id);
  const pendingCount = async () =>
    Number((await paymentsDb.query(`select count(*)::int as n from payment where kind = 'P2P' and status = 'PENDING' and sender_id = any($1)`, [senderIds])).rows[0].n);
  const settleDeadline = Date.now() + SETTLE_SECONDS * 1000;
  while ((await pendingCount()) > 0 && Date.now() < settleDeadline) await sleep(500);
  const sqs = new SQSClient({ endpoint: fauxqs.address, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const queues = (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: env.SQS_QUEUE_PREFIX }))).QueueUrls ?? [];
  const depth = async (url: string) => {
    const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(a.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  };
  const live = queues.filter((q) => !q.includes('-dlq'));
  for (;;) {
    const left = (await Promise.all(live.map(depth))).reduce((a, b) => a + b, 0);
    if (left === 0 || Date.now() > settleDeadline) break;
    await sleep(500);
  }

  // The checks.
  log('checking…');
  const { rows: payments } = await paymentsDb.query<{ id: string; status: string; sender_id: string; recipient_id: string; amount: string }>(
    `select id, status, sender_id, recipient_id, amount::text from payment where kind = 'P2P' and sender_id = any($1)`,
    [senderIds],
  );
  const { rows: keys } = await paymentsDb.query<{ key: string; payment_id: string }>(`select key, payment_id from idempotency_key where user_id = any($1)`, [senderIds]);
  await paymentsDb.end();
  const walletsDb = db('wallets');
  await walletsDb.connect();
  const { rows: entries } = await walletsDb.query<{ payment_id: string; n: number }>(
    `select payment_id, count(*)::int as n from journal_entry where kind = 'P2P' group by payment_id`,
  );
  await walletsDb.end();

  const byId = new Map(payments.map((p) => [p.id, p]));
  const entriesOf = new Map(entries.map((e) => [e.payment_id, e.n]));
  const keyToPayment = new Map(keys.map((k) => [k.key, k.payment_id]));
  // Duplicates: a key that got two payments; a payment with two journal entries; a payment nobody's key names.
  const answeredIds = new Set<string>();
  let twoAnswers = 0;
  for (const ids of answered.values()) {
    if (ids.size > 1) twoAnswers++;
    for (const id of ids) answeredIds.add(id);
  }
  const orphans = payments.filter((p) => !answeredIds.has(p.id) && ![...keyToPayment.values()].includes(p.id)).length;
  const doublePosted = entries.filter((e) => e.n > 1).length;
  const completedWithoutEntry = payments.filter((p) => p.status === 'COMPLETED' && !entriesOf.has(p.id)).length;
  const entryWithoutCompleted = entries.filter((e) => byId.get(e.payment_id) && byId.get(e.payment_id)!.status !== 'COMPLETED').length;
  const stuck = payments.filter((p) => p.status === 'PENDING').length;
  const unanswered = intents.length - answered.size - refused.size;

  // Money: each balance is its funding plus and minus its completed payments, read through the graph.
  const expected = new Map(users.map((u) => [u.id, FUNDING_CENTS]));
  for (const p of payments) {
    if (p.status !== 'COMPLETED') continue;
    expected.set(p.sender_id, expected.get(p.sender_id)! - BigInt(p.amount));
    expected.set(p.recipient_id, expected.get(p.recipient_id)! + BigInt(p.amount));
  }
  let lostCents = 0n;
  let createdCents = 0n;
  let total = 0n;
  for (const user of users) {
    const res = await gql(`{ me { wallets { currency balance { amount } held { amount } } } }`, {}, user.token);
    const wallet = (res.data?.me?.wallets ?? []).find((w: { currency: string }) => w.currency === 'USD');
    const actual = wallet ? decimalToCents(wallet.balance.amount) : 0n;
    if (wallet && decimalToCents(wallet.held.amount) !== 0n) log(`  ${user.id} still holds ${wallet.held.amount}`);
    total += actual;
    const diff = actual - expected.get(user.id)!;
    if (diff < 0n) lostCents -= diff;
    if (diff > 0n) createdCents += diff;
  }

  const report = await runReconciliation({ serverUrl: env.DATABASE_URL!, prefix: env.DATABASE_PREFIX!, olderThanSeconds: 0 });
  const deadLetters: string[] = [];
  for (const url of queues.filter((q) => q.includes('-dlq'))) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    const n = await depth(url);
    if (n > 0) {
      const types = (res.Messages ?? []).map((m) => (JSON.parse(m.Body ?? '{}') as { type?: string }).type ?? '?');
      deadLetters.push(`${url.split('/').pop()}: ${n} (${[...new Set(types)].join(', ')})`);
    }
  }
  sqs.destroy();

  const lost = Number(lostCents) + completedWithoutEntry;
  const duplicated = Number(createdCents) + twoAnswers + orphans + doublePosted + entryWithoutCompleted;
  const outcomes: Record<string, number> = {};
  for (const p of payments) outcomes[p.status] = (outcomes[p.status] ?? 0) + 1;
  for (const code of refused.values()) outcomes[`refused ${code}`] = (outcomes[`refused ${code}`] ?? 0) + 1;
  const lines = [
    `payments:           ${PAYMENTS} intents (${intents.filter((x) => x.twice).length} sent twice at once) at most ${CONCURRENCY} at once in ${driveSeconds.toFixed(1)} s; ${requests} requests, ${transportFailures} without an answer and retried`,
    `outcomes:           ${JSON.stringify(outcomes)}; unanswered after ${CLIENT_DEADLINE_MS / 1000} s: ${unanswered}`,
    `faults:             SIGKILL ${JSON.stringify(kills)}; database connections cut ${drops}; starts that died and were retried ${restartsFailed}; SQS acks dropped ${proxy.stats.acksDropped}, sends repeated ${proxy.stats.sendsDuplicated}, sends delayed ${proxy.stats.sendsDelayed}`,
    `money:              total ${centsToDecimal(total)} USD of ${centsToDecimal(FUNDING_CENTS * BigInt(USERS))} funded; lost ${centsToDecimal(lostCents)}, created ${centsToDecimal(createdCents)}`,
    `payments twice:     keys with two payments ${twoAnswers}, payments without a key ${orphans}, double journal entries ${doublePosted}, entries of a payment not COMPLETED ${entryWithoutCompleted}, COMPLETED without an entry ${completedWithoutEntry}`,
    `stuck:              ${stuck} payments PENDING ${SETTLE_SECONDS} s after the faults stopped`,
    `dead letters:       ${deadLetters.length ? deadLetters.join('; ') : 'none'}`,
    formatReport(report),
    `lost ${lost} duplicated ${duplicated}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const ok = lost === 0 && duplicated === 0 && stuck === 0 && unanswered === 0 && report.ok && deadLetters.length === 0 && total === FUNDING_CENTS * BigInt(USERS);
  if (!ok) log(`NOT GREEN (seed ${SEED}: CHAOS_SEED=${SEED} repeats the faults' choices)`);
  exitCode = ok ? 0 : 1;
} catch (error) {
  log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
  for (const name of VICTIMS) log(`--- ${name} output (last 2000 characters) ---\n${children[name]?.output().slice(-2000) ?? ''}`);
} finally {
  await stack.stop().catch(() => undefined);
  for (const name of VICTIMS) await children[name]?.kill('SIGTERM').catch(() => undefined);
  await proxy.close();
  await fauxqs.stop();
  if (host.CHAOS_KEEP !== '1') await dropTestDatabases(env).catch(() => undefined);
}
process.exit(exitCode);

function centsToDecimal(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function decimalToCents(amount: string): bigint {
  const [whole, frac = ''] = amount.replace('-', '').split('.');
  const cents = BigInt(whole!) * 100n + BigInt((frac + '00').slice(0, 2));
  return amount.startsWith('-') ? -cents : cents;
}
