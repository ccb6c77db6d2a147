/**
 * `npm run bench:payments`: end-to-end payment throughput and latency through the gateway, beside the ceiling of
 * the same double-entry transfer done as raw SQL on the same PostgreSQL.
 *
 * Starts the whole stack in this process on real PostgreSQL (DATABASE_URL, default the machine's 127.0.0.1:5432)
 * and fauxqs (in-process), seeds funded users, drives `sendMoney(awaitCompletion: true)` at a fixed concurrency for a
 * fixed time from a load-driver process of its own (scripts/lib/bench-load.ts), and prints sustained payments/s and p50/p95/p99 from mutation to COMPLETED; then how long after its
 * mutation answered each payment's consequences were stored (the recipient's notification, the audit record of its
 * PaymentSettled), and the latency of payments sent one at a time. Bounded: it stops by itself.
 *   BENCH_SECONDS (20) BENCH_CONCURRENCY (32) BENCH_USERS (64) BENCH_WRITE_DOCS (1: update docs/benchmarks.md)
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { readEnv } from '@paygraph/platform/config';
import { databaseUrl } from '@paygraph/platform/db';
import { benchEnv, postgresTransport } from './lib/bench-env.js';
import { cpuMsOf, cpuPer, cpuSnapshot as snapshotCpu, type CpuSnapshot } from './lib/bench-cpu.js';
import { startLoadDriver } from './lib/bench-load.js';
import { dropTestDatabases, postGraphQL } from '@paygraph/platform/testing';
import { startStack } from '@paygraph/stack';
import { runReconciliation, formatReport } from '@paygraph/stack/reconcile';
import { freePort, startChildGateway, startChildService, type ChildService } from '../test/support/child-service.js';

const host = readEnv();
const SECONDS = Number(host.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(host.BENCH_CONCURRENCY ?? 32);
const USERS = Number(host.BENCH_USERS ?? 64);
const env = benchEnv(host, {
  REGISTER_MAX_PER_IP: '100000',
  LOGIN_MAX_PER_IP: '100000',
  RATE_LIMIT_PER_MINUTE: '1000000',
  // The benchmark measures the platform, not the fraud thresholds: its users pay each other at high rates.
  FRAUD_VELOCITY_MAX_PER_MINUTE: '100000',
  FRAUD_VELOCITY_MAX_AMOUNT_PER_HOUR: '100000000000',
  FRAUD_FANOUT_MAX_NEW_RECIPIENTS_PER_DAY: '100000',
});
const serverUrl = env.DATABASE_URL!;
const tag = env.DATABASE_PREFIX!.slice(1, -1);

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/**
 * SQL statements sent per database while the load runs, counted at the pg driver every service of this process uses
 * (one-process mode only: child processes load their own driver). Printed per payment.
 */
