import { describe, expect, it } from '@jest/globals';
import { Readiness } from './readiness.js';

describe('Readiness', () => {
  it('when probed again within the cache window, then the dependencies are not asked again; after it, they are', async () => {
    let now = 0;
    let calls = 0;
    const readiness = new Readiness([{ name: 'database', probe: async () => void calls++ }], { cacheMs: 1_000, now: () => now });
    await Promise.all([readiness.check(), readiness.check()]);
    now = 999;
    await readiness.check();
    expect(calls).toBe(1);
    now = 1_000;
    await readiness.check();
    expect(calls).toBe(2);
  });

  it('when one dependency fails and another never answers, then it is not ready and names both, within the timeout', async () => {
    const readiness = new Readiness(
      [
        { name: 'database', probe: () => Promise.reject(new Error('connect ECONNREFUSED')) },
        { name: 'sqs', probe: () => new Promise(() => {}) },
        { name: 'redis', probe: async () => 'PONG' },
      ],
      { timeoutMs: 50 },
    );
    const started = Date.now();
    const report = await readiness.check();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report).toEqual({
      ready: false,
      failing: { database: 'connect ECONNREFUSED', sqs: 'sqs did not answer within 50 ms' },
    });
  });
});
