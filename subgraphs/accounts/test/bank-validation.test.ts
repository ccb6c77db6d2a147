import { describe, expect, it } from '@jest/globals';
import { bankAccountCurrency, ibanChecksumValid, microDepositsMatch, routingNumberValid, validateBankAccount, validateIban } from '../src/services/bank-validation.js';

const codes = (r: { ok: boolean; errors?: { code: string; field: string[] | null }[] }) =>
  r.ok ? [] : r.errors!.map((e) => `${e.code}:${e.field?.join('.')}`);

describe('IBAN', () => {
  it.each([
    ['DE89370400440532013000', 'DE', '37040044'],
    ['GB82WEST12345698765432', 'GB', 'WEST'],
    ['FR1420041010050500013M02606', 'FR', '20041'],
    ['NL91ABNA0417164300', 'NL', 'ABNA'],
    ['IT60X0542811101000000123456', 'IT', '05428'],
    ['BE68539007547034', 'BE', '539'],
    ['CH9300762011623852957', 'CH', '00762'],
    ['NO9386011117947', 'NO', '8601'],
  ])('when %s is given, then it is valid with country %s and bank code %s', (iban, country, bankCode) => {
    const r = validateIban(iban);
    expect(r).toEqual({ ok: true, value: { iban, country, bankCode, last4: iban.slice(-4) } });
  });

  it('when the IBAN has spaces and lower case, then it is normalised', () => {
    const r = validateIban(' de89 3704 0044 0532 0130 00 ');
    expect(r.ok && r.value.iban).toBe('DE89370400440532013000');
  });

  it('when one character changes, then the mod-97 check fails', () => {
    expect(ibanChecksumValid('DE89370400440532013000')).toBe(true);
    expect(ibanChecksumValid('DE89370400440532013001')).toBe(false);
    expect(ibanChecksumValid('DE98370400440532013000')).toBe(false);
    expect(codes(validateIban('DE89370400440532013001'))).toEqual(['INVALID_IBAN:input.iban']);
  });

  it('when the length does not match the country, the country is unsupported or the shape is wrong, then INVALID_IBAN', () => {
    expect(codes(validateIban('DE8937040044053201300'))).toEqual(['INVALID_IBAN:input.iban']);
    expect(codes(validateIban('ZZ89370400440532013000'))).toEqual(['INVALID_IBAN:input.iban']);
    expect(codes(validateIban('89DE370400440532013000'))).toEqual(['INVALID_IBAN:input.iban']);
    expect(codes(validateIban('DE89-3704-0044-0532-0130-00'))).toEqual(['INVALID_IBAN:input.iban']);
  });
});

describe('ABA routing number', () => {
  it.each(['011000015', '021000021', '110000000', '122105155', '026009593'])('when %s is given, then it is valid', (n) => {
    expect(routingNumberValid(n)).toBe(true);
  });
  it.each(['110000001', '021000022', '12345678', '1100000000', 'abcdefghi', '000000000', '990000004'])(
    'when %s is given, then it is invalid',
    (n) => {
      expect(routingNumberValid(n)).toBe(false);
    },
  );
});

describe('validateBankAccount', () => {
  it('when a valid IBAN matches the country, then the last 4 and bank code are kept', () => {
    const r = validateBankAccount({ country: 'de', holderName: ' Ada ', iban: 'DE89370400440532013000' });
    expect(r).toEqual({
      ok: true,
      value: { country: 'DE', holderName: 'Ada', bankCode: '37040044', last4: '3000', identifier: 'DE89370400440532013000' },
    });
  });

  it('when the IBAN is from another country than the input, then INVALID_COUNTRY', () => {
    expect(codes(validateBankAccount({ country: 'FR', holderName: 'Ada', iban: 'DE89370400440532013000' }))).toEqual(['INVALID_COUNTRY:input.country']);
  });

  it('when a US routing and account number are valid, then it passes', () => {
    const r = validateBankAccount({ country: 'US', holderName: 'Ada', routingNumber: '110000000', accountNumber: '000123456789' });
    expect(r.ok && r.value).toMatchObject({ country: 'US', bankCode: '110000000', last4: '6789' });
  });

  it('when the routing number or account number is wrong, then INVALID_ROUTING_NUMBER / INVALID_ACCOUNT_NUMBER', () => {
    expect(codes(validateBankAccount({ country: 'US', holderName: 'Ada', routingNumber: '110000001', accountNumber: '000123456789' }))).toEqual([
      'INVALID_ROUTING_NUMBER:input.routingNumber',
    ]);
    expect(codes(validateBankAccount({ country: 'US', holderName: 'Ada', routingNumber: '110000000', accountNumber: '123' }))).toEqual([
      'INVALID_ACCOUNT_NUMBER:input.accountNumber',
    ]);
    expect(codes(validateBankAccount({ country: 'US', holderName: 'Ada', routingNumber: '110000000', accountNumber: '123456789012345678' }))).toEqual([
      'INVALID_ACCOUNT_NUMBER:input.accountNumber',
    ]);
  });

  it('when both or neither forms are given, then INVALID_BANK_ACCOUNT on input', () => {
    expect(codes(validateBankAccount({ country: 'US', holderName: 'Ada' }))).toEqual(['INVALID_BANK_ACCOUNT:input']);
    expect(
      codes(validateBankAccount({ country: 'DE', holderName: 'Ada', iban: 'DE89370400440532013000', routingNumber: '110000000', accountNumber: '1234' })),
    ).toEqual(['INVALID_BANK_ACCOUNT:input']);
  });

  it('when routing numbers come with a non-US country or the holder name is blank, then those fields are flagged', () => {
    expect(codes(validateBankAccount({ country: 'DE', holderName: '', routingNumber: '110000000', accountNumber: '1234' }))).toEqual([
      'INVALID_HOLDER_NAME:input.holderName',
      'INVALID_COUNTRY:input.country',
    ]);
  });
});

describe('payout currency and micro-deposits', () => {
  it.each([
    ['US', 'USD'],
    ['GB', 'GBP'],
    ['CH', 'CHF'],
    ['DE', 'EUR'],
    ['HR', 'EUR'],
    ['MC', 'EUR'],
  ])('when the account is in %s, then withdrawals to it are in %s', (country, currency) => {
    expect(bankAccountCurrency(country)).toBe(currency);
  });

  it('when the two sandbox deposits are given in any order, then they match; anything else does not', () => {
    expect(microDepositsMatch(['0.32', '0.45'])).toBe(true);
    expect(microDepositsMatch([' 0.45', '0.32 '])).toBe(true);
    for (const wrong of [['0.32'], ['0.32', '0.45', '0.45'], ['0.32', '0.46'], ['.32', '.45'], ['0.45', '0.45'], []]) {
      expect(microDepositsMatch(wrong)).toBe(false);
    }
  });
});
