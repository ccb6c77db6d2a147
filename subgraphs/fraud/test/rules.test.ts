import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '@paygraph/platform/config';
import { CURRENCIES } from '@paygraph/platform/money';
import { TEST_INTERNAL_SECRET } from '@paygraph/platform/testing';
import { fraudConfigSchema, thresholdsFrom } from '../src/config.js';
import {
  amountRule,
  assess,
  blocklistRule,
  cardVelocityRule,
  DEFAULT_THRESHOLDS as T,
  fanOutRule,
  newAccountRule,
  typicalAmount,
  velocityRule,
  type RiskFacts,
  type WindowStat,
} from '../src/services/rules.js';
import { hasUsdRate, toUsdCents } from '../src/services/usd-rates.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const w = (count: number, sum: bigint): WindowStat => ({ count, sum });

/** An established sender (first seen a month ago, 20 completed payments of 40.00 on average) paying a known recipient 50.00. */
function facts(overrides: Partial<RiskFacts> = {}): RiskFacts {
  return {
    kind: 'P2P',
    amountUsd: 5_000n,
    at: NOW,
    sender: { firstSeenAt: minutesAgo(60 * 24 * 30), completedCount: 20, completedSumUsd: 80_000n },
    recipientKnown: true,
    blocked: { sender: false, recipient: false, instrument: false },
    velocity: { minute: w(1, 5_000n), hour: w(1, 5_000n) },
    newRecipientsToday: null,
    card: null,
    ...overrides,
  };
}

describe('defaults', () => {
  it('when the configuration is empty, then the thresholds are the documented defaults', () => {
    const config = parseConfig(fraudConfigSchema, { INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET });
    expect(thresholdsFrom(config)).toEqual(T);
  });

  it('when a threshold is malformed or review is not below decline, then the configuration is refused', () => {
    const base = { INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET };
    expect(() => parseConfig(fraudConfigSchema, { ...base, FRAUD_LARGE_AMOUNT_MIN: '1e3' })).toThrow(/FRAUD_LARGE_AMOUNT_MIN/);
    expect(() => parseConfig(fraudConfigSchema, { ...base, FRAUD_VELOCITY_MAX_PER_MINUTE: '0' })).toThrow(/FRAUD_VELOCITY_MAX_PER_MINUTE/);
    expect(() => parseConfig(fraudConfigSchema, { ...base, FRAUD_REVIEW_SCORE: '90', FRAUD_DECLINE_SCORE: '90' })).toThrow(/FRAUD_REVIEW_SCORE/);
  });
});

describe('ordinary activity approves', () => {
  it('when an established user pays up to 100.00 to known recipients, 10 a minute, then every payment is approved with no reasons', () => {
    for (let n = 1; n <= 10; n++) {
      const result = assess(facts({ amountUsd: 10_000n, velocity: { minute: w(n, BigInt(n) * 10_000n), hour: w(n, BigInt(n) * 10_000n) } }), T);
      expect(result).toEqual({ score: 0, decision: 'APPROVE', reasons: [] });
    }
  });

  it('when a user pays 5 new recipients in a day, then each is approved', () => {
    for (let n = 1; n <= 5; n++) {
      expect(assess(facts({ recipientKnown: false, newRecipientsToday: n }), T).decision).toBe('APPROVE');
    }
  });

  it('when a brand-new account pays 100.00 to 5 new recipients, 10 a minute, then it is approved (the new-account signal alone is weak)', () => {
    const result = assess(
      facts({
        amountUsd: 10_000n,
        sender: { firstSeenAt: minutesAgo(1), completedCount: 0, completedSumUsd: 0n },
        recipientKnown: false,
        newRecipientsToday: 5,
        velocity: { minute: w(10, 100_000n), hour: w(10, 100_000n) },
      }),
      T,
    );
    expect(result.decision).toBe('APPROVE');
    expect(result.reasons).toEqual([expect.stringMatching(/^NEW_ACCOUNT: first seen 1 min ago$/)]);
  });

  it('when a user converts currency or adds funds from a card a few times, then it is approved', () => {
    expect(assess(facts({ kind: 'CONVERSION', amountUsd: 1_000_000n, velocity: null }), T).decision).toBe('APPROVE');
    const card = { hour: w(3, 30_000n), day: w(5, 50_000n) };
    expect(assess(facts({ kind: 'ADD_FUNDS', amountUsd: 20_000n, velocity: null, card }), T)).toEqual({ score: 0, decision: 'APPROVE', reasons: [] });
  });
});

