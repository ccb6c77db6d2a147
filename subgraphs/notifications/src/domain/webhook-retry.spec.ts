import { describe, expect, it } from '@jest/globals';
import { isSuccess, nextAttemptAt } from './webhook-retry.js';

const policy = { baseMs: 30_000, maxDelayMs: 6 * 3_600_000, retryForMs: 3 * 86_400_000 };
const t0 = new Date('2026-12-04T00:00:00.000Z');
const until = new Date(t0.getTime() + policy.retryForMs);

describe('the webhook retry schedule', () => {
  it('when attempts fail, then the waits double from the base, up to the cap, each between half and all of it', () => {
    const waits = [1, 2, 3, 4, 12, 30].map((n) => [nextAttemptAt(policy, n, until, t0, () => 0), nextAttemptAt(policy, n, until, t0, () => 1)]);
    const ms = waits.map(([low, high]) => [low!.getTime() - t0.getTime(), high!.getTime() - t0.getTime()]);
    expect(ms).toEqual([
      [15_000, 30_000],
      [30_000, 60_000],
      [60_000, 120_000],
      [120_000, 240_000],
      [3 * 3_600_000, 6 * 3_600_000],
      [3 * 3_600_000, 6 * 3_600_000],
    ]);
  });

  it('when retries are made at their latest, then they span the 3 days, and none is scheduled past the window', () => {
    let now = t0;
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAt(policy, attempts, until, now, () => 1);
      if (!next) break;
      now = next;
      attempts++;
    }
    expect(now.getTime()).toBeLessThanOrEqual(until.getTime());
    expect(until.getTime() - now.getTime()).toBeLessThan(policy.maxDelayMs);
    expect(attempts).toBeGreaterThan(15);
    expect(attempts).toBeLessThan(25);
  });

  it('when the status is 2xx, then it succeeded; a redirect or anything else did not', () => {
    expect([200, 201, 204, 299].every(isSuccess)).toBe(true);
    expect([100, 301, 302, 400, 410, 500, 503].some(isSuccess)).toBe(false);
  });
});