const statements = new Map<string, number>();
/** BENCH_SQL_LOG=1: the statements themselves (their first characters), counted, printed at the end. */
const statementTexts = new Map<string, number>();
let countingStatements = false;
{
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (countingStatements) {
      const db = (this as unknown as { database?: string }).database ?? '?';
      statements.set(db, (statements.get(db) ?? 0) + 1);
      if (host.BENCH_SQL_LOG === '1') {
        const first = args[0] as string | { text?: string };
        const text = `${db.slice(env.DATABASE_PREFIX!.length)}: ${(typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 110)}`;
        statementTexts.set(text, (statementTexts.get(text) ?? 0) + 1);
      }
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}
/** SQS calls made while the load runs, by command (one-process mode only), printed per payment. */
const sqsCalls = new Map<string, number>();
{
  const send = SQSClient.prototype.send as (...args: unknown[]) => unknown;
  SQSClient.prototype.send = function (this: SQSClient, ...args: unknown[]) {
    if (countingStatements) {
      const name = (args[0] as object).constructor.name.replace(/Command$/, '');
      sqsCalls.set(name, (sqsCalls.get(name) ?? 0) + 1);
    }
    return send.apply(this, args);
  } as typeof SQSClient.prototype.send;
}
const sqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
env.SQS_ENDPOINT = sqs.address;
// BENCH_PROCESSES=1: every subgraph in its own process (as in production), the gateway and the driver here.
// CHILD_NODE_ARGS (test/support/child-service.ts) passes flags to those processes, e.g. `--cpu-prof --cpu-prof-dir=…`.
const children: ChildService[] = [];
const external: Record<string, string> = {};
if (host.BENCH_PROCESSES === '1') {
  const urls: Record<string, string> = {};
  for (const name of ['users', 'accounts', 'wallets', 'fraud', 'transactions', 'payments', 'notifications', 'audit']) {
    const child = await startChildService(name, await freePort(), { ...env, ...urls } as Record<string, string>);
    children.push(child);
    external[name] = child.url;
    urls[`${name.toUpperCase()}_URL`] = child.url;
  }
}
log(`starting the stack (database prefix ${env.DATABASE_PREFIX}${children.length ? ', one process per subgraph and one for the gateway' : ', one process'})…`);
// One process per subgraph: the gateway gets its own process too, so that its CPU is told apart from the driver's
// and fauxqs' (which stay in this one).
let gatewayChild: ChildService | undefined;
const stack: { gatewayUrl: string; services?: Record<string, { url: string }>; stop(): Promise<void> } =
  children.length === 0
    ? await startStack({ env, ports: 'random', external })
    : await (async () => {
        gatewayChild = await startChildGateway(await freePort(), {
          ...env,
          SUBGRAPH_URLS: Object.entries(external).map(([name, url]) => `${name}=${url}`).join(','),
          JWKS_URL: `${new URL(external.users!).origin}/.well-known/jwks.json`,
        } as Record<string, string>);
        return { gatewayUrl: gatewayChild.url, stop: () => gatewayChild!.kill('SIGTERM') };
      })();
let stopped = false;
async function stopStack(): Promise<void> {
  if (stopped) return;
  stopped = true;
  await stack.stop();
  for (const child of children) await child.kill('SIGTERM');
}
const gql = (query: string, variables: Record<string, unknown>, token?: string) =>
  postGraphQL<any>(stack.gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {});

/**
 * The business series `/metrics` must show moving while payments flow (issue 14), per service: read before and after
 * the drive, and the difference printed, so a counter that stops counting on some path shows as a gap between them.
 */
const WATCHED: Record<string, RegExp[]> = {
  payments: [/^paygraph_payments_total\{service="payments",kind="P2P",status="COMPLETED",failure_reason=""\}/],
  wallets: [/^paygraph_ledger_journal_entries_total\{service="wallets",kind="P2P"\}/, /^paygraph_ledger_postings_total\{service="wallets",kind="P2P",currency="USD"\}/],
  fraud: [/^paygraph_fraud_decisions_total\{service="fraud",decision="APPROVE",kind="P2P"\}/],
};

/** Every watched series' value now, by its name as printed (`name{labels}`); a series not yet exported is 0. */
async function businessMetrics(): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  for (const [service, series] of Object.entries(WATCHED)) {
    const graphql = stack.services?.[service]?.url ?? external[service];
    if (!graphql) continue;
    const text = await (await fetch(new URL('/metrics', graphql))).text();
    for (const re of series) {
      const line = text.split('\n').find((l) => re.test(l));
      values.set(re.source.replace(/^\^/, '').replace(/\\/g, ''), line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0);
    }
  }
  return values;
}

/** "name +N, …": how much each watched series moved between two readings. */
function metricsDelta(before: Map<string, number>, after: Map<string, number>): string {
  return [...after].map(([name, value]) => `${name} +${value - (before.get(name) ?? 0)}`).join(', ');
}

