import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { CURRENCIES } from '@paygraph/platform/money';
import {
  appliedRateScaled,
  conversionPostings,
  convertMinor,
  DEFAULT_RATES_PER_USD,
  formatRate,
  FxService,
  parseDecimal,
  rateToScaled,
  spreadFraction,
  TableRateSource,
  type Ratio,
} from './fx.service.js';
import { validateJournal } from './ledger.service.js';

const SCALE = 10n ** 10n;
const rates = new TableRateSource(DEFAULT_RATES_PER_USD);
const exp = (c: string) => CURRENCIES.get(c)!.exponent;
const pow10 = (n: number) => 10n ** BigInt(n);

/** The quote arithmetic exactly as FxService.quote does it. */
async function quote(source: string, target: string, sourceMinor: bigint, spreadBps = 50) {
  const mid = (await rates.midRate(source, target))!;
  const rate = appliedRateScaled(mid, spreadBps);
  return { mid, rate, targetMinor: convertMinor(sourceMinor, rate, exp(source), exp(target)) };
}

function randomMinor(): bigint {
  // Spread over magnitudes: 1 minor unit up to 10^15.
  const digits = 1 + (randomBytes(1)[0]! % 15);
  return 1n + (BigInt('0x' + randomBytes(8).toString('hex')) % pow10(digits));
}

