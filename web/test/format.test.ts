import { describe, expect, it } from '@jest/globals';
import { formatMoney } from '../src/api/money.js';
import { href, parseRoute } from '../src/app/router.js';

describe('formatMoney', () => {
  it('when given exact decimal strings, then it groups and keeps every digit without floating point', () => {
    expect(formatMoney({ amount: '1234567.89', currency: 'USD' })).toBe('$1,234,567.89');
    expect(formatMoney({ amount: '0.30', currency: 'EUR' })).toBe('€0.30');
    expect(formatMoney({ amount: '1200', currency: 'JPY' })).toBe('¥1,200');
    expect(formatMoney({ amount: '-5.000', currency: 'KWD' })).toMatch(/^−.*5\.000/);
    expect(formatMoney({ amount: '99999999999999.99', currency: 'USD' })).toBe('$99,999,999,999,999.99');
  });
});

describe('routes', () => {
  it('when a hash names a screen or a payment, then it parses back to what href wrote', () => {
    for (const route of [{ name: 'wallets' }, { name: 'send' }, { name: 'activity' }, { name: 'payment', id: 'pay_01ab' }] as const) {
      expect(parseRoute(href(route))).toEqual(route);
    }
    expect(parseRoute('#/nowhere')).toEqual({ name: 'wallets' });
    expect(parseRoute('')).toEqual({ name: 'wallets' });
  });
});
