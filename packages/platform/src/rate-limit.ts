import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Fixed-window counters: `consume` counts one hit against `key` in the current window of `windowSeconds` and says
 * whether the hit is within `limit`. Denied hits count too, so hammering a key does not buy earlier access; the
 * window still ends `windowSeconds` after its first hit. What a key means (an IP, an account) and what the limits
 * are is for the caller to decide.
 */
export interface RateLimitResult {
  allowed: boolean;
  /** 0 when allowed; otherwise whole seconds until the window ends. */
  retryAfterSeconds: number;
  /** Hits left in the current window. */
  remaining: number;
}

export interface RateLimiter {
  consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
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
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(CONSUME_SHA, 1, this.key(key), windowMs);
    } catch (error) {
      // The script cache is empty after a Redis restart or failover: send the script itself once.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      reply = await this.redis.eval(CONSUME_SCRIPT, 1, this.key(key), windowMs);
    }
    const [count, ttl] = reply as [number, number];
    return result(Number(count), limit, Number(ttl));
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

  async reset(key: string): Promise<void> {
    this.windows.delete(`${this.prefix}:${key}`);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  /** Drops ended windows now and then so keys seen once (one-off IPs) do not accumulate. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
  }
}

/**
 * Redis when there is one (a client to share, or a URL to connect to), memory otherwise. A limiter built from a URL
 * owns its connection and closes it in `close()`; a passed-in client stays the caller's to close.
 */
export function createRateLimiter(redis: Redis | string | undefined, prefix: string): RateLimiter {
  if (redis === undefined || redis === '') return new MemoryRateLimiter(prefix);
  if (typeof redis === 'string') {
    // Throttling sits on hot paths (login): fail fast instead of queueing commands while Redis is away.
    const client = new Redis(redis, { maxRetriesPerRequest: 1, commandTimeout: 1000, lazyConnect: false });
    return new RedisRateLimiter(client, prefix, true);
  }
  return new RedisRateLimiter(redis, prefix);
}
