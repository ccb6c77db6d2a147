import { describe, expect, it } from '@jest/globals';
import { detectBrand, isExpired, luhnValid, normalizeCardNumber, validateCard } from '../src/services/card-validation.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const card = (over: Partial<Parameters<typeof validateCard>[0]> = {}) => ({
  number: '4242424242424242',
  expMonth: 12,
  expYear: 2028,
  cvc: '123',
  holderName: 'Ada Lovelace',
  ...over,
});
const codes = (r: ReturnType<typeof validateCard>) => (r.ok ? [] : r.errors.map((e) => `${e.code}:${e.field?.join('.')}`));

describe('luhnValid', () => {
  it('when the check digit is right, then it passes', () => {
    for (const n of ['4242424242424242', '4000000000000002', '4000000000000259', '5555555555554444', '378282246310005', '6011111111111117', '79927398713']) {
      expect(luhnValid(n)).toBe(true);
    }
  });
  it('when one digit is off, then it fails', () => {
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('4242x24242424242')).toBe(false);
  });
});

describe('detectBrand', () => {
  it.each([
    ['4242424242424242', 'VISA'],
    ['5105105105105100', 'MASTERCARD'],
    ['5555555555554444', 'MASTERCARD'],
    ['2221000000000009', 'MASTERCARD'],
    ['2720990000000007', 'MASTERCARD'],
    ['378282246310005', 'AMEX'],
    ['341111111111111', 'AMEX'],
    ['6011111111111117', 'DISCOVER'],
    ['6500000000000002', 'DISCOVER'],
    ['6440000000000005', 'DISCOVER'],
    ['2220990000000000', 'UNKNOWN'],
    ['2721000000000000', 'UNKNOWN'],
    ['5000000000000000', 'UNKNOWN'],
    ['3530111333300000', 'UNKNOWN'],
  ])('when the number is %s, then the brand is %s', (n, brand) => {
    expect(detectBrand(n)).toBe(brand);
  });
});

describe('normalizeCardNumber', () => {
  it('when spaces and dashes separate groups, then they are stripped', () => {
    expect(normalizeCardNumber(' 4242 4242-4242 4242 ')).toBe('4242424242424242');
  });
  it('when other characters appear, then it is rejected', () => {
    expect(normalizeCardNumber('4242.4242.4242.4242')).toBeNull();
    expect(normalizeCardNumber('４２４２４２４２４２４２４２４２')).toBeNull();
  });
});

describe('isExpired', () => {
  it('when the expiry month is the current month, then the card is still valid', () => {
    expect(isExpired(6, 2026, NOW)).toBe(false);
  });
  it('when the expiry month has passed, then the card is expired', () => {
    expect(isExpired(5, 2026, NOW)).toBe(true);
    expect(isExpired(12, 2025, NOW)).toBe(true);
  });
});

describe('validateCard', () => {
  it('when every sandbox test card is given, then each is valid with brand VISA and its last4', () => {
    for (const number of ['4242424242424242', '4000000000000002', '4000000000000259']) {
      const r = validateCard(card({ number }), NOW);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.value.brand).toBe('VISA');
        expect(r.value.last4).toBe(number.slice(-4));
      }
    }
  });

  it('when the Luhn check fails, then INVALID_CARD_NUMBER on input.number', () => {
    expect(codes(validateCard(card({ number: '4242424242424241' }), NOW))).toEqual(['INVALID_CARD_NUMBER:input.number']);
  });

  it('when the number is too short, too long or has letters, then INVALID_CARD_NUMBER', () => {
    expect(codes(validateCard(card({ number: '42424242424' }), NOW))).toEqual(['INVALID_CARD_NUMBER:input.number']);
    expect(codes(validateCard(card({ number: '42424242424242424242' }), NOW))).toEqual(['INVALID_CARD_NUMBER:input.number']);
    expect(codes(validateCard(card({ number: '4242abcd42424242' }), NOW))).toEqual(['INVALID_CARD_NUMBER:input.number']);
  });

  it('when a known brand has the wrong length (Luhn-valid 15-digit Visa), then INVALID_CARD_NUMBER', () => {
    expect(codes(validateCard(card({ number: '424242424242426' }), NOW))).toEqual(['INVALID_CARD_NUMBER:input.number']);
  });

  it('when the CVC is not 3 digits (4 for Amex), then INVALID_CVC', () => {
    expect(codes(validateCard(card({ cvc: '12' }), NOW))).toEqual(['INVALID_CVC:input.cvc']);
    expect(codes(validateCard(card({ cvc: '1234' }), NOW))).toEqual(['INVALID_CVC:input.cvc']);
    expect(codes(validateCard(card({ cvc: '12a' }), NOW))).toEqual(['INVALID_CVC:input.cvc']);
    expect(codes(validateCard(card({ number: '378282246310005', cvc: '123' }), NOW))).toEqual(['INVALID_CVC:input.cvc']);
    expect(validateCard(card({ number: '378282246310005', cvc: '1234' }), NOW).ok).toBe(true);
  });

  it('when the card expired last month or last year, then CARD_EXPIRED', () => {
    expect(codes(validateCard(card({ expMonth: 5, expYear: 2026 }), NOW))).toEqual(['CARD_EXPIRED:input.expYear']);
    expect(codes(validateCard(card({ expMonth: 12, expYear: 2025 }), NOW))).toEqual(['CARD_EXPIRED:input.expYear']);
    expect(validateCard(card({ expMonth: 6, expYear: 2026 }), NOW).ok).toBe(true);
  });

  it('when the month is outside 1–12 or the year is not 4 digits or too far ahead, then INVALID_EXPIRY', () => {
    expect(codes(validateCard(card({ expMonth: 0 }), NOW))).toEqual(['INVALID_EXPIRY:input.expMonth']);
    expect(codes(validateCard(card({ expMonth: 13 }), NOW))).toEqual(['INVALID_EXPIRY:input.expMonth']);
    expect(codes(validateCard(card({ expYear: 28 }), NOW))).toEqual(['INVALID_EXPIRY:input.expYear']);
    expect(codes(validateCard(card({ expYear: 2047 }), NOW))).toEqual(['INVALID_EXPIRY:input.expYear']);
    expect(validateCard(card({ expYear: 2046 }), NOW).ok).toBe(true);
  });

  it('when the holder name is over 100 characters, then INVALID_HOLDER_NAME; when blank, then null', () => {
    expect(codes(validateCard(card({ holderName: 'x'.repeat(101) }), NOW))).toEqual(['INVALID_HOLDER_NAME:input.holderName']);
    const blank = validateCard(card({ holderName: '   ' }), NOW);
    expect(blank.ok && blank.value.holderName).toBeNull();
  });

  it('when several fields are wrong, then every error is listed and none echoes the number or CVC', () => {
    const r = validateCard(card({ number: '4242424242424241', cvc: '9', expMonth: 13 }), NOW);
    expect(codes(r)).toEqual(['INVALID_CARD_NUMBER:input.number', 'INVALID_CVC:input.cvc', 'INVALID_EXPIRY:input.expMonth']);
    const text = JSON.stringify(r);
    expect(text).not.toContain('4242424242424241');
    expect(text).not.toMatch(/"9"/);
  });
});
