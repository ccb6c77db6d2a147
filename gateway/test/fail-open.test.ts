import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { parseConfig } from '@paygraph/platform/config';
import { createLogger } from '@paygraph/platform/logger';
import { MemoryRealtimeBus } from '@paygraph/platform/realtime';
import { TEST_INTERNAL_SECRET } from '@paygraph/platform/testing';
import { gatewayConfigSchema } from '../src/config.js';
import { start, type RunningGateway } from '../src/server.js';

/**
 * The gateway's rate limits when Redis goes away (issue 13): the policy is fail open with a local limit. Redis is
 * reached through a TCP proxy the test cuts; the gateway must neither turn every request into an error nor stop
 * limiting.
 */
const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `t${randomBytes(4).toString('hex')}:rl`;
const bus = new MemoryRealtimeBus();
let gateway: RunningGateway;
let proxy: net.Server;
const sockets = new Set<net.Socket>();
let redis: Redis;
let proxyPort = 0;

function startProxy(port = 0): Promise<number> {
  proxy = net.createServer((client) => {
    const upstream = net.connect(Number(redisUrl.port || 6379), redisUrl.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => proxy.listen(port, '127.0.0.1', () => resolve((proxy.address() as AddressInfo).port)));
}

function cutProxy(): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => proxy.close(() => resolve()));
}

async function statusOf(): Promise<{ status: number; code?: string }> {
  const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code };
}

beforeAll(async () => {
  const port = (proxyPort = await startProxy());
  redis = new Redis(redisUrl.toString());
  const config = parseConfig(gatewayConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    GATEWAY_PORT: '0',
    HOST: '127.0.0.1',
    INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET,
    JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
    REDIS_URL: `redis://127.0.0.1:${port}`,
    RATE_LIMIT_PREFIX: prefix,
    RATE_LIMIT_PER_MINUTE: '5',
    RATE_LIMIT_REDIS_RETRY_MS: '300',
    WS_KEEPALIVE_MS: '0',
  });
  gateway = await start(config, createLogger('gateway', 'silent'), { bus });
  // Let the limiter's connection become ready.
  for (let i = 0; i < 50 && (await redis.ping()) !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200));
});

afterAll(async () => {
  await gateway?.stop();
  await bus.close();
  await cutProxy().catch(() => {});
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('when Redis stops answering the gateway\'s rate limiter', () => {
  it('then requests are still answered, and still limited, by a limit kept in the gateway process', async () => {
    const shared: number[] = [];
    for (let i = 0; i < 6; i++) shared.push((await statusOf()).status);
    expect(shared).toEqual([200, 200, 200, 200, 200, 429]);
    // The bucket lived in Redis.
    expect((await redis.keys(`${prefix}:gateway:tb:ip:*`)).length).toBe(1);

    await cutProxy();
    const local: { status: number; code?: string }[] = [];
    for (let i = 0; i < 7; i++) local.push(await statusOf());
    // Never an error because Redis is away: the local bucket starts full and refuses past the same limit.
    expect(local.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(local[5]!.code).toBe('RATE_LIMITED');
  });

  it('then, once Redis is back, the shared limit applies again', async () => {
    await redis.del(...(await redis.keys(`${prefix}:gateway:tb:ip:*`)));
    await startProxy(proxyPort);
    const deadline = Date.now() + 10_000;
    // ioredis reconnects with backoff; the limiter retries Redis every RATE_LIMIT_REDIS_RETRY_MS.
    while ((await redis.keys(`${prefix}:gateway:tb:ip:*`)).length === 0) {
      if (Date.now() > deadline) throw new Error('the limiter never went back to Redis');
      await statusOf();
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
