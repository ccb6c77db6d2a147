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

/**
 * Which values of a (redacted) payload are personal, and so kept apart from the hash chain (docs/security.md,
 * "Privacy requests"): a string under a key that names a person or what they wrote — an email, a name, an IP or user
 * agent, a note or description, a reference, the last four digits of a card or bank account, an address — and free
 * text under `reason` or `message` (an enum value such as INSUFFICIENT_FUNDS stays a fact). Keys are compared as in
 * rule 1 (lower case, letters and digits only). Ids (usr_…, pay_…), amounts, statuses and instants are facts: they
 * carry the money's story and identify nobody once users has pseudonymised the account.
 */
const PERSONAL_KEYS = new Set([
  'name', 'displayname', 'legalname', 'businessname', 'holdername', 'firstname', 'lastname',
  'ip', 'useragent', 'note', 'description', 'reference', 'address', 'addressline1', 'city', 'postalcode', 'dateofbirth',
]);
const FREE_TEXT_KEYS = new Set(['reason', 'message']);
const ENUM_VALUE = /^[A-Z][A-Z0-9_]*$/;

function isPersonal(key: string, value: unknown): boolean {
  if (typeof value !== 'string' || value === REDACTED) return false;
  const k = normalize(key);
  if (PERSONAL_KEYS.has(k) || k.endsWith('email') || k.endsWith('last4')) return true;
  return FREE_TEXT_KEYS.has(k) && !ENUM_VALUE.test(value);
}

const pointer = (path: readonly string[]) => `/${path.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

/**
 * Splits a redacted payload into its facts (the payload with each personal value replaced by `placeholder`) and its
 * personal values by JSON pointer (`/uses/0/ip`).
 */
export function splitPersonal(value: unknown, placeholder: string): { facts: unknown; personal: Record<string, unknown> } {
  const personal: Record<string, unknown> = {};
  const walk = (v: unknown, path: string[]): unknown => {
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, String(i)]));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(v)) {
        if (isPersonal(key, inner)) {
          personal[pointer([...path, key])] = inner;
          out[key] = placeholder;
        } else out[key] = walk(inner, [...path, key]);
      }
      return out;
    }
    return v;
  };
  return { facts: walk(value, []), personal };
}

/** The payload as it was: the facts with their personal values put back, or `erased` where they are gone. */
export function joinPersonal(facts: unknown, personal: Record<string, unknown> | null, placeholder: string, erased: string): unknown {
  const walk = (v: unknown, path: string[]): unknown => {
    if (v === placeholder) {
      const p = pointer(path);
      return personal && Object.hasOwn(personal, p) ? personal[p] : erased;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, String(i)]));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner, [...path, k])]));
    return v;
  };
  return walk(facts, []);
}
