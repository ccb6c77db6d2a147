/**
 * `npm run bench:gateway`: Paygraph's gateway beside stock @apollo/gateway and Hive Gateway on a replica of The Guild's
 * federation benchmark, then the authenticated one-subgraph read on Paygraph's own supergraph.
 *
 * Part 1 (scripts/lib/bench-gateway-subgraphs.ts): the four static subgraphs in one process, each gateway in its own
 * process on the same subgraphs, the driver here. Every gateway must answer The Guild's nested query with the same
 * `data` (≥ 70 KB) before anything is measured. Then, alternating A/B/C/A/B/C (BENCH_ROUNDS rounds), each gateway
 * is driven at BENCH_CONNECTIONS keep-alive connections for BENCH_SECONDS. Paygraph's gateway runs as deployed
 * (production mode, an EdDSA access token verified per request, rate limiting, identity signing); the others are
 * bare. Printed per gateway: requests/s, p50/p99 and the gateway process's CPU per request (/proc), and the ratios.
 *
 * Part 2 (BENCH_ME=0 skips it): `{ me { id displayName } }` as a signed-in user on the real supergraph (every
 * subgraph in this process on PostgreSQL, the gateway in its own process), Paygraph's executor and the stock one
 * alternated, the gateway process's CPU per request.
 *
 * Loopback only, bounded (every phase has a deadline; children exit when this process goes), never part of npm test.
 *   BENCH_SECONDS (15) BENCH_CONNECTIONS (50) BENCH_ROUNDS (2) BENCH_GATEWAYS (paygraph,apollo,hive; add
 *   paygraph-stock for Paygraph's gateway on the stock executor) BENCH_ME (1) BENCH_ME_SECONDS (10)
 *   BENCH_ME_CONNECTIONS (10) BENCH_PROFILE (a gateway name: that process runs with --cpu-prof into BENCH_PROFILE_DIR)
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { BENCH_QUERY, composeBenchSupergraph } from './lib/bench-gateway-subgraphs.js';

const root = path.resolve(import.meta.dirname, '..');
const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 2);
const GATEWAYS = (env.BENCH_GATEWAYS ?? 'paygraph,apollo,hive').split(',').map((s) => s.trim()).filter(Boolean);
const ME = env.BENCH_ME !== '0';
const ME_SECONDS = Number(env.BENCH_ME_SECONDS ?? 10);
const ME_CONNECTIONS = Number(env.BENCH_ME_CONNECTIONS ?? 10);
const MIN_RESPONSE_BYTES = 70_000;
const CLK_TCK = 100;
const INTERNAL_AUTH_SECRET = 'bench-internal-secret-0123456789-abcdefghijklmnop';

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const children: Child[] = [];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-gateway-'));

interface Child {
  name: string;
  process: ChildProcess;
  info: Record<string, unknown>;
}

/** Starts scripts/lib/bench-gateway-child.ts `kind`; resolves with its READY line. */
async function child(name: string, kind: string, childEnv: Record<string, string | undefined>): Promise<Child> {
  const profile = env.BENCH_PROFILE === name ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_PROFILE_DIR ?? path.join(os.tmpdir(), 'bench-gateway-profiles')}`] : [];
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...env, ...childEnv })) if (v !== undefined) merged[k] = v;
  const proc = spawn(process.execPath, [...profile, '--import', 'tsx', path.join('scripts', 'lib', 'bench-gateway-child.ts'), kind], {
    cwd: root,
    env: merged,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const c: Child = { name, process: proc, info: {} };
  children.push(c);
  let output = '';
  proc.stderr!.on('data', (d) => (output += String(d)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 90 s:\n${output}`)), 90_000);
    let buffered = '';
    proc.stdout!.on('data', (d) => {
      buffered += String(d);
      const line = buffered.split('\n').find((l) => l.startsWith('READY '));
      if (line) {
        clearTimeout(timer);
        c.info = JSON.parse(line.slice(6)) as Record<string, unknown>;
        resolve();
      }
    });
    proc.once('exit', (code) => reject(new Error(`${name} exited (${code}):\n${output}`)));
  });
  return c;
}

async function stopChildren(): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.process.exitCode !== null || c.process.signalCode !== null) return resolve();
          const timer = setTimeout(() => c.process.kill('SIGKILL'), 10_000);
          c.process.once('exit', () => (clearTimeout(timer), resolve()));
          c.process.stdin!.end();
        }),
    ),
  );
}

