import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { newId } from '@paygraph/platform/ids';
import { dropTestDatabases, testEnv } from '@paygraph/platform/testing';
import { MemoryVelocityStore, RedisVelocityStore, type VelocityStore } from '../src/services/velocity-store.js';
import { startEngine, type Engine } from './engine.js';
import { newUserId, redisPrefixOf, riskRequest, type RequestData } from './support.js';

/**
 * Timelines of money movements through the real assessment service (database, blocklist, history, velocity store),
 * with explicit times: what the defaults approve and what they stop.
 */
const env = testEnv();
let redis: Redis;
let engine: Engine;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-11-26T09:00:00.000Z');

beforeAll(async () => {
  redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = await redis.keys(`${redisPrefixOf(env)}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await dropTestDatabases(env);
});

const stores: [string, () => VelocityStore][] = [
  ['redis', () => new RedisVelocityStore(redis, redisPrefixOf(env))],
  ['memory', () => new MemoryVelocityStore()],
];

describe.each(stores)('with the %s velocity store', (_name, makeStore) => {
  beforeAll(async () => {
    engine = await startEngine(makeStore(), env);
  });
  afterAll(async () => {
    await engine.close();
  });

  const req = (senderId: string, recipientId: string, amount: string, atMs: number, extra: Partial<RequestData> = {}): RequestData => {
    const [whole, cents = ''] = amount.split('.');
    const currency = extra.amount?.currency ?? 'USD';
    return riskRequest({ senderId, recipientId, at: new Date(atMs).toISOString(), ...extra, amount: { minor: `${whole}${cents}`, currency } });
  };
  const decide = async (r: RequestData) => {
    const a = await engine.assess(r);
    if (!a) throw new Error('not assessed');
    return a;
  };
  /** A sender who completed `n` payments of `amount` to each of `recipients` a week before T0. */
  async function established(recipients: string[], amount = '20.00', n = 1, currency = 'USD'): Promise<string> {
    const sender = newUserId();
    for (const recipient of recipients) {
      for (let i = 0; i < n; i++) await engine.complete(req(sender, recipient, amount, T0 - 7 * DAY + i * MINUTE, { amount: { minor: '', currency } }));
    }
    return sender;
  }

  it('when an established user pays up to 100.00 to known recipients, 10 a minute for 2 minutes, then all 20 are approved', async () => {
    const known = [newUserId(), newUserId(), newUserId()];
    const sender = await established(known);
    for (let i = 0; i < 20; i++) {
      const a = await decide(req(sender, known[i % 3]!, '100.00', T0 + i * 6 * SECOND));
      expect([i, a.decision, a.reasons]).toEqual([i, 'APPROVE', []]);
    }
  });

  it('when a user pays a handful (5) of new recipients in a day, also twice the same one, then all are approved', async () => {
    const sender = await established([newUserId(), newUserId(), newUserId()]);
    const fresh = Array.from({ length: 5 }, newUserId);
    for (const [i, recipient] of fresh.entries()) expect((await decide(req(sender, recipient, '60.00', T0 + i * HOUR))).decision).toBe('APPROVE');
    // Paid again before the first payment completed: still the same new recipient, not a sixth.
    expect((await decide(req(sender, fresh[0]!, '10.00', T0 + 5 * HOUR))).decision).toBe('APPROVE');
  });

  it('when a brand-new user pays 100.00 to 5 new recipients within minutes, then all are approved (new account noted)', async () => {
    const sender = newUserId();
    for (let i = 0; i < 5; i++) {
      const a = await decide(req(sender, newUserId(), '100.00', T0 + i * MINUTE));
      expect(a.decision).toBe('APPROVE');
      expect(a.reasons).toEqual([expect.stringMatching(/^NEW_ACCOUNT/)]);
    }
  });

  it('when payments come faster than 10 a minute, then the 11th to 20th are reviewed and the rest declined', async () => {
    const known = newUserId();
    const sender = await established([known]);
    const decisions: string[] = [];
    for (let i = 0; i < 25; i++) decisions.push((await decide(req(sender, known, '5.00', T0 + i * SECOND))).decision);
    expect(decisions).toEqual([...Array(10).fill('APPROVE'), ...Array(10).fill('REVIEW'), ...Array(5).fill('DECLINE')]);
    // A minute after the burst the window has emptied again.
    expect((await decide(req(sender, known, '5.00', T0 + 25 * SECOND + MINUTE))).decision).toBe('APPROVE');
  });

  it("when an amount is 10x the sender's typical and at least 1000.00, then REVIEW; a merely larger one is approved", async () => {
    const known = newUserId();
    const sender = await established([known], '20.00', 3);
    const large = await decide(req(sender, known, '1000.00', T0));
    expect(large.decision).toBe('REVIEW');
    expect(large.reasons).toEqual(["LARGE_AMOUNT: 1000.00 USD is 50x the sender's typical 20.00 USD"]);
    expect((await decide(req(sender, known, '150.00', T0 + HOUR))).decision).toBe('APPROVE');
  });

  it('when amounts are in other currencies, then they are compared in USD equivalents', async () => {
    const known = newUserId();
    const sender = await established([known], '3000', 3, 'JPY'); // ≈ 20.10 USD each
    const yen = await decide(req(sender, known, '200000', T0, { amount: { minor: '', currency: 'JPY' } }));
    expect(yen.decision).toBe('REVIEW');
    expect(yen.amountUsdCents).toBe(134_000n);
    for (let i = 0; i < 10; i++) {
      expect((await decide(req(sender, known, '95.00', T0 + HOUR + i * 5 * SECOND, { amount: { minor: '', currency: 'EUR' } }))).decision).toBe('APPROVE');
    }
  });

  it('when a user pays many new recipients in a day, then from the 6th on REVIEW; known recipients and the next day are fine', async () => {
    const known = newUserId();
    const sender = await established([known]);
    const decisions: string[] = [];
    for (let i = 0; i < 7; i++) decisions.push((await decide(req(sender, newUserId(), '20.00', T0 + i * HOUR))).decision);
    expect(decisions).toEqual(['APPROVE', 'APPROVE', 'APPROVE', 'APPROVE', 'APPROVE', 'REVIEW', 'REVIEW']);
    const fanOut = await decide(req(sender, newUserId(), '20.00', T0 + 7 * HOUR));
    expect(fanOut.reasons).toEqual(['FAN_OUT: 8 new recipients in 24 h (limit 5)']);
    expect((await decide(req(sender, known, '20.00', T0 + 7 * HOUR + MINUTE))).decision).toBe('APPROVE');
    expect((await decide(req(sender, newUserId(), '20.00', T0 + 7 * HOUR + DAY))).decision).toBe('APPROVE');
  });

  it('when a payment to a recipient completed, then that recipient is known and no longer counts as new', async () => {
    const sender = await established([newUserId()]);
    const recipients = Array.from({ length: 5 }, newUserId);
    for (const [i, r] of recipients.entries()) {
      const request = req(sender, r, '20.00', T0 + i * MINUTE);
      await decide(request);
      await engine.complete(request);
    }
    // The sixth distinct new recipient reviews; paying the five again does not.
    for (const r of recipients) expect((await decide(req(sender, r, '20.00', T0 + 10 * MINUTE))).decision).toBe('APPROVE');
    expect((await decide(req(sender, newUserId(), '20.00', T0 + 11 * MINUTE))).decision).toBe('REVIEW');
  });

  it("when a brand-new user's first payment is 1000.00, then REVIEW", async () => {
    const a = await decide(req(newUserId(), newUserId(), '1000.00', T0));
    expect(a).toMatchObject({ decision: 'REVIEW', score: 85 });
  });

  it('when the sender, the recipient or the card is blocklisted, then DECLINE; once unblocked, APPROVE', async () => {
    const known = newUserId();
    const sender = await established([known]);
    await engine.block({ kind: 'USER', id: sender, reason: 'stolen account' });
    const declined = await decide(req(sender, known, '5.00', T0));
    expect(declined).toMatchObject({ decision: 'DECLINE', score: 100, reasons: ['BLOCKLISTED: sender on the blocklist'] });
    await engine.unblock({ kind: 'USER', id: sender });
    expect((await decide(req(sender, known, '5.00', T0 + HOUR))).decision).toBe('APPROVE');

    await engine.block({ kind: 'USER', id: known, reason: 'mule' });
    expect(await decide(req(sender, known, '5.00', T0 + 2 * HOUR))).toMatchObject({ decision: 'DECLINE', reasons: ['BLOCKLISTED: recipient on the blocklist'] });

    const card = newId('fi');
    await engine.block({ kind: 'FUNDING_INSTRUMENT', id: card, reason: 'reported stolen' });
    const addFunds = await decide(req(sender, sender, '50.00', T0, { kind: 'ADD_FUNDS', fundingInstrumentId: card }));
    expect(addFunds).toMatchObject({ decision: 'DECLINE', reasons: ['BLOCKLISTED: funding instrument on the blocklist'] });
  });

  it('when a user converts currency 30 times in a minute for large amounts, then all are approved; blocklisted, declined', async () => {
    const user = newUserId();
    for (let i = 0; i < 30; i++) {
      expect((await decide(req(user, user, '10000.00', T0 + i * SECOND, { kind: 'CONVERSION' }))).decision).toBe('APPROVE');
    }
    await engine.block({ kind: 'USER', id: user, reason: 'sanctions' });
    expect((await decide(req(user, user, '10.00', T0 + HOUR, { kind: 'CONVERSION' }))).decision).toBe('DECLINE');
  });

  it('when one card is charged more than 5 times in an hour, then REVIEW; another card of the same user is fine', async () => {
    const user = newUserId();
    const card = newId('fi');
    const decisions: string[] = [];
    for (let i = 0; i < 7; i++) {
      decisions.push((await decide(req(user, user, '50.00', T0 + i * 5 * MINUTE, { kind: 'ADD_FUNDS', fundingInstrumentId: card }))).decision);
    }
    expect(decisions).toEqual(['APPROVE', 'APPROVE', 'APPROVE', 'APPROVE', 'APPROVE', 'REVIEW', 'REVIEW']);
    expect((await decide(req(user, user, '50.00', T0 + 40 * MINUTE, { kind: 'ADD_FUNDS', fundingInstrumentId: newId('fi') }))).decision).toBe('APPROVE');
  });

  it('when the same request is assessed twice, then the second finds the first: one assessment, one RiskAssessed', async () => {
    const request = req(newUserId(), newUserId(), '10.00', T0);
    expect(await engine.assess(request)).not.toBeNull();
    expect(await engine.assess(request)).toBeNull();
    const em = engine.orm.em.fork();
    const rows = await em.execute<{ n: number }[]>(`select count(*)::int as n from risk_assessment where transaction_id = ?`, [request.transactionId]);
    const events = await em.execute<{ n: number }[]>(`select count(*)::int as n from outbox where type = 'RiskAssessed' and aggregate_id = ?`, [request.transactionId]);
    expect([rows[0]?.n, events[0]?.n]).toEqual([1, 1]);
  });
});