describe('velocity', () => {
  it('when the 11th outgoing payment falls in one minute, then REVIEW', () => {
    const r = velocityRule(facts({ velocity: { minute: w(11, 55_000n), hour: w(11, 55_000n) } }), T);
    expect(r).toEqual({ score: 60, reason: 'VELOCITY: 11 outgoing payments in a minute (limit 10)' });
    expect(assess(facts({ velocity: { minute: w(11, 55_000n), hour: w(11, 55_000n) } }), T).decision).toBe('REVIEW');
  });

  it('when more than twice the limit falls in one minute, then DECLINE', () => {
    const result = assess(facts({ velocity: { minute: w(21, 100_000n), hour: w(21, 100_000n) } }), T);
    expect(result.decision).toBe('DECLINE');
    expect(result.reasons).toEqual(['VELOCITY_BURST: 21 outgoing payments in a minute (limit 10)']);
  });

  it('when the hourly count or sum is exceeded, then REVIEW', () => {
    expect(assess(facts({ velocity: { minute: w(2, 1n), hour: w(101, 1n) } }), T).decision).toBe('REVIEW');
    const sum = assess(facts({ velocity: { minute: w(1, 1n), hour: w(20, 1_000_001n) } }), T);
    expect(sum.decision).toBe('REVIEW');
    expect(sum.reasons).toEqual(['VELOCITY_SUM: 10000.01 USD sent in an hour (limit 10000.00 USD)']);
  });

  it('when exactly at the limits, then nothing', () => {
    expect(velocityRule(facts({ velocity: { minute: w(10, 1n), hour: w(100, 1_000_000n) } }), T).score).toBe(0);
  });
});

describe('amount', () => {
  it('when the amount is 10x the typical and at least 1000.00, then REVIEW', () => {
    // typical 40.00 (20 payments, 800.00): 1000.00 is 25x.
    const result = assess(facts({ amountUsd: 100_000n }), T);
    expect(result.decision).toBe('REVIEW');
    expect(result.reasons).toEqual(["LARGE_AMOUNT: 1000.00 USD is 25x the sender's typical 40.00 USD"]);
  });

  it('when the amount is large but not 10x the typical, or 10x but under 1000.00, then not REVIEW', () => {
    const bigSpender = { firstSeenAt: minutesAgo(100_000), completedCount: 10, completedSumUsd: 2_000_000n }; // typical 2000.00
    expect(assess(facts({ amountUsd: 500_000n, sender: bigSpender }), T).decision).toBe('APPROVE');
    const smallSpender = { firstSeenAt: minutesAgo(100_000), completedCount: 10, completedSumUsd: 1_000n }; // typical 1.00
    expect(amountRule(facts({ amountUsd: 40_000n, sender: smallSpender }), T).score).toBe(0);
    expect(assess(facts({ amountUsd: 99_999n, sender: smallSpender }), T).decision).toBe('APPROVE');
  });

  it('when the amount is half way there (5x and 500.00), then only a weak ELEVATED_AMOUNT', () => {
    expect(amountRule(facts({ amountUsd: 50_000n }), T)).toEqual({ score: 20, reason: expect.stringMatching(/^ELEVATED_AMOUNT: 500\.00 USD/) });
  });

  it('when the sender has too few completed payments, then the default typical amount (100.00) is used', () => {
    const fresh = facts({ sender: { firstSeenAt: minutesAgo(100_000), completedCount: 2, completedSumUsd: 200n } });
    expect(typicalAmount(fresh, T)).toBe(10_000n);
    expect(amountRule({ ...fresh, amountUsd: 99_999n }, T).score).toBe(20);
    expect(amountRule({ ...fresh, amountUsd: 100_000n }, T).score).toBe(60);
  });
});

describe('new account', () => {
  it('when the sender was first seen within the hour, then a weak signal, heavier from 500.00', () => {
    expect(newAccountRule(facts({ sender: { firstSeenAt: minutesAgo(59), completedCount: 0, completedSumUsd: 0n } }), T).score).toBe(10);
    expect(newAccountRule(facts({ sender: { firstSeenAt: minutesAgo(60), completedCount: 0, completedSumUsd: 0n } }), T).score).toBe(0);
    const large = facts({ amountUsd: 50_000n, sender: { firstSeenAt: minutesAgo(5), completedCount: 0, completedSumUsd: 0n } });
    expect(newAccountRule(large, T).score).toBe(25);
  });

  it('when a brand-new account sends a large first payment, then REVIEW; 600.00 alone is still approved', () => {
    const fresh = { firstSeenAt: NOW, completedCount: 0, completedSumUsd: 0n };
    expect(assess(facts({ amountUsd: 100_000n, sender: fresh }), T)).toMatchObject({ score: 85, decision: 'REVIEW' });
    expect(assess(facts({ amountUsd: 60_000n, sender: fresh }), T)).toMatchObject({ score: 45, decision: 'APPROVE' });
  });
});

describe('fan-out', () => {
  it('when the 6th new recipient in a day is paid, then REVIEW', () => {
    const result = assess(facts({ recipientKnown: false, newRecipientsToday: 6 }), T);
    expect(result).toEqual({ score: 60, decision: 'REVIEW', reasons: ['FAN_OUT: 6 new recipients in 24 h (limit 5)'] });
  });

  it('when the recipient is known, then fan-out does not count whatever the day looked like', () => {
    expect(fanOutRule(facts({ recipientKnown: true, newRecipientsToday: 50 }), T).score).toBe(0);
  });

  it('when fan-out comes with a burst, then DECLINE', () => {
    const result = assess(facts({ recipientKnown: false, newRecipientsToday: 12, velocity: { minute: w(12, 1n), hour: w(12, 1n) } }), T);
    expect(result.decision).toBe('DECLINE');
    expect(result.score).toBe(100);
  });
});

