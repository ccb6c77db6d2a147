/**
 * `npm run bench:reads` (issue 16): what the common reads cost through the gateway, on realistic list sizes.
 *
 * Starts the stack on real PostgreSQL (DATABASE_URL, default the machine's) and fauxqs: every subgraph and the gateway
 * in this process (the embedded mode of `npm start`), or with BENCH_PROCESSES=1 one process per subgraph and one for
 * the gateway. Seeds BENCH_USERS users in a ring, each sending BENCH_HISTORY/2 real P2P payments (sendMoney,
 * awaitCompletion) to the next, so each has BENCH_HISTORY + 1 history items (sent, received, the card top-up) and
 * BENCH_HISTORY/2 notifications, then waits for the projections to hold them all. Then drives, from a driver process
 * of its own (scripts/lib/bench-load.ts: keep-alive HTTP, one request in flight per connection), each query at each
 * concurrency for BENCH_SECONDS, the workers spread over the users' tokens:
 *   anon      `{ __typename }` anonymous (no subgraph)          signed-in `{ __typename }` signed in (no subgraph)
 *   me        `{ me { id displayName } }` (one fetch, users)    balance   the wallets' balance and available
 *   history   Activity (schema/operations/money.graphql), first 20, with counterparties
 *   payment   Payment (money.graphql): a payment with its risk and its transaction's steps
 *   notifications NotificationHistory (realtime.graphql), first 20
 * Prints per query and level: requests/s, p50/p95/p99, CPU per request by process (/proc: the stack's processes and
 * the PostgreSQL backends of the benchmark's databases), SQL statements per request by service (pg_stat_statements
 * when the server has it loaded, else counted at the pg driver; the output says which), both net of the stack's idle
 * background measured over BENCH_IDLE_SECONDS before the drives; then issue 16's "Done when" lines. Loopback only,
 * bounded (every phase has a deadline). BENCH_WRITE_DOCS=1 (default) records the result in docs/benchmarks.md.
 *   BENCH_SECONDS (10) BENCH_CONCURRENCY (1,10,50) BENCH_QUERIES (all) BENCH_USERS (4) BENCH_HISTORY (1000)
 *   BENCH_PROCESSES (0) BENCH_IDLE_SECONDS (3) BENCH_WARMUP_SECONDS (1) BENCH_WRITE_DOCS (1)
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { print } from 'graphql';
import { startFauxqs } from 'fauxqs';
import { readEnv } from '@paygraph/platform/config';
import { databaseUrl } from '@paygraph/platform/db';
import { dropTestDatabases, postGraphQL } from '@paygraph/platform/testing';
import { startStack } from '@paygraph/stack';
import { benchEnv, postgresTransport } from './lib/bench-env.js';
import { cpuDelta, cpuSnapshot, type CpuSnapshot } from './lib/bench-cpu.js';
import { startLoadDriver, type LoadRequest, type LoadResult } from './lib/bench-load.js';
import { driverCounterForChildren, installDriverCounter, openStatementCounter, type StatementCounter } from './lib/bench-sql.js';
import { loadRegisteredOperations } from './lib/operations.js';
import { freePort, startChildGateway, startChildService, type ChildService } from '../test/support/child-service.js';

const root = path.resolve(import.meta.dirname, '..');
const host = readEnv();
const SECONDS = Number(host.BENCH_SECONDS ?? 10);
const LEVELS = (host.BENCH_CONCURRENCY ?? '1,10,50').split(',').map(Number);
const TOP = Math.max(...LEVELS);
const USERS = Math.max(2, Number(host.BENCH_USERS ?? 4));
const HISTORY = Number(host.BENCH_HISTORY ?? 1000);
const SENDS = Math.ceil(HISTORY / 2);
const IDLE_SECONDS = Number(host.BENCH_IDLE_SECONDS ?? 3);
const WARMUP_SECONDS = Number(host.BENCH_WARMUP_SECONDS ?? 1);
const MULTI = host.BENCH_PROCESSES === '1';
const SERVICES = ['users', 'accounts', 'wallets', 'fraud', 'transactions', 'payments', 'notifications', 'audit'];
const env = benchEnv(host, {
  REGISTER_MAX_PER_IP: '100000',
  LOGIN_MAX_PER_IP: '100000',
  RATE_LIMIT_PER_MINUTE: '100000000',
  // The seeding sends hundreds of payments per user within a minute: the fraud thresholds would stop them.
  FRAUD_VELOCITY_MAX_PER_MINUTE: '1000000',
  FRAUD_VELOCITY_MAX_PER_HOUR: '1000000',
  FRAUD_VELOCITY_MAX_AMOUNT_PER_HOUR: '100000000000',
  FRAUD_FANOUT_MAX_NEW_RECIPIENTS_PER_DAY: '100000',
});
const serverUrl = env.DATABASE_URL!;
const prefix = env.DATABASE_PREFIX!;
const tag = prefix.slice(1, -1);
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

// The registered operations, as the clients send them.
const registered = await loadRegisteredOperations(root);
const op = (name: string) => {
  const found = registered.operations.find((o) => o.name === name);
  if (!found) throw new Error(`operation ${name} not found in schema/operations`);
  return print(found.document);
};

interface Seeded {
  id: string;
  token: string;
  /** A payment this user sent (for the payment query). */
  paymentId: string;
}

