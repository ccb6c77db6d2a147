import { LockMode } from '@mikro-orm/core';
import { errors } from '@paygraph/platform/errors';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import { currencyInfo, MAX_MINOR, parseAmount } from '@paygraph/platform/money';
import { FxQuote } from '../entities/fx-quote.entity.js';

/**
 * FX: prices and their arithmetic. Every number here is an exact integer or a ratio of integers; no float ever
 * touches an amount.
 *
 * THE ROUNDING RULE (what a quote promises, and why no money appears or disappears):
 *  1. mid     = the rate source's mid rate, target units per source unit (major units), an exact ratio.
 *  2. rate    = mid × (1 − spreadBps / 10 000), rounded DOWN to RATE_DECIMALS (10) decimal places. This is the rate
 *               shown on the quote and recorded on the journal entry.
 *  3. target  = floor(source × rate), computed in minor units: floor(sourceMinor × rate × 10^(eTarget − eSource)).
 *               Both roundings go down, i.e. in the platform's favour: the user never gets more than the rate says.
 *  4. A conversion posts exactly two legs through the FX clearing accounts:
 *        source currency:  wallet −sourceMinor, FX_CLEARING(source) +sourceMinor
 *        target currency:  FX_CLEARING(target) −targetMinor, wallet +targetMinor
 *     so each currency's postings sum to zero: nothing is created or destroyed in any currency. What the user gives
 *     up in value (the spread plus the rounding remainder, sourceMinor × mid − targetMinor ≥ 0, in target units)
 *     stays with the platform in FX clearing, where reconciliation sees it.
 *  5. A quote whose target rounds to zero is refused (INVALID_AMOUNT): it would take money for nothing.
 */
export const RATE_DECIMALS = 10;
const RATE_SCALE = 10n ** BigInt(RATE_DECIMALS);
const BPS = 10_000n;

/** A positive rational number. */
export interface Ratio {
  n: bigint;
  d: bigint;
}

/** Where mid rates come from. The default is a configured table; a market-data feed would implement the same. */
export interface RateSource {
  /** Units of `to` per one unit of `from` (major units), or null when there is no rate for the pair. */
  midRate(from: string, to: string): Promise<Ratio | null>;
}

/** Mid rates, units of each currency per 1 USD. Indicative; overridden with FX_RATES. */
export const DEFAULT_RATES_PER_USD: Readonly<Record<string, string>> = {
  USD: '1',
  EUR: '0.92',
  GBP: '0.79',
  JPY: '151.5',
  CHF: '0.88',
  CAD: '1.36',
  AUD: '1.52',
  INR: '83.3',
  KWD: '0.3075',
  SEK: '10.45',
  NOK: '10.6',
  DKK: '6.87',
  SGD: '1.34',
  HKD: '7.82',
  NZD: '1.66',
  MXN: '17.1',
  BHD: '0.376',
  KRW: '1350',
};

/** Cross rates from a table of rates against one pivot currency (USD). */
export class TableRateSource implements RateSource {
  private readonly perUsd: Map<string, Ratio>;

  constructor(table: Readonly<Record<string, string>>) {
    this.perUsd = new Map(Object.entries(table).map(([code, rate]) => [code, parseDecimal(rate)]));
    this.perUsd.set('USD', { n: 1n, d: 1n });
  }

  async midRate(from: string, to: string): Promise<Ratio | null> {
    const f = this.perUsd.get(from);
    const t = this.perUsd.get(to);
    if (!f || !t) return null;
    // (t per USD) / (f per USD) = t per f
    return reduce({ n: t.n * f.d, d: t.d * f.n });
  }
}

export function parseDecimal(text: string): Ratio {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`Not a decimal: ${text}`);
  const fraction = match[2] ?? '';
  const ratio = reduce({ n: BigInt(match[1]! + fraction), d: 10n ** BigInt(fraction.length) });
  if (ratio.n <= 0n) throw new Error(`Rate must be positive: ${text}`);
  return ratio;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

function reduce(r: Ratio): Ratio {
  const g = gcd(r.n, r.d);
  return { n: r.n / g, d: r.d / g };
}

