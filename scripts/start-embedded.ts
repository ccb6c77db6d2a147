/**
 * `npm start`: the whole supergraph in one process on embedded defaults — a real PostgreSQL from npm, the fauxqs
 * SQS emulator in-process (persisted under .data/sqs), in-memory pub/sub — with nothing installed but this repo.
 * Every variable of .env.example can still point a part at a real server (DATABASE_URL, REDIS_URL, SQS_ENDPOINT).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startFauxqs } from 'fauxqs';
import { readEnv } from '@paygraph/platform/config';
import { releasePidFile, takeOverPidFile } from '@paygraph/stack/pid-file';
import { startStack } from '@paygraph/stack';
import { withDeadline } from '@paygraph/platform/server';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@paygraph/stack/embedded-postgres';
import { tapMemoryBus, type RealtimeMessage } from '@paygraph/platform/realtime';
import { ensureConsoleBuilt, DIST_DIR } from '../web/server/build.js';
import { startConsoleServer, type RunningConsole } from '../web/server/console-server.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './lib/seed.js';

const started = Date.now();
const root = path.resolve(import.meta.dirname, '..');
const host = readEnv();
const dataRoot = path.resolve(root, host.PAYGRAPH_DATA_DIR ?? '.data');
const log = (msg: string) => process.stderr.write(`[paygraph] ${msg}\n`);
const seed = process.argv.slice(2).includes('--seed');
await mkdir(dataRoot, { recursive: true });
await takeOverPidFile(path.join(dataRoot, 'paygraph.pid'), 'start-embedded', log);

// Secrets are made once per checkout and kept, so tokens and card fingerprints stay valid across restarts.
const secretsFile = path.join(dataRoot, 'secrets.json');
const secrets: Record<string, string> = existsSync(secretsFile) ? JSON.parse(await readFile(secretsFile, 'utf8')) : {};
for (const name of ['INTERNAL_AUTH_SECRET', 'CARD_FINGERPRINT_SECRET']) secrets[name] ??= randomBytes(32).toString('base64url');
await writeFile(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });

let postgres: EmbeddedPostgresHandle | undefined;
let databaseUrl = host.DATABASE_URL;
if (!databaseUrl) {
  log('Starting embedded PostgreSQL…');
  postgres = await startEmbeddedPostgres(dataRoot, Number(host.EMBEDDED_POSTGRES_PORT ?? 54329), log);
  databaseUrl = postgres.url;
}

let sqs: { address: string; stop(): Promise<void> } | undefined;
let sqsEndpoint = host.SQS_ENDPOINT;
if (!sqsEndpoint) {
  await mkdir(path.join(dataRoot, 'sqs'), { recursive: true });
  sqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false, dataDir: path.join(dataRoot, 'sqs') });
  sqsEndpoint = sqs.address;
}

const stopInfra = async () => {
  if (sqs) await withDeadline(sqs.stop(), 5_000, 'stopping SQS').catch(() => {});
  if (postgres) await withDeadline(postgres.stop(), 15_000, 'stopping PostgreSQL').catch((e: unknown) => log(String(e)));
  await releasePidFile(path.join(dataRoot, 'paygraph.pid'));
};

// The web console (web/) is served on its own port and calls the gateway from the browser: the gateway allows its origin.
const consoleHost = host.HOST ?? '127.0.0.1';
const consolePort = Number(host.CONSOLE_PORT ?? 4100);
const consoleOrigins = [`http://localhost:${consolePort}`, `http://127.0.0.1:${consolePort}`];
let webConsole: RunningConsole | undefined;

let stack;
try {
  await ensureConsoleBuilt(log);
  stack = await startStack({
    env: {
      ...secrets,
      ...host,
      DATABASE_URL: databaseUrl,
      SQS_ENDPOINT: sqsEndpoint,
      LOG_LEVEL: host.LOG_LEVEL ?? 'warn',
      // A developer's webhook receiver runs on this machine (docs/partners.md §7): loopback targets are allowed here.
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: host.WEBHOOKS_ALLOW_PRIVATE_TARGETS ?? 'true',
      CORS_ORIGINS: [host.CORS_ORIGINS, ...consoleOrigins].filter(Boolean).join(','),
    },
    ports: 'fixed',
  });
  const gatewayUrl = stack.gatewayUrl;
  webConsole = await startConsoleServer({ distDir: DIST_DIR, graphqlUrl: () => gatewayUrl, port: consolePort, host: consoleHost });
  if (seed) {
    const seeded = await seedDemo(gatewayUrl, root, log);
    log(seeded.created.length > 0 ? `Seeded demo users: ${seeded.created.join(', ')}` : 'Demo users already seeded');
  }
} catch (error) {
  await webConsole?.stop();
  await stack?.stop().catch(() => {});
  log(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopInfra();
  process.exit(1);
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(`\nPaygraph is up in ${seconds}s\n\n  Web console:    ${webConsole!.url}\n  GraphQL (HTTP): ${stack.gatewayUrl}\n`);
for (const svc of Object.values(stack.services)) process.stdout.write(`  ${svc.name.padEnd(14)} ${svc.url}\n`);
if (seed) process.stdout.write(`\n  Demo logins: ${DEMO_USERS.map((u) => u.email).join(', ')} (password "${DEMO_PASSWORD}")\n`);
process.stdout.write(`\n  Data: ${dataRoot}   Stop: Ctrl-C\n\n`);
if (!host.REDIS_URL) {
  // The in-process pub/sub carries every live notification to the gateway's subscribers; the developer sees them here
  // too (subscribe yourself: `npm run listen -- <email>`, or Sandbox with connectionParams).
  process.stdout.write('  Live notifications appear below as they are published to subscribers.\n\n');
  tapMemoryBus((_channel, raw) => {
    const m = JSON.parse(raw) as RealtimeMessage;
    if (m.field !== 'notificationReceived') return;
    const d = m.data as { kind: string; title: string; body: string };
    process.stdout.write(`  [live] ${new Date().toISOString().slice(11, 19)} ${m.userId} ${d.kind}: ${d.title} — ${d.body}\n`);
  });
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // embedded-postgres installs its own exit hook that stops PostgreSQL at once on a signal, under services still
  // draining; the order here is ours: services first, then the queue, then the database.
  process.removeAllListeners(signal);
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log('Stopping…');
    withDeadline(Promise.all([webConsole?.stop(), stack.stop()]), 30_000, 'stopping the services')
      .catch((e: unknown) => log(String(e)))
      .then(stopInfra)
      .then(() => process.exit(0), (err: unknown) => {
        log(`Stop failed: ${String(err)}`);
        process.exit(1);
      });
  });
}
