import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import { dropTestDatabases, postGraphQL, testEnv } from '@paygraph/platform/testing';
import type { Env } from '@paygraph/platform/config';
import { operation, registerUser, type TestStack } from './support/stack.js';
import { cardFor } from './support/money.js';
import { startFakeAgent, type AgentSpan, type FakeAgent } from './support/datadog-agent.js';

/**
 * Observability of one payment, end to end, with the real dd-trace: the whole graph runs in a child process started
 * as `npm start` starts it (`--import dd-trace/initialize.mjs`), sending its spans to a DataDog agent's trace API and
 * its metrics to DogStatsD, both faked on loopback (test/support/datadog-agent.ts). One sendMoney through the gateway
 * must be one trace from the gateway's request, through payments, fraud and wallets, the outbox relay and SQS, to
 * the notifications and audit consumers; every log line inside a request or a consumer names its trace and span;
 * `/metrics` and DogStatsD show the payment.
 */
const root = path.resolve(import.meta.dirname, '..');

let agent: FakeAgent;
let env: Env;
let child: ChildProcess;
let output = '';
let ports: Record<string, number>;
let t: TestStack;

beforeAll(async () => {
  agent = await startFakeAgent();
  env = testEnv({
    PASSWORD_SCRYPT_LOG_N: '12',
    SQS_WAIT_TIME_SECONDS: '1',
    REGISTER_MAX_PER_IP: '10000',
    LOGIN_MAX_PER_IP: '10000',
    CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
    // Every line, so that the log assertions see the consumers' and the relay's too.
    LOG_LEVEL: 'debug',
    METRICS_DOGSTATSD_ENABLED: 'true',
    DD_DOGSTATSD_HOST: '127.0.0.1',
    DD_DOGSTATSD_PORT: String(agent.statsdPort),
    METRICS_FLUSH_INTERVAL_MS: '250',
    DD_ENV: 'test',
  });
  child = spawn(process.execPath, ['--import', 'dd-trace/initialize.mjs', '--import', 'tsx', path.join('test', 'support', 'traced-stack.ts')], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      DD_TRACE_AGENT_URL: agent.url,
      DD_TRACE_FLUSH_INTERVAL: '100',
      DD_SERVICE: 'paygraph',
      DD_TRACE_STARTUP_LOGS: 'false',
      DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
      DD_REMOTE_CONFIGURATION_ENABLED: 'false',
      DD_TRACE_STATS_COMPUTATION_ENABLED: 'false',
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d) => (output += String(d)));
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the traced stack did not start:\n${output.slice(-4000)}`)), 200_000);
    child.stdout!.on('data', (d) => {
      output += String(d);
      const line = /^READY (.*)$/m.exec(output);
      if (line) {
        clearTimeout(timer);
        resolve(line[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`the traced stack exited with ${code}:\n${output.slice(-4000)}`)));
  });
  const [gatewayUrl, portsJson] = ready.split(' ');
  ports = JSON.parse(portsJson!) as Record<string, number>;
  const gql: TestStack['gql'] = (query, variables = {}, token, headers = {}) =>
    postGraphQL(gatewayUrl!, query, variables, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
  t = {
    env,
    gql,
    op: (file: string, name: string, variables?: Record<string, unknown>, token?: string) => gql(operation(file, name), variables, token),
    run: (document: Parameters<typeof print>[0], variables: Record<string, unknown>, token?: string) => gql(print(document), variables, token),
  } as unknown as TestStack;
}, 240_000);

afterAll(async () => {
  if (process.env.OBSERVABILITY_TEST_OUTPUT) (await import('node:fs')).writeFileSync(process.env.OBSERVABILITY_TEST_OUTPUT, output);
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  await agent?.close();
  if (env) await dropTestDatabases(env);
});

/** The 64-bit trace id the agent API carries, from a log line's trace id (128-bit hex, or 64-bit decimal). */
const lower64 = (id: string) => (/^[0-9a-f]{32}$/.test(id) ? (BigInt(`0x${id}`) & 0xffffffffffffffffn).toString() : id);

/** Adds funds from a test card and waits for the saga to complete them (the await window may be shorter). */
async function fund(token: string, amount: string): Promise<void> {
  const card = await cardFor(t, token, '4242424242424242');
  const res = await t.op('money.graphql', 'AddFunds', {
    input: { fundingInstrumentId: card, amount: { amount, currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
  }, token);
  const id = res.data?.addFunds?.payment?.id as string | undefined;
  if (!id) throw new Error(`addFunds failed: ${JSON.stringify(res)}`);
  for (const deadline = Date.now() + 30_000; ; ) {
    const payment = await t.op('money.graphql', 'Payment', { id }, token);
    if (payment.data?.payment?.status === 'COMPLETED') return;
    if (Date.now() > deadline) throw new Error(`addFunds did not complete: ${JSON.stringify(payment)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Paid {
  alice: Awaited<ReturnType<typeof registerUser>>;
  bob: Awaited<ReturnType<typeof registerUser>>;
  paymentId: string;
  traceId: string;
  spans: AgentSpan[];
}
let paid: Paid | undefined;

/** One P2P payment through the gateway, and every span of its trace once the audit and notifications consumers handled it. */
async function payOnce(): Promise<Paid> {
  if (paid) return paid;
  const alice = await registerUser(t, 'Alice Traced');
  const bob = await registerUser(t, 'Bob Traced');
  await fund(alice.accessToken, '50.00');
  const sent = await t.op('money.graphql', 'SendMoney', {
    input: { recipientEmail: bob.email, amount: { amount: '7.25', currency: 'USD' }, note: 'traced', idempotencyKey: randomUUID(), awaitCompletion: true },
  }, alice.accessToken);
  expect(sent.data.sendMoney.userErrors).toEqual([]);
  expect(sent.data.sendMoney.payment.status).toBe('COMPLETED');
  const paymentId = sent.data.sendMoney.payment.id as string;

  const consumedBy = (consumer: string) => (s: AgentSpan) =>
    s.name === 'paygraph.event.consume' && s.meta['event.consumer'] === consumer && s.meta['event.type'] === 'PaymentSettled';
  await agent.waitFor((spans) => spans.some(consumedBy('audit')) && spans.some(consumedBy('notifications')), 30_000, 'the consumers\' spans of PaymentSettled');
  const traceId = agent.spans.find(consumedBy('audit'))!.trace_id;
  // The trace's other spans are flushed by then or within a few flush intervals.
  await new Promise((r) => setTimeout(r, 500));
  paid = { alice, bob, paymentId, traceId, spans: agent.spans.filter((s) => s.trace_id === traceId) };
  return paid;
}

describe('when a user sends money through the gateway', () => {
  it('then one trace runs from the gateway through payments, fraud and wallets, the outbox and SQS, to the notifications and audit consumers', async () => {
    const { traceId, spans } = await payOnce();
    const services = new Set(spans.map((s) => s.service));
    expect([...services]).toEqual(expect.arrayContaining(['gateway', 'payments', 'fraud', 'wallets', 'notifications', 'audit', 'transactions']));

    // It starts at the gateway's request: the one root span of the trace is the gateway's HTTP server span.
    const roots = spans.filter((s) => s.parent_id === '0');
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ service: 'gateway', trace_id: traceId });
    expect(roots[0]!.meta['span.kind']).toBe('server');

    // Every span hangs off another span of the same trace: no broken link between the steps.
    const ids = new Set(spans.map((s) => s.span_id));
    expect(spans.filter((s) => s.parent_id !== '0' && !ids.has(s.parent_id)).map((s) => `${s.service}/${s.name}`)).toEqual([]);

    // The payments request, its SQL, the relay's publish with its SQS calls, and both consumers' handling.
    expect(spans.some((s) => s.service === 'payments' && s.meta['span.kind'] === 'server')).toBe(true);
    expect(spans.some((s) => s.name === 'pg.query')).toBe(true);
    expect(spans.some((s) => s.name === 'paygraph.outbox.publish' && s.meta['event.type'] === 'PaymentSettled' && s.service === 'payments')).toBe(true);
    expect(spans.some((s) => s.name === 'aws.request' && /sqs/i.test(s.meta['aws_service'] ?? s.meta['aws.service'] ?? s.resource))).toBe(true);
    for (const consumer of ['notifications', 'audit']) {
      const consumed = spans.find((s) => s.name === 'paygraph.event.consume' && s.meta['event.consumer'] === consumer && s.meta['event.type'] === 'PaymentSettled');
      expect(consumed).toMatchObject({ service: consumer, error: 0 });
    }
  });

  it('then every log line inside a request or a consumer names its trace and span', async () => {
    const { traceId } = await payOnce();
    // A line logged inside a request: reusing a rotated refresh token makes users warn (and revoke the session).
    const carol = await registerUser(t, 'Carol Logged');
    const refreshed = await t.op('identity.graphql', 'RefreshSession', { input: { refreshToken: carol.refreshToken } });
    expect(refreshed.data.refreshSession.accessToken).toBeTruthy();
    await t.op('identity.graphql', 'RefreshSession', { input: { refreshToken: carol.refreshToken } });
    await new Promise((r) => setTimeout(r, 300));
    const raw = output.split('\n').filter((l) => l.startsWith('{'));
    // One `dd` object per line: the logger's own, not also dd-trace's pino injection with the process's service.
    expect(raw.filter((l) => l.split('"dd":').length > 2)).toEqual([]);
    const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown> & { dd?: Record<string, string> });
    // Inside a request: the lines with a request id; inside a consumer: the lines about a consumed event.
    const inRequest = lines.filter((l) => typeof l.requestId === 'string');
    const inConsumer = lines.filter((l) => typeof l.consumer === 'string' && (typeof l.eventId === 'string' || typeof l.events === 'number'));
    expect(inRequest.length).toBeGreaterThan(0);
    expect(inConsumer.length).toBeGreaterThan(0);
    const untraced = [...inRequest, ...inConsumer].filter((l) => !/^[0-9a-f]{32}$|^\d+$/.test(String(l.dd?.trace_id)) || !/^\d+$/.test(String(l.dd?.span_id)));
    expect(untraced.map((l) => `${l.service}: ${l.msg}`)).toEqual([]);
    // Named after the service that logged, with the environment and version, for DataDog's log ↔ trace link.
    for (const line of [...inRequest, ...inConsumer]) expect(line.dd).toMatchObject({ service: line.service, env: 'test', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    // The request's line names the users span that served it, in the trace the gateway started.
    const reuse = inRequest.find((l) => l.msg === 'refresh token reuse: session revoked');
    expect(reuse).toMatchObject({ service: 'users' });
    await agent.waitFor((spans) => spans.some((s) => s.span_id === reuse!.dd!.span_id), 10_000, 'the span of the logged request');
    const span = agent.spans.find((s) => s.span_id === reuse!.dd!.span_id)!;
    expect(span).toMatchObject({ service: 'users', trace_id: lower64(reuse!.dd!.trace_id!) });
    const root = agent.spans.find((s) => s.trace_id === span.trace_id && s.parent_id === '0');
    expect(root?.service).toBe('gateway');
    // The consumers' lines about this payment's event are in its trace.
    const ofPayment = inConsumer.filter((l) => lower64(l.dd!.trace_id!) === traceId).map((l) => l.consumer);
    expect(ofPayment).toEqual(expect.arrayContaining(['audit', 'notifications']));
  });

  it('then /metrics on each service and DogStatsD show the payment, the ledger, the decision and the backbone', async () => {
    await payOnce();
    const scrape = async (service: string) => {
      const res = await fetch(`http://127.0.0.1:${ports[service]}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text();
    };
    const value = (text: string, series: RegExp) => {
      const line = text.split('\n').find((l) => series.test(l));
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
    };
    const payments = await scrape('payments');
    expect(value(payments, /^paygraph_payments_total\{service="payments",kind="P2P",status="COMPLETED",failure_reason=""\} /)).toBeGreaterThanOrEqual(1);
    expect(value(payments, /^paygraph_payments_duration_count\{service="payments",kind="P2P",status="COMPLETED"\} /)).toBeGreaterThanOrEqual(1);
    expect(value(payments, /^paygraph_outbox_lag_count\{service="payments",type="PaymentSettled"\} /)).toBeGreaterThanOrEqual(1);
    expect(value(payments, /^paygraph_outbox_pending\{service="payments"\} /)).toBeGreaterThanOrEqual(0);
    expect(payments).not.toMatch(/service="wallets"/);

    const wallets = await scrape('wallets');
    expect(value(wallets, /^paygraph_ledger_journal_entries_total\{service="wallets",kind="P2P"\} /)).toBeGreaterThanOrEqual(1);
    expect(value(wallets, /^paygraph_ledger_postings_total\{service="wallets",kind="P2P",currency="USD"\} /)).toBeGreaterThanOrEqual(2);

    const fraud = await scrape('fraud');
    expect(value(fraud, /^paygraph_fraud_decisions_total\{service="fraud",decision="APPROVE",kind="P2P"\} /)).toBeGreaterThanOrEqual(1);

    const audit = await scrape('audit');
    expect(value(audit, /^paygraph_events_consumed_total\{service="audit",type="PaymentSettled",outcome="handled"\} /)).toBe(1);
    expect(value(audit, /^paygraph_dlq_size\{service="audit"\} /)).toBe(0);
    expect(value(audit, /^paygraph_queue_depth\{service="audit"\} /)).toBeGreaterThanOrEqual(0);

    const gateway = await scrape('gateway');
    expect(value(gateway, /^paygraph_subscriptions_connections\{service="gateway"\} /)).toBe(0);

    // DogStatsD: the same counters, tagged with the service, env and version, within a few flush intervals.
    const statsdHas = (re: RegExp) => agent.statsd.some((l) => re.test(l));
    const deadline = Date.now() + 10_000;
    while (!statsdHas(/^paygraph\.payments:1\|c\|#.*\bservice:payments\b/) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const payment = agent.statsd.find((l) => /^paygraph\.payments:\d+\|c\|/.test(l) && /status:COMPLETED/.test(l) && /kind:P2P/.test(l));
    expect(payment).toBeDefined();
    expect(payment).toMatch(/#(.*,)?env:test\b/);
    expect(payment).toMatch(/\bversion:\d+\.\d+\.\d+/);
    expect(statsdHas(/^paygraph\.payments\.duration:[\d.:]+\|d\|#.*service:payments/)).toBe(true);
    expect(statsdHas(/^paygraph\.ledger\.postings:\d+\|c\|#.*service:wallets/)).toBe(true);
    expect(statsdHas(/^paygraph\.dlq\.size:0\|g\|#.*service:audit/)).toBe(true);
  });

  it('then a payment between wallets that exist (the one-statement transfer) counts one journal entry and two postings', async () => {
    const { alice, bob } = await payOnce();
    const series = async () => {
      const text = await (await fetch(`http://127.0.0.1:${ports.wallets}/metrics`)).text();
      const read = (re: RegExp) => Number(text.split('\n').find((l) => re.test(l))?.split(' ').pop() ?? 0);
      return {
        entries: read(/^paygraph_ledger_journal_entries_total\{service="wallets",kind="P2P"\} /),
        postings: read(/^paygraph_ledger_postings_total\{service="wallets",kind="P2P",currency="USD"\} /),
      };
    };
    const before = await series();
    // Both have a USD wallet now (the first payment opened Bob's): wallets answers on its one-statement path.
    const sent = await t.op('money.graphql', 'SendMoney', {
      input: { recipientEmail: bob.email, amount: { amount: '1.10', currency: 'USD' }, idempotencyKey: randomUUID() },
    }, alice.accessToken);
    expect(sent.data.sendMoney.payment.status).toBe('COMPLETED');
    expect(await series()).toEqual({ entries: before.entries + 1, postings: before.postings + 2 });
  });
});