describe('the rounding rule', () => {
  it('when 100.00 USD is converted to EUR at mid 0.92 with a 0.5% spread, then the rate is 0.9154 and the target 91.54 EUR', async () => {
    const q = await quote('USD', 'EUR', 10_000n);
    expect(formatRate(q.rate)).toBe('0.9154');
    expect(q.targetMinor).toBe(9_154n);
  });

  it('when currencies have different exponents, then amounts are scaled by them and rounded down', async () => {
    // 10.00 USD → JPY at 151.5 × 0.995 = 150.7425 → 1507.425 → 1507 JPY
    expect((await quote('USD', 'JPY', 1_000n)).targetMinor).toBe(1_507n);
    // 1500 JPY → USD at (1/151.5) × 0.995 = 0.0065676567… → 9.85 USD
    expect((await quote('JPY', 'USD', 1_500n)).targetMinor).toBe(985n);
    // 1.000 KWD → JPY at (151.5/0.3075) × 0.995 = 490.2195121951… → 490 JPY
    expect((await quote('KWD', 'JPY', 1_000n)).targetMinor).toBe(490n);
  });

  it('when the amount is tiny, then the target can round to zero (the service refuses such a quote)', async () => {
    expect((await quote('KRW', 'USD', 1n)).targetMinor).toBe(0n); // 1 KRW ≈ 0.07 US cents
  });

  it('when the rate is rounded, then it is rounded down to 10 decimals and never exceeds mid × (1 − spread)', async () => {
    for (const source of Object.keys(DEFAULT_RATES_PER_USD)) {
      for (const target of Object.keys(DEFAULT_RATES_PER_USD)) {
        if (source === target) continue;
        const mid = (await rates.midRate(source, target))!;
        const rate = appliedRateScaled(mid, 50);
        // rate ≤ mid × 0.995 × 10^10 < rate + 1
        expect(rate * mid.d * 10_000n <= mid.n * 9_950n * SCALE).toBe(true);
        expect((rate + 1n) * mid.d * 10_000n > mid.n * 9_950n * SCALE).toBe(true);
        expect(rateToScaled(formatRate(rate))).toBe(rate);
      }
    }
  });

  it('when thousands of random amounts are converted between every pair, then no money appears: target ≤ source × mid, and exactly floor(source × rate)', async () => {
    const codes = Object.keys(DEFAULT_RATES_PER_USD);
    let checked = 0;
    for (let i = 0; i < 4000; i++) {
      const source = codes[randomBytes(1)[0]! % codes.length]!;
      const target = codes[randomBytes(1)[0]! % codes.length]!;
      if (source === target) continue;
      const sourceMinor = randomMinor();
      const { mid, rate, targetMinor } = await quote(source, target, sourceMinor);
      const [es, et] = [exp(source), exp(target)];
      // Both sides in "target minor units × 10^es × mid.d × SCALE" to compare exactly.
      const atMid = sourceMinor * mid.n * pow10(et) * SCALE; // source × mid, scaled
      const given = targetMinor * mid.d * pow10(es) * SCALE;
      expect(given <= atMid).toBe(true);
      // floor(source × rate): target ≤ source × rate < target + 1
      const atRate = sourceMinor * rate * pow10(et);
      expect(targetMinor * SCALE * pow10(es) <= atRate).toBe(true);
      expect((targetMinor + 1n) * SCALE * pow10(es) > atRate).toBe(true);
      expect(targetMinor >= 0n).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it("when a conversion's legs are posted, then each currency's postings sum to zero (the spread stays in FX clearing)", async () => {
    const q = await quote('USD', 'EUR', 123_456n);
    const postings = conversionPostings(
      { sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: 123_456n, targetAmount: q.targetMinor },
      { sourceWallet: 'w1', fxSource: 'fx-usd', fxTarget: 'fx-eur', targetWallet: 'w2' },
    );
    expect(() => validateJournal({ kind: 'CONVERSION', postings })).not.toThrow();
    const sum = (c: string) => postings.filter((p) => p.currency === c).reduce((s, p) => s + p.amount, 0n);
    expect(sum('USD')).toBe(0n);
    expect(sum('EUR')).toBe(0n);
    // FX clearing took 1234.56 USD and paid out less than its mid value in EUR: the platform's margin, never negative.
    const fxUsd = postings.find((p) => p.accountId === 'fx-usd')!.amount;
    const fxEur = postings.find((p) => p.accountId === 'fx-eur')!.amount;
    expect(fxUsd).toBe(123_456n);
    expect(-fxEur * 100n <= fxUsd * 92n).toBe(true);
  });

  it('when a journal does not balance, then the code refuses it before the database would', () => {
    expect(() =>
      validateJournal({
        kind: 'ADJUSTMENT',
        postings: [
          { accountId: 'a', amount: 100n, currency: 'USD' },
          { accountId: 'b', amount: -99n, currency: 'USD' },
        ],
      }),
    ).toThrow(/does not balance/);
  });
});

describe('rates', () => {
  it('when a rate table is read, then cross rates go through USD exactly', async () => {
    const r = (await rates.midRate('EUR', 'GBP')) as Ratio;
    // 0.79 / 0.92 = 79/92
    expect(r).toEqual({ n: 79n, d: 92n });
    expect(await rates.midRate('USD', 'XXX')).toBeNull();
    expect(parseDecimal('151.50')).toEqual({ n: 303n, d: 2n });
  });

  it('when the spread is shown, then it is an exact fraction', () => {
    expect(spreadFraction(50)).toBe('0.005');
    expect(spreadFraction(1)).toBe('0.0001');
    expect(spreadFraction(0)).toBe('0');
  });

  it('when a USD equivalent is asked for, then it is at mid and rounded up', async () => {
    const fx = new FxService(null as never, rates, { spreadBps: 50, quoteTtlSeconds: 60, captureGraceSeconds: 0, currencies: new Set(['USD']) });
    expect(await fx.usdEquivalent(12_345n, 'USD')).toBe(12_345n);
    expect(await fx.usdEquivalent(1n, 'JPY')).toBe(1n); // 0.0066 USD → 1 cent
    expect(await fx.usdEquivalent(15_150n, 'JPY')).toBe(10_000n); // exactly 100.00 USD
    expect(await fx.usdEquivalent(9_200n, 'EUR')).toBe(10_000n);
    expect(await fx.usdEquivalent(1_000n, 'KWD')).toBe(326n); // 1 KWD = 3.2520… USD → 3.26
  });
});
