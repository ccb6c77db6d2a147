/**
 * What the audit log keeps of an event's data. The log is read by people (compliance, admins) and kept for years, so
 * it must not become the place where a secret or card data leaks. The rule, applied recursively to every object key
 * and array element of the payload:
 *
 * 1. Secret keys → the value is replaced by "[REDACTED]" whatever it is. A key is compared after lower-casing and
 *    dropping everything but letters and digits (`psp_token`, `pspToken` and `PSP-TOKEN` are the same key). Secret:
 *    any key ending in `password`, `token`, `secret` or `cvc`/`cvv`, and the card and bank identifiers `number`,
 *    `cardnumber`, `pan`, `iban`, `accountnumber`, `documentnumber`.
 * 2. `email` (or a key ending in `email`) → partially masked: the first character of the local part, `***`, and the
 *    domain (`alice@example.com` → `a***@example.com`); a value that is not an address becomes "[REDACTED]".
 * 3. Any other string that is a card number in disguise (13–19 digits, optionally separated by spaces or dashes, that
 *    passes the Luhn check) → "[REDACTED]", so a PAN that slips into a free-text field (a note) is still caught.
 * Everything else is kept as it is. Known limitation: a secret inside free text that is not a PAN is not recognised.
 */
export const REDACTED = '[REDACTED]';

const SECRET_SUFFIXES = ['password', 'token', 'secret', 'cvc', 'cvv'];
const SECRET_KEYS = new Set(['number', 'cardnumber', 'pan', 'iban', 'accountnumber', 'documentnumber']);

const normalize = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

export function isSecretKey(key: string): boolean {
  const k = normalize(key);
  return SECRET_KEYS.has(k) || SECRET_SUFFIXES.some((s) => k.endsWith(s));
}

const isEmailKey = (key: string) => normalize(key).endsWith('email');

export function maskEmail(value: unknown): string {
  if (typeof value !== 'string') return REDACTED;
  const at = value.lastIndexOf('@');
  if (at < 1 || at === value.length - 1) return REDACTED;
  return `${value[0]}***${value.slice(at)}`;
}

export function looksLikeCardNumber(value: string): boolean {
  if (!/^[0-9][0-9 -]{11,30}[0-9]$/.test(value)) return false;
  const digits = value.replace(/[ -]/g, '');
  if (!/^[0-9]{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (isSecretKey(key)) out[key] = REDACTED;
      else if (isEmailKey(key)) out[key] = v === null ? null : maskEmail(v);
      else out[key] = redact(v);
    }
    return out;
  }
  if (typeof value === 'string' && looksLikeCardNumber(value)) return REDACTED;
  return value;
}
