import { errors } from '@paygraph/platform/errors';
import { formatAmount } from '@paygraph/platform/money';

/**
 * Monthly statements, the pure part: which instants a month covers, how a movement is described, the CSV.
 *
 * A month's statement covers the postings after its first instant up to and including the next month's first
 * instant — the same `created_at <= at` that balanceAt uses — so every posting belongs to exactly one month,
 * opening = balanceAt(start) and closing = balanceAt(end). The current month ends now.
 */
export interface StatementPeriod {
  /** `YYYY-MM`. */
  month: string;
  start: Date;
  end: Date;
  /** The month is still running: `end` is now. */
  current: boolean;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** A `YYYY-MM` month (UTC) up to the current one; anything else is INVALID_MONTH on `field`. */
export function statementPeriod(month: string, now: Date, field = 'month'): StatementPeriod {
  const match = typeof month === 'string' ? MONTH.exec(month) : null;
  const year = Number(match?.[1]);
  const index = Number(match?.[2]) - 1;
  if (!match || year < 1970 || index < 0 || index > 11) throw errors.user('INVALID_MONTH', 'Expected a month as YYYY-MM, such as 2026-11', field);
  const start = new Date(Date.UTC(year, index, 1));
  const next = new Date(Date.UTC(year, index + 1, 1));
  if (start.getTime() > now.getTime()) throw errors.user('INVALID_MONTH', `${month} has not started yet`, field);
  const current = next.getTime() > now.getTime();
  return { month, start, end: current ? now : next, current };
}

/** The month before the one `now` is in, as `YYYY-MM`. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return monthOf(d);
}

export function monthOf(at: Date): string {
  return `${String(at.getUTCFullYear()).padStart(4, '0')}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

const DESCRIPTIONS: Record<string, [credit: string, debit: string]> = {
  P2P: ['Payment received', 'Payment sent'],
  CONVERSION: ['Currency conversion in', 'Currency conversion out'],
  ADD_FUNDS: ['Funds added', 'Card charge reversed'],
  ADJUSTMENT: ['Adjustment (credit)', 'Adjustment (debit)'],
  WITHDRAWAL: ['Withdrawal reversed', 'Withdrawal to bank'],
  WITHDRAWAL_RETURN: ['Withdrawal returned by the bank', 'Withdrawal return reversed'],
  CHECKOUT: ['Checkout sale', 'Checkout purchase'],
  CHECKOUT_REFUND: ['Checkout refund reversed', 'Checkout refund to card'],
};

/** What a movement is, for a person reading the statement: the journal entry's kind and the posting's direction. */
export function describeMovement(kind: string, amount: bigint): string {
  const pair = DESCRIPTIONS[kind];
  if (!pair) return kind;
  return amount >= 0n ? pair[0] : pair[1];
}

export interface StatementLine {
  postingId: string;
  postedAt: Date;
  journalEntryId: string;
  kind: string;
  currency: string;
  /** Signed minor units: positive into the wallet. */
  amount: bigint;
  balanceAfter: bigint;
}

export interface StatementTotals {
  opening: bigint;
  /** Sum of the month's positive postings (minor units, ≥ 0). */
  credits: bigint;
  /** Sum of the month's negative postings, as a positive number. */
  debits: bigint;
}

export const closingOf = (t: StatementTotals) => t.opening + t.credits - t.debits;

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const CSV_HEADER = ['posted_at', 'journal_entry_id', 'description', 'amount', 'currency', 'balance_after'] as const;

/**
 * The statement as CSV (CRLF line ends, as RFC 4180 has them): the header, an opening line at the month's start,
 * one line per movement in order, a closing line at its end. Amounts are decimal strings in the major unit.
 */
export function statementCsv(period: StatementPeriod, currency: string, totals: StatementTotals, lines: readonly StatementLine[]): string {
  const row = (fields: string[]) => fields.map(csvField).join(',');
  const money = (minor: bigint) => formatAmount(minor, currency);
  const closing = closingOf(totals);
  return [
    row([...CSV_HEADER]),
    row([period.start.toISOString(), '', 'Opening balance', '', currency, money(totals.opening)]),
    ...lines.map((l) => row([l.postedAt.toISOString(), l.journalEntryId, describeMovement(l.kind, l.amount), money(l.amount), currency, money(l.balanceAfter)])),
    row([period.end.toISOString(), '', 'Closing balance', '', currency, money(closing)]),
  ]
    .map((line) => `${line}\r\n`)
    .join('');
}
