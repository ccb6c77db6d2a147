import { CURRENCIES } from '@paygraph/platform/money';

/**
 * Approximate USD value of one major unit of each currency, in millionths of a dollar. Fraud only needs the order of
 * magnitude of an amount to compare it with thresholds and a sender's history, so a small static table is enough and
 * keeps screening free of any call to wallets' rate source: an error of a few percent moves no decision that matters.
 * Rules therefore work in USD cents ("USD equivalent"); history is stored converted at the time it was recorded.
 */
const MICRO_USD_PER_MAJOR: Readonly<Record<string, bigint>> = {
  USD: 1_000_000n,
  EUR: 1_080_000n,
  GBP: 1_270_000n,
  JPY: 6_700n,
  CHF: 1_120_000n,
  CAD: 730_000n,
  AUD: 660_000n,
  INR: 12_000n,
  KWD: 3_250_000n,
  SEK: 95_000n,
  NOK: 93_000n,
  DKK: 145_000n,
  SGD: 740_000n,
  HKD: 128_000n,
  NZD: 600_000n,
  MXN: 55_000n,
  BHD: 2_650_000n,
  KRW: 730n,
};

export function hasUsdRate(currency: string): boolean {
  return Object.hasOwn(MICRO_USD_PER_MAJOR, currency);
}

/**
 * Minor units of `currency` → USD cents, rounded down. A currency missing from the table (the platform accepts none
 * that is) is compared as it is given, one minor unit for one cent: better a rough figure than no screening.
 */
export function toUsdCents(minor: bigint, currency: string): bigint {
  const rate = MICRO_USD_PER_MAJOR[currency];
  const exponent = CURRENCIES.get(currency)?.exponent;
  if (rate === undefined || exponent === undefined) return minor;
  return (minor * rate * 100n) / (10n ** BigInt(exponent) * 1_000_000n);
}
