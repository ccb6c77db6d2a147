import { describe, expect, it } from '@jest/globals';
import { closableDays, closesAt, dayLockKey, dayWindow, isClosable, parseBusinessDate, totalsOf } from './settlement-day.js';

const MIN = 60_000;
const day = (s: string) => parseBusinessDate(s)!;

describe('parseBusinessDate', () => {
  it('when the value is a real YYYY-MM-DD day, then it is that day', () => {
    expect(parseBusinessDate('2026-12-05')).toBe('2026-12-05');
    expect(parseBusinessDate('2024-02-29')).toBe('2024-02-29');
  });
  it('when the value is not YYYY-MM-DD or not a real day, then it is refused', () => {
    for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-1-05', '05/12/2026', '2026-12-05T00:00:00Z', '', ' 2026-12-05']) {
      expect(parseBusinessDate(bad)).toBeNull();
    }
  });
});

describe('dayWindow', () => {
  it('when asked for a day, then it is [00:00, next 00:00) UTC, across a month and a year end', () => {
    expect(dayWindow(day('2026-12-05'))).toEqual({ start: new Date('2026-12-05T00:00:00.000Z'), end: new Date('2026-12-06T00:00:00.000Z') });
    expect(dayWindow(day('2026-12-31')).end).toEqual(new Date('2027-01-01T00:00:00.000Z'));
    expect(dayWindow(day('2024-02-28')).end).toEqual(new Date('2024-02-29T00:00:00.000Z'));
  });
});

describe('isClosable', () => {
  const d = day('2026-12-05');
  const delay = 15 * MIN;
  it('when the day is not over, then it cannot close', () => {
    expect(isClosable(d, new Date('2026-12-05T12:00:00.000Z'), delay)).toBe(false);
  });
  it('when the day is over but the delay has not passed, then it cannot close yet', () => {
    expect(isClosable(d, new Date('2026-12-06T00:00:00.000Z'), delay)).toBe(false);
    expect(isClosable(d, new Date('2026-12-06T00:14:59.999Z'), delay)).toBe(false);
  });
  it('when the day is over plus the delay, then it can close', () => {
    expect(closesAt(d, delay)).toEqual(new Date('2026-12-06T00:15:00.000Z'));
    expect(isClosable(d, new Date('2026-12-06T00:15:00.000Z'), delay)).toBe(true);
    expect(isClosable(d, new Date('2027-01-01T00:00:00.000Z'), delay)).toBe(true);
  });
  it('when the day is in the future, then it cannot close', () => {
    expect(isClosable(day('2026-12-07'), new Date('2026-12-06T10:00:00.000Z'), 0)).toBe(false);
  });
});

describe('closableDays', () => {
  it('when the delay has passed for yesterday, then the look-back ends with yesterday, oldest first', () => {
    expect(closableDays(new Date('2026-12-06T03:00:00.000Z'), 15 * MIN, 3)).toEqual(['2026-12-03', '2026-12-04', '2026-12-05']);
  });
  it('when yesterday is still inside the delay, then it is left for a later pass', () => {
    expect(closableDays(new Date('2026-12-06T00:10:00.000Z'), 15 * MIN, 3)).toEqual(['2026-12-03', '2026-12-04']);
  });
});

describe('dayLockKey', () => {
  it('when two days differ, then their lock keys differ; the same day has one key', () => {
    expect(dayLockKey(day('2026-12-05'))).toBe(dayLockKey(day('2026-12-05')));
    expect(dayLockKey(day('2026-12-06')) - dayLockKey(day('2026-12-05'))).toBe(1);
    expect(dayLockKey(day('1970-01-01'))).toBe(0);
  });
});

describe('totalsOf', () => {
  it('when a day has captures and refunds, then net = gross − fees − refunds', () => {
    expect(
      totalsOf([
        { kind: 'CAPTURE', amount: 1000n, fee: 59n },
        { kind: 'CAPTURE', amount: 500n, fee: 45n },
        { kind: 'REFUND', amount: 400n, fee: 0n },
      ]),
    ).toEqual({ gross: 1500n, fees: 104n, refunds: 400n, net: 996n, itemCount: 3 });
  });
  it('when refunds exceed the day\'s sales, then net is negative', () => {
    expect(totalsOf([{ kind: 'REFUND', amount: 700n, fee: 0n }])).toEqual({ gross: 0n, fees: 0n, refunds: 700n, net: -700n, itemCount: 1 });
  });
  it('when a day is empty, then everything is zero', () => {
    expect(totalsOf([])).toEqual({ gross: 0n, fees: 0n, refunds: 0n, net: 0n, itemCount: 0 });
  });
});

