import { errors } from './errors.js';

/**
 * Money is an integer count of the currency's minor unit (`bigint` in code, `bigint`/`numeric(20,0)` in SQL) with an
 * ISO 4217 code. On the wire it is `{ amount: "12.34", currency: "USD" }`: an exact decimal string in the major unit.
 * Parsing is strict: no exponent, no sign, no spaces, no more decimals than the currency has, no zero.
 */
export interface CurrencyInfo {
  code: string;
  /** ISO 4217 minor-unit exponent: USD 2 (cents), JPY 0, KWD 3 (fils). */
  exponent: number;
  name: string;
}

const table: [string, number, string][] = [
  ['USD', 2, 'US dollar'],
  ['EUR', 2, 'Euro'],
  ['GBP', 2, 'Pound sterling'],
  ['JPY', 0, 'Japanese yen'],
  ['CHF', 2, 'Swiss franc'],
  ['CAD', 2, 'Canadian dollar'],
  ['AUD', 2, 'Australian dollar'],
  ['INR', 2, 'Indian rupee'],
  ['KWD', 3, 'Kuwaiti dinar'],
  ['SEK', 2, 'Swedish krona'],
  ['NOK', 2, 'Norwegian krone'],
  ['DKK', 2, 'Danish krone'],
  ['SGD', 2, 'Singapore dollar'],
  ['HKD', 2, 'Hong Kong dollar'],
  ['NZD', 2, 'New Zealand dollar'],
  ['MXN', 2, 'Mexican peso'],
  ['BHD', 3, 'Bahraini dinar'],
  ['KRW', 0, 'South Korean won'],
];

export const CURRENCIES: ReadonlyMap<string, CurrencyInfo> = new Map(
  table.map(([code, exponent, name]) => [code, { code, exponent, name }]),
);

/** The largest amount the platform accepts in one money field: 10^15 minor units (fits bigint with headroom). */
export const MAX_MINOR = 10n ** 15n;

export interface Money {
  /** Minor units. */
  amount: bigint;
  currency: string;
}

/** What GraphQL returns for a Money field. */
export interface MoneyDto {
  amount: string;
  currency: string;
}

export function isCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

export function currencyInfo(code: string, field = 'currency'): CurrencyInfo {
  const info = typeof code === 'string' ? CURRENCIES.get(code) : undefined;
  if (!info) throw errors.user('UNSUPPORTED_CURRENCY', `Unsupported currency "${String(code).slice(0, 10)}"; use an ISO 4217 code such as USD`, field);
  return info;
}

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * Parses a positive decimal amount in the currency's major unit into minor units.
 * "12.34" USD → 1234n; "1200" JPY → 1200n; "1.250" KWD → 1250n. Rejects "-1", "0", "1e3", "0.001" USD,
 * "1.5" JPY, " 10", "10.", ".5", and anything over MAX_MINOR.
 */
export function parseAmount(amount: string, currency: string, field = 'amount'): bigint {
  const { exponent, code } = currencyInfo(currency, field.replace(/amount$/, 'currency'));
  if (typeof amount !== 'string' || amount.length > 40) throw invalid(field, 'is not a decimal amount');
  const match = DECIMAL.exec(amount);
  if (!match) throw invalid(field, `must be a plain decimal such as "12.34" (no sign, exponent or spaces)`);
  const [, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw invalid(field, exponent === 0 ? `${code} has no minor unit: use a whole number` : `${code} allows at most ${exponent} decimals`);
  }
  const minor = BigInt(whole!) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor <= 0n) throw invalid(field, 'must be greater than zero');
  if (minor > MAX_MINOR) throw invalid(field, 'is too large');
  return minor;
}

export function parseMoney(input: MoneyDto, field = 'amount'): Money {
  const currency = currencyInfo(input.currency, `${field}.currency`).code;
  return { amount: parseAmount(input.amount, currency, `${field}.amount`), currency };
}

/** Minor units → exact decimal string in the major unit ("-12.30", "1200", "0.005"). */
export function formatAmount(minor: bigint, currency: string): string {
  const { exponent } = currencyInfo(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export function toMoneyDto(minor: bigint | string | number, currency: string): MoneyDto {
  return { amount: formatAmount(BigInt(minor), currency), currency };
}

function invalid(field: string, why: string) {
  return errors.user('INVALID_AMOUNT', `Amount ${why}`, field);
}
