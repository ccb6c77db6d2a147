import { describe, expect, it } from '@jest/globals';
import { AppError } from './errors.js';
import { formatAmount, parseAmount, parseMoney, toMoneyDto } from './money.js';

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

describe('when an amount is parsed', () => {
  it.each([
    ['12.34', 'USD', 1234n],
    ['12.3', 'USD', 1230n],
    ['12', 'USD', 1200n],
    ['0.01', 'USD', 1n],
    ['1200', 'JPY', 1200n],
    ['1.250', 'KWD', 1250n],
    ['0.001', 'KWD', 1n],
    ['10000000000000', 'USD', 10n ** 15n],
  ])('then %s %s is %s minor units', (amount, currency, minor) => {
    expect(parseAmount(amount, currency)).toBe(minor);
  });

  it.each([
    ['-1', 'USD'], ['0', 'USD'], ['0.00', 'USD'], ['1e3', 'USD'], ['0.001', 'USD'], ['1.5', 'JPY'], [' 10', 'USD'],
    ['10 ', 'USD'], ['10.', 'USD'], ['.5', 'USD'], ['+1', 'USD'], ['01', 'USD'], ['1,000', 'USD'], ['0x10', 'USD'],
    ['123456789012345678901234567890', 'USD'], ['10000000000000.01', 'USD'], ['NaN', 'USD'], ['Infinity', 'USD'], ['', 'USD'],
    ['١٢', 'USD'],
  ])('then %j %s is INVALID_AMOUNT', (amount, currency) => {
    expect(code(() => parseAmount(amount, currency))).toBe('INVALID_AMOUNT');
  });

  it.each([['10', 'usd'], ['10', 'XXX'], ['10', ''], ['10', 'US']])('then currency %j %j is UNSUPPORTED_CURRENCY', (amount, currency) => {
    expect(code(() => parseAmount(amount, currency))).toBe('UNSUPPORTED_CURRENCY');
  });

  it('then the error names the input field', () => {
    try {
      parseMoney({ amount: '-1', currency: 'USD' }, 'input.amount');
    } catch (error) {
      expect((error as AppError).field).toEqual(['input', 'amount', 'amount']);
    }
  });
});

describe('when minor units are formatted', () => {
  it.each([
    [1234n, 'USD', '12.34'],
    [5n, 'USD', '0.05'],
    [0n, 'USD', '0.00'],
    [-1230n, 'USD', '-12.30'],
    [1200n, 'JPY', '1200'],
    [1250n, 'KWD', '1.250'],
    [1n, 'KWD', '0.001'],
  ])('then %s %s reads %s', (minor, currency, text) => {
    expect(formatAmount(minor, currency)).toBe(text);
  });

  it('then format and parse are inverse for every positive amount tried', () => {
    for (const currency of ['USD', 'JPY', 'KWD']) {
      for (const minor of [1n, 9n, 10n, 99n, 100n, 101n, 123456789n]) {
        expect(parseAmount(formatAmount(minor, currency), currency)).toBe(minor);
      }
    }
    expect(toMoneyDto('250', 'EUR')).toEqual({ amount: '2.50', currency: 'EUR' });
  });
});
