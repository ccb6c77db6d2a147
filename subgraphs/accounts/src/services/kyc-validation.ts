import type { UserError } from '@paygraph/platform/errors';
import { isCountryCode } from './countries.js';
import type { Validation } from './card-validation.js';

export interface KycInput {
  legalName: string;
  dateOfBirth: string;
  country: string;
  addressLine1: string;
  city: string;
  postalCode: string;
  documentNumber: string;
}

/** Normalised submission: trimmed, country and document number uppercased, document number without separators. */
export type ValidKyc = KycInput;

export const MIN_AGE = 18;
export const MAX_AGE = 120;

const err = (code: string, field: string, message: string): UserError => ({ code, field: ['input', field], message });
const CONTROL = /[\p{Cc}]/u;

/** Whole years between a YYYY-MM-DD birth date and `now` (UTC); null when the string is not a real calendar date. */
export function ageOn(dateOfBirth: string, now: Date): number | null {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(dateOfBirth);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2023-02-30 over to March: a round trip that changes the date means it does not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  let age = now.getUTCFullYear() - year;
  const beforeBirthday = now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day);
  if (beforeBirthday) age--;
  return age;
}

function text(errors: UserError[], value: string, field: string, code: string, label: string, min: number, max: number): string {
  const v = value.trim();
  if (v.length < min || v.length > max) errors.push(err(code, field, `${label} must be ${min} to ${max} characters`));
  else if (CONTROL.test(v)) errors.push(err(code, field, `${label} contains control characters`));
  return v;
}

export function validateKyc(input: KycInput, now: Date = new Date()): Validation<ValidKyc> {
  const errors: UserError[] = [];
  const legalName = text(errors, input.legalName, 'legalName', 'INVALID_LEGAL_NAME', 'Legal name', 2, 100);
  if (legalName.length >= 2 && !/\p{L}/u.test(legalName)) errors.push(err('INVALID_LEGAL_NAME', 'legalName', 'Legal name must contain letters'));

  const dateOfBirth = input.dateOfBirth.trim();
  const age = ageOn(dateOfBirth, now);
  if (age === null) errors.push(err('INVALID_DATE_OF_BIRTH', 'dateOfBirth', 'Date of birth must be a real date, YYYY-MM-DD'));
  else if (age < MIN_AGE) errors.push(err('AGE_NOT_ELIGIBLE', 'dateOfBirth', `You must be at least ${MIN_AGE} years old`));
  else if (age > MAX_AGE) errors.push(err('INVALID_DATE_OF_BIRTH', 'dateOfBirth', `Date of birth is more than ${MAX_AGE} years ago`));

  const country = input.country.trim().toUpperCase();
  if (!isCountryCode(country)) errors.push(err('INVALID_COUNTRY', 'country', 'Country must be an ISO 3166-1 alpha-2 code'));

  const addressLine1 = text(errors, input.addressLine1, 'addressLine1', 'INVALID_ADDRESS', 'Address', 1, 200);
  const city = text(errors, input.city, 'city', 'INVALID_ADDRESS', 'City', 1, 100);
  const postalCode = input.postalCode.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9 -]{0,18}[A-Z0-9]$|^[A-Z0-9]$/.test(postalCode)) {
    errors.push(err('INVALID_ADDRESS', 'postalCode', 'Postal code must be 1 to 20 letters, digits, spaces or dashes'));
  }

  const documentNumber = input.documentNumber.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]{4,40}$/.test(documentNumber)) {
    errors.push(err('INVALID_DOCUMENT_NUMBER', 'documentNumber', 'Document number must be 4 to 40 letters or digits'));
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { legalName, dateOfBirth, country, addressLine1, city, postalCode, documentNumber } };
}
