import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from '@paygraph/platform/config';
import type { UserError } from '@paygraph/platform/errors';

/**
 * Input rules for what a person types into the sign-up and profile forms. Each check returns the cleaned value or a
 * UserError, so a form with several mistakes gets them all back in one response.
 */
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
export const DISPLAY_NAME_MAX = 100;

/** Control characters, line/paragraph separators and bidi overrides/isolates (text spoofing). */
const FORBIDDEN_IN_NAMES = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;
/** The event catalog declares emails with zod's rule; using the same one keeps every accepted email emittable. */
const emailRule = z.email();

type Checked<T> = { ok: true; value: T } | { ok: false; error: UserError };
const fail = (code: string, field: string[], message: string): Checked<never> => ({ ok: false, error: { code, field, message } });
const length = (s: string) => [...s].length;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkEmail(raw: string, field: string[]): Checked<{ email: string; emailNormalized: string }> {
  const email = raw.trim();
  const [local = ''] = email.split('@');
  if (
    email.length === 0 ||
    email.length > EMAIL_MAX ||
    local.length > 64 ||
    FORBIDDEN_IN_NAMES.test(email) ||
    !emailRule.safeParse(email).success
  ) {
    return fail('INVALID_EMAIL', field, 'Enter a valid email address');
  }
  return { ok: true, value: { email, emailNormalized: normalizeEmail(email) } };
}

/** Read once: a few hundred short lines. */
const COMMON_PASSWORDS = new Set(
  readFileSync(path.join(import.meta.dirname, 'common-passwords.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#')),
);

/** Letters and digits only, lowercased: "Alice.Smith" and "alice smith" are the same word to a guesser. */
const compact = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Length alone let "password1234" and "alice.smith@…"'s "alicesmith99" through: the first guesses of any attack.
 * Refused: a common password (or one followed only by digits and symbols), nothing but digits and symbols, and a
 * password containing the account's own email local part or display name (when those are long enough to mean it).
 */
function isWeak(password: string, account: { email: string; displayName: string }): boolean {
  const lowered = password.normalize('NFKC').toLowerCase();
  const stem = lowered.replace(/[^\p{L}]+$/u, '');
  if (stem.length === 0 || COMMON_PASSWORDS.has(lowered) || COMMON_PASSWORDS.has(stem)) return true;
  const own = compact(password);
  const [local = ''] = account.email.split('@');
  return [compact(local), compact(account.displayName)].some((word) => word.length >= 4 && own.includes(word));
}

export function checkPassword(password: string, field: string[], account: { email: string; displayName: string }): Checked<string> {
  const n = length(password);
  if (n < PASSWORD_MIN) return fail('PASSWORD_TOO_SHORT', field, `Password must be at least ${PASSWORD_MIN} characters`);
  if (n > PASSWORD_MAX) return fail('PASSWORD_TOO_LONG', field, `Password must be at most ${PASSWORD_MAX} characters`);
  if (isWeak(password, account)) {
    return fail('PASSWORD_TOO_WEAK', field, 'Password is too easy to guess: avoid common passwords and your own name or email');
  }
  return { ok: true, value: password };
}

export function checkDisplayName(raw: string, field: string[]): Checked<string> {
  const name = raw.normalize('NFC').trim();
  if (length(name) < 1) return fail('INVALID_DISPLAY_NAME', field, 'Display name is required');
  if (length(name) > DISPLAY_NAME_MAX) {
    return fail('INVALID_DISPLAY_NAME', field, `Display name must be at most ${DISPLAY_NAME_MAX} characters`);
  }
  if (FORBIDDEN_IN_NAMES.test(name)) return fail('INVALID_DISPLAY_NAME', field, 'Display name contains invalid characters');
  return { ok: true, value: name };
}
