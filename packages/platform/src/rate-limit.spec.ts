import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createRateLimiter, MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from './rate-limit.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same contract, whichever store: run against both. */
function contract(name: string, make: () => RateLimiter) {
  describe(`${name} rate limiter`, () => {
    let limiter: RateLimiter;
    beforeAll(() => {
      limiter = make();
    });

    it('when hits stay within the limit, then they are allowed and remaining counts down', async () => {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await limiter.consume('a', 3, 60));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0]);
      expect(results.every((r) => r.retryAfterSeconds === 0)).toBe(true);
    });

    it('when a key goes over its limit, then it is denied with a retry-after within the window', async () => {
      for (let i = 0; i < 2; i++) await limiter.consume('b', 2, 30);
      const denied = await limiter.consume('b', 2, 30);
      expect(denied).toMatchObject({ allowed: false, remaining: 0 });
      expect(denied.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(denied.retryAfterSeconds).toBeLessThanOrEqual(30);
    });

    it('when one key is exhausted, then other keys are unaffected', async () => {
      await limiter.consume('c1', 1, 60);
      expect((await limiter.consume('c1', 1, 60)).allowed).toBe(false);
      expect((await limiter.consume('c2', 1, 60)).allowed).toBe(true);
    });

    it('when a key is reset, then it starts a fresh window', async () => {
      await limiter.consume('d', 1, 60);
      expect((await limiter.consume('d', 1, 60)).allowed).toBe(false);
      await limiter.reset('d');
      expect((await limiter.consume('d', 1, 60)).allowed).toBe(true);
    });

    it('when the window ends, then hits are allowed again', async () => {
      await limiter.consume('e', 1, 0.3);
      expect((await limiter.consume('e', 1, 0.3)).allowed).toBe(false);
      await sleep(400);
      expect((await limiter.consume('e', 1, 0.3)).allowed).toBe(true);
    });

    it('when many hits race on one key, then exactly `limit` are allowed', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => limiter.consume('f', 10, 60)));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
    });

    it('when the limit or window is nonsense, then it throws instead of guessing', async () => {
      await expect(limiter.consume('g', -1, 60)).rejects.toThrow(RangeError);
      await expect(limiter.consume('g', 1, 0)).rejects.toThrow(RangeError);
    });
  });
}

const prefix = `test:rl:${randomBytes(4).toString('hex')}`;
const redis = new Redis(REDIS_URL);
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

contract('memory', () => new MemoryRateLimiter(`${prefix}:mem`));
contract('redis', () => new RedisRateLimiter(redis, `${prefix}:redis`));

describe('redis rate limiter specifics', () => {
  it('when Redis lost its script cache (restart, failover), then consume still works', async () => {
    const limiter = new RedisRateLimiter(redis, `${prefix}:noscript`);
    await limiter.consume('k', 5, 60);
    await redis.script('FLUSH');
    const r = await limiter.consume('k', 5, 60);
    expect(r).toMatchObject({ allowed: true, remaining: 3 });
  });

  it('when a key is counted, then it is stored under the prefix with an expiry', async () => {
    const limiter = new RedisRateLimiter(redis, `${prefix}:ttl`);
    await limiter.consume('k', 5, 60);
    const ttl = await redis.pttl(`${prefix}:ttl:k`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

describe('createRateLimiter', () => {
  it('when there is no Redis, then it counts in memory', async () => {
    const limiter = createRateLimiter(undefined, 'x');
    expect(limiter).toBeInstanceOf(MemoryRateLimiter);
    await limiter.close();
  });

  it('when given a URL, then it connects to Redis and closes its own connection', async () => {
    const limiter = createRateLimiter(REDIS_URL, `${prefix}:url`);
    expect(limiter).toBeInstanceOf(RedisRateLimiter);
    expect((await limiter.consume('k', 1, 60)).allowed).toBe(true);
    expect(await redis.exists(`${prefix}:url:k`)).toBe(1);
    await limiter.close();
  });

  it('when given a client, then closing the limiter leaves the client open', async () => {
    const limiter = createRateLimiter(redis, `${prefix}:shared`);
    await limiter.close();
    expect(await redis.ping()).toBe('PONG');
  });
});

describe('memory rate limiter specifics', () => {
  it('when the clock passes the window end, then the window restarts (no timers involved)', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter('p', () => now);
    await limiter.consume('k', 1, 10);
    const denied = await limiter.consume('k', 1, 10);
    expect(denied).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
    now += 9_500;
    expect((await limiter.consume('k', 1, 10)).retryAfterSeconds).toBe(1);
    now += 500;
    expect((await limiter.consume('k', 1, 10)).allowed).toBe(true);
  });
});