/** floor(a / b) for non-negative a and positive b (bigint division truncates, which is floor here). */
const floorDiv = (a: bigint, b: bigint) => a / b;
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** Rule step 1–2: the applied rate, scaled by 10^RATE_DECIMALS, rounded down. */
export function appliedRateScaled(mid: Ratio, spreadBps: number): bigint {
  return floorDiv(mid.n * (BPS - BigInt(spreadBps)) * RATE_SCALE, mid.d * BPS);
}

/** The mid rate scaled like the applied rate (rounded down; informational only). */
export function midRateScaled(mid: Ratio): bigint {
  return floorDiv(mid.n * RATE_SCALE, mid.d);
}

/** Rule step 3: target minor units for `sourceMinor` at a scaled rate, rounded down. */
export function convertMinor(sourceMinor: bigint, rateScaled: bigint, sourceExponent: number, targetExponent: number): bigint {
  const shift = targetExponent - sourceExponent;
  const num = sourceMinor * rateScaled * (shift >= 0 ? 10n ** BigInt(shift) : 1n);
  const den = RATE_SCALE * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
  return floorDiv(num, den);
}

/** A scaled rate as a decimal string without trailing zeros: 9154000000n → "0.9154". */
export function formatRate(scaled: bigint): string {
  const digits = scaled.toString().padStart(RATE_DECIMALS + 1, '0');
  const whole = digits.slice(0, -RATE_DECIMALS);
  const fraction = digits.slice(-RATE_DECIMALS).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** Basis points as a decimal fraction: 50 → "0.005". */
export function spreadFraction(bps: number): string {
  return formatRate(BigInt(bps) * (RATE_SCALE / BPS));
}

/** "0.9154" → 9154000000n (exact; the stored rates have at most RATE_DECIMALS decimals). */
export function rateToScaled(rate: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!match) throw new Error(`Not a rate: ${rate}`);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > RATE_DECIMALS) throw new Error(`Rate has more than ${RATE_DECIMALS} decimals: ${rate}`);
  return BigInt(match[1]!) * RATE_SCALE + BigInt(fraction.padEnd(RATE_DECIMALS, '0') || '0');
}

/** Rule step 4: the two legs of a conversion, one per currency, each summing to zero. */
export function conversionPostings(
  q: { sourceCurrency: string; targetCurrency: string; sourceAmount: bigint; targetAmount: bigint },
  accounts: { sourceWallet: string; fxSource: string; fxTarget: string; targetWallet: string },
): { accountId: string; amount: bigint; currency: string }[] {
  return [
    { accountId: accounts.sourceWallet, amount: -q.sourceAmount, currency: q.sourceCurrency },
    { accountId: accounts.fxSource, amount: q.sourceAmount, currency: q.sourceCurrency },
    { accountId: accounts.fxTarget, amount: -q.targetAmount, currency: q.targetCurrency },
    { accountId: accounts.targetWallet, amount: q.targetAmount, currency: q.targetCurrency },
  ];
}

export interface FxOptions {
  spreadBps: number;
  quoteTtlSeconds: number;
  captureGraceSeconds: number;
  /** Currencies wallets can hold: only these can be quoted. */
  currencies: ReadonlySet<string>;
}

export interface FxQuoteInput {
  sourceCurrency: string;
  targetCurrency: string;
  sourceAmount: string;
}

export type ClaimResult = { ok: true; quote: FxQuote } | { ok: false; why: string };

