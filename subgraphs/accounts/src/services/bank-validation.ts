import type { UserError } from '@paygraph/platform/errors';
import type { Validation } from './card-validation.js';

/**
 * Bank account checks: IBAN (ISO 13616 structure, per-country length, mod-97 check digits) or a US ABA routing number
 * (check digit with weights 3-7-1) plus an account number. Pure functions; messages never echo the number back.
 */

interface IbanCountry {
  length: number;
  /** Where the bank identifier sits inside the BBAN (after the 4 leading characters), [start, end). */
  bankCode: [number, number];
}

/** The countries we link IBANs for (SEPA and a few common others), from the SWIFT IBAN registry. */
export const IBAN_COUNTRIES: Readonly<Record<string, IbanCountry>> = {
  AD: { length: 24, bankCode: [0, 4] },
  AE: { length: 23, bankCode: [0, 3] },
  AT: { length: 20, bankCode: [0, 5] },
  BE: { length: 16, bankCode: [0, 3] },
  BG: { length: 22, bankCode: [0, 4] },
  CH: { length: 21, bankCode: [0, 5] },
  CY: { length: 28, bankCode: [0, 3] },
  CZ: { length: 24, bankCode: [0, 4] },
  DE: { length: 22, bankCode: [0, 8] },
  DK: { length: 18, bankCode: [0, 4] },
  EE: { length: 20, bankCode: [0, 2] },
  ES: { length: 24, bankCode: [0, 4] },
  FI: { length: 18, bankCode: [0, 3] },
  FR: { length: 27, bankCode: [0, 5] },
  GB: { length: 22, bankCode: [0, 4] },
  GI: { length: 23, bankCode: [0, 4] },
  GR: { length: 27, bankCode: [0, 3] },
  HR: { length: 21, bankCode: [0, 7] },
  HU: { length: 28, bankCode: [0, 3] },
  IE: { length: 22, bankCode: [0, 4] },
  IS: { length: 26, bankCode: [0, 2] },
  IT: { length: 27, bankCode: [1, 6] },
  LI: { length: 21, bankCode: [0, 5] },
  LT: { length: 20, bankCode: [0, 5] },
  LU: { length: 20, bankCode: [0, 3] },
  LV: { length: 21, bankCode: [0, 4] },
  MC: { length: 27, bankCode: [0, 5] },
  MT: { length: 31, bankCode: [0, 4] },
  NL: { length: 18, bankCode: [0, 4] },
  NO: { length: 15, bankCode: [0, 4] },
  PL: { length: 28, bankCode: [0, 3] },
  PT: { length: 25, bankCode: [0, 4] },
  RO: { length: 24, bankCode: [0, 4] },
  SE: { length: 24, bankCode: [0, 3] },
  SI: { length: 19, bankCode: [0, 5] },
  SK: { length: 24, bankCode: [0, 4] },
  SM: { length: 27, bankCode: [1, 6] },
};

/** Removes spaces and uppercases; null when other characters than letters and digits remain. */
export function normalizeIban(input: string): string | null {
  const compact = input.replace(/\s/g, '').toUpperCase();
  return /^[A-Z0-9]+$/.test(compact) ? compact : null;
}

