import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { MikroORM, EntityManager } from '@paygraph/platform/db';
import type { Role } from '@paygraph/platform/identity';
import { SigningKey } from '../entities/signing-key.entity.js';

export const ACCESS_TOKEN_ALG = 'EdDSA';
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** A new key is in the JWKS this long before it signs. */
  publishDelaySeconds: number;
  /** How stale this replica's copy of the key table may get. */
  keyRefreshSeconds: number;
}

/** Tolerance for clocks that disagree between the issuer and verifiers. */
const CLOCK_SKEW_SECONDS = 60;

/** The key facts the selection rules need; rows and test fixtures both fit. */
export interface KeyTimes {
  kid: string;
  createdAt: Date;
  activatedAt: Date;
  retiredAt?: Date | null;
}

const published = (k: KeyTimes, now: Date) => !k.retiredAt || k.retiredAt > now;

/** Keys verifiers must know: every key not yet retired, including one that will start signing soon. */
export function publishedKeys<K extends KeyTimes>(keys: readonly K[], now: Date): K[] {
  return keys.filter((k) => published(k, now));
}

/** The key that signs now: the most recently activated key that is active and still published. */
export function signingKey<K extends KeyTimes>(keys: readonly K[], now: Date): K | undefined {
  return keys
    .filter((k) => published(k, now) && k.activatedAt <= now)
    .sort((a, b) => b.activatedAt.getTime() - a.activatedAt.getTime() || b.createdAt.getTime() - a.createdAt.getTime())[0];
}

/**
 * A rotation: the new key activates after the publish delay; every key still in service retires once no token it
 * could have signed is valid any more: a replica may keep signing with it until it re-reads the keys after the
 * activation, then that token lives for the access-token TTL, plus clock skew.
 */
export function planRotation(
  keys: readonly KeyTimes[],
  now: Date,
  settings: Pick<TokenSettings, 'publishDelaySeconds' | 'keyRefreshSeconds' | 'accessTokenTtlSeconds'>,
): { activatesAt: Date; retire: { kid: string; retiredAt: Date }[] } {
  // With no key signing now there is nothing to keep working while the new key propagates: waiting would only
  // leave the service unable to issue tokens.
  const delay = signingKey(keys, now) ? settings.publishDelaySeconds : 0;
  const activatesAt = new Date(now.getTime() + delay * 1000);
  const retiredAt = new Date(
    activatesAt.getTime() + (settings.keyRefreshSeconds + settings.accessTokenTtlSeconds + CLOCK_SKEW_SECONDS) * 1000,
  );
  const retire = keys
    .filter((k) => !k.retiredAt || k.retiredAt > retiredAt)
    .map((k) => ({ kid: k.kid, retiredAt }));
  return { activatesAt, retire };
}

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
}

export interface RotationResult {
  kid: string;
  activatesAt: Date;
  retiring: { kid: string; retiredAt: Date }[];
}

const REFRESH_PREFIX = 'rt_';
const REFRESH_FORMAT = /^rt_[A-Za-z0-9_-]{43}$/;

/** Refresh tokens are opaque random strings; the server keeps only their SHA-256. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = `${REFRESH_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashRefreshToken(token)! };
}

/** null for something that cannot be a refresh token (never reaches SQL). */
export function hashRefreshToken(token: string): string | null {
  if (!REFRESH_FORMAT.test(token)) return null;
  return createHash('sha256').update(token).digest('hex');
}

const KEY_LOCK = 'users:signing-keys';

interface CachedKeys {
  rows: SigningKey[];
  loadedAt: number;
}

/**
 * Access tokens: EdDSA (Ed25519) JWTs, verified by anyone with the JWKS. Signing keys live in the database so every
 * replica signs with the same key and rotation (`rotateSigningKey`, from the admin CLI) needs no restart: replicas
 * re-read the key table every `keyRefreshSeconds`.
 */