/** user + system CPU of a process so far, in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

interface Drive {
  requests: number;
  failures: number;
  seconds: number;
  latencies: number[];
  cpuMs: number;
  firstFailure?: string;
}

/** `connections` keep-alive loops POSTing `body` to `url` for `seconds`; a request fails unless 200 without "errors". */
async function drive(url: string, body: string, headers: Record<string, string>, connections: number, seconds: number, pid: number, minBytes: number): Promise<Drive> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const payload = Buffer.from(body);
  const errorsMarker = Buffer.from('"errors"');
  const result: Drive = { requests: 0, failures: 0, seconds: 0, latencies: [], cpuMs: 0 };
  const once = () =>
    new Promise<{ ok: boolean; detail?: string }>((resolve) => {
      const req = http.request(
        {
          agent,
          hostname: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': payload.length },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const all = Buffer.concat(chunks);
            const ok = res.statusCode === 200 && all.length >= minBytes && !all.includes(errorsMarker);
            resolve(ok ? { ok } : { ok, detail: `${res.statusCode} ${all.subarray(0, 300).toString()}` });
          });
          res.on('error', (e) => resolve({ ok: false, detail: String(e) }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => resolve({ ok: false, detail: String(e) }));
      req.end(payload);
    });
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const { ok, detail } = await once();
        result.requests++;
        if (ok) result.latencies.push(performance.now() - started);
        else {
          result.failures++;
          result.firstFailure ??= detail;
        }
      }
    }),
  );
  result.seconds = (performance.now() - t0) / 1000;
  result.cpuMs = cpuMs(pid) - cpu0;
  agent.destroy();
  return result;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  return { status: res.status, text: await res.text() };
}

function summarise(runs: Drive[]) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const ok = latencies.length;
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const cpu = runs.reduce((n, r) => n + r.cpuMs, 0);
  return { rps: ok / seconds, p50: pct(50), p99: pct(99), cpuPerRequest: cpu / Math.max(1, requests), failures: requests - ok, requests };
}

const line = (name: string, s: ReturnType<typeof summarise>) =>
  `${name.padEnd(15)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1).padStart(6)} ms  p99 ${s.p99.toFixed(1).padStart(6)} ms  CPU/req ${s.cpuPerRequest.toFixed(2)} ms` +
  `${s.failures ? `  FAILURES ${s.failures}` : ''}`;

async function usersStandIn(): Promise<{ jwksUrl: string; token: (userId: string) => Promise<string>; close: () => void }> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'bench', alg: 'EdDSA', use: 'sig' };
  // Plays users' two endpoints the gateway calls: the JWKS, and the revocation list (nothing revoked).
  const server = http.createServer((req, res) => {
    req.resume();
    const body = req.url?.startsWith('/_internal/revocations') ? { result: { now: Date.now(), sessions: [], roles: [] } } : { keys: [jwk] };
    res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const now = () => Math.floor(Date.now() / 1000);
  return {
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    token: (userId) =>
      new SignJWT({ roles: ['USER'], scopes: [] })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'bench' })
        .setSubject(userId)
        .setIssuer('https://paygraph.local/users')
        .setAudience('paygraph')
        .setIssuedAt(now())
        .setExpirationTime(now() + 900)
        .sign(pair.privateKey),
    close: () => server.close(),
  };
}

const output: string[] = [];
const print = (s: string) => {
  output.push(s);
  log(s);
};

