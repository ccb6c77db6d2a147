import type { UserError } from '@paygraph/platform/errors';
import type { CardBrand } from '../entities/funding-instrument.entity.js';

/**
 * Card checks done before anything is stored or sent to a PSP. Pure functions: no I/O, the clock passed in.
 * Messages never echo the number or the CVC back.
 */

/** Strips the spaces and dashes people type; null when anything else than digits remains. */
export function normalizeCardNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^[0-9]+$/.test(digits) ? digits : null;
}

export function luhnValid(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

interface BrandRule {
  brand: Exclude<CardBrand, 'UNKNOWN'>;
  /** Inclusive ranges of the number's leading digits; both ends have the same number of digits. */
  ranges: [string, string][];
  lengths: number[];
}

const BRAND_RULES: BrandRule[] = [
  { brand: 'AMEX', ranges: [['34', '34'], ['37', '37']], lengths: [15] },
  { brand: 'VISA', ranges: [['4', '4']], lengths: [13, 16, 19] },
  { brand: 'MASTERCARD', ranges: [['51', '55'], ['2221', '2720']], lengths: [16] },
  { brand: 'DISCOVER', ranges: [['6011', '6011'], ['644', '649'], ['65', '65']], lengths: [16, 17, 18, 19] },
];

function ruleFor(digits: string): BrandRule | undefined {
  return BRAND_RULES.find((rule) =>
    rule.ranges.some(([low, high]) => {
      const prefix = digits.slice(0, low.length);
      return prefix.length === low.length && prefix >= low && prefix <= high;
    }),
  );
}

export function detectBrand(digits: string): CardBrand {
  return ruleFor(digits)?.brand ?? 'UNKNOWN';
}

export const CARD_NUMBER_MIN_LENGTH = 12;
export const CARD_NUMBER_MAX_LENGTH = 19;
export const MAX_YEARS_AHEAD = 20;
export const HOLDER_NAME_MAX = 100;

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holderName?: string | null;
}

export interface ValidCard {
  /** The PAN, digits only: hand it to the tokeniser and the fingerprint, then drop it. */
  pan: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  holderName: string | null;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: UserError[] };

const err = (code: string, field: string, message: string): UserError => ({ code, field: ['input', field], message });

/** A card is valid through the last day of its expiry month. */
export function isExpired(expMonth: number, expYear: number, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expYear < year || (expYear === year && expMonth < month);
}

export function validateCard(input: CardInput, now: Date = new Date()): Validation<ValidCard> {
  const errors: UserError[] = [];

  const pan = normalizeCardNumber(input.number);
  let brand: CardBrand = 'UNKNOWN';
  if (pan === null) {
    errors.push(err('INVALID_CARD_NUMBER', 'number', 'Card number may contain only digits, spaces and dashes'));
  } else if (pan.length < CARD_NUMBER_MIN_LENGTH || pan.length > CARD_NUMBER_MAX_LENGTH) {
    errors.push(err('INVALID_CARD_NUMBER', 'number', `Card number must have ${CARD_NUMBER_MIN_LENGTH} to ${CARD_NUMBER_MAX_LENGTH} digits`));
  } else if (!luhnValid(pan)) {
    errors.push(err('INVALID_CARD_NUMBER', 'number', 'Card number is not valid (check digit mismatch)'));
  } else {
    const rule = ruleFor(pan);
    if (rule && !rule.lengths.includes(pan.length)) {
      errors.push(err('INVALID_CARD_NUMBER', 'number', `A ${rule.brand} card number has ${rule.lengths.join(' or ')} digits`));
    }
    brand = rule?.brand ?? 'UNKNOWN';
  }

  const cvcLength = brand === 'AMEX' ? 4 : 3;
  if (!new RegExp(`^[0-9]{${cvcLength}}$`).test(input.cvc)) {
    errors.push(err('INVALID_CVC', 'cvc', `Security code must be ${cvcLength} digits`));
  }

  const thisYear = now.getUTCFullYear();
  const monthOk = Number.isInteger(input.expMonth) && input.expMonth >= 1 && input.expMonth <= 12;
  const yearOk = Number.isInteger(input.expYear) && input.expYear >= 1000 && input.expYear <= 9999;
  if (!monthOk) errors.push(err('INVALID_EXPIRY', 'expMonth', 'Expiry month must be between 1 and 12'));
  if (!yearOk) {
    errors.push(err('INVALID_EXPIRY', 'expYear', 'Expiry year must have 4 digits'));
  } else if (input.expYear > thisYear + MAX_YEARS_AHEAD) {
    errors.push(err('INVALID_EXPIRY', 'expYear', `Expiry year cannot be more than ${MAX_YEARS_AHEAD} years ahead`));
  } else if (input.expYear < thisYear || (monthOk && isExpired(input.expMonth, input.expYear, now))) {
    errors.push(err('CARD_EXPIRED', 'expYear', 'Card has expired'));
  }

  let holderName: string | null = null;
  if (input.holderName !== undefined && input.holderName !== null) {
    holderName = input.holderName.trim() || null;
    if (holderName !== null && holderName.length > HOLDER_NAME_MAX) {
      errors.push(err('INVALID_HOLDER_NAME', 'holderName', `Holder name must be at most ${HOLDER_NAME_MAX} characters`));
    } else if (holderName !== null && /[\p{Cc}]/u.test(holderName)) {
      errors.push(err('INVALID_HOLDER_NAME', 'holderName', 'Holder name contains control characters'));
    }
  }

  if (errors.length > 0 || pan === null) return { ok: false, errors };
  return {
    ok: true,
    value: { pan, brand, last4: pan.slice(-4), expMonth: input.expMonth, expYear: input.expYear, holderName },
  };
}
