import { describe, expect, it } from '@jest/globals';
import { identityMailBox, SealedBox } from './sealed-box.js';

const SECRET = 'a-service-secret-of-enough-length-0123456789';

/** Replaces one base64url character of part `index` (0 version, 1 iv, 2 tag, 3 ciphertext) by another. */
function flip(sealed: string, index: number): string {
  const parts = sealed.split(':');
  const part = parts[index]!;
  const first = part[0]!;
  parts[index] = (first === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join(':');
}

describe('SealedBox', () => {
  const box = new SealedBox(SECRET, 'totp secrets');

  it('when a value is sealed, then it opens to the same text for the same context (unicode included)', () => {
    for (const plain of ['JBSWY3DPEHPK3PXP', '', 'https://paygraph.local/verify-email?token=x&é=✓']) {
      const sealed = box.seal(plain, 'usr_1');
      expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*$/);
      expect(sealed).not.toContain(plain || '\u0000');
      expect(box.open(sealed, 'usr_1')).toBe(plain);
    }
  });

  it('when the same value is sealed twice, then the sealed forms differ (a fresh IV each time)', () => {
    const a = box.seal('same', 'usr_1');
    const b = box.seal('same', 'usr_1');
    expect(a).not.toBe(b);
    expect(box.open(a, 'usr_1')).toBe('same');
    expect(box.open(b, 'usr_1')).toBe('same');
  });

  it('when the ciphertext, IV or tag is altered, then it does not open', () => {
    const sealed = box.seal('a secret long enough to have a body', 'usr_1');
    for (const part of [1, 2, 3]) expect(() => box.open(flip(sealed, part), 'usr_1')).toThrow();
    // Truncating the ciphertext, too.
    expect(() => box.open(sealed.slice(0, -2), 'usr_1')).toThrow();
  });

  it('when it is opened with another associated data (context), then it does not open', () => {
    const sealed = box.seal('secret', 'usr_1');
    expect(() => box.open(sealed, 'usr_2')).toThrow();
    expect(() => box.open(sealed, '')).toThrow();
  });

  it('when it is opened under another secret or another purpose, then it does not open', () => {
    const sealed = box.seal('secret', 'usr_1');
    expect(() => new SealedBox(`${SECRET}x`, 'totp secrets').open(sealed, 'usr_1')).toThrow();
    expect(() => new SealedBox(SECRET, 'identity mail').open(sealed, 'usr_1')).toThrow();
    expect(() => identityMailBox(SECRET).open(sealed, 'usr_1')).toThrow();
    // The same secret and purpose is the same key: another instance opens it.
    expect(new SealedBox(SECRET, 'totp secrets').open(sealed, 'usr_1')).toBe('secret');
  });

  it('when the input is not a sealed value at all, then it throws "not a sealed value"', () => {
    for (const junk of ['', 'plain', 'v2:a:b:c', 'v1:a:b', 'v1::b:c']) expect(() => box.open(junk, 'usr_1')).toThrow('not a sealed value');
  });
});
