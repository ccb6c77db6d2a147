import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Two kinds of limit on one store:
 * - fixed-window counters: `consume` counts one hit against `key` in the current window of `windowSeconds` and says
 *   whether the hit is within `limit`. Denied hits count too, so hammering a key does not buy earlier access; the
 *   window still ends `windowSeconds` after its first hit (sign-in throttling).
 * - token buckets: `take` spends `cost` tokens from a bucket of `capacity` that refills continuously at
 *   `refillPerSecond`; a denied take spends nothing (the gateway's request budgets per caller, issue 13).
 * What a key means (an IP, an account, an API key) and what the limits are is for the caller to decide; a key is
 * used with one kind only.
 */
export interface RateLimitResult {
  allowed: boolean;
  /** 0 when allowed; otherwise whole seconds until the window ends. */
  retryAfterSeconds: number;
  /** Hits left in the current window. */
  remaining: number;
}

export interface BucketPolicy {
  capacity: number;
  refillPerSecond: number;
}

export interface BucketResult {
  allowed: boolean;
  /** The bucket's capacity (RateLimit-Limit). */
  limit: number;
  /** Whole tokens left after this take (RateLimit-Remaining). */
  remaining: number;
  /** 0 when allowed; otherwise whole seconds until `cost` tokens are back (Retry-After). */
  retryAfterSeconds: number;
  /** Whole seconds until the bucket is full again (RateLimit-Reset). */
  resetSeconds: number;
}

export interface RateLimiter {
  consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  take(key: string, policy: BucketPolicy, cost?: number): Promise<BucketResult>;
  /** Forgets a key's window (e.g. failed logins after a successful one). */
  reset(key: string): Promise<void>;
  /** Releases what the limiter itself opened (a Redis connection it created); never a client that was passed in. */
  close(): Promise<void>;
}

function check(limit: number, windowSeconds: number): void {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  if (!(windowSeconds > 0)) throw new RangeError(`windowSeconds must be positive, got ${windowSeconds}`);
}

function result(count: number, limit: number, msLeft: number): RateLimitResult {
  const allowed = count <= limit;
  return {
    allowed,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(msLeft / 1000)),
    remaining: Math.max(0, limit - count),
  };
}

function checkBucket(policy: BucketPolicy, cost: number): void {
  if (!(policy.capacity > 0) || !(policy.refillPerSecond > 0)) throw new RangeError('capacity and refillPerSecond must be positive');
  if (!(cost > 0) || cost > policy.capacity) throw new RangeError(`cost must be in (0, capacity], got ${cost}`);
}

function bucketResult(policy: BucketPolicy, cost: number, allowed: boolean, tokens: number): BucketResult {
  const perMs = policy.refillPerSecond / 1000;
  return {
    allowed,
    limit: policy.capacity,
    remaining: Math.max(0, Math.floor(tokens)),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / perMs / 1000)),
    resetSeconds: Math.max(0, Math.ceil((policy.capacity - tokens) / perMs / 1000)),
  };
}

