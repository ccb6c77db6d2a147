import { describe, expect, it } from '@jest/globals';
import { base32Decode, base32Encode, hotp, matchTotp, normalizeRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, otpauthUri, totp } from './totp.js';

// RFC 6238 Appendix B: the seeds are ASCII "1234567890" repeated to the hash's key length, 8 digits.
const SEED_SHA1 = Buffer.from('12345678901234567890');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('when the time is %i, then the codes are the RFC test vectors', (t, sha1, sha256, sha512) => {
    expect(totp(SEED_SHA1, t, 8, 'sha1')).toBe(sha1);
    expect(totp(SEED_SHA256, t, 8, 'sha256')).toBe(sha256);
    expect(totp(SEED_SHA512, t, 8, 'sha512')).toBe(sha512);
  });

  it('when HOTP runs on the RFC 4226 secret, then it gives the Appendix D values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(SEED_SHA1, i))).toEqual(expected);
  });

  it('when bytes go through base32, then they come back (and the RFC 4648 vector holds)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    expect(base32Decode(base32Encode(SEED_SHA1)).equals(SEED_SHA1)).toBe(true);
  });

  const secret = base32Encode(SEED_SHA1);
  const at = 1111111111;
  const code = (offsetSteps: number) => totp(SEED_SHA1, at + offsetSteps * 30, 6);

  it('when the code is from the current or an adjacent step, then it matches that step; two steps off, it does not', () => {
    expect(matchTotp(secret, code(0), at, null)).toBe(Math.floor(at / 30));
    expect(matchTotp(secret, code(-1), at, null)).toBe(Math.floor(at / 30) - 1);
    expect(matchTotp(secret, code(1), at, null)).toBe(Math.floor(at / 30) + 1);
    expect(matchTotp(secret, code(2), at, null)).toBeNull();
    expect(matchTotp(secret, code(-2), at, null)).toBeNull();
  });

  it('when a code of a step already used (or an earlier one) is given again, then it is refused', () => {
    const step = matchTotp(secret, code(0), at, null)!;
    expect(matchTotp(secret, code(0), at, step)).toBeNull();
    expect(matchTotp(secret, code(-1), at, step)).toBeNull();
    expect(matchTotp(secret, code(1), at, step)).toBe(step + 1);
  });

  it('when the code is not six digits, then it matches nothing', () => {
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 123456', '１２３４５６']) expect(matchTotp(secret, bad, at, null)).toBeNull();
  });

  it('when an otpauth URI is made, then it names the issuer, the account and the parameters', () => {
    const uri = new URL(otpauthUri(secret, 'Paygraph', 'ada@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Paygraph:ada@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret, issuer: 'Paygraph', algorithm: 'SHA1', digits: '6', period: '30' });
  });

  it('when recovery codes are made, then there are 10 distinct ones a person can type with or without the dash', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) {
      expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      expect(looksLikeRecoveryCode(c.toUpperCase().replace('-', ' '))).toBe(true);
      expect(normalizeRecoveryCode(c.toUpperCase())).toBe(c.replace('-', ''));
    }
  });
});
