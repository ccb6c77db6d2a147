/**
 * `npm run bench:realtime`: many graphql-ws subscribers on one gateway process, events at a fixed rate through the
 * real path — the backbone (SQS) → notifications (stores the notification, publishes on Redis) → the gateway (plans
 * and delivers) → the client — and what it costs.
 *
 * Processes: the measured gateway alone (its RSS is its own); notifications and audit, the consumers of the driven
 * events, one each; the subscribers; and this one: fauxqs, the other subgraphs, an auxiliary gateway (sign-ups only)
 * and the event driver. Prints connections
 * held, the gateway's RSS, deliveries/s and p50/p95/p99 from the event's creation to its receipt. Bounded: it stops
 * by itself. Needs REDIS_URL (default the machine's 127.0.0.1:6379), as a multi-process gateway does.
 *   BENCH_USERS (1000) BENCH_PER_USER (10 subscriptions per user) BENCH_RATE (100 events/s; each reaches BENCH_PER_USER
 *   subscribers) BENCH_SECONDS (20) BENCH_WRITE_DOCS (1: update docs/benchmarks.md)
 */
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startFauxqs } from 'fauxqs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { readEnv } from '@paygraph/platform/config';
import { createPublisher, createSqsClient, type EventEnvelope } from '@paygraph/platform/events';
import { uuidv7 } from '@paygraph/platform/ids';
import { dropTestDatabases, postGraphQL } from '@paygraph/platform/testing';
import { startStack } from '@paygraph/stack';
import { freePort, startChildGateway, startChildService } from '../test/support/child-service.js';
import { activeSubscriptions } from '../test/support/subscriptions.js';

const host = readEnv();
const USERS = Number(host.BENCH_USERS ?? 1000);
const PER_USER = Number(host.BENCH_PER_USER ?? 10);
const RATE = Number(host.BENCH_RATE ?? 100);
const SECONDS = Number(host.BENCH_SECONDS ?? 20);
const tag = randomBytes(4).toString('hex');
const env: Record<string, string | undefined> = {
  ...host,
  NODE_ENV: 'test',
  LOG_LEVEL: host.LOG_LEVEL ?? 'error',
  DATABASE_URL: host.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_PREFIX: `t${tag}_`,
  REDIS_URL: host.REDIS_URL ?? 'redis://127.0.0.1:6379',
  SQS_QUEUE_PREFIX: `rtbench${tag}-`,
  RATE_LIMIT_PREFIX: `rtbench${tag}:rl`,
  REALTIME_CHANNEL_PREFIX: `rtbench${tag}:rt:`,
  INTERNAL_AUTH_SECRET: 'bench-internal-secret-0123456789-abcdefghijklmnop',
  CARD_FINGERPRINT_SECRET: 'bench-card-fingerprint-secret-0123456789abcdef',
  PASSWORD_SCRYPT_LOG_N: '10',
  REGISTER_MAX_PER_IP: '1000000',
  LOGIN_MAX_PER_IP: '1000000',
  RATE_LIMIT_PER_MINUTE: '1000000',
  SQS_WAIT_TIME_SECONDS: '1',
  WS_KEEPALIVE_MS: '30000',
};