/** ISO 7064 MOD 97-10: move the first 4 characters to the end, letters to numbers (A=10 … Z=35), remainder must be 1. */
export function ibanChecksumValid(iban: string): boolean {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    // Process digit by digit (letters are two digits) so the number never leaves safe integer range.
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

export interface ValidIban {
  iban: string;
  country: string;
  bankCode: string;
  last4: string;
}

export function validateIban(input: string): Validation<ValidIban> {
  const fail = (message: string): Validation<ValidIban> => ({
    ok: false,
    errors: [{ code: 'INVALID_IBAN', field: ['input', 'iban'], message }],
  });
  const iban = normalizeIban(input);
  if (iban === null || !/^[A-Z]{2}[0-9]{2}/.test(iban)) return fail('IBAN must start with a country code and 2 check digits');
  const country = iban.slice(0, 2);
  const spec = IBAN_COUNTRIES[country];
  if (!spec) return fail(`IBANs from ${country} are not supported`);
  if (iban.length !== spec.length) return fail(`An IBAN from ${country} has ${spec.length} characters`);
  if (!ibanChecksumValid(iban)) return fail('IBAN is not valid (check digits mismatch)');
  const bban = iban.slice(4);
  return { ok: true, value: { iban, country, bankCode: bban.slice(...spec.bankCode), last4: iban.slice(-4) } };
}

/**
 * ABA routing number: 9 digits, 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10), and the first two digits in
 * a Federal Reserve range (01–12 banks, 21–32 thrifts, 61–72 electronic, 80 traveller's cheques).
 */
export function routingNumberValid(routing: string): boolean {
  if (!/^[0-9]{9}$/.test(routing)) return false;
  const prefix = Number(routing.slice(0, 2));
  const prefixOk = (prefix >= 1 && prefix <= 12) || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  if (!prefixOk) return false;
  const d = [...routing].map(Number) as number[];
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  const sum = d.reduce((acc, digit, i) => acc + digit * weights[i]!, 0);
  return sum % 10 === 0;
}

export const ACCOUNT_NUMBER_MIN = 4;
export const ACCOUNT_NUMBER_MAX = 17;
export const BANK_HOLDER_NAME_MAX = 100;

export interface BankAccountInput {
  country: string;
  holderName: string;
  iban?: string | null;
  routingNumber?: string | null;
  accountNumber?: string | null;
}

export interface ValidBankAccount {
  country: string;
  holderName: string;
  bankCode: string;
  last4: string;
  /** What identifies the account for fingerprints and tokenisation; not stored. */
  identifier: string;
}

const err = (code: string, field: string | null, message: string): UserError => ({
  code,
  field: field === null ? ['input'] : ['input', field],
  message,
});

export function validateBankAccount(input: BankAccountInput): Validation<ValidBankAccount> {
  const errors: UserError[] = [];
  const country = input.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) errors.push(err('INVALID_COUNTRY', 'country', 'Country must be an ISO 3166-1 alpha-2 code'));

  const holderName = input.holderName.trim();
  if (holderName.length === 0 || holderName.length > BANK_HOLDER_NAME_MAX) {
    errors.push(err('INVALID_HOLDER_NAME', 'holderName', `Holder name must be 1 to ${BANK_HOLDER_NAME_MAX} characters`));
  } else if (/[\p{Cc}]/u.test(holderName)) {
    errors.push(err('INVALID_HOLDER_NAME', 'holderName', 'Holder name contains control characters'));
  }

  const hasIban = input.iban != null && input.iban.trim() !== '';
  const hasUs = (input.routingNumber != null && input.routingNumber !== '') || (input.accountNumber != null && input.accountNumber !== '');
  if (hasIban === hasUs) {
    errors.push(err('INVALID_BANK_ACCOUNT', null, 'Give either an IBAN, or a routing number and an account number'));
    return { ok: false, errors };
  }

  let result: Omit<ValidBankAccount, 'country' | 'holderName'> | null = null;
  if (hasIban) {
    const iban = validateIban(input.iban!);
    if (!iban.ok) {
      errors.push(...iban.errors);
    } else if (iban.value.country !== country) {
      errors.push(err('INVALID_COUNTRY', 'country', 'Country does not match the IBAN'));
    } else {
      result = { bankCode: iban.value.bankCode, last4: iban.value.last4, identifier: iban.value.iban };
    }
  } else {
    if (country !== 'US') errors.push(err('INVALID_COUNTRY', 'country', 'Routing and account numbers are for US accounts; use an IBAN'));
    const routing = (input.routingNumber ?? '').trim();
    const account = (input.accountNumber ?? '').replace(/[\s-]/g, '');
    const routingOk = routingNumberValid(routing);
    const accountOk = new RegExp(`^[0-9]{${ACCOUNT_NUMBER_MIN},${ACCOUNT_NUMBER_MAX}}$`).test(account);
    if (!routingOk) errors.push(err('INVALID_ROUTING_NUMBER', 'routingNumber', 'Routing number is not a valid 9-digit ABA number'));
    if (!accountOk) {
      errors.push(err('INVALID_ACCOUNT_NUMBER', 'accountNumber', `Account number must be ${ACCOUNT_NUMBER_MIN} to ${ACCOUNT_NUMBER_MAX} digits`));
    }
    if (routingOk && accountOk) result = { bankCode: routing, last4: account.slice(-4), identifier: `US:${routing}:${account}` };
  }

  if (errors.length > 0 || result === null) return { ok: false, errors };
  return { ok: true, value: { country, holderName, ...result } };
}

/**
 * The currency a linked bank account is paid out in, from its country: the national currency outside the euro area,
 * EUR inside it (and for the microstates that use it). A withdrawal must be in this currency.
 */
const NATIONAL_CURRENCIES: Readonly<Record<string, string>> = {
  US: 'USD', GB: 'GBP', GI: 'GBP', CH: 'CHF', LI: 'CHF', DK: 'DKK', SE: 'SEK', NO: 'NOK', PL: 'PLN', CZ: 'CZK',
  HU: 'HUF', RO: 'RON', BG: 'BGN', IS: 'ISK', AE: 'AED',
};

export function bankAccountCurrency(country: string): string {
  return NATIONAL_CURRENCIES[country] ?? 'EUR';
}

/**
 * Sandbox micro-deposits: linking a bank account "sends" two small deposits, always 0.32 and 0.45 in the account's
 * currency (a real rail sends random ones), which the owner types back to prove the account is theirs. Order does
 * not matter. After MAX_VERIFICATION_ATTEMPTS wrong answers the account is FAILED and must be linked again.
 */
export const SANDBOX_MICRO_DEPOSITS = ['0.32', '0.45'] as const;
export const MAX_VERIFICATION_ATTEMPTS = 3;

export function microDepositsMatch(amounts: readonly string[]): boolean {
  const normalized = amounts.map((a) => a.trim()).sort();
  return normalized.length === 2 && normalized[0] === SANDBOX_MICRO_DEPOSITS[0] && normalized[1] === SANDBOX_MICRO_DEPOSITS[1];
}
