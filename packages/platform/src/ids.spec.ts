import { describe, expect, it } from '@jest/globals';
import { uuidv7 } from './ids.js';

describe('uuidv7', () => {
  it('is an RFC 9562 version 7 UUID whose first 48 bits are the milliseconds given', () => {
    const at = Date.parse('2026-12-04T19:30:00.123Z');
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts in creation order within one millisecond and across many, and never repeats (pool refills included)', () => {
    const now = Date.now() + 60_000;
    const ids = [...Array.from({ length: 3000 }, () => uuidv7(now)), ...Array.from({ length: 3000 }, (_, i) => uuidv7(now + 1 + i))];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The random tail differs between consecutive ids: each byte of the pool is handed out once.
    const tails = new Set(ids.map((id) => id.slice(-12)));
    expect(tails.size).toBe(ids.length);
  });
});