export class TokenService {
  private cache: CachedKeys | undefined;
  private loading: Promise<CachedKeys> | undefined;
  private readonly privateKeys = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly orm: MikroORM,
    readonly settings: TokenSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates the first key when the table is empty (replicas starting together create one between them). */
  async init(): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      await lock(em as EntityManager);
      const any = await em.count(SigningKey, {});
      if (any === 0) await this.createKey(em as EntityManager, this.now());
    });
    await this.reload();
  }

  async rotateSigningKey(): Promise<RotationResult> {
    const result = await this.orm.em.fork().transactional(async (em) => {
      await lock(em as EntityManager);
      const now = this.now();
      const keys = await em.find(SigningKey, {}, { orderBy: { activatedAt: 'asc' } });
      const plan = planRotation(keys, now, this.settings);
      for (const change of plan.retire) {
        const key = keys.find((k) => k.kid === change.kid)!;
        key.retiredAt = change.retiredAt;
      }
      // Retired keys verify nothing any more; their private halves should not linger.
      const gone = keys.filter((k) => k.retiredAt && k.retiredAt <= now);
      for (const key of gone) em.remove(key);
      const created = await this.createKey(em as EntityManager, plan.activatesAt);
      return { kid: created.kid, activatesAt: plan.activatesAt, retiring: plan.retire };
    });
    await this.reload();
    return result;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const { rows } = await this.keys();
    return { keys: publishedKeys(rows, this.now()).map((k) => ({ ...k.publicJwk, kid: k.kid, alg: ACCESS_TOKEN_ALG, use: 'sig' })) };
  }

  /**
   * `totp` says the user has two-factor sign-in on; `amr` and `mfaAt` (seconds) say when the session last checked a
   * TOTP code. The gateway passes both on to the subgraphs, which demand a recent check for high-risk actions.
   */
  async issueAccessToken(claims: {
    userId: string;
    sessionId: string;
    roles: readonly Role[];
    totpEnabled: boolean;
    mfaAt: Date | null;
  }): Promise<IssuedAccessToken> {
    const now = this.now();
    let { rows } = await this.keys();
    let key = signingKey(rows, now);
    if (!key) {
      // Our copy may predate a rotation whose key is the only active one now.
      rows = (await this.reload()).rows;
      key = signingKey(rows, now);
      if (!key) throw new Error('No active signing key');
    }
    const iat = Math.floor(now.getTime() / 1000);
    const ttl = this.settings.accessTokenTtlSeconds;
    const secondFactor = claims.mfaAt ? { amr: ['pwd', 'otp'], mfaAt: Math.floor(claims.mfaAt.getTime() / 1000) } : {};
    const accessToken = await new SignJWT({
      sid: claims.sessionId,
      roles: [...claims.roles],
      ...(claims.totpEnabled ? { totp: true } : {}),
      ...secondFactor,
    })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: key.kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(claims.userId)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .sign(await this.privateKey(key));
    return { accessToken, expiresIn: ttl };
  }

  refreshTokenExpiry(from: Date): Date {
    return new Date(from.getTime() + this.settings.refreshTokenTtlSeconds * 1000);
  }

  private async keys(): Promise<CachedKeys> {
    if (this.cache && Date.now() - this.cache.loadedAt < this.settings.keyRefreshSeconds * 1000) return this.cache;
    return this.reload();
  }

  private reload(): Promise<CachedKeys> {
    this.loading ??= (async () => {
      try {
        const rows = await this.orm.em.fork().find(SigningKey, {});
        this.cache = { rows, loadedAt: Date.now() };
        for (const kid of this.privateKeys.keys()) if (!rows.some((r) => r.kid === kid)) this.privateKeys.delete(kid);
        return this.cache;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  private privateKey(key: SigningKey): Promise<CryptoKey> {
    let imported = this.privateKeys.get(key.kid);
    if (!imported) {
      imported = importJWK(key.privateJwk, ACCESS_TOKEN_ALG) as Promise<CryptoKey>;
      this.privateKeys.set(key.kid, imported);
    }
    return imported;
  }

  private async createKey(em: EntityManager, activatedAt: Date): Promise<SigningKey> {
    const pair = await generateKeyPair('Ed25519', { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const privateJwk = await exportJWK(pair.privateKey);
    const kid = `key_${randomBytes(12).toString('base64url')}`;
    const key = em.create(SigningKey, { kid, alg: ACCESS_TOKEN_ALG, publicJwk, privateJwk, activatedAt });
    await em.flush();
    return key;
  }
}

function lock(em: EntityManager): Promise<unknown> {
  return em.execute('SELECT pg_advisory_xact_lock(hashtext(?))', [KEY_LOCK]);
}