// The load comes from a process of its own, so that the process under test spends its CPU on Paygraph alone.
const driver = await startLoadDriver();
try {
  log(`seeding ${USERS} funded users…`);
  const users: { id: string; token: string }[] = [];
  for (let i = 0; i < USERS; i++) {
    const reg = await gql(
      `mutation($input: RegisterInput!) { register(input: $input) { user { id } accessToken } }`,
      { input: { email: `bench${i}.${tag}@example.test`, password: 'correct horse battery staple', displayName: `Bench ${i}` } },
    );
    const token = reg.data.register.accessToken as string;
    await gql(`mutation($input: SubmitKycInput!) { submitKyc(input: $input) { kyc { status } } }`, {
      input: { legalName: `Bench User ${i}`, dateOfBirth: '1990-01-01', country: 'GB', addressLine1: '1 Bench St', city: 'London', postalCode: 'N1', documentNumber: `D${i}000` },
    }, token);
    const card = await gql(`mutation($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } } }`, {
      input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
    }, token);
    const add = await gql(`mutation($input: AddFundsInput!) { addFunds(input: $input) { payment { status } userErrors { code } } }`, {
      input: { fundingInstrumentId: card.data.linkCard.fundingInstrument.id, amount: { amount: '4000.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
    }, token);
    if (add.data?.addFunds?.payment?.status !== 'COMPLETED') throw new Error(`seeding failed: ${JSON.stringify(add)}`);
    users.push({ id: reg.data.register.user.id, token });
  }

  log(`driving sendMoney at concurrency ${CONCURRENCY} for ${SECONDS}s from a driver process of its own…`);
  // Request k: user k pays user k + 1; worker w sends request (w + i) on its i-th turn, each with a fresh
  // idempotency key, so that senders and recipients overlap across workers (row-lock contention as in real use).
  const KEY = '__IDEMPOTENCY_KEY__';
  const sendMoney = `mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id status } userErrors { code } } }`;
  const requests = users.map((from, k) => ({
    body: JSON.stringify({
      query: sendMoney,
      variables: { input: { recipientId: users[(k + 1) % users.length]!.id, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: KEY, awaitCompletion: true } },
    }),
    headers: { authorization: `Bearer ${from.token}` },
  }));
  const pay = async (from: { token: string }, to: { id: string }) => {
    const res = await gql(sendMoney, { input: { recipientId: to.id, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true } }, from.token);
    return {
      status: (res.data?.sendMoney?.payment?.status ?? res.data?.sendMoney?.userErrors?.[0]?.code ?? 'ERROR') as string,
      id: res.data?.sendMoney?.payment?.id as string | undefined,
    };
  };
  const metricsBefore = await businessMetrics();
  const cpuBefore = await cpuSnapshot();
  const driverBefore = await cpuMsOf(driver.pid);
  countingStatements = true;
  const windowStart = process.hrtime.bigint() / 1000n;
  const load = await driver.run({
    url: stack.gatewayUrl,
    requests,
    concurrency: CONCURRENCY,
    seconds: SECONDS,
    unique: KEY,
    rotate: true,
    mustContain: '"status":"COMPLETED"',
    capture: '"payment":\\{"id":"([^"]+)"',
  });
  countingStatements = false;
  // The load's span on the monotonic clock (µs): the timestamps of a --cpu-prof profile of this process.
  log(`load window (hrtime µs): ${windowStart}-${process.hrtime.bigint() / 1000n}`);
  const elapsed = load.seconds;
  const latencies = load.latencies;
  /** Completed payments: id → when the mutation answered COMPLETED (epoch ms), for the lags. */
  const sentAt = new Map(load.captured);
  const outcomes: Record<string, number> = { COMPLETED: load.ok, ...(load.failures ? { 'not COMPLETED': load.failures } : {}) };
  if (load.firstFailure) log(`first answer that was not COMPLETED: ${load.firstFailure}`);
  // PostgreSQL backends that ended during the drive are not counted; nor is the driver (a client, not Paygraph).
  const cpu = cpuPer(cpuBefore, await cpuSnapshot(), latencies.length);
  const driverCpu = ((await cpuMsOf(driver.pid)) - driverBefore) / Math.max(1, latencies.length);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const rate = latencies.length / elapsed;
  const metricsMoved = metricsDelta(metricsBefore, await businessMetrics());

  log(`end to end: ${latencies.length} completed in ${elapsed.toFixed(1)} s = ${rate.toFixed(1)}/s; ${JSON.stringify(outcomes)}`);

  log('waiting for the consequences (notifications, audit) of every completed payment…');
  const notificationLag = await lags(
    sentAt,
    'notifications',
    `SELECT payment_id AS id, (extract(epoch FROM min(created_at)) * 1000)::float8 AS at FROM notification
      WHERE kind = 'PAYMENT_RECEIVED' AND payment_id = ANY($1) GROUP BY payment_id`,
  );
  const auditLag = await lags(
    sentAt,
    'audit',
    `SELECT entity_id AS id, (extract(epoch FROM min(recorded_at)) * 1000)::float8 AS at FROM audit_record
      WHERE event_type = 'PaymentSettled' AND entity_id = ANY($1) GROUP BY entity_id`,
  );

  log('one payment at a time…');
  const single: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    const { status } = await pay(users[i % users.length]!, users[(i + 1) % users.length]!);
    if (status === 'COMPLETED') single.push(performance.now() - started);
  }
  single.sort((a, b) => a - b);
  const singleP50 = single[Math.floor(single.length / 2)] ?? NaN;
  // The stack's pools (eight services) plus the ceiling's own would exceed PostgreSQL's max_connections; its work is
  // done, and the ceiling is the database's alone. Reconciliation reads the databases directly.
  await stopStack();
  log('raw SQL ceiling: the same double-entry transfer on the same PostgreSQL…');
  // BENCH_RAW=0 skips the ceiling (when profiling the end-to-end path alone).
  const raw = host.BENCH_RAW === '0' ? NaN : await rawSqlCeiling(serverUrl, `rawbench${tag}`, CONCURRENCY, Math.min(SECONDS, 10), USERS);

  log('reconciling…');
  const report = await runReconciliation({ serverUrl, prefix: env.DATABASE_PREFIX!, olderThanSeconds: 0 });

  const lines = [
    `payments completed: ${latencies.length} in ${elapsed.toFixed(1)} s (outcomes ${JSON.stringify(outcomes)})`,
    `end-to-end rate:    ${rate.toFixed(1)} payments/s at concurrency ${CONCURRENCY}`,
    `latency to COMPLETED: p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms`,
    `raw SQL transfers:  ${raw.toFixed(0)} /s (ceiling); ratio ${((rate / raw) * 100).toFixed(1)}%`,
    ...(cpu ? [`CPU per payment:    ${cpu}; the load driver's own process ${driverCpu.toFixed(1)} more`] : []),
    ...(children.length === 0 ? [`SQL per payment:    ${sqlPerPayment(latencies.length)}`] : []),
    ...(children.length === 0 ? [`SQS calls per payment: ${sqsPerPayment(latencies.length)}`] : []),
    `notification lag p99: ${notificationLag}`,
    `audit lag p99:      ${auditLag}`,
    `one payment at a time: p50 ${singleP50.toFixed(1)} ms (${single.length} payments)`,
    `reconciliation:     ${report.ok ? 'green' : 'RED'}`,
    `/metrics moved:     ${metricsMoved}`,
  ];
  if (statementTexts.size > 0) {
    const per = [...statementTexts].sort((a, b) => b[1] - a[1]).map(([text, n]) => `${(n / latencies.length).toFixed(2).padStart(6)}  ${text}`);
    process.stdout.write(`\nSQL statements per payment, by text:\n${per.join('\n')}\n`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n${report.ok ? '' : formatReport(report)}\n`);
  if ((host.BENCH_WRITE_DOCS ?? '1') === '1') await recordInDocs(lines);
  if (!report.ok) process.exitCode = 1;
} finally {
  await driver.stop();
  await stopStack();
  await sqs.stop();
  if (host.BENCH_KEEP !== "1") await dropTestDatabases(env);
  else log(`kept databases ${env.DATABASE_PREFIX}*`);
}

/** "N (payments a, wallets b, …)": statements per completed payment while the load ran (lag queries excluded). */
function sqlPerPayment(payments: number): string {
  const per = [...statements].map(([db, n]) => [db.slice(env.DATABASE_PREFIX!.length), n / payments] as const).sort((a, b) => b[1] - a[1]);
  const total = per.reduce((sum, [, n]) => sum + n, 0);
  return `${total.toFixed(1)} (${per.map(([db, n]) => `${db} ${n.toFixed(1)}`).join(', ')})`;
}

/** "N (ReceiveMessage a, DeleteMessageBatch b, …)": SQS calls per completed payment while the load ran. */
function sqsPerPayment(payments: number): string {
  const per = [...sqsCalls].map(([name, n]) => [name, n / payments] as const).sort((a, b) => b[1] - a[1]);
  const total = per.reduce((sum, [, n]) => sum + n, 0);
  return `${total.toFixed(2)} (${per.map(([name, n]) => `${name} ${n.toFixed(2)}`).join(', ')})`;
}

/**
 * Per payment, how long after its mutation answered its consequence was stored in `service`'s database (`sql` maps
 * payment ids to the epoch ms of that row); waits up to 30 s for all of them. "p99 N ms (p50 M ms)", or what is missing.
 */
async function lags(sentAt: Map<string, number>, service: string, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, `${env.DATABASE_PREFIX}${service}`) });
  await client.connect();
  try {
    const ids = [...sentAt.keys()];
    const deadline = Date.now() + 30_000;
    let rows: { id: string; at: number }[] = [];
    for (;;) {
      rows = (await client.query<{ id: string; at: number }>(sql, [ids])).rows;
      if (rows.length >= ids.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const values = rows.map((r) => r.at - sentAt.get(r.id)!).sort((a, b) => a - b);
    const at = (p: number) => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
    const missing = ids.length - rows.length;
    return `${at(99).toFixed(0)} ms (p50 ${at(50).toFixed(0)} ms)${missing ? `; ${missing} of ${ids.length} not stored after 30 s` : ''}`;
  } finally {
    await client.end();
  }
}

/**
 * CPU time of this process, the subgraph processes and every PostgreSQL process, from /proc (scripts/lib/bench-cpu.ts;
 * elsewhere the line is left out): what a payment costs the machine, and where.
 */
async function cpuSnapshot(): Promise<CpuSnapshot | null> {
  const processes: Record<string, number | undefined> = { [children.length ? 'fauxqs' : 'node (everything)']: process.pid };
  if (gatewayChild) processes.gateway = gatewayChild.process.pid;
  for (const [i, name] of Object.keys(external).entries()) processes[name] = children[i]!.process.pid;
  return snapshotCpu(processes);
}

/** The ceiling: debit one balance row and credit another under row locks, with two postings, per transaction. */
async function rawSqlCeiling(url: string, dbName: string, concurrency: number, seconds: number, accounts: number): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}"`);
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const target = new URL(url);
  target.pathname = `/${dbName}`;
  const pool = new pg.Pool({ connectionString: target.toString(), max: concurrency });
  pool.on('error', (error) => log(`raw SQL pool: ${error.message}`));
  try {
    await pool.query(`CREATE TABLE balance (id int PRIMARY KEY, amount bigint NOT NULL CHECK (amount >= 0));
      CREATE TABLE journal (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE posting (id bigserial PRIMARY KEY, journal_id bigint NOT NULL REFERENCES journal(id), account int NOT NULL, amount bigint NOT NULL);
      INSERT INTO balance SELECT g, 400000 FROM generate_series(0, ${accounts - 1}) g;`);
    let done = 0;
    let k = 0;
    const end = Date.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        const client = await pool.connect();
        try {
          while (Date.now() < end) {
            const i = k++;
            const a = (w + i) % accounts;
            const b = (w + i + 1) % accounts;
            const [first, second] = a < b ? [a, b] : [b, a];
            await client.query('BEGIN');
            await client.query('SELECT id FROM balance WHERE id IN ($1, $2) ORDER BY id FOR UPDATE', [first, second]);
            await client.query('UPDATE balance SET amount = amount - 100 WHERE id = $1', [a]);
            await client.query('UPDATE balance SET amount = amount + 100 WHERE id = $1', [b]);
            const j = await client.query('INSERT INTO journal DEFAULT VALUES RETURNING id');
            await client.query('INSERT INTO posting (journal_id, account, amount) VALUES ($1, $2, -100), ($1, $3, 100)', [j.rows[0].id, a, b]);
            await client.query('COMMIT');
            done++;
          }
        } finally {
          client.release();
        }
      }),
    );
    return done / ((performance.now() - t0) / 1000);
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

async function recordInDocs(lines: string[]): Promise<void> {
  const file = path.resolve(import.meta.dirname, '..', 'docs', 'benchmarks.md');
  const existing = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const section = [
    `## bench:payments (${children.length ? 'one process per subgraph' : 'one process'}) — ${new Date().toISOString().slice(0, 16)}Z`,
    '',
    `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${children.length ? `one process per subgraph (${Object.keys(external).join(', ')}), one for the gateway, fauxqs in the benchmark's, the load driver in its own` : 'one process (gateway + every subgraph + fauxqs), the load driver in another'}, ${postgresTransport(serverUrl)} on this machine. ${SECONDS} s at concurrency ${CONCURRENCY}, ${USERS} users.`,
    '',
    '```',
    ...lines,
    '```',
    '',
  ].join('\n');
  const marker = `<!-- bench:payments:${children.length ? 'multi' : 'single'} -->`;
  const updated = existing.includes(marker)
    ? existing.replace(new RegExp(`${marker}[\\s\\S]*?${marker}`), `${marker}\n${section}${marker}`)
    : `${existing.trimEnd()}\n\n${marker}\n${section}${marker}\n`;
  await writeFile(file, updated);
}