export class FxService {
  constructor(
    private readonly orm: MikroORM,
    private readonly rates: RateSource,
    private readonly opts: FxOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Prices converting the viewer's `sourceAmount` and stores the quote (single use, short-lived). */
  async quote(ownerId: string, input: FxQuoteInput): Promise<FxQuote> {
    const source = this.supported(input.sourceCurrency, 'input.sourceCurrency');
    const target = this.supported(input.targetCurrency, 'input.targetCurrency');
    if (source.code === target.code) {
      throw errors.user('BAD_USER_INPUT', 'Source and target currency must differ', 'input.targetCurrency');
    }
    const sourceMinor = parseAmount(input.sourceAmount, source.code, 'input.sourceAmount');
    const mid = await this.rates.midRate(source.code, target.code);
    if (!mid) throw errors.user('UNSUPPORTED_CURRENCY', `No exchange rate from ${source.code} to ${target.code}`, 'input.targetCurrency');
    const rate = appliedRateScaled(mid, this.opts.spreadBps);
    const targetMinor = convertMinor(sourceMinor, rate, source.exponent, target.exponent);
    if (targetMinor <= 0n) {
      throw errors.user('INVALID_AMOUNT', `Amount is too small to convert into ${target.code}`, 'input.sourceAmount');
    }
    if (targetMinor > MAX_MINOR) throw errors.user('INVALID_AMOUNT', 'Amount is too large', 'input.sourceAmount');

    const now = this.clock();
    return inTransaction(this.orm, async (em) => {
      const quote = em.create(FxQuote, {
        id: newId('fxq'),
        ownerId,
        sourceCurrency: source.code,
        targetCurrency: target.code,
        sourceAmount: sourceMinor,
        targetAmount: targetMinor,
        midRate: formatRate(midRateScaled(mid)),
        rate: formatRate(rate),
        spreadBps: this.opts.spreadBps,
        expiresAt: new Date(now.getTime() + this.opts.quoteTtlSeconds * 1000),
        createdAt: now,
        usedByTransactionId: null,
        usedAt: null,
      });
      await em.flush();
      return quote;
    });
  }

  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, FxQuote>> {
    const rows = ids.length === 0 ? [] : await em.find(FxQuote, { id: { $in: [...ids] } });
    return new Map(rows.map((q) => [q.id, q]));
  }

  isExpired(quote: FxQuote): boolean {
    return quote.expiresAt.getTime() <= this.clock().getTime();
  }

  /**
   * Takes the quote for one transaction, inside the capture's transaction (row-locked): it must be the sender's,
   * for exactly the held amount, unused by any other transaction, and not past expiry plus the capture grace.
   * Claiming it again for the same transaction succeeds (a replayed capture).
   */
  async claim(
    em: EntityManager,
    quoteId: string,
    req: { ownerId: string; transactionId: string; sourceMinor: bigint; sourceCurrency: string },
  ): Promise<ClaimResult> {
    const quote = await em.findOne(FxQuote, { id: quoteId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!quote) return { ok: false, why: 'quote not found' };
    if (quote.ownerId !== req.ownerId) return { ok: false, why: 'quote belongs to another user' };
    if (quote.sourceCurrency !== req.sourceCurrency || quote.sourceAmount !== req.sourceMinor) {
      return { ok: false, why: 'quote is for another amount' };
    }
    if (quote.usedByTransactionId === req.transactionId) return { ok: true, quote };
    if (quote.usedByTransactionId) return { ok: false, why: 'quote already used' };
    const now = this.clock();
    if (now.getTime() > quote.expiresAt.getTime() + this.opts.captureGraceSeconds * 1000) return { ok: false, why: 'quote expired' };
    quote.usedByTransactionId = req.transactionId;
    quote.usedAt = now;
    await em.flush();
    return { ok: true, quote };
  }

  /** USD minor units worth `minor` of `currency` at the mid rate, rounded up (limits err on the strict side). */
  async usdEquivalent(minor: bigint, currency: string): Promise<bigint> {
    const source = currencyInfo(currency, 'currency');
    if (source.code === 'USD') return minor;
    const mid = await this.rates.midRate(source.code, 'USD');
    if (!mid) throw errors.user('UNSUPPORTED_CURRENCY', `No exchange rate from ${source.code} to USD`, 'currency');
    const usd = currencyInfo('USD');
    const shift = usd.exponent - source.exponent;
    const num = minor * mid.n * (shift >= 0 ? 10n ** BigInt(shift) : 1n);
    const den = mid.d * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
    return ceilDiv(num, den);
  }

  private supported(code: string, field: string) {
    const info = currencyInfo(code, field);
    if (!this.opts.currencies.has(info.code)) throw errors.user('UNSUPPORTED_CURRENCY', `${info.code} is not offered`, field);
    return info;
  }
}