describe('blocklist', () => {
  it('when the sender, the recipient or the card is blocklisted, then DECLINE with score 100', () => {
    for (const blocked of [
      { sender: true, recipient: false, instrument: false },
      { sender: false, recipient: true, instrument: false },
    ]) {
      expect(assess(facts({ blocked }), T)).toMatchObject({ score: 100, decision: 'DECLINE' });
    }
    const card = assess(facts({ kind: 'ADD_FUNDS', velocity: null, blocked: { sender: false, recipient: false, instrument: true } }), T);
    expect(card).toEqual({ score: 100, decision: 'DECLINE', reasons: ['BLOCKLISTED: funding instrument on the blocklist'] });
  });

  it('when a blocklisted user converts currency, then DECLINE too', () => {
    expect(assess(facts({ kind: 'CONVERSION', blocked: { sender: true, recipient: false, instrument: false } }), T).decision).toBe('DECLINE');
  });

  it('when the thresholds are lenient, then a blocklisted party is still declined', () => {
    expect(blocklistRule(facts({ blocked: { sender: true, recipient: false, instrument: false } })).score).toBe(100);
    const lenient = { ...T, reviewScore: 99, declineScore: 100 };
    expect(assess(facts({ blocked: { sender: true, recipient: false, instrument: false }, amountUsd: 1n }), { ...lenient }).decision).toBe('DECLINE');
  });
});

describe('conversions and add funds', () => {
  it('when a conversion is large, fast and from a new account, then only the blocklist matters: APPROVE', () => {
    const result = assess(
      facts({
        kind: 'CONVERSION',
        amountUsd: 10_000_000n,
        sender: { firstSeenAt: NOW, completedCount: 0, completedSumUsd: 0n },
        velocity: { minute: w(50, 1n), hour: w(50, 1n) },
      }),
      T,
    );
    expect(result).toEqual({ score: 0, decision: 'APPROVE', reasons: [] });
  });

  it('when a card is charged more than 5 times an hour, 10 a day or for more than 5000.00 a day, then REVIEW; more than 10 an hour, DECLINE', () => {
    const addFunds = (hour: WindowStat, day: WindowStat) => assess(facts({ kind: 'ADD_FUNDS', velocity: null, card: { hour, day } }), T);
    expect(addFunds(w(6, 1n), w(6, 1n)).decision).toBe('REVIEW');
    expect(addFunds(w(1, 1n), w(11, 1n)).decision).toBe('REVIEW');
    expect(addFunds(w(1, 1n), w(2, 500_001n)).decision).toBe('REVIEW');
    expect(addFunds(w(11, 1n), w(11, 1n)).decision).toBe('DECLINE');
    expect(cardVelocityRule(facts({ card: { hour: w(5, 1n), day: w(10, 500_000n) } }), T).score).toBe(0);
  });
});

describe('scores', () => {
  it('when signals pile up, then the score is capped at 100 and every reason is listed', () => {
    const result = assess(
      facts({
        amountUsd: 200_000n,
        sender: { firstSeenAt: NOW, completedCount: 0, completedSumUsd: 0n },
        recipientKnown: false,
        newRecipientsToday: 9,
        velocity: { minute: w(30, 1n), hour: w(30, 1n) },
      }),
      T,
    );
    expect(result.score).toBe(100);
    expect(result.decision).toBe('DECLINE');
    expect(result.reasons.map((r) => r.split(':')[0])).toEqual(['LARGE_AMOUNT', 'VELOCITY_BURST', 'NEW_ACCOUNT', 'FAN_OUT']);
  });
});

describe('USD equivalents', () => {
  it('when an amount is in another currency, then it is converted with the static table, rounding down', () => {
    expect(toUsdCents(10_000n, 'USD')).toBe(10_000n);
    expect(toUsdCents(10_000n, 'EUR')).toBe(10_800n); // 100.00 EUR ≈ 108.00 USD
    expect(toUsdCents(15_000n, 'JPY')).toBe(10_050n); // 15000 JPY ≈ 100.50 USD
    expect(toUsdCents(1_000n, 'KWD')).toBe(325n); // 1.000 KWD ≈ 3.25 USD
    expect(toUsdCents(1n, 'KRW')).toBe(0n);
  });

  it('when the platform accepts a currency, then the table has a rate for it', () => {
    expect([...CURRENCIES.keys()].filter((c) => !hasUsdRate(c))).toEqual([]);
  });

  it('when a currency is unknown to the table, then the amount is compared as given', () => {
    expect(toUsdCents(12_345n, 'XXX')).toBe(12_345n);
  });
});
