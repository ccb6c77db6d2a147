import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { testEnv } from '@paygraph/platform/testing';
import { MemoryVelocityStore, RedisVelocityStore, type VelocityStore } from '../src/services/velocity-store.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2026-11-26T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

let redis: Redis;
const prefix = `t${randomBytes(4).toString('hex')}:fraud`;

beforeAll(() => {
  redis = new Redis(testEnv().REDIS_URL!, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const stores: [string, () => VelocityStore][] = [
  ['redis', () => new RedisVelocityStore(redis, prefix)],
  ['memory', () => new MemoryVelocityStore()],
];

describe.each(stores)('%s velocity store', (_name, make) => {
  let store: VelocityStore;
  let key: string;
  beforeAll(() => {
    store = make();
  });
  const fresh = () => (key = `k${randomBytes(6).toString('hex')}`);

  it('when members are recorded, then each window counts and sums what falls in (at − window, at]', async () => {
    fresh();
    expect(await store.record(key, 'a', 100n, at(0), [MINUTE, HOUR])).toEqual([{ count: 1, sum: 100n }, { count: 1, sum: 100n }]);
    expect(await store.record(key, 'b', 250n, at(30_000), [MINUTE, HOUR])).toEqual([{ count: 2, sum: 350n }, { count: 2, sum: 350n }]);
    // a is exactly one minute old: out of the minute, still in the hour.
    expect(await store.record(key, 'c', 1n, at(MINUTE), [MINUTE, HOUR])).toEqual([{ count: 2, sum: 251n }, { count: 3, sum: 351n }]);
  });

  it('when the same member is recorded again, then it counts once (a repeated request is not a second payment)', async () => {
    fresh();
    await store.record(key, 'txn-1', 500n, at(0), [MINUTE]);
    expect(await store.record(key, 'txn-1', 500n, at(0), [MINUTE])).toEqual([{ count: 1, sum: 500n }]);
    expect(await store.record(key, 'txn-2', 500n, at(1000), [MINUTE])).toEqual([{ count: 2, sum: 1000n }]);
  });

  it('when a member is recorded again later, then it moves to that time (a recipient paid again stays in the window)', async () => {
    fresh();
    await store.record(key, 'rcpt', 0n, at(0), [HOUR]);
    await store.record(key, 'rcpt', 0n, at(50 * MINUTE), [HOUR]);
    expect(await store.record(key, 'other', 0n, at(70 * MINUTE), [HOUR])).toEqual([{ count: 2, sum: 0n }]);
  });

  it('when members are older than the longest window, then they are forgotten', async () => {
    fresh();
    await store.record(key, 'old', 7n, at(0), [MINUTE]);
    expect(await store.record(key, 'new', 3n, at(2 * MINUTE), [MINUTE])).toEqual([{ count: 1, sum: 3n }]);
  });

  it('when amounts exceed what a double holds exactly, then the sums are still exact', async () => {
    fresh();
    const big = 2n ** 60n + 1n;
    await store.record(key, 'x', big, at(0), [MINUTE]);
    expect(await store.record(key, 'y', big, at(1), [MINUTE])).toEqual([{ count: 2, sum: 2n * big }]);
  });

  it('when many records of one key race, then the last sees them all and none is lost', async () => {
    fresh();
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.record(key, `m${i}`, 1n, at(i), [HOUR])));
    expect(await store.record(key, 'last', 1n, at(100), [HOUR])).toEqual([{ count: 41, sum: 41n }]);
  });

  it('when keys differ, then their windows are separate', async () => {
    const a = fresh();
    const b = fresh();
    await store.record(a, 'm', 1n, at(0), [MINUTE]);
    expect(await store.record(b, 'm', 2n, at(0), [MINUTE])).toEqual([{ count: 1, sum: 2n }]);
  });

  it('when windows are not positive integers, then the call is refused', async () => {
    await expect(store.record(fresh(), 'm', 1n, at(0), [])).rejects.toThrow(RangeError);
    await expect(store.record(fresh(), 'm', 1n, at(0), [0])).rejects.toThrow(RangeError);
  });
});

describe('redis velocity store', () => {
  it('when a key is recorded, then it expires after its longest window (nothing is kept forever)', async () => {
    const store = new RedisVelocityStore(redis, prefix);
    await store.record('ttl', 'm', 1n, new Date(), [MINUTE]);
    const ttls = await Promise.all([redis.pttl(`${prefix}:{ttl}`), redis.pttl(`${prefix}:{ttl}:w`)]);
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThan(MINUTE);
      expect(ttl).toBeLessThanOrEqual(2 * MINUTE);
    }
  });

  it('when Redis is unreachable, then recording fails instead of answering (the assessment is retried, not approved)', async () => {
    const down = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    down.on('error', () => {});
    const ended = new Promise((resolve) => down.once('end', resolve));
    const store = new RedisVelocityStore(down, prefix);
    await expect(store.record('k', 'm', 1n, new Date(), [MINUTE])).rejects.toThrow();
    await ended;
  });
});
