import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { print } from 'graphql';
import { postGraphQL } from '@paygraph/platform/testing';
import { startEmbeddedPostgres } from '@paygraph/stack/embedded-postgres';
import { alive } from '@paygraph/stack/pid-file';
import net from 'node:net';
import { operation, registerUser, type TestStack } from '../support/stack.js';
import { fund } from '../support/money.js';

/**
 * The README's quick start as a user runs it: `npm start` on embedded defaults (its own PostgreSQL from npm, SQS
 * in-process, pub/sub in memory), a payment through the graph, then Ctrl-C (SIGINT to the process group) right after
 * it. The stop must be clean and in dependency order: every outbox relay makes its final flush before PostgreSQL
 * stops, so nothing a service committed is left unrelayed, and the process exits 0.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const SERVICES = ['users', 'accounts', 'payments', 'transactions', 'wallets', 'fraud', 'notifications', 'audit'];
let dataDir: string;
let child: ChildProcess | undefined;
let output = '';
let pgPort: number;

/**
 * A port below Linux's ephemeral range (32768+), where the OS hands out ports to other programs' connections and
 * `listen(0)`: the embedded PostgreSQL takes seconds to initialise, long enough for a port picked there to be taken.
 */
async function quietPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'paygraph-quick-start-'));
  await chmod(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres OS user when this is root
  pgPort = await quietPort();
});

afterAll(async () => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
  // A failed run may leave its PostgreSQL (a process group of its own) behind: stop it before removing its data.
  const postmaster = path.join(dataDir, 'postgres', 'postmaster.pid');
  const pid = existsSync(postmaster) ? Number((await readFile(postmaster, 'utf8')).split('\n')[0]) : 0;
  if (pid > 0 && alive(pid)) process.kill(pid, 'SIGQUIT');
  await rm(dataDir, { recursive: true, force: true }).catch(() => {});
}, 30_000);

describe('when a user runs npm start, pays someone and presses Ctrl-C', () => {
  it('then the graph answers, the stop is clean and every committed event was relayed before PostgreSQL stopped', async () => {
    const ports: Record<string, string> = { GATEWAY_PORT: String(await quietPort()), CONSOLE_PORT: String(await quietPort()) };
    for (const name of SERVICES) ports[`${name.toUpperCase()}_PORT`] = String(await quietPort());
    const env: Record<string, string | undefined> = { ...process.env, ...ports, PAYGRAPH_DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(pgPort) };
    // Only what npm start itself defaults to: no test database, Redis or SQS endpoint of the suite leaks in.
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'SQS_ENDPOINT', 'TEST_DATABASE_URL', 'TEST_REDIS_URL', 'PAYGRAPH_TEST_SQS_ENDPOINT', 'NODE_OPTIONS']) delete env[name];
    child = spawn('npm', ['start'], { cwd: root, env: env as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));

    const deadline = Date.now() + 120_000;
    while (!/Paygraph is up/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // The Node process npm runs (npm itself goes at once on Ctrl-C; what matters is how Node stops).
    const pidFile = path.join(dataDir, 'paygraph.pid');
    const node = Number(await readFile(pidFile, 'utf8'));
    const gatewayUrl = /GraphQL \(HTTP\): (\S+)/.exec(output)![1]!;
    const gql: TestStack['gql'] = (query, variables = {}, token, headers = {}) =>
      postGraphQL(gatewayUrl, query, variables, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
    const t = {
      gql,
      op: (file: string, name: string, variables?: Record<string, unknown>, token?: string) => gql(operation(file, name), variables, token),
      run: (document: Parameters<TestStack['run']>[0], variables: Record<string, unknown>, token?: string) => gql(print(document), variables, token),
    } as unknown as TestStack;

    const payer = await registerUser(t, 'Quick Payer');
    const payee = await registerUser(t, 'Quick Payee');
    await fund(t, payer.accessToken, '10.00', 'USD');
    const sent = await t.op('money.graphql', 'SendMoney', {
      input: { recipientEmail: payee.email, amount: { amount: '2.50', currency: 'USD' }, idempotencyKey: randomUUID() },
    }, payer.accessToken);
    expect(sent.data?.sendMoney?.payment?.status).toBe('COMPLETED');

    // Ctrl-C reaches every process of the terminal's group: npm, its shell and Node.
    process.kill(-child.pid!, 'SIGINT');
    const stopDeadline = Date.now() + 60_000;
    while (alive(node) && Date.now() < stopDeadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(node)).toBe(false);
    // Node is gone, but what it printed last may still be in the pipe: read stdout and stderr to their ends.
    await Promise.all([child!.stdout!, child!.stderr!].map((stream) => drained(stream, 10_000)));
    // The pid file goes last, after PostgreSQL stopped: its absence says the whole stop ran to its end.
    expect(existsSync(pidFile)).toBe(false);
    // Nothing failed while stopping: no service lost its database or queue under it.
    expect(output.slice(output.indexOf('Stopping…'))).not.toMatch(/"level":"(warn|error)"|ECONNREFUSED|Stop failed/);
    expect(output).toContain('PostgreSQL stopped');

    const postgres = await startEmbeddedPostgres(dataDir, pgPort, () => {});
    try {
      const left: Record<string, number> = {};
      for (const name of SERVICES) {
        const client = new pg.Client({ connectionString: postgres.url.replace(/\/postgres$/, `/paygraph_${name}`) });
        await client.connect();
        try {
          const { rows } = await client.query<{ n: string }>(`select count(*) as n from outbox where published_at is null`);
          left[name] = Number(rows[0]!.n);
        } finally {
          await client.end();
        }
      }
      expect(left).toEqual(Object.fromEntries(SERVICES.map((name) => [name, 0])));
    } finally {
      await postgres.stop();
    }
  }, 240_000);
});

/** Resolves once the stream has ended (every writer of the pipe exited and its data was read), or after `ms`. */
function drained(stream: NodeJS.ReadableStream & { destroyed?: boolean; readableEnded?: boolean }, ms: number): Promise<void> {
  if (stream.destroyed || stream.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    stream.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