/**
 * One bucket per key as a hash {tokens, ts}, on Redis's own clock (TIME) so replicas with skewed clocks agree;
 * refilled, spent and given an expiry (the time to refill, plus a second) in one script. Tokens travel as strings:
 * Lua numbers returned to a client are truncated to integers.
 */
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
if now > ts then tokens = math.min(capacity, tokens + (now - ts) * perMs) end
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(math.max(now, ts)))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / perMs) + 1000)
return {allowed, tostring(tokens)}
`;
const TAKE_SHA = createHash('sha1').update(TAKE_SCRIPT).digest('hex');

/**
 * INCR and set the expiry on the first hit, in one script so a crash between the two can never leave a counter
 * without an expiry (which would block the key forever). Also repairs a key that somehow lost its TTL.
 */
const CONSUME_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;
const CONSUME_SHA = createHash('sha1').update(CONSUME_SCRIPT).digest('hex');

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ownsClient = false,
  ) {}

  private key(key: string): string {
    return `${this.prefix}:${key}`;
  }

  async consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    check(limit, windowSeconds);
    const windowMs = String(Math.ceil(windowSeconds * 1000));
    const [count, ttl] = (await this.run(CONSUME_SHA, CONSUME_SCRIPT, this.key(key), [windowMs])) as [number, number];
    return result(Number(count), limit, Number(ttl));
  }

  async take(key: string, policy: BucketPolicy, cost = 1): Promise<BucketResult> {
    checkBucket(policy, cost);
    const args = [String(policy.capacity), String(policy.refillPerSecond / 1000), String(cost)];
    const [allowed, tokens] = (await this.run(TAKE_SHA, TAKE_SCRIPT, this.key(`tb:${key}`), args)) as [number, string];
    return bucketResult(policy, cost, Number(allowed) === 1, Number(tokens));
  }

  private async run(sha: string, script: string, key: string, args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(sha, 1, key, ...args);
    } catch (error) {
      // The script cache is empty after a Redis restart or failover: send the script itself once.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(script, 1, key, ...args);
    }
  }

  /** Whether commands can go out now (not connecting or reconnecting): the fail-open limiter asks before waiting. */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One process only (embedded mode, tests): counters live in this process's memory. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private readonly buckets = new Map<string, { tokens: number; ts: number; fullAt: number }>();
  private lastSweep = 0;

  constructor(
    private readonly prefix = '',
    private readonly now: () => number = Date.now,
  ) {}

  async consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    check(limit, windowSeconds);
    const now = this.now();
    this.sweep(now);
    const k = `${this.prefix}:${key}`;
    let window = this.windows.get(k);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + Math.ceil(windowSeconds * 1000) };
      this.windows.set(k, window);
    }
    window.count++;
    return result(window.count, limit, window.endsAt - now);
  }

  async take(key: string, policy: BucketPolicy, cost = 1): Promise<BucketResult> {
    checkBucket(policy, cost);
    const now = this.now();
    this.sweep(now);
    const k = `${this.prefix}:tb:${key}`;
    const perMs = policy.refillPerSecond / 1000;
    const bucket = this.buckets.get(k) ?? { tokens: policy.capacity, ts: now, fullAt: now };
    if (now > bucket.ts) bucket.tokens = Math.min(policy.capacity, bucket.tokens + (now - bucket.ts) * perMs);
    bucket.ts = Math.max(now, bucket.ts);
    const allowed = bucket.tokens >= cost;
    if (allowed) bucket.tokens -= cost;
    bucket.fullAt = now + (policy.capacity - bucket.tokens) / perMs;
    this.buckets.set(k, bucket);
    return bucketResult(policy, cost, allowed, bucket.tokens);
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(`${this.prefix}:${key}`);
    this.buckets.delete(`${this.prefix}:tb:${key}`);
  }

  async close(): Promise<void> {
    this.windows.clear();
    this.buckets.clear();
  }

  /** Drops ended windows now and then so keys seen once (one-off IPs) do not accumulate. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
    for (const [k, b] of this.buckets) if (b.fullAt <= now) this.buckets.delete(k);
  }
}

/**
 * The gateway's policy for a Redis outage (issue 13): limits keep applying, per process, instead of every request
 * failing. Each call goes to Redis while it answers; when Redis errors (or is not connected), the same call is
 * answered by an in-process limiter with the same budgets, and Redis is left alone for `retryMs` so that requests
 * do not each wait for a timeout. The cost, stated: during an outage each replica grants the full budget on its own
 * (N replicas, up to N times the limit), and what was spent in Redis is not known locally. Logged once per outage.
 */
export class FailOpenRateLimiter implements RateLimiter {
  private skipUntil = 0;
  private failing = false;

  constructor(
    private readonly primary: RedisRateLimiter,
    private readonly local: MemoryRateLimiter,
    private readonly onFailure: (error: unknown, recovered: boolean) => void,
    private readonly retryMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while calls are being answered locally. */
  get degraded(): boolean {
    return this.failing;
  }

  consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    return this.either((l) => l.consume(key, limit, windowSeconds));
  }

  take(key: string, policy: BucketPolicy, cost = 1): Promise<BucketResult> {
    return this.either((l) => l.take(key, policy, cost));
  }

  async reset(key: string): Promise<void> {
    await this.local.reset(key);
    await this.either((l) => l.reset(key));
  }

  async close(): Promise<void> {
    await this.primary.close();
    await this.local.close();
  }

  private async either<T>(call: (limiter: RateLimiter) => Promise<T>): Promise<T> {
    if (this.now() >= this.skipUntil && this.primary.connected) {
      try {
        const answer = await call(this.primary);
        if (this.failing) {
          this.failing = false;
          this.onFailure(null, true);
        }
        return answer;
      } catch (error) {
        this.skipUntil = this.now() + this.retryMs;
        if (!this.failing) {
          this.failing = true;
          this.onFailure(error, false);
        }
      }
    } else if (!this.failing) {
      this.failing = true;
      this.skipUntil = this.now() + this.retryMs;
      this.onFailure(new Error('Redis is not connected'), false);
    }
    return call(this.local);
  }
}

/**
 * Redis when there is one (a client to share, or a URL to connect to), memory otherwise. A limiter built from a URL
 * owns its connection and closes it in `close()`; a passed-in client stays the caller's to close.
 */
export function createRateLimiter(
  redis: Redis | string | undefined,
  prefix: string,
  opts: { failOpen?: (error: unknown, recovered: boolean) => void; retryMs?: number } = {},
): RateLimiter {
  if (redis === undefined || redis === '') return new MemoryRateLimiter(prefix);
  let limiter: RedisRateLimiter;
  if (typeof redis === 'string') {
    // Throttling sits on hot paths (login): fail fast instead of queueing commands while Redis is away.
    const client = new Redis(redis, { maxRetriesPerRequest: 1, commandTimeout: 1000, lazyConnect: false });
    // Without a listener ioredis reports every failed reconnect as an unhandled 'error'; the limiter reports outages.
    if (opts.failOpen) client.on('error', () => {});
    limiter = new RedisRateLimiter(client, prefix, true);
  } else {
    limiter = new RedisRateLimiter(redis, prefix);
  }
  return opts.failOpen ? new FailOpenRateLimiter(limiter, new MemoryRateLimiter(prefix), opts.failOpen, opts.retryMs) : limiter;
}
