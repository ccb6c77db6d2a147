import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { webcrypto } from 'node:crypto';
import { errors } from './errors.js';

/**
 * The identity a request carries from the gateway (or from another service) to a subgraph. Subgraphs trust nothing
 * else: no header, a bad signature or an expired token is UNAUTHENTICATED.
 *
 * Signed with HS256 and a secret shared inside the cluster (INTERNAL_AUTH_SECRET). A per-service asymmetric key
 * would keep a compromised subgraph from minting gateway identities; see docs/architecture.md ("Trust").
 */
export const IDENTITY_HEADER = 'x-paygraph-identity';
export const IDENTITY_AUDIENCE = 'paygraph-subgraphs';
export const IDENTITY_TTL_SECONDS = 60;

export const ROLES = ['USER', 'ADMIN', 'COMPLIANCE'] as const;
export type Role = (typeof ROLES)[number];

export interface Identity {
  /** Who signed it: `gateway` for client requests, a subgraph's name for its own calls. */
  issuer: string;
  /** The end user on whose behalf the request runs; null for anonymous requests and pure service calls. */
  userId: string | null;
  roles: Role[];
  scopes: string[];
  /**
   * Set when the request runs on a partner's API key (issue 13): the key acts for its owner (`userId`) and one
   * business account only, with `scopes` and nothing more; absent for a person's own signed-in session.
   */
  apiKey?: ApiKeyActor | null;
  /** The person's session (the access token's `sid`); absent for API keys and service calls. */
  sessionId?: string | null;
  /**
   * Step-up (docs/security.md): whether the person has two-factor sign-in (TOTP) on, as the gateway knows it now, and
   * when their session last checked a TOTP code (ms since the epoch; null if it never did).
   */
  totpEnabled?: boolean;
  mfaAt?: number | null;
}

/** Which key, of which partner application, for which business account. */
export interface ApiKeyActor {
  id: string;
  applicationId: string;
  accountId: string;
}

/** Who may call a subgraph: the gateway for clients, and the subgraphs for their own internal reads. */
export const SUBGRAPH_NAMES = ['users', 'accounts', 'payments', 'transactions', 'wallets', 'fraud', 'notifications', 'audit'] as const;
export const TRUSTED_CALLERS: readonly string[] = ['gateway', ...SUBGRAPH_NAMES];

export const anonymous = (issuer: string): Identity => ({ issuer, userId: null, roles: [], scopes: [] });

/**
 * HS256 key for jose. A raw Uint8Array makes jose import a WebCrypto key on every sign and verify (normalizeAlgorithm,
 * structuredClone, an async importKey): imported once here, it is reused for the life of the signer or verifier.
 */
function hmacKey(secret: string, usage: 'sign' | 'verify'): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/** Caches below hold at most this many entries: a burst of distinct callers cannot grow the heap without bound. */
const CACHE_MAX_ENTRIES = 10_000;

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
}

export class IdentitySigner {
  private readonly key: Promise<webcrypto.CryptoKey>;
  /**
   * A token is good for IDENTITY_TTL_SECONDS: the same identity gets the same token while more than half of that is
   * left, so a subgraph still has at least 30 s to use it and the per-fetch signature disappears from the hot path.
   */
  private readonly recent = new Map<string, { token: Promise<string>; renewAt: number }>();
  constructor(
    secret: string,
    private readonly issuer: string,
  ) {
    this.key = hmacKey(secret, 'sign');
    // An unhandled rejection here would be reported before sign() is ever called; sign() still surfaces it.
    this.key.catch(() => {});
  }

  sign(identity: Omit<Identity, 'issuer'>): Promise<string> {
    const cacheKey = JSON.stringify([
      identity.userId,
      identity.roles,
      identity.scopes,
      identity.apiKey?.id ?? null,
      identity.sessionId ?? null,
      identity.totpEnabled ?? false,
      identity.mfaAt ?? null,
    ]);
    const now = Date.now();
    const hit = this.recent.get(cacheKey);
    if (hit && hit.renewAt > now) return hit.token;
    const token = this.mint(identity);
    this.recent.delete(cacheKey);
    remember(this.recent, cacheKey, { token, renewAt: now + (IDENTITY_TTL_SECONDS * 1000) / 2 });
    token.catch(() => this.recent.delete(cacheKey));
    return token;
  }