const log = (msg: string) => process.stderr.write(`[bench:realtime] ${msg}\n`);
const sqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
env.SQS_ENDPOINT = sqs.address;
log(`starting the stack (database prefix ${env.DATABASE_PREFIX})…`);
// notifications and audit, the two consumers of the driven events, run in their own processes, as in production.
const ownPorts = { notifications: await freePort(), audit: await freePort() };
const stack = await startStack({
  env,
  ports: 'random',
  external: Object.fromEntries(Object.entries(ownPorts).map(([name, port]) => [name, `http://127.0.0.1:${port}/graphql`])),
});
const urls = Object.fromEntries(Object.values(stack.services).map((s) => [`${s.name.toUpperCase()}_URL`, s.url]));
const consumers = await Promise.all(
  Object.entries(ownPorts).map(([name, port]) => startChildService(name, port, { ...env, ...urls } as Record<string, string>)),
);
const gateway = await startChildGateway(await freePort(), {
  ...env,
  JWKS_URL: `${new URL(stack.services.users!.url).origin}/.well-known/jwks.json`,
  SUBGRAPH_URLS: [
    ...Object.values(stack.services).map((s) => `${s.name}=${s.url}`),
    ...Object.entries(ownPorts).map(([name, port]) => `${name}=http://127.0.0.1:${port}/graphql`),
  ].join(','),
} as Record<string, string>);
const clients = fork(path.join(import.meta.dirname, 'lib', 'realtime-clients.ts'), [], {
  execArgv: ['--import', 'tsx', '--max-old-space-size=4096', '--max-semi-space-size=32'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const reply = <T>(type: string) => new Promise<T>((resolve) => {
  const on = (m: { type: string }) => {
    if (m.type === type) {
      clients.off('message', on);
      resolve(m as T);
    }
  };
  clients.on('message', on);
});
/** CPU seconds (user + system) the measured gateway process has used so far. */
const cpuSeconds = async () => {
  const fields = (await readFile(`/proc/${gateway.process.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const rss = async () => {
  const status = await readFile(`/proc/${gateway.process.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
};

try {
  log(`registering ${USERS} users…`);
  const users: { id: string; token: string }[] = [];
  for (let i = 0; i < USERS; i += 16) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(16, USERS - i) }, async (_, k) => {
        const res = await postGraphQL<any>(stack.gatewayUrl, 'mutation($input: RegisterInput!) { register(input: $input) { user { id } accessToken } }', {
          input: { email: `rt${i + k}.${tag}@example.test`, password: 'correct horse battery staple', displayName: `Listener ${i + k}` },
        });
        if (!res.data?.register) throw new Error(`register failed: ${JSON.stringify(res)}`);
        return { id: res.data.register.user.id as string, token: res.data.register.accessToken as string };
      }),
    );
    users.push(...batch);
  }
  const rssIdle = await rss();

  log(`opening ${USERS * PER_USER} subscriptions on the measured gateway (${gateway.url})…`);
  const t0 = performance.now();
  clients.send({ type: 'start', url: gateway.url.replace(/^http/, 'ws'), tokens: users.map((u) => u.token), perUser: PER_USER, batch: 200 });
  const connected = await reply<{ count: number; failed: number }>('connected');
  log(`${connected.count} connected (${connected.failed} failed) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // Each subscription is live once the gateway has its ticket from notifications: wait for all of them.
  for (const deadline = Date.now() + 120_000; ; ) {
    const open = await activeSubscriptions(gateway.url);
    if (open >= connected.count) break;
    if (Date.now() > deadline) {
      clients.send({ type: 'report' });
      const { failures } = await reply<{ failures: Record<string, number> }>('report');
      throw new Error(`only ${open} of ${connected.count} subscriptions opened; refused: ${JSON.stringify(failures)}\n${gateway.output().slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`${connected.count} subscriptions open after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rssConnected = await rss();

  const sqsClient = createSqsClient({ endpoint: env.SQS_ENDPOINT, region: 'us-east-1', accessKeyId: 'x', secretAccessKey: 'x', queuePrefix: env.SQS_QUEUE_PREFIX! });
  const publisher = createPublisher({ sqs: sqsClient, queuePrefix: env.SQS_QUEUE_PREFIX!, createQueues: true });
  clients.send({ type: 'reset' });
  // Where the time goes: the lag from the event's creation to its publication by notifications, seen on Redis.
  const tap = new Redis(env.REDIS_URL!);
  const publishLags: number[] = [];
  tap.on('pmessage', (_pattern: string, _channel: string, raw: string) => {
    const m = JSON.parse(raw) as { field: string; at: number };
    if (m.field === 'notificationReceived') publishLags.push(Date.now() - m.at);
  });
  await tap.psubscribe(`${env.REALTIME_CHANNEL_PREFIX}*`);
  log(`publishing ${RATE} UserLoggedIn events/s for ${SECONDS} s (each to ${PER_USER} subscribers)…`);
  let published = 0;
  const cpuBefore = await cpuSeconds();
  const start = Date.now();
  const tickMs = 20;
  let peakRss = rssConnected;
  const rssTimer = setInterval(() => void rss().then((v) => (peakRss = Math.max(peakRss, v))), 1000);
  while (Date.now() - start < SECONDS * 1000) {
    const due = Math.floor(((Date.now() - start) / 1000) * RATE) - published;
    if (due > 0) {
      const events: EventEnvelope[] = [];
      for (let k = 0; k < due; k++) {
        const user = users[(published + k) % users.length]!;
        const at = new Date().toISOString();
        events.push({
          id: uuidv7(),
          type: 'UserLoggedIn',
          version: 1,
          source: 'users',
          occurredAt: at,
          aggregateId: user.id,
          correlationId: randomUUID(),
          causationId: null,
          trace: {},
          data: { userId: user.id, sessionId: `ses_${randomBytes(16).toString('hex')}`, ip: '127.0.0.1', at },
        } as EventEnvelope);
      }
      published += due;
      for (let k = 0; k < events.length; k += 10) await publisher.publish(events.slice(k, k + 10));
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  const sendSeconds = (Date.now() - start) / 1000;
  log(`published ${published}; draining…`);
  const expected = published * PER_USER;
  let report = { received: 0, latencies: [] as number[], closed: 0, failures: {} as Record<string, number> };
  const all: number[] = [];
  // Long enough for a message SQS redelivers after its visibility timeout: a late delivery is told from a lost one.
  const drainUntil = Date.now() + 45_000;
  for (;;) {
    clients.send({ type: 'report' });
    report = await reply<typeof report>('report');
    all.push(...report.latencies);
    if (report.received >= expected || Date.now() > drainUntil) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  clearInterval(rssTimer);
  tap.disconnect();
  publishLags.sort((a, b) => a - b);
  const lag = (p: number) => publishLags[Math.min(publishLags.length - 1, Math.floor((p / 100) * publishLags.length))] ?? NaN;
  const gatewayCpu = (await cpuSeconds()) - cpuBefore;
  all.sort((a, b) => a - b);
  const pct = (p: number) => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))] ?? NaN;
  // Lost or late? What notifications stored of the driven events (registrations make none of this kind).
  const db = new pg.Client({ connectionString: `${env.DATABASE_URL!.replace(/\/[^/]*$/, '')}/${env.DATABASE_PREFIX}notifications` });
  await db.connect();
  const stored = Number((await db.query("select count(*) from notification where kind = 'NEW_LOGIN'")).rows[0].count);
  await db.end();
  const lines = [
    `subscribers held:   ${connected.count} connections (${USERS} users × ${PER_USER}), ${report.closed} closed during the run${Object.keys(report.failures).length ? `; subscriptions refused: ${JSON.stringify(report.failures)}` : ''}`,
    `gateway RSS:        ${rssIdle.toFixed(0)} MiB idle, ${rssConnected.toFixed(0)} MiB with every subscriber, ${peakRss.toFixed(0)} MiB peak`,
    `events published:   ${published} in ${sendSeconds.toFixed(1)} s (${(published / sendSeconds).toFixed(0)}/s through SQS → notifications → Redis → gateway)`,
    `deliveries:         ${report.received} of ${expected} expected (${stored} of ${published} notifications stored, ${publishLags.length} published); ${(report.received / sendSeconds).toFixed(0)} deliveries/s`,
    `gateway CPU:        ${gatewayCpu.toFixed(1)} s over the run = ${((gatewayCpu * 1000) / Math.max(1, report.received)).toFixed(2)} ms per delivery (${((gatewayCpu / sendSeconds) * 100).toFixed(0)}% of one core)`,
    `event → published:  p50 ${lag(50).toFixed(0)} ms, p95 ${lag(95).toFixed(0)} ms, p99 ${lag(99).toFixed(0)} ms (SQS and the notifications consumer)`,
    `event → client:     p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, max ${pct(100).toFixed(0)} ms`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  if ((host.BENCH_WRITE_DOCS ?? '1') === '1') await recordInDocs(lines);
  if (report.received < expected) process.exitCode = 1;
  sqsClient.destroy();
} finally {
  clients.send({ type: 'stop' });
  await new Promise((r) => clients.once('exit', r));
  await gateway.kill('SIGTERM');
  for (const child of consumers) await child.kill('SIGTERM');
  await stack.stop();
  await sqs.stop();
  if (host.BENCH_KEEP !== '1') await dropTestDatabases(env);
  else log(`kept databases ${env.DATABASE_PREFIX}*`);
}

async function recordInDocs(lines: string[]): Promise<void> {
  const file = path.resolve(import.meta.dirname, '..', 'docs', 'benchmarks.md');
  const existing = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const marker = '<!-- bench:realtime -->';
  const section = [
    marker,
    `## bench:realtime — ${new Date().toISOString().slice(0, 16)}Z`,
    '',
    `Machine: 2 cores, 24 GiB, everything on loopback. Processes: the measured gateway; notifications; audit; the subscribers (graphql-ws clients); and one with fauxqs, the other subgraphs and the event driver. Redis pub/sub; ${RATE} UserLoggedIn events/s for ${SECONDS} s, each a notification for one user with ${PER_USER} subscriptions.`,
    '',
    '```',
    ...lines,
    '```',
    marker,
  ].join('\n');
  const re = new RegExp(`${marker}[\\s\\S]*?${marker}`);
  await writeFile(file, re.test(existing) ? existing.replace(re, section) : `${existing.trimEnd()}\n\n${section}\n`);
}
