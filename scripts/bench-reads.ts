/**
 * `npm run bench:reads`: what a plain read costs through the gateway, before any business work.
 *
 * Starts the whole stack in this process (as bench:payments does), signs one funded user in, then drives
 * `{ me { id displayName } }` (one subgraph fetch) and the balance query (users → wallets) at concurrency 1, 10
 * and 50 for BENCH_SECONDS (5) each. Prints requests/s, p50/p95/p99 and this process's CPU per request
 * (process.cpuUsage: gateway, subgraphs and driver together; PostgreSQL is not counted). Bounded: it stops by itself.
 *   BENCH_SECONDS (5) BENCH_CONCURRENCY (1,10,50) BENCH_QUERIES (me,balance)
 */
import { randomUUID } from 'node:crypto';
import { startFauxqs } from 'fauxqs';
import { readEnv } from '@paygraph/platform/config';
import { benchEnv } from './lib/bench-env.js';
import { dropTestDatabases, postGraphQL } from '@paygraph/platform/testing';
import { startStack } from '@paygraph/stack';

const host = readEnv();
const SECONDS = Number(host.BENCH_SECONDS ?? 5);
const LEVELS = (host.BENCH_CONCURRENCY ?? '1,10,50').split(',').map(Number);
const env = benchEnv(host, { RATE_LIMIT_PER_MINUTE: '100000000' });
const serverUrl = env.DATABASE_URL!;
const tag = env.DATABASE_PREFIX!.slice(1, -1);

const QUERIES: Record<string, string> = {
  me: '{ me { id displayName } }',
  balance: '{ me { wallets { id balance { amount currency } available { amount currency } } } }',
};
const selected = (host.BENCH_QUERIES ?? 'me,balance').split(',').filter((q) => q in QUERIES);

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const sqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
env.SQS_ENDPOINT = sqs.address;
log(`starting the stack (database prefix ${env.DATABASE_PREFIX})…`);
const stack = await startStack({ env, ports: 'random' });
const gql = (query: string, variables: Record<string, unknown>, token?: string) =>
  postGraphQL<any>(stack.gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {});

try {
  log('seeding one funded user…');
  const reg = await gql(
    `mutation($input: RegisterInput!) { register(input: $input) { user { id } accessToken } }`,
    { input: { email: `reads.${tag}@example.test`, password: 'correct horse battery staple', displayName: 'Reads Bench' } },
  );
  const token = reg.data.register.accessToken as string;
  await gql(`mutation($input: SubmitKycInput!) { submitKyc(input: $input) { kyc { status } } }`, {
    input: { legalName: 'Reads Bench', dateOfBirth: '1990-01-01', country: 'GB', addressLine1: '1 Bench St', city: 'London', postalCode: 'N1', documentNumber: 'D1000' },
  }, token);
  const card = await gql(`mutation($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } } }`, {
    input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
  }, token);
  const add = await gql(`mutation($input: AddFundsInput!) { addFunds(input: $input) { payment { status } } }`, {
    input: { fundingInstrumentId: card.data.linkCard.fundingInstrument.id, amount: { amount: '100.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
  }, token);
  if (add.data?.addFunds?.payment?.status !== 'COMPLETED') throw new Error(`seeding failed: ${JSON.stringify(add)}`);

  const lines: string[] = [];
  for (const name of selected) {
    const query = QUERIES[name]!;
    // Warm-up: the query plan cache, JIT, pools and the keep-alive sockets are not what is measured.
    for (let i = 0; i < 50; i++) await check(await gql(query, {}, token));
    for (const concurrency of LEVELS) {
      const latencies: number[] = [];
      let failures = 0;
      const deadline = Date.now() + SECONDS * 1000;
      const worker = async () => {
        while (Date.now() < deadline) {
          const started = performance.now();
          const res = await gql(query, {}, token);
          if (res.errors || !res.data?.me) failures++;
          else latencies.push(performance.now() - started);
        }
      };
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(Array.from({ length: concurrency }, worker));
      const elapsed = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
      const n = latencies.length + failures;
      const line =
        `${name.padEnd(8)} c=${String(concurrency).padEnd(3)} ${(latencies.length / elapsed).toFixed(0).padStart(5)} req/s` +
        `  p50 ${pct(50).toFixed(1)} ms  p95 ${pct(95).toFixed(1)} ms  p99 ${pct(99).toFixed(1)} ms` +
        `  CPU/req ${((cpu.user + cpu.system) / 1000 / Math.max(1, n)).toFixed(2)} ms${failures ? `  FAILURES ${failures}` : ''}`;
      log(line);
      lines.push(line);
    }
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
} finally {
  await stack.stop();
  await sqs.stop();
  await dropTestDatabases(env);
}

async function check(res: any): Promise<void> {
  if (res.errors || !res.data?.me) throw new Error(`query failed: ${JSON.stringify(res)}`);
}