  private async mint(identity: Omit<Identity, 'issuer'>): Promise<string> {
    const key = identity.apiKey;
    const jwt = new SignJWT({
      roles: identity.roles,
      scopes: identity.scopes,
      ...(key ? { key: { id: key.id, app: key.applicationId, acc: key.accountId } } : {}),
      ...(identity.sessionId ? { sid: identity.sessionId } : {}),
      ...(identity.totpEnabled ? { mfa: true } : {}),
      ...(typeof identity.mfaAt === 'number' ? { mfaAt: identity.mfaAt } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'paygraph-identity+jwt' })
      .setIssuer(this.issuer)
      .setAudience(IDENTITY_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${IDENTITY_TTL_SECONDS}s`);
    if (identity.userId) jwt.setSubject(identity.userId);
    return jwt.sign(await this.key);
  }
}

const CLOCK_TOLERANCE_SECONDS = 5;

export class IdentityVerifier {
  private readonly key: Promise<webcrypto.CryptoKey>;
  /**
   * Tokens already verified, until their expiry (plus the clock tolerance jwtVerify allows): the gateway reuses a
   * token across fetches, and an HMAC check of the same bytes can only give the same answer. Failures are not cached.
   */
  private readonly verified = new Map<string, { identity: Identity; until: number }>();
  constructor(
    secret: string,
    private readonly trustedIssuers: readonly string[],
  ) {
    this.key = hmacKey(secret, 'verify');
    this.key.catch(() => {});
  }

  async verify(token: string | undefined | null): Promise<Identity> {
    if (!token) throw errors.unauthenticated('Missing service identity');
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.until > Date.now()) return copy(hit.identity);
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: ['HS256'],
        audience: IDENTITY_AUDIENCE,
        issuer: [...this.trustedIssuers],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string))
        : [];
      const scopes = Array.isArray(payload.scopes) ? payload.scopes.filter((s): s is string => typeof s === 'string') : [];
      const identity: Identity = {
        issuer: payload.iss!,
        userId: payload.sub ?? null,
        roles,
        scopes,
        apiKey: apiKeyOf(payload.key),
        sessionId: typeof payload.sid === 'string' ? payload.sid : null,
        totpEnabled: payload.mfa === true,
        mfaAt: typeof payload.mfaAt === 'number' && Number.isFinite(payload.mfaAt) ? payload.mfaAt : null,
      };
      // Without exp the token is valid forever to jose; such a token is not remembered, so it is checked every time.
      if (typeof payload.exp === 'number') remember(this.verified, token, { identity, until: (payload.exp + CLOCK_TOLERANCE_SECONDS) * 1000 });
      return copy(identity);
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw errors.unauthenticated('Invalid service identity');
      throw error;
    }
  }
}

function apiKeyOf(claim: unknown): ApiKeyActor | null {
  if (!claim || typeof claim !== 'object') return null;
  const { id, app, acc } = claim as Record<string, unknown>;
  return typeof id === 'string' && typeof app === 'string' && typeof acc === 'string' ? { id, applicationId: app, accountId: acc } : null;
}

/** Callers get their own arrays: one request mutating its identity must not change another's. */
const copy = (identity: Identity): Identity => ({ ...identity, roles: [...identity.roles], scopes: [...identity.scopes] });

/** Authorization helpers used by the subgraph that owns the data. */
export function requireUser(identity: Identity): string {
  if (!identity.userId) throw errors.unauthenticated();
  return identity.userId;
}

export function hasRole(identity: Identity, ...roles: Role[]): boolean {
  return identity.roles.some((r) => roles.includes(r));
}

export function requireRole(identity: Identity, ...roles: Role[]): void {
  requireUser(identity);
  if (!hasRole(identity, ...roles)) throw errors.forbidden();
}

/**
 * Internal reads answer other subgraphs only: a client request arrives signed by the gateway and is refused, and so
 * is any issuer that is not a subgraph.
 */
export function requireInternalCaller(identity: Identity, message = 'Internal query'): void {
  if (identity.issuer === 'gateway' || !(SUBGRAPH_NAMES as readonly string[]).includes(identity.issuer)) {
    throw errors.forbidden(message);
  }
}

/** The owner of a resource, or an admin, may see it. */
export function canSeeOwnedBy(identity: Identity, ownerId: string): boolean {
  return identity.userId === ownerId || hasRole(identity, 'ADMIN');
}

/** The person themselves, signed in: refused to API keys (managing keys, sessions, the profile). */
export function requireSignedInPerson(identity: Identity): string {
  const userId = requireUser(identity);
  if (identity.apiKey) throw errors.forbidden('Not available to API keys');
  return userId;
}

/** How long a checked TOTP code counts for a high-risk action (withdrawals, new bank accounts). */
export const STEP_UP_MAX_AGE_MS = 5 * 60 * 1000;
/** A session's check stamped a little ahead of this process's clock (another replica's) still counts. */
const STEP_UP_SKEW_MS = 60 * 1000;

/**
 * Step-up (docs/security.md): a person with two-factor sign-in on must have had a TOTP code checked within the last
 * five minutes (at login or by verifyTotp) before a high-risk action; otherwise the userError STEP_UP_REQUIRED.
 * People without it are unaffected, and so are partner API keys (a key is its own credential, issued by the owner).
 */
export function requireStepUp(identity: Identity, now = Date.now()): void {
  if (!identity.totpEnabled || identity.apiKey) return;
  const at = identity.mfaAt;
  if (typeof at === 'number' && at <= now + STEP_UP_SKEW_MS && now - at <= STEP_UP_MAX_AGE_MS) return;
  throw errors.user('STEP_UP_REQUIRED', 'Confirm it is you: enter a code from your authenticator app (verifyTotp), then try again');
}
