import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { WindowStat } from './rules.js';

/**
 * Sliding-window counters for the velocity rules: per key (a sender, a card), the members seen (payments,
 * recipients) with the time of each and a weight (USD cents), and for each window that ends at a given instant the
 * number of members and the sum of their weights.
 *
 * `record` is idempotent by member: recording the same payment again (a redelivered or duplicated request, a retried
 * handler) does not count it twice; recording a member again at a later time moves it to that time.
 */
export interface VelocityStore {
  record(key: string, member: string, weight: bigint, at: Date, windowsMs: readonly number[]): Promise<WindowStat[]>;
  close(): Promise<void>;
}

function statsAt(entries: Iterable<{ at: number; weight: bigint }>, atMs: number, windowsMs: readonly number[]): WindowStat[] {
  const stats = windowsMs.map(() => ({ count: 0, sum: 0n }));
  for (const entry of entries) {
    if (entry.at > atMs) continue;
    windowsMs.forEach((w, i) => {
      // A window of w ms ending at `at` is (at − w, at].
      if (entry.at > atMs - w) {
        stats[i]!.count++;
        stats[i]!.sum += entry.weight;
      }
    });
  }
  return stats;
}

function checkWindows(windowsMs: readonly number[]): number {
  if (windowsMs.length === 0 || windowsMs.some((w) => !Number.isInteger(w) || w <= 0)) {
    throw new RangeError('windows must be positive integers (ms)');
  }
  return Math.max(...windowsMs);
}

/**
 * Per key a sorted set of members scored by time (ms) and a hash of their weights, both under one hash tag so that a
 * cluster keeps them on one slot. A Lua script drops what is older than the longest window, adds the member, renews
 * the expiry and returns the longest window's members with their times and weights, atomically: concurrent records of
 * one key see each other. Weights stay strings and are added up here with bigint (Redis numbers are doubles).
 */
const RECORD_SCRIPT = `
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
for _, m in ipairs(old) do redis.call('HDEL', KEYS[2], m) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
local items = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[2], ARGV[1], 'WITHSCORES')
local out = {}
for i = 1, #items, 2 do
  out[#out + 1] = items[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], items[i]) or '0'
end
return out
`;
const RECORD_SHA = createHash('sha1').update(RECORD_SCRIPT).digest('hex');

export class RedisVelocityStore implements VelocityStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ownsClient = false,
  ) {}

  async record(key: string, member: string, weight: bigint, at: Date, windowsMs: readonly number[]): Promise<WindowStat[]> {
    const longest = checkWindows(windowsMs);
    const atMs = at.getTime();
    const keys = [`${this.prefix}:{${key}}`, `${this.prefix}:{${key}}:w`];
    const args = [String(atMs), String(atMs - longest), member, weight.toString(), String(longest + 60_000)];
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(RECORD_SHA, 2, ...keys, ...args);
    } catch (error) {
      // The script cache is empty after a Redis restart or failover: send the script itself once.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      reply = await this.redis.eval(RECORD_SCRIPT, 2, ...keys, ...args);
    }
    const flat = reply as string[];
    const entries: { at: number; weight: bigint }[] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push({ at: Number(flat[i]), weight: BigInt(flat[i + 1]!) });
    return statsAt(entries, atMs, windowsMs);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One process only (embedded mode, tests without Redis). */
export class MemoryVelocityStore implements VelocityStore {
  private readonly keys = new Map<string, { members: Map<string, { at: number; weight: bigint }>; expiresAt: number }>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async record(key: string, member: string, weight: bigint, at: Date, windowsMs: readonly number[]): Promise<WindowStat[]> {
    const longest = checkWindows(windowsMs);
    this.sweep();
    const atMs = at.getTime();
    let entry = this.keys.get(key);
    if (!entry) this.keys.set(key, (entry = { members: new Map(), expiresAt: 0 }));
    entry.members.set(member, { at: atMs, weight });
    for (const [m, e] of entry.members) if (e.at < atMs - longest) entry.members.delete(m);
    // Like the Redis key's TTL: counted from the moment of recording, not from `at`.
    entry.expiresAt = this.now() + longest + 60_000;
    return statsAt(entry.members.values(), atMs, windowsMs);
  }

  async close(): Promise<void> {
    this.keys.clear();
  }

  /** Forgets keys nobody recorded for longer than their longest window, now and then. */
  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, e] of this.keys) if (e.expiresAt <= now) this.keys.delete(k);
  }
}

/** Redis when REDIS_URL is set (shared by every replica), memory otherwise. */
export function createVelocityStore(redisUrl: string | undefined, prefix: string): VelocityStore {
  if (!redisUrl) return new MemoryVelocityStore();
  // A failing Redis must fail the assessment (the event is retried, the payment waits), not hang it.
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2000, lazyConnect: false });
  return new RedisVelocityStore(client, prefix, true);
}
