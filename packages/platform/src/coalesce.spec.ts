import { describe, expect, it } from '@jest/globals';
import { coalesceReads, coalesceTurn } from './coalesce.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('coalesceReads', () => {
  it('when several callers ask in one turn of the event loop, then one load runs with the union of their keys and each gets its rows', async () => {
    const loads: string[][] = [];
    const read = coalesceReads(async (keys) => {
      loads.push([...keys].sort());
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    });
    const [a, b, c] = await Promise.all([read(['x', 'y']), read(['y', 'z']), read([])]);
    expect(loads).toEqual([['x', 'y', 'z']]);
    expect([a.get('x'), b.get('z'), c.size]).toEqual(['X', 'Z', 3]);
  });

  it('when a caller asks after a load started, then it gets a load of its own that starts after its ask (nothing older is served)', async () => {
    let version = 0;
    const loads: string[][] = [];
    const read = coalesceReads(async (keys) => {
      loads.push([...keys]);
      const seen = version;
      return new Map(keys.map((k) => [k, seen]));
    });
    const first = read(['k']);
    await turn();
    version = 1; // a write committed after the first load started
    const second = await read(['k']);
    expect((await first).get('k')).toBe(0);
    expect(second.get('k')).toBe(1);
    expect(loads).toEqual([['k'], ['k']]);
  });

  it('when the load fails, then every caller of that turn gets the failure, and the next turn loads again', async () => {
    let fail = true;
    const read = coalesceReads(async (keys) => {
      if (fail) throw new Error('database down');
      return new Map(keys.map((k) => [k, 1]));
    });
    const results = await Promise.allSettled([read(['a']), read(['b'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect((await read(['a'])).get('a')).toBe(1);
  });

  it('when a turn would exceed maxKeys, then the keys past it go to another load', async () => {
    const loads: number[] = [];
    const read = coalesceReads(async (keys) => {
      loads.push(keys.length);
      return new Map(keys.map((k) => [k, k]));
    }, 3);
    const answers = await Promise.all([read(['a', 'b']), read(['c', 'd']), read(['e'])]);
    expect(loads).toEqual([2, 3]);
    expect([answers[0].get('a'), answers[1].get('d'), answers[2].get('e')]).toEqual(['a', 'd', 'e']);
  });
});

describe('coalesceTurn', () => {
  it('when requests are made in one turn, then one run gets them all in order and each caller gets its own result', async () => {
    const runs: number[][] = [];
    const double = coalesceTurn(async (requests: readonly number[]) => {
      runs.push([...requests]);
      return requests.map((n) => n * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(await double(5)).toBe(10);
    expect(runs).toEqual([[1, 2, 3], [5]]);
  });
});

