/**
 * `npm run bench:realtime`: many graphql-ws subscribers on one gateway process, events at a fixed rate through the
 * real path — the backbone (SQS) → notifications (stores the notification, publishes on Redis) → the gateway (plans
 * and delivers) → the client — and what it costs.
 *
 * Processes: this one runs fauxqs, every subgraph and an auxiliary gateway (sign-ups only); the measured gateway runs
 * alone in a child process (its RSS is its own); the subscribers run in another child process. Prints connections
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
import { readEnv } from '@paygraph/platform/config';
import { createPublisher, createSqsClient, type EventEnvelope } from '@paygraph/platform/events';
import { uuidv7 } from '@paygraph/platform/ids';
import { dropTestDatabases, postGraphQL } from '@paygraph/platform/testing';
import { startStack } from '@paygraph/stack';
import { freePort, startChildGateway } from '../test/support/child-service.js';

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
const stack = await startStack({ env, ports: 'random' });
const gateway = await startChildGateway(await freePort(), {
  ...env,
  JWKS_URL: `${new URL(stack.services.users!.url).origin}/.well-known/jwks.json`,
  SUBGRAPH_URLS: Object.values(stack.services).map((s) => `${s.name}=${s.url}`).join(','),
} as Record<string, string>);
const clients = fork(path.join(import.meta.dirname, 'lib', 'realtime-clients.ts'), [], {
  execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
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
  // Every subscription asks notifications for its ticket once connected: let them settle before measuring.
  await new Promise((r) => setTimeout(r, 5000));
  const rssConnected = await rss();

  const sqsClient = createSqsClient({ endpoint: env.SQS_ENDPOINT, region: 'us-east-1', accessKeyId: 'x', secretAccessKey: 'x', queuePrefix: env.SQS_QUEUE_PREFIX! });
  const publisher = createPublisher({ sqs: sqsClient, queuePrefix: env.SQS_QUEUE_PREFIX!, createQueues: true });
  clients.send({ type: 'reset' });
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
  let report = { received: 0, latencies: [] as number[], closed: 0 };
  const all: number[] = [];
  const drainUntil = Date.now() + 30_000;
  let lastReceived = -1;
  for (;;) {
    clients.send({ type: 'report' });
    report = await reply<typeof report>('report');
    all.push(...report.latencies);
    if (report.received >= expected || Date.now() > drainUntil || (report.received === lastReceived && Date.now() - start > (SECONDS + 10) * 1000)) break;
    lastReceived = report.received;
    await new Promise((r) => setTimeout(r, 1000));
  }
  clearInterval(rssTimer);
  const gatewayCpu = (await cpuSeconds()) - cpuBefore;
  all.sort((a, b) => a - b);
  const pct = (p: number) => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))] ?? NaN;
  const lines = [
    `subscribers held:   ${connected.count} connections (${USERS} users × ${PER_USER}), ${report.closed} closed during the run`,
    `gateway RSS:        ${rssIdle.toFixed(0)} MiB idle, ${rssConnected.toFixed(0)} MiB with every subscriber, ${peakRss.toFixed(0)} MiB peak`,
    `events published:   ${published} in ${sendSeconds.toFixed(1)} s (${(published / sendSeconds).toFixed(0)}/s through SQS → notifications → Redis → gateway)`,
    `deliveries:         ${report.received} of ${expected} expected; ${(report.received / sendSeconds).toFixed(0)} deliveries/s`,
    `gateway CPU:        ${gatewayCpu.toFixed(1)} s over the run = ${((gatewayCpu * 1000) / Math.max(1, report.received)).toFixed(2)} ms per delivery (${((gatewayCpu / sendSeconds) * 100).toFixed(0)}% of one core)`,
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
    `Machine: 2 cores, 24 GiB, everything on loopback; the measured gateway alone in one process, the subscribers in another, every subgraph, fauxqs and the event driver in a third; Redis pub/sub; ${RATE} events/s for ${SECONDS} s.`,
    '',
    '```',
    ...lines,
    '```',
    marker,
  ].join('\n');
  const re = new RegExp(`${marker}[\\s\\S]*?${marker}`);
  await writeFile(file, re.test(existing) ? existing.replace(re, section) : `${existing.trimEnd()}\n\n${section}\n`);
}
