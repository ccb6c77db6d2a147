/**
 * `/_readiness` of a real subgraph (audit, the smallest) whose PostgreSQL sits behind a loopback TCP proxy that the
 * test closes and reopens: the probe must follow the database both ways, not just report start-up once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import type { RunningService } from '@paygraph/platform/server';
import { parseConfig } from '@paygraph/platform/config';
import { dropTestDatabases, testEnv } from '@paygraph/platform/testing';
import { auditConfigSchema } from '../subgraphs/audit/src/config.js';
import { start } from '../subgraphs/audit/src/server.js';

/** Forwards 127.0.0.1:<port> to the real database until closed; reopens on the same port. */
class ToggleProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Refuses new connections and cuts the open ones, as a database that went away. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const env = testEnv({ AUDIT_PORT: '0', SQS_WAIT_TIME_SECONDS: '1' });
const realDb = new URL(env.DATABASE_URL!);
const proxy = new ToggleProxy({ host: realDb.hostname, port: Number(realDb.port || 5432) });
let service: RunningService;

const readiness = async () => {
  const res = await fetch(service.url.replace('/graphql', '/_readiness'));
  return { status: res.status, body: (await res.json()) as { status: string; failing?: Record<string, string> } };
};

async function waitForStatus(status: number, withinMs: number) {
  const started = Date.now();
  for (;;) {
    const r = await readiness();
    if (r.status === status) return { ...r, afterMs: Date.now() - started };
    if (Date.now() - started > withinMs) throw new Error(`readiness still ${r.status} after ${withinMs} ms: ${JSON.stringify(r.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  await proxy.open();
  const viaProxy = new URL(realDb);
  viaProxy.port = String(proxy.port);
  service = await start(parseConfig(auditConfigSchema, { ...env, DATABASE_URL: viaProxy.toString() }));
});

afterAll(async () => {
  await proxy.open();
  await service?.stop();
  await proxy.close();
  await dropTestDatabases(env);
});

describe('/_readiness', () => {
  it('when PostgreSQL becomes unreachable, then it turns 503 within 5 s naming the database, and 200 again once it is back', async () => {
    expect((await readiness()).status).toBe(200);

    await proxy.close();
    const down = await waitForStatus(503, 5_000);
    expect(down.body.status).toBe('unavailable');
    expect(Object.keys(down.body.failing ?? {})).toEqual(['database']);
    expect(down.afterMs).toBeLessThan(5_000);

    await proxy.open();
    const up = await waitForStatus(200, 5_000);
    expect(up.body.status).toBe('ready');
  });
});
