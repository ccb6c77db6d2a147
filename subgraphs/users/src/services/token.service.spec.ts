import { describe, expect, it } from '@jest/globals';
import { hashRefreshToken, newRefreshToken, planRotation, publishedKeys, signingKey, type KeyTimes } from './token.service.js';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
const key = (kid: string, activatedAt: number, retiredAt: number | null = null, createdAt = activatedAt): KeyTimes => ({
  kid,
  createdAt: t(createdAt),
  activatedAt: t(activatedAt),
  retiredAt: retiredAt === null ? null : t(retiredAt),
});
const settings = { publishDelaySeconds: 60, keyRefreshSeconds: 30, accessTokenTtlSeconds: 900 };

describe('signing key selection', () => {
  it('when several keys are active, then the most recently activated one signs', () => {
    const keys = [key('old', 0, 5000), key('new', 100)];
    expect(signingKey(keys, t(200))?.kid).toBe('new');
  });

  it('when the newest key is not active yet, then the previous one keeps signing and both are published', () => {
    const keys = [key('old', 0, 2000), key('next', 160, null, 100)];
    expect(signingKey(keys, t(120))?.kid).toBe('old');
    expect(publishedKeys(keys, t(120)).map((k) => k.kid)).toEqual(['old', 'next']);
    expect(signingKey(keys, t(160))?.kid).toBe('next');
  });

  it('when a key is past its retirement, then it neither signs nor is published', () => {
    const keys = [key('gone', 0, 100)];
    expect(signingKey(keys, t(100))).toBeUndefined();
    expect(publishedKeys(keys, t(100))).toEqual([]);
    expect(publishedKeys(keys, t(99))).toHaveLength(1);
  });
});

describe('rotation plan', () => {
  it('when rotating, then the new key activates after the publish delay', () => {
    const plan = planRotation([key('a', 0)], t(1000), settings);
    expect(plan.activatesAt).toEqual(t(1060));
  });

  it('when no key signs now (empty table, all retired), then the new key activates at once', () => {
    expect(planRotation([], t(1000), settings).activatesAt).toEqual(t(1000));
    expect(planRotation([key('gone', 0, 500)], t(1000), settings).activatesAt).toEqual(t(1000));
  });

  it('when rotating, then every key in service retires once no token it signed can still be valid', () => {
    const plan = planRotation([key('a', 0), key('b', 500)], t(1000), settings);
    // activation + key refresh + access TTL + 60 s clock skew
    const retiredAt = t(1060 + 30 + 900 + 60);
    expect(plan.retire).toEqual([
      { kid: 'a', retiredAt },
      { kid: 'b', retiredAt },
    ]);
    // A token signed at the last moment the old key may still sign is still verifiable until it expires.
    const lastSignedAt = 1060 + 30;
    expect(retiredAt.getTime()).toBeGreaterThan(t(lastSignedAt + 900).getTime());
  });

  it('when a key already retires earlier (or has retired), then the rotation does not postpone it', () => {
    const plan = planRotation([key('soon', 0, 1100), key('past', 0, 900), key('live', 0)], t(1000), settings);
    expect(plan.retire.map((r) => r.kid)).toEqual(['live']);
  });
});

describe('refresh tokens', () => {
  it('when a refresh token is made, then it is rt_ + 32 random bytes and only its sha256 is kept', () => {
    const { token, hash } = newRefreshToken();
    expect(token).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(token)).toBe(hash);
    expect(newRefreshToken().token).not.toBe(token);
  });

  it('when something that cannot be a refresh token is presented, then there is no hash to look up', () => {
    expect(hashRefreshToken('')).toBeNull();
    expect(hashRefreshToken('rt_short')).toBeNull();
    expect(hashRefreshToken(`xx_${'a'.repeat(43)}`)).toBeNull();
    expect(hashRefreshToken(`rt_${'a'.repeat(42)}'`)).toBeNull();
  });
});
