import { describe, expect, it } from '@jest/globals';
import { PasswordService } from './password.service.js';

const passwords = new PasswordService(10);

describe('PasswordService', () => {
  it('when a password is hashed, then the encoding carries scrypt, its parameters, a 16-byte salt and the hash', async () => {
    const encoded = await passwords.hash('correct horse battery');
    const [scheme, logN, r, p, salt, hash] = encoded.split('$');
    expect([scheme, logN, r, p]).toEqual(['scrypt', '10', '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64url')).toHaveLength(32);
  });

  it('when the same password is hashed twice, then the salts (and hashes) differ', async () => {
    const [a, b] = await Promise.all([passwords.hash('same password'), passwords.hash('same password')]);
    expect(a).not.toBe(b);
  });

  it('when the right password is given, then it verifies; a wrong one does not', async () => {
    const encoded = await passwords.hash('correct horse battery');
    expect(await passwords.verify('correct horse battery', encoded)).toBe(true);
    expect(await passwords.verify('correct horse batterY', encoded)).toBe(false);
    expect(await passwords.verify('', encoded)).toBe(false);
  });

  it('when a password is typed in another Unicode form, then it still verifies (NFKC)', async () => {
    const encoded = await passwords.hash('caf\u00e9-password');
    expect(await passwords.verify('cafe\u0301-password', encoded)).toBe(true);
  });

  it('when the stored hash is malformed or asks for absurd parameters, then nothing verifies', async () => {
    const encoded = await passwords.hash('correct horse battery');
    const parts = encoded.split('$');
    expect(await passwords.verify('correct horse battery', 'not-a-hash')).toBe(false);
    expect(await passwords.verify('correct horse battery', ['bcrypt', ...parts.slice(1)].join('$'))).toBe(false);
    expect(await passwords.verify('correct horse battery', [parts[0], '30', ...parts.slice(2)].join('$'))).toBe(false);
    expect(await passwords.verify('correct horse battery', [...parts.slice(0, 5), 'AAAA'].join('$'))).toBe(false);
  });

  it('when a hash was made with other parameters, then it still verifies and is flagged for rehash', async () => {
    const older = await new PasswordService(11).hash('correct horse battery');
    expect(await passwords.verify('correct horse battery', older)).toBe(true);
    expect(passwords.needsRehash(older)).toBe(true);
    expect(passwords.needsRehash(await passwords.hash('x'.repeat(12)))).toBe(false);
  });

  it('when the account is unknown, then the dummy check costs a real verification and is false', async () => {
    expect(await passwords.verifyDummy('anything at all')).toBe(false);
  });

  it('when the cost is out of range, then construction fails', () => {
    expect(() => new PasswordService(5)).toThrow(RangeError);
    expect(() => new PasswordService(25)).toThrow(RangeError);
  });
});
