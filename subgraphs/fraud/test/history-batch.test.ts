import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropTestDatabases, testEnv } from '@paygraph/platform/testing';
import { MemoryVelocityStore } from '../src/services/velocity-store.js';
import { startEngine, type Engine } from './engine.js';
import { newUserId, riskRequest, type RequestData } from './support.js';

/** A received batch of completions folded into the history by one statement (the consumer's batch handler). */
const env = testEnv();
let engine: Engine;

beforeAll(async () => {
  engine = await startEngine(new MemoryVelocityStore(), env);
});

afterAll(async () => {
  await engine.close();
  await dropTestDatabases(env);
});

const p2p = (senderId: string, recipientId: string, minor: string, at = new Date().toISOString()): RequestData =>
  riskRequest({ senderId, recipientId, amount: { minor, currency: 'USD' }, at });

async function pairs(senderIds: string[]) {
  return engine.orm.em
    .fork()
    .execute<{ sender_id: string; recipient_id: string; completed_count: number }[]>(
      'select sender_id, recipient_id, completed_count from counterparty where sender_id in (?) order by sender_id, recipient_id',
      [senderIds],
    );
}

async function parties(userIds: string[]) {
  const rows = await engine.orm.em
    .fork()
    .execute<{ user_id: string; completed_out_count: number; completed_out_sum_usd_cents: string }[]>(
      'select user_id, completed_out_count, completed_out_sum_usd_cents::text from party where user_id in (?)',
      [userIds],
    );
  return Object.fromEntries(rows.map((r) => [r.user_id, [r.completed_out_count, r.completed_out_sum_usd_cents]]));
}

describe('a batch of completed movements', () => {
  it('counts each transaction once, sums the pairs and the senders, and sees every party', async () => {
    const [a, b, c] = [newUserId(), newUserId(), newUserId()].sort();
    const before = p2p(a!, c!, '700');
    expect(await engine.complete(before)).toBe(true);

    const ab1 = p2p(a!, b!, '1000');
    const ab2 = p2p(a!, b!, '250');
    const ba = p2p(b!, a!, '99');
    const conversion = riskRequest({ kind: 'CONVERSION', senderId: c!, recipientId: c!, amount: { minor: '5000', currency: 'USD' } });
    // The first P2P again under another event (a copy in the batch), and one recorded before the batch.
    const recorded = await engine.completeAll([ab1, ba, ab2, { ...ab1 }, before, conversion]);
    expect(recorded).toBe(4);

    expect(await pairs([a!, b!, c!])).toEqual([
      { sender_id: a, recipient_id: b, completed_count: 2 },
      { sender_id: a, recipient_id: c, completed_count: 1 },
      { sender_id: b, recipient_id: a, completed_count: 1 },
    ]);
    expect(await parties([a!, b!, c!])).toEqual({ [a!]: [3, '1950'], [b!]: [1, '99'], [c!]: [0, '0'] });

    // The same batch redelivered changes nothing.
    expect(await engine.completeAll([ab1, ba, ab2, conversion])).toBe(0);
    expect(await parties([a!, b!, c!])).toEqual({ [a!]: [3, '1950'], [b!]: [1, '99'], [c!]: [0, '0'] });
  });

  it('when batches over the same users in opposite orders commit side by side, then none deadlocks and all are counted', async () => {
    const users = Array.from({ length: 30 }, newUserId);
    const batch = () => users.flatMap((s) => users.filter((r) => r !== s).map((r) => p2p(s, r, '100')));
    const batches = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? batch() : batch().reverse()));
    const recorded = await Promise.all(batches.map((list) => engine.completeAll(list)));
    expect(recorded).toEqual(batches.map((list) => list.length));
    const totals = await parties(users);
    for (const user of users) expect(totals[user]).toEqual([6 * 29, String(6 * 29 * 100)]);
    expect((await pairs(users)).map((p) => p.completed_count)).toEqual(Array(30 * 29).fill(6));
  });
});
