import { describe, expect, it } from '@jest/globals';
import { ageOn, validateKyc } from '../src/services/kyc-validation.js';
import { formatMinor, limitsAsMoney, limitsFor } from '../src/services/limits.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const input = (over: Partial<Parameters<typeof validateKyc>[0]> = {}) => ({
  legalName: 'Ada Lovelace',
  dateOfBirth: '1990-02-28',
  country: 'GB',
  addressLine1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  documentNumber: 'AB123456',
  ...over,
});
const codes = (r: ReturnType<typeof validateKyc>) => (r.ok ? [] : r.errors.map((e) => `${e.code}:${e.field?.join('.')}`));

describe('ageOn', () => {
  it('when the birthday is today or passed this year, then the age counts it', () => {
    expect(ageOn('2008-06-15', NOW)).toBe(18);
    expect(ageOn('2008-06-16', NOW)).toBe(17);
  });
  it('when the date does not exist or is malformed, then null', () => {
    expect(ageOn('2001-02-29', NOW)).toBeNull();
    expect(ageOn('2000-13-01', NOW)).toBeNull();
    expect(ageOn('2000-1-01', NOW)).toBeNull();
    expect(ageOn('01/02/2000', NOW)).toBeNull();
    expect(ageOn('2000-02-29', NOW)).toBe(26);
  });
});

describe('validateKyc', () => {
  it('when the input is valid, then it is normalised', () => {
    const r = validateKyc(input({ country: 'gb', documentNumber: 'ab-123 456', legalName: '  Ada Lovelace ' }), NOW);
    expect(r).toEqual({ ok: true, value: input({ documentNumber: 'AB123456' }) });
  });

  it('when every field is wrong, then every error is listed with its field', () => {
    const r = validateKyc(
      { legalName: 'A', dateOfBirth: '2023-02-30', country: 'XX', addressLine1: ' ', city: '', postalCode: '!!', documentNumber: '12' },
      NOW,
    );
    expect(codes(r)).toEqual([
      'INVALID_LEGAL_NAME:input.legalName',
      'INVALID_DATE_OF_BIRTH:input.dateOfBirth',
      'INVALID_COUNTRY:input.country',
      'INVALID_ADDRESS:input.addressLine1',
      'INVALID_ADDRESS:input.city',
      'INVALID_ADDRESS:input.postalCode',
      'INVALID_DOCUMENT_NUMBER:input.documentNumber',
    ]);
  });

  it('when the person is under 18 or over 120, then the date of birth is refused', () => {
    expect(codes(validateKyc(input({ dateOfBirth: '2008-06-16' }), NOW))).toEqual(['AGE_NOT_ELIGIBLE:input.dateOfBirth']);
    expect(codes(validateKyc(input({ dateOfBirth: '1905-06-14' }), NOW))).toEqual(['INVALID_DATE_OF_BIRTH:input.dateOfBirth']);
    expect(validateKyc(input({ dateOfBirth: '2008-06-15' }), NOW).ok).toBe(true);
  });

  it('when the legal name is over 100 characters or has no letters, then INVALID_LEGAL_NAME', () => {
    expect(codes(validateKyc(input({ legalName: 'x'.repeat(101) }), NOW))).toEqual(['INVALID_LEGAL_NAME:input.legalName']);
    expect(codes(validateKyc(input({ legalName: '12345' }), NOW))).toEqual(['INVALID_LEGAL_NAME:input.legalName']);
  });

  it('when the document number is 41 characters or has symbols, then INVALID_DOCUMENT_NUMBER', () => {
    expect(codes(validateKyc(input({ documentNumber: 'A'.repeat(41) }), NOW))).toEqual(['INVALID_DOCUMENT_NUMBER:input.documentNumber']);
    expect(codes(validateKyc(input({ documentNumber: 'AB12#456' }), NOW))).toEqual(['INVALID_DOCUMENT_NUMBER:input.documentNumber']);
  });
});

describe('limits', () => {
  it('when formatting minor units, then the decimal string is exact', () => {
    expect(formatMinor(50000n)).toBe('500.00');
    expect(formatMinor(5n)).toBe('0.05');
    expect(formatMinor(0n)).toBe('0.00');
    expect(formatMinor(123456789012345678901n)).toBe('1234567890123456789.01');
    expect(formatMinor(1200n, 0)).toBe('1200');
  });

  it('when reading the tiers, then UNVERIFIED has only a monthly cap and VERIFIED per-payment and daily caps', () => {
    expect(limitsFor('UNVERIFIED')).toEqual({ singlePayment: null, daily: null, monthly: 500_00n });
    expect(limitsFor('VERIFIED')).toEqual({ singlePayment: 5_000_00n, daily: 20_000_00n, monthly: null });
    expect(limitsAsMoney('VERIFIED')).toEqual({
      singlePayment: { amount: '5000.00', currency: 'USD' },
      daily: { amount: '20000.00', currency: 'USD' },
      monthly: null,
    });
  });
});