async function guildScenario(): Promise<void> {
  log('starting the four subgraphs…');
  const subgraphs = await child('subgraphs', 'subgraphs', {});
  const urls = subgraphs.info.urls as Record<string, string>;
  const supergraphPath = path.join(tmp, 'supergraph.graphql');
  writeFileSync(supergraphPath, composeBenchSupergraph(urls));
  const auth = await usersStandIn();
  try {
    const token = await auth.token(`usr_${randomUUID().replace(/-/g, '')}`);
    const paygraphEnv = (executor: string) => ({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SUPERGRAPH_PATH: supergraphPath,
      SUBGRAPH_URLS: Object.entries(urls).map(([n, u]) => `${n}=${u}`).join(','),
      JWKS_URL: auth.jwksUrl,
      INTERNAL_AUTH_SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000000',
      REDIS_URL: undefined,
      DD_TRACE_ENABLED: 'false',
      GATEWAY_EXECUTOR: executor,
    });
    const gateways: Child[] = [];
    for (const name of GATEWAYS) {
      log(`starting ${name}…`);
      if (name === 'paygraph') gateways.push(await child(name, 'paygraph', paygraphEnv('paygraph')));
      else if (name === 'paygraph-stock') gateways.push(await child(name, 'paygraph', paygraphEnv('apollo')));
      else if (name === 'apollo' || name === 'hive') gateways.push(await child(name, name, { SUPERGRAPH_PATH: supergraphPath, NODE_ENV: 'production' }));
      else throw new Error(`unknown gateway ${name}`);
    }
    const body = JSON.stringify({ query: BENCH_QUERY, operationName: 'TestQuery' });
    const headers = { authorization: `Bearer ${token}` };

    // The same answer from every gateway, or nothing is compared.
    let reference: string | undefined;
    let bytes = 0;
    for (const g of gateways) {
      const res = await post(g.info.url as string, body, headers);
      const parsed = JSON.parse(res.text) as { data?: unknown; errors?: unknown };
      if (res.status !== 200 || parsed.errors) throw new Error(`${g.name} answered ${res.status}: ${res.text.slice(0, 500)}`);
      const data = JSON.stringify(parsed.data);
      if (reference === undefined) {
        reference = data;
        bytes = Buffer.byteLength(res.text);
      } else if (data !== reference) throw new Error(`${g.name} answered other data than ${gateways[0]!.name}`);
    }
    if (bytes < MIN_RESPONSE_BYTES) throw new Error(`the response is ${bytes} bytes, under ${MIN_RESPONSE_BYTES}`);
    print(`response: ${(bytes / 1024).toFixed(1)} KiB, the same data from ${gateways.map((g) => g.name).join(', ')}`);

    log('warming up (JIT, plan caches, pools): 3 s each…');
    for (const g of gateways) await drive(g.info.url as string, body, headers, CONNECTIONS, 3, g.process.pid!, MIN_RESPONSE_BYTES);

    const runs = new Map<string, Drive[]>(gateways.map((g) => [g.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const g of gateways) {
        const r = await drive(g.info.url as string, body, headers, CONNECTIONS, SECONDS, g.process.pid!, MIN_RESPONSE_BYTES);
        runs.get(g.name)!.push(r);
        log(`round ${round} ${line(g.name, summarise([r]))}${r.firstFailure ? `\n  first failure: ${r.firstFailure}` : ''}`);
      }
    }
    print(`The Guild's scenario: ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s per gateway, alternated`);
    const totals = new Map([...runs].map(([name, r]) => [name, summarise(r)]));
    for (const [name, s] of totals) print(line(name, s));
    const pg = totals.get('paygraph');
    for (const other of ['hive', 'apollo']) {
      const o = totals.get(other);
      if (pg && o) print(`paygraph/${other}: RPS ${(pg.rps / o.rps).toFixed(2)}×, p99 ${(pg.p99 / o.p99).toFixed(2)}×, CPU/req ${(pg.cpuPerRequest / o.cpuPerRequest).toFixed(2)}×`);
    }
  } finally {
    auth.close();
  }
}

async function meScenario(): Promise<void> {
  const { startFauxqs } = await import('fauxqs');
  const { readEnv } = await import('@paygraph/platform/config');
  const { benchEnv } = await import('./lib/bench-env.js');
  const { dropTestDatabases, postGraphQL } = await import('@paygraph/platform/testing');
  const { startStack } = await import('@paygraph/stack');
  const stackEnv = benchEnv(readEnv(), { RATE_LIMIT_PER_MINUTE: '1000000000' });
  const sqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  stackEnv.SQS_ENDPOINT = sqs.address;
  log('starting the stack for the me query…');
  const stack = await startStack({ env: stackEnv, ports: 'random' });
  try {
    const reg = await postGraphQL<any>(stack.gatewayUrl, 'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }', {
      input: { email: `gw.${randomUUID().slice(0, 8)}@example.test`, password: 'correct horse battery staple', displayName: 'Gateway Bench' },
    });
    const token = reg.data.register.accessToken as string;
    const usersUrl = stack.services.users!.url;
    const gatewayEnv = (executor: string) => ({
      ...stackEnv,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JWKS_URL: `${new URL(usersUrl).origin}/.well-known/jwks.json`,
      SUBGRAPH_URLS: Object.values(stack.services).map((s) => `${s.name}=${s.url}`).join(','),
      GATEWAY_EXECUTOR: executor,
      REDIS_URL: undefined,
    });
    const gateways = [await child('me-paygraph', 'paygraph', gatewayEnv('paygraph')), await child('me-stock-executor', 'paygraph', gatewayEnv('apollo'))];
    const body = JSON.stringify({ query: '{ me { id displayName } }' });
    const headers = { authorization: `Bearer ${token}` };
    for (const g of gateways) {
      const res = await post(g.info.url as string, body, headers);
      if (!res.text.includes('"displayName":"Gateway Bench"')) throw new Error(`${g.name}: ${res.text}`);
      await drive(g.info.url as string, body, headers, ME_CONNECTIONS, 2, g.process.pid!, 0);
    }
    const runs = new Map<string, Drive[]>(gateways.map((g) => [g.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const g of gateways) {
        const r = await drive(g.info.url as string, body, headers, ME_CONNECTIONS, ME_SECONDS, g.process.pid!, 0);
        runs.get(g.name)!.push(r);
        log(`round ${round} ${line(g.name, summarise([r]))}`);
      }
    }
    print(`{ me { id displayName } } signed in, real supergraph (every subgraph on PostgreSQL in the driver's process, the gateway in its own), ${ME_CONNECTIONS} connections, ${ROUNDS} × ${ME_SECONDS} s:`);
    for (const [name, r] of runs) print(line(name, summarise(r)));
  } finally {
    await stack.stop();
    await sqs.stop();
    await dropTestDatabases(stackEnv);
  }
}

const hardStop = setTimeout(() => {
  log('time limit reached, stopping');
  void stopChildren().then(() => process.exit(3));
}, (120 + ROUNDS * (GATEWAYS.length * (SECONDS + 5) + (ME ? 2 * (ME_SECONDS + 5) : 0)) + (ME ? 120 : 0)) * 1000);
hardStop.unref();

let failed = false;
try {
  print(`Machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start; Node ${process.version}`);
  await guildScenario();
  await stopChildren();
  children.length = 0;
  if (ME) await meScenario();
  print(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  process.stdout.write(`\n${output.join('\n')}\n`);
} catch (error) {
  failed = true;
  log(String((error as Error).stack ?? error));
} finally {
  await stopChildren();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
