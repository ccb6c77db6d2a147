import { describe, expect, it } from '@jest/globals';
import { AppError } from '@paygraph/platform/errors';
import { closingOf, csvField, describeMovement, monthOf, previousMonth, statementCsv, statementPeriod, type StatementLine } from './statement.js';

const now = new Date('2026-12-06T03:50:00.000Z');

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : 'NOT_APP_ERROR';
  }
}

describe('statementPeriod', () => {
  it('when the month is past, then it runs from its first instant to the next month’s first instant', () => {
    expect(statementPeriod('2026-11', now)).toEqual({
      month: '2026-11',
      start: new Date('2026-11-01T00:00:00.000Z'),
      end: new Date('2026-12-01T00:00:00.000Z'),
      current: false,
    });
  });

  it('when the month is December, then it ends on the first of January of the next year', () => {
    expect(statementPeriod('2025-12', now).end).toEqual(new Date('2026-01-01T00:00:00.000Z'));
  });

  it('when the month is February of a leap year, then it has 29 days', () => {
    const p = statementPeriod('2024-02', now);
    expect((p.end.getTime() - p.start.getTime()) / 86_400_000).toBe(29);
  });

  it('when the month is the current one, then it ends now', () => {
    expect(statementPeriod('2026-12', now)).toEqual({ month: '2026-12', start: new Date('2026-12-01T00:00:00.000Z'), end: now, current: true });
  });

  it('when the month has just started, then it is the current month', () => {
    const first = new Date('2026-12-01T00:00:00.000Z');
    expect(statementPeriod('2026-12', first).current).toBe(true);
    expect(statementPeriod('2026-11', first).current).toBe(false);
  });

  it.each(['2026-13', '2026-00', 'abc', '', '2026-1', '2026-011', '26-11', '2026/11', '2026-11-01', ' 2026-11', '1969-12'])(
    'when the month is %p, then it is INVALID_MONTH',
    (month) => expect(codeOf(() => statementPeriod(month, now))).toBe('INVALID_MONTH'),
  );

  it('when the month has not started, then it is INVALID_MONTH', () => {
    expect(codeOf(() => statementPeriod('2027-01', now))).toBe('INVALID_MONTH');
    expect(codeOf(() => statementPeriod('2026-12', new Date('2026-11-30T23:59:59.999Z')))).toBe('INVALID_MONTH');
  });

  it('knows the previous month across a year', () => {
    expect(previousMonth(now)).toBe('2026-11');
    expect(previousMonth(new Date('2027-01-15T00:00:00.000Z'))).toBe('2026-12');
    expect(monthOf(new Date('2026-01-31T23:59:59.999Z'))).toBe('2026-01');
  });
});

describe('describeMovement', () => {
  it('names the direction of a payment', () => {
    expect(describeMovement('P2P', 100n)).toBe('Payment received');
    expect(describeMovement('P2P', -100n)).toBe('Payment sent');
    expect(describeMovement('SOMETHING_NEW', 1n)).toBe('SOMETHING_NEW');
  });
});

describe('csvField', () => {
  it('quotes only what RFC 4180 requires, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });
});

describe('statementCsv', () => {
  const period = statementPeriod('2026-11', now);
  const line = (n: number, kind: string, amount: bigint, balanceAfter: bigint): StatementLine => ({
    postingId: String(n),
    postedAt: new Date(`2026-11-0${n}T10:00:00.000Z`),
    journalEntryId: `jrn_${n}`,
    kind,
    currency: 'USD',
    amount,
    balanceAfter,
  });

  it('when there are movements, then it has the header, the opening, one line per movement and the closing', () => {
    const totals = { opening: 1000n, credits: 2550n, debits: 1205n };
    const csv = statementCsv(period, 'USD', totals, [line(1, 'ADD_FUNDS', 2550n, 3550n), line(2, 'P2P', -1205n, 2345n)]);
    expect(closingOf(totals)).toBe(2345n);
    expect(csv).toBe(
      [
        'posted_at,journal_entry_id,description,amount,currency,balance_after',
        '2026-11-01T00:00:00.000Z,,Opening balance,,USD,10.00',
        '2026-11-01T10:00:00.000Z,jrn_1,Funds added,25.50,USD,35.50',
        '2026-11-02T10:00:00.000Z,jrn_2,Payment sent,-12.05,USD,23.45',
        '2026-12-01T00:00:00.000Z,,Closing balance,,USD,23.45',
        '',
      ].join('\r\n'),
    );
  });

  it('when the currency has no minor unit or three, then amounts follow its exponent', () => {
    const jpy = statementCsv(period, 'JPY', { opening: 0n, credits: 1200n, debits: 0n }, [{ ...line(1, 'ADD_FUNDS', 1200n, 1200n), currency: 'JPY' }]);
    expect(jpy.split('\r\n')[2]).toBe('2026-11-01T10:00:00.000Z,jrn_1,Funds added,1200,JPY,1200');
    const kwd = statementCsv(period, 'KWD', { opening: 5n, credits: 0n, debits: 0n }, []);
    expect(kwd.split('\r\n')[1]).toBe('2026-11-01T00:00:00.000Z,,Opening balance,,KWD,0.005');
  });

  it('when the month is empty, then opening and closing are its only lines', () => {
    expect(statementCsv(period, 'USD', { opening: 0n, credits: 0n, debits: 0n }, []).split('\r\n')).toEqual([
      'posted_at,journal_entry_id,description,amount,currency,balance_after',
      '2026-11-01T00:00:00.000Z,,Opening balance,,USD,0.00',
      '2026-12-01T00:00:00.000Z,,Closing balance,,USD,0.00',
      '',
    ]);
  });

  it('when a description needs quoting, then it is quoted', () => {
    const csv = statementCsv(period, 'USD', { opening: 0n, credits: 1n, debits: 0n }, [line(1, 'NEW,"KIND"', 1n, 1n)]);
    expect(csv.split('\r\n')[2]).toBe('2026-11-01T10:00:00.000Z,jrn_1,"NEW,""KIND""",0.01,USD,0.01');
  });
});
