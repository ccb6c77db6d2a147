import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { IDENTITY_TTL_SECONDS, IdentitySigner, IdentityVerifier, requireStepUp, STEP_UP_MAX_AGE_MS, type Identity } from './identity.js';

const SECRET = 'identity-spec-secret-0123456789-abcdefghijklmnop';

describe('service identity caches', () => {
  // Only the clock is faked (jose reads `new Date()`, the caches `Date.now()`); timers and ticks stay real.
  const setClock = (ms: number) => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    jest.setSystemTime(ms);
  };
  afterEach(() => {
    jest.useRealTimers();
  });

  it('when the same identity is signed twice within half its lifetime, then the token is reused; after that, a new one is minted', async () => {
    const signer = new IdentitySigner(SECRET, 'gateway');
    const start = Date.now();
    const first = await signer.sign({ userId: 'usr_a', roles: ['USER'], scopes: [] });
    expect(await signer.sign({ userId: 'usr_a', roles: ['USER'], scopes: [] })).toBe(first);
    expect(await signer.sign({ userId: 'usr_b', roles: ['USER'], scopes: [] })).not.toBe(first);
    setClock(start + (IDENTITY_TTL_SECONDS * 1000) / 2 + 1_000);
    expect(await signer.sign({ userId: 'usr_a', roles: ['USER'], scopes: [] })).not.toBe(first);
  });

  it('when a verified token has expired, then it is refused although it was remembered', async () => {
    const token = await new IdentitySigner(SECRET, 'gateway').sign({ userId: 'usr_a', roles: ['ADMIN'], scopes: [] });
    const verifier = new IdentityVerifier(SECRET, ['gateway']);
    expect((await verifier.verify(token)).userId).toBe('usr_a');
    const later = Date.now() + (IDENTITY_TTL_SECONDS + 10) * 1000;
    setClock(later);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('when a remembered token is altered or signed with another secret, then it is refused', async () => {
    const verifier = new IdentityVerifier(SECRET, ['gateway']);
    const token = await new IdentitySigner(SECRET, 'gateway').sign({ userId: 'usr_a', roles: ['USER'], scopes: [] });
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'AB' : 'AA'}`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const foreign = await new IdentitySigner('another-secret-0123456789-abcdefghijklmnopqrs', 'gateway').sign({ userId: 'usr_a', roles: ['USER'], scopes: [] });
    await expect(verifier.verify(foreign)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('when a caller changes the identity it was given, then the next caller of the same token is not affected', async () => {
    const verifier = new IdentityVerifier(SECRET, ['gateway']);
    const token = await new IdentitySigner(SECRET, 'gateway').sign({ userId: 'usr_a', roles: ['USER'], scopes: [] });
    const first = await verifier.verify(token);
    (first.roles as string[]).push('ADMIN');
    expect((await verifier.verify(token)).roles).toEqual(['USER']);
  });
});

describe('step-up', () => {
  const person = (extra: Partial<Identity>): Identity => ({ issuer: 'gateway', userId: 'usr_a', roles: ['USER'], scopes: [], ...extra });
  const now = 1_800_000_000_000;
  const refused = (identity: Identity) => {
    try {
      requireStepUp(identity, now);
      return null;
    } catch (error) {
      return (error as { code?: string }).code ?? (error as Error).message;
    }
  };

  it('when TOTP is off, then nothing is asked; when on, a check within 5 minutes passes and none, an older or a far-future one is STEP_UP_REQUIRED', () => {
    expect(refused(person({}))).toBeNull();
    expect(refused(person({ totpEnabled: false, mfaAt: null }))).toBeNull();
    expect(refused(person({ totpEnabled: true, mfaAt: now - STEP_UP_MAX_AGE_MS }))).toBeNull();
    expect(refused(person({ totpEnabled: true, mfaAt: now + 30_000 }))).toBeNull();
    expect(refused(person({ totpEnabled: true, mfaAt: null }))).toBe('STEP_UP_REQUIRED');
    expect(refused(person({ totpEnabled: true, mfaAt: now - STEP_UP_MAX_AGE_MS - 1 }))).toBe('STEP_UP_REQUIRED');
    expect(refused(person({ totpEnabled: true, mfaAt: now + 120_000 }))).toBe('STEP_UP_REQUIRED');
  });

  it('when the gateway signs a person with TOTP on and a check, then the subgraph reads both back, and the signer does not mix them up', async () => {
    const signer = new IdentitySigner(SECRET, 'gateway');
    const verifier = new IdentityVerifier(SECRET, ['gateway']);
    const checked = await signer.sign({ userId: 'usr_a', roles: ['USER'], scopes: [], sessionId: 'ses_a', totpEnabled: true, mfaAt: now });
    const unchecked = await signer.sign({ userId: 'usr_a', roles: ['USER'], scopes: [], sessionId: 'ses_a', totpEnabled: true, mfaAt: null });
    expect(unchecked).not.toBe(checked);
    expect(await verifier.verify(checked)).toMatchObject({ userId: 'usr_a', sessionId: 'ses_a', totpEnabled: true, mfaAt: now });
    expect(await verifier.verify(unchecked)).toMatchObject({ totpEnabled: true, mfaAt: null });
    expect(await verifier.verify(await signer.sign({ userId: 'usr_b', roles: ['USER'], scopes: [] }))).toMatchObject({ totpEnabled: false, mfaAt: null, sessionId: null });
  });
});