/** A query of the benchmark: its request per user, and what a good answer must contain. */
interface Query {
  name: string;
  what: string;
  signedIn: boolean;
  body(user: Seeded): string;
  /** Checked on one answer before driving (the driver itself only checks HTTP 200, no errors and `mustContain`). */
  check(data: any): string | null;
  mustContain: string;
}
const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
const QUERIES: Query[] = [
  { name: 'anon', what: '{ __typename } anonymous', signedIn: false, body: () => body('{ __typename }'), check: (d) => (d?.__typename === 'Query' ? null : 'no __typename'), mustContain: '"Query"' },
  { name: 'signed-in', what: '{ __typename } signed in', signedIn: true, body: () => body('{ __typename }'), check: (d) => (d?.__typename === 'Query' ? null : 'no __typename'), mustContain: '"Query"' },
  { name: 'me', what: '{ me { id displayName } }', signedIn: true, body: () => body('{ me { id displayName } }'), check: (d) => (d?.me?.displayName ? null : 'no me'), mustContain: '"displayName"' },
  {
    name: 'balance',
    what: '{ me { wallets { id balance { amount currency } available { amount currency } } } }',
    signedIn: true,
    body: () => body('{ me { wallets { id balance { amount currency } available { amount currency } } } }'),
    check: (d) => (d?.me?.wallets?.[0]?.balance?.amount ? null : 'no wallet balance'),
    mustContain: '"available"',
  },
  {
    name: 'history',
    what: 'Activity(first: 20) with counterparty',
    signedIn: true,
    body: () => body(op('Activity'), { first: 20 }),
    check: (d) => {
      const edges = d?.me?.activity?.edges ?? [];
      if (edges.length !== 20 || !d.me.activity.pageInfo.hasNextPage) return `a page of ${edges.length} items, hasNextPage ${d?.me?.activity?.pageInfo?.hasNextPage}`;
      return edges.filter((e: any) => e.node.kind === 'P2P').every((e: any) => e.node.counterparty?.displayName) ? null : 'a P2P item without its counterparty';
    },
    mustContain: '"counterparty"',
  },
  {
    name: 'payment',
    what: 'Payment(id) with risk and transaction steps',
    signedIn: true,
    body: (u) => body(op('Payment'), { id: u.paymentId }),
    check: (d) => (d?.payment?.status === 'COMPLETED' && d.payment.transaction?.steps?.length > 0 ? null : `payment ${JSON.stringify(d?.payment)}`),
    mustContain: '"steps"',
  },
  {
    name: 'notifications',
    what: 'NotificationHistory(first: 20)',
    signedIn: true,
    body: () => body(op('NotificationHistory'), { first: 20 }),
    check: (d) => (d?.me?.notifications?.edges?.length === 20 ? null : `${d?.me?.notifications?.edges?.length} notifications`),
    mustContain: '"notifications"',
  },
];
const selected = QUERIES.filter((q) => !host.BENCH_QUERIES || host.BENCH_QUERIES.split(',').includes(q.name));

// Statements at the driver, should pg_stat_statements not be there: this process's pg, and the children's preload.
installDriverCounter();
const childCounter = MULTI ? driverCounterForChildren() : undefined;
if (childCounter) {
  process.env.CHILD_NODE_ARGS = `${process.env.CHILD_NODE_ARGS ?? ''} ${childCounter.nodeArgs}`.trim();
  process.env.BENCH_SQL_COUNT_DIR = childCounter.dir;
}

const sqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
env.SQS_ENDPOINT = sqs.address;
const children: { name: string; child: ChildService }[] = [];
const external: Record<string, string> = {};
let gatewayChild: ChildService | undefined;
let stack: { gatewayUrl: string; stop(): Promise<void> } | undefined;
let driver: Awaited<ReturnType<typeof startLoadDriver>> | undefined;
let counter: StatementCounter | undefined;
let admin: pg.Client | undefined;
let stopped = false;
async function stopStack(): Promise<void> {
  if (stopped) return;
  stopped = true;
  await stack?.stop();
  for (const { child } of children) await child.kill('SIGTERM');
}

try {
  log(`starting the stack (database prefix ${prefix}, ${MULTI ? 'one process per subgraph and one for the gateway' : 'one process'})…`);
  if (MULTI) {
    const urls: Record<string, string> = {};
    for (const name of SERVICES) {
      const child = await startChildService(name, await freePort(), { ...env, ...urls } as Record<string, string>);
      children.push({ name, child });
      external[name] = child.url;
      urls[`${name.toUpperCase()}_URL`] = child.url;
    }
    gatewayChild = await startChildGateway(await freePort(), {
      ...env,
      SUBGRAPH_URLS: Object.entries(external).map(([name, url]) => `${name}=${url}`).join(','),
      JWKS_URL: `${new URL(external.users!).origin}/.well-known/jwks.json`,
    } as Record<string, string>);
    stack = { gatewayUrl: gatewayChild.url, stop: () => gatewayChild!.kill('SIGTERM') };
  } else {
    stack = await startStack({ env, ports: 'random' });
  }
  const gatewayUrl = stack.gatewayUrl;
  const gql = (query: string, variables: Record<string, unknown>, token?: string) =>
    postGraphQL<any>(gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {});

  // --- Seeding, through the real mutations.
  const seedStarted = performance.now();
  log(`seeding ${USERS} users, ${SENDS} payments each to the next in a ring (${USERS * SENDS} payments)…`);
  const users: Seeded[] = [];
  for (let i = 0; i < USERS; i++) {
    const reg = await gql(`mutation($input: RegisterInput!) { register(input: $input) { user { id } accessToken } }`, {
      input: { email: `reads${i}.${tag}@example.test`, password: 'correct horse battery staple', displayName: `Reads ${i}` },
    });
    const token = reg.data?.register?.accessToken as string;
    if (!token) throw new Error(`register failed: ${JSON.stringify(reg)}`);
    await gql(`mutation($input: SubmitKycInput!) { submitKyc(input: $input) { kyc { status } } }`, {
      input: { legalName: `Reads User ${i}`, dateOfBirth: '1990-01-01', country: 'GB', addressLine1: '1 Bench St', city: 'London', postalCode: 'N1', documentNumber: `R${i}000` },
    }, token);
    const card = await gql(`mutation($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } } }`, {
      input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
    }, token);
    const add = await gql(`mutation($input: AddFundsInput!) { addFunds(input: $input) { payment { status } } }`, {
      input: { fundingInstrumentId: card.data.linkCard.fundingInstrument.id, amount: { amount: '100.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
    }, token);
    if (add.data?.addFunds?.payment?.status !== 'COMPLETED') throw new Error(`seeding failed: ${JSON.stringify(add)}`);
    users.push({ id: reg.data.register.user.id, token, paymentId: '' });
  }
  // Two workers per sender (its payments are serialised by its lock; the second overlaps the rest of the path).
  const outcomes: Record<string, number> = {};
  const sent = users.map(() => 0);
  const seedDeadline = Date.now() + 120_000;
  await Promise.all(
    Array.from({ length: USERS * 2 }, async (_, w) => {
      const i = w % USERS;
      const from = users[i]!;
      const to = users[(i + 1) % USERS]!;
      let attempts = 0;
      while (sent[i]! < SENDS) {
        if (Date.now() > seedDeadline || ++attempts > SENDS * 2) throw new Error(`seeding stalled: ${JSON.stringify(outcomes)}`);
        sent[i]!++;
        const res = await gql(
          `mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id status } userErrors { code } } }`,
          { input: { recipientId: to.id, amount: { amount: '0.01', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true } },
          from.token,
        );
        const status = (res.data?.sendMoney?.payment?.status ?? res.data?.sendMoney?.userErrors?.[0]?.code ?? 'ERROR') as string;
        outcomes[status] = (outcomes[status] ?? 0) + 1;
        if (status === 'COMPLETED') from.paymentId = res.data.sendMoney.payment.id;
        else sent[i]!--; // not a history item of the kind wanted: send another
      }
    }),
  );
  const seedPayments = ((performance.now() - seedStarted) / 1000).toFixed(1);
  log(`payments sent in ${seedPayments} s (${JSON.stringify(outcomes)}); waiting for the history and notification projections…`);
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const ids = users.map((u) => u.id);
  await waitForCount('transactions', `SELECT count(*)::int AS n FROM "transaction" WHERE sender_id = ANY($1) OR recipient_id = ANY($1)`, ids, USERS * (SENDS + 1));
  await waitForCount('notifications', `SELECT count(*)::int AS n FROM notification WHERE user_id = ANY($1) AND kind = 'PAYMENT_RECEIVED'`, ids, USERS * SENDS);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const seeding = `${USERS} users × ${SENDS * 2 + 1} history items (${SENDS} payments sent, ${SENDS} received, 1 card top-up) and ${SENDS} notifications each, through the real mutations (${USERS * SENDS} sendMoney, awaitCompletion) in ${seedSeconds.toFixed(1)} s`;
  log(seeding);

  // --- Measurement.
  driver = await startLoadDriver();
  counter = await openStatementCounter({
    serverUrl,
    prefix,
    probeService: 'users',
    children: children.map((c) => c.child.process.pid!).concat(gatewayChild ? [gatewayChild.process.pid!] : []),
    childDir: childCounter?.dir,
  });
  log(`SQL statements counted by ${counter.source}`);
  const stackProcesses: Record<string, number | undefined> = MULTI
    ? { gateway: gatewayChild!.process.pid, ...Object.fromEntries(children.map((c) => [c.name, c.child.process.pid])), 'fauxqs (bench process)': process.pid }
    : { 'node (stack + fauxqs)': process.pid };
  const measure = async () => {
    // The PostgreSQL backends of this benchmark's databases, each by pid (a backend opened during a drive counts whole).
    const { rows } = await admin!.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname LIKE $1`, [`${prefix}%`]);
    const processes: Record<string, number | undefined> = { ...stackProcesses, driver: driver!.pid };
    for (const { pid } of rows) processes[`pg:${pid}`] = pid;
    return { at: performance.now(), cpu: await cpuSnapshot(processes, false), sql: await counter!.snapshot() };
  };
  type Sample = Awaited<ReturnType<typeof measure>>;
  /** CPU ms per second and statements per second, by name, between two samples (PostgreSQL's backends summed). */
  const rates = (a: Sample, b: Sample) => {
    const seconds = (b.at - a.at) / 1000;
    const cpu = new Map<string, number>();
    if (a.cpu && b.cpu) for (const [name, ms] of cpuDelta(a.cpu, b.cpu)) {
      const key = name.startsWith('pg:') ? 'PostgreSQL' : name;
      cpu.set(key, (cpu.get(key) ?? 0) + ms / seconds);
    }
    const sql = new Map<string, number>();
    for (const [service, n] of b.sql) sql.set(service, (n - (a.sql.get(service) ?? 0)) / seconds);
    return { seconds, cpu, sql };
  };

  // Every query answers right once, and runs once at every level, before anything is measured.
  for (const q of selected) {
    const answer = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(q.signedIn ? { authorization: `Bearer ${users[0]!.token}` } : {}) },
      body: q.body(users[0]!),
    }).then((r) => r.json() as Promise<any>);
    const problem = answer.errors ? JSON.stringify(answer.errors) : q.check(answer.data);
    if (problem) throw new Error(`${q.name}: ${problem}`);
  }
  const requestsOf = (q: Query): LoadRequest[] =>
    users.map((u) => ({ body: q.body(u), headers: q.signedIn ? { authorization: `Bearer ${u.token}` } : ({} as Record<string, string>) }));
  if (WARMUP_SECONDS > 0) {
    log(`warming up (${WARMUP_SECONDS} s per query)…`);
    for (const q of selected) await driver.run({ url: gatewayUrl, requests: requestsOf(q), concurrency: TOP, seconds: WARMUP_SECONDS, mustContain: q.mustContain });
  }
  log(`idle background over ${IDLE_SECONDS} s…`);
  const idle0 = await measure();
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const idle = rates(idle0, await measure());
  const idleCpu = [...idle.cpu].filter(([name]) => name !== 'driver');
  const background =
    `idle background (subtracted below): CPU ${idleCpu.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')} ms/s; ` +
    `SQL ${[...idle.sql.values()].reduce((s, n) => s + n, 0).toFixed(1)} statements/s`;
  log(background);

  interface Row {
    query: Query;
    concurrency: number;
    result: LoadResult;
    rps: number;
    p: (n: number) => number;
    /** Net CPU ms per request by process, and the stack's Node processes together. */
    cpu: Map<string, number>;
    nodeCpu: number;
    postgresCpu: number;
    driverCpu: number;
    sql: Map<string, number>;
    sqlTotal: number;
  }
  const rows: Row[] = [];
  const lines: string[] = [];
  for (const q of selected) {
    for (const concurrency of LEVELS) {
      const before = await measure();
      const result = await driver.run({ url: gatewayUrl, requests: requestsOf(q), concurrency, seconds: SECONDS, mustContain: q.mustContain });
      const window = rates(before, await measure());
      const n = result.ok + result.failures;
      const cpu = new Map<string, number>();
      for (const [name, perSecond] of window.cpu) {
        const net = name === 'driver' ? perSecond : Math.max(0, perSecond - (idle.cpu.get(name) ?? 0));
        cpu.set(name, (net * window.seconds) / Math.max(1, n));
      }
      const sql = new Map<string, number>();
      for (const [service, perSecond] of window.sql) {
        const net = Math.max(0, perSecond - (idle.sql.get(service) ?? 0));
        const perRequest = (net * window.seconds) / Math.max(1, n);
        if (perRequest >= 0.005) sql.set(service, perRequest);
      }
      const latencies = result.latencies.sort((a, b) => a - b);
      const p = (x: number) => latencies[Math.min(latencies.length - 1, Math.floor((x / 100) * latencies.length))] ?? NaN;
      const nodeCpu = [...cpu].filter(([name]) => name !== 'PostgreSQL' && name !== 'driver').reduce((s, [, ms]) => s + ms, 0);
      const row: Row = {
        query: q,
        concurrency,
        result,
        rps: result.ok / result.seconds,
        p,
        cpu,
        nodeCpu,
        postgresCpu: cpu.get('PostgreSQL') ?? 0,
        driverCpu: cpu.get('driver') ?? 0,
        sql,
        sqlTotal: [...sql.values()].reduce((s, x) => s + x, 0),
      };
      rows.push(row);
      const parts = [...cpu].filter(([name]) => name !== 'driver' && (name === 'PostgreSQL' || MULTI)).map(([name, ms]) => `${name} ${ms.toFixed(2)}`);
      const line =
        `${q.name.padEnd(13)} c=${String(concurrency).padEnd(3)} ${row.rps.toFixed(0).padStart(5)} req/s  ` +
        `p50 ${p(50).toFixed(1).padStart(6)}  p95 ${p(95).toFixed(1).padStart(6)}  p99 ${p(99).toFixed(1).padStart(6)} ms  ` +
        `CPU/req ${(nodeCpu + row.postgresCpu).toFixed(2)} ms (${MULTI ? '' : `node ${nodeCpu.toFixed(2)}, `}${parts.join(', ')})  ` +
        `SQL/req ${row.sqlTotal.toFixed(2)}${row.sql.size ? ` (${[...row.sql].sort((a, b) => b[1] - a[1]).map(([s, x]) => `${s} ${x.toFixed(2)}`).join(', ')})` : ''}` +
        `${result.failures ? `  FAILURES ${result.failures}: ${result.firstFailure?.slice(0, 200)}` : ''}`;
      log(line);
      lines.push(line);
    }
  }

  // Statements of a history page against its size (the issue: the same for 2 items as for 20).
  let pageSizes = '';
  if (selected.some((q) => q.name === 'history')) {
    const perPage: string[] = [];
    for (const first of [2, 20]) {
      const q: Query = { ...QUERIES.find((x) => x.name === 'history')!, body: () => body(op('Activity'), { first }) };
      const before = await measure();
      const result = await driver.run({ url: gatewayUrl, requests: requestsOf(q), concurrency: 1, seconds: Math.min(SECONDS, 3), mustContain: q.mustContain });
      const window = rates(before, await measure());
      const net = [...window.sql].reduce((s, [service, perSecond]) => s + Math.max(0, perSecond - (idle.sql.get(service) ?? 0)), 0);
      perPage.push(`first ${first}: ${((net * window.seconds) / Math.max(1, result.ok + result.failures)).toFixed(2)}`);
    }
    pageSizes = `history page statements/request by page size (c=1): ${perPage.join(', ')}`;
  }

  const at = (name: string, c = TOP) => rows.find((r) => r.query.name === name && r.concurrency === c);
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'NOT MEASURED' : ok ? 'MET' : 'NOT MET');
  const me = at('me');
  const balance = at('balance');
  const history = at('history');
  const anon = at('anon');
  const signedIn = at('signed-in');
  const fetchCpu = me && signedIn ? me.nodeCpu - signedIn.nodeCpu : undefined;
  const signInCpu = signedIn && anon ? signedIn.nodeCpu - anon.nodeCpu : undefined;
  const f = (x: number | undefined, digits = 1) => (x === undefined ? '—' : (Math.abs(x) < 0.5 * 10 ** -digits ? 0 : x).toFixed(digits));
  const done = [
    `Done when (issue 16), at c=${TOP}, ${MULTI ? 'one process per service' : 'embedded mode (one process)'}:`,
    `  me ≥ 1,500 req/s:                 ${f(me?.rps, 0)} req/s — ${verdict(me && me.rps >= 1500)}`,
    `  balance p99 < 30 ms:              ${f(balance?.p(99))} ms — ${verdict(balance && balance.p(99) < 30)}`,
    `  history p99 < 100 ms:             ${f(history?.p(99))} ms — ${verdict(history && history.p(99) < 100)}`,
    `  CPU per subgraph fetch ≤ 0.7 ms:  ${f(fetchCpu, 2)} ms — ${verdict(fetchCpu === undefined ? undefined : fetchCpu <= 0.7)}` +
      `  (Node CPU/req of me − of signed-in { __typename }; PostgreSQL's share of me beside: ${f(me?.postgresCpu, 2)} ms)`,
    `  signed-in overhead ≤ 0.1 ms:      ${f(signInCpu, 2)} ms — ${verdict(signInCpu === undefined ? undefined : signInCpu <= 0.1)}` +
      `  (Node CPU/req of signed-in { __typename } − of anonymous; ${MULTI ? 'gateway process alone' : 'the one process'}: ${f(
        MULTI && signedIn && anon ? (signedIn.cpu.get('gateway') ?? 0) - (anon.cpu.get('gateway') ?? 0) : signInCpu,
        2,
      )} ms)`,
  ];
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const header = [
    `${MULTI ? 'one process per service (8 subgraphs, the gateway; fauxqs and the bench in another)' : 'embedded: gateway + every subgraph + fauxqs in one process'}; the driver in its own process (not counted); ${postgresTransport(serverUrl)}`,
    `seeded: ${seeding}`,
    `${SECONDS} s per query and level, ${USERS} users' tokens spread over the connections; load average ${load} at the end`,
    `CPU/req: user + system time (/proc) of the stack's processes and of the PostgreSQL backends of its databases, net of the idle background`,
    `SQL/req: statements counted by ${counter.source}, net of the idle background`,
    background,
  ];
  const out = [...header, '', ...lines, ...(pageSizes ? ['', pageSizes] : []), '', ...done];
  process.stdout.write(`\n${out.join('\n')}\n`);
  if ((host.BENCH_WRITE_DOCS ?? '1') === '1') await recordInDocs(out);
} finally {
  await driver?.stop();
  await counter?.close();
  await admin?.end();
  await stopStack();
  await sqs.stop();
  childCounter?.cleanup();
  if (host.BENCH_KEEP !== '1') await dropTestDatabases(env);
  else log(`kept databases ${prefix}*`);
}

/** Polls `sql` (in `service`'s database, $1 = the users' ids) until it counts `expected` rows; 60 s at most. */
async function waitForCount(service: string, sql: string, ids: string[], expected: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, `${prefix}${service}`) });
  await client.connect();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const n = (await client.query<{ n: number }>(sql, [ids])).rows[0]!.n;
      if (n >= expected) return;
      if (Date.now() > deadline) throw new Error(`${service} holds ${n} of ${expected} rows after 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await client.end();
  }
}

async function recordInDocs(out: string[]): Promise<void> {
  const file = path.resolve(root, 'docs', 'benchmarks.md');
  const existing = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const section = [
    `### bench:reads (${MULTI ? 'one process per service' : 'embedded, one process'}) — ${new Date().toISOString().slice(0, 16)}Z`,
    '',
    `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB.`,
    '',
    '```',
    ...out,
    '```',
    '',
  ].join('\n');
  const marker = `<!-- bench:reads:${MULTI ? 'multi' : 'single'} -->`;
  const updated = existing.includes(marker)
    ? existing.replace(new RegExp(`${marker}[\\s\\S]*?${marker}`), () => `${marker}\n${section}${marker}`)
    : `${existing.trimEnd()}\n\n${marker}\n${section}${marker}\n`;
  await writeFile(file, updated);
}
