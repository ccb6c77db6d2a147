import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import { ROLES, type ApiKeyActor, type Identity, type Role } from '@paygraph/platform/identity';
import { errors } from '@paygraph/platform/errors';
import type { RevocationCheck } from './revocations.js';
import { isApiKeyCredential, type ApiKeyAuthenticator } from './api-keys.js';

export interface Viewer extends Omit<Identity, 'issuer' | 'apiKey'> {
  sessionId: string | null;
  /** When the access token stops being valid (ms since epoch); null when anonymous. */
  expiresAt: number | null;
  /** A partner's API key: the owner of its business account, with the key's scopes only (never admin roles). */
  apiKey: ApiKeyActor | null;
  /** Two-factor sign-in on (the token's `totp`, or the revocation list's newer word); false for keys and anonymous. */
  totpEnabled: boolean;
  /** When the session last checked a TOTP code (the token's `mfaAt`, ms); null if never. */
  mfaAt: number | null;
}

export const ANONYMOUS: Viewer = {
  userId: null,
  roles: [],
  scopes: [],
  sessionId: null,
  expiresAt: null,
  apiKey: null,
  totpEnabled: false,
  mfaAt: null,
};

const CLOCK_TOLERANCE_SECONDS = 5;
/** Bounds the cache below: a flood of distinct tokens costs a verify each, never unbounded memory. */
const VERIFIED_MAX_ENTRIES = 10_000;

/**
 * Verifies users' access tokens: EdDSA only (the algorithm is pinned, so `none` and HMAC confusion are refused),
 * keys from the users subgraph's JWKS (fetched once, refetched when an unknown `kid` appears, which is how key
 * rotation reaches the gateway without a restart), issuer, audience and expiry enforced, and a lifetime no longer
 * than the issuer gives its tokens. Then, every time (a remembered token too), the revocation list: a token of an
 * ended session is refused, and a user whose roles changed gets the roles they have now, not the ones in the token.
 */
export class AccessTokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  /**
   * Tokens already verified, until their exp (plus the tolerance jwtVerify allows): an EdDSA verify per request
   * is the same answer for the same bytes. A key dropped from the JWKS keeps working for tokens it signed either way
   * (the remote set is only refetched for an unknown kid), so remembering them changes nothing. Failures are not cached.
   */
  private readonly verified = new Map<string, { viewer: Viewer; until: number }>();

  constructor(
    jwksUrl: string,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly revocations?: RevocationCheck,
    private readonly apiKeys?: ApiKeyAuthenticator,
  ) {
    this.keys = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
  }

  /**
   * `authorization` header → viewer. No header: anonymous. `Bearer pg_…`: a partner API key. Anything present but
   * not valid: UNAUTHENTICATED.
   */
  async viewerFrom(authorization: string | undefined): Promise<Viewer> {
    if (authorization === undefined) return ANONYMOUS;
    const credential = /^Bearer (\S+)$/.exec(authorization.trim())?.[1];
    if (credential && this.apiKeys && isApiKeyCredential(credential)) {
      const { grant, actor } = await this.apiKeys.authenticate(credential);
      return {
        userId: grant.ownerId,
        roles: ['USER'],
        scopes: [...grant.scopes],
        sessionId: null,
        expiresAt: grant.endsAt,
        apiKey: actor,
        totpEnabled: false,
        mfaAt: null,
      };
    }
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization.trim());
    if (!match) throw errors.unauthenticated('Authorization header must be "Bearer <access token>"');
    const token = match[1]!;
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.until > Date.now()) return this.admit(hit.viewer);
      this.verified.delete(token);
    }
    return this.admit(await this.verify(token));
  }

  /**
   * Calls `onEnd` when the viewer's session is revoked or their roles change (a WebSocket connection then closes);
   * returns the function that stops watching.
   */
  watch(viewer: Viewer, onEnd: (reason: string) => void): () => void {
    return this.revocations?.watch(viewer, onEnd) ?? (() => {});
  }

  /** A copy of the viewer for this request, after the revocation list has had its say. */
  private async admit(viewer: Viewer): Promise<Viewer> {
    const list = this.revocations;
    if (!list) return { ...viewer, roles: [...viewer.roles], scopes: [...viewer.scopes] };
    if (!list.loaded) {
      try {
        await list.ready();
      } catch (error) {
        throw errors.unavailable('Authentication', error);
      }
    }
    if (viewer.sessionId !== null && list.isSessionRevoked(viewer.sessionId)) throw errors.unauthenticated('Session has ended');
    const roles = viewer.userId !== null ? list.currentRoles(viewer.userId) : undefined;
    // A token issued before its user turned TOTP on (or off) says otherwise until it expires: the list knows better.
    const totp = viewer.userId !== null && !viewer.apiKey ? list.currentTotp(viewer.userId) : undefined;
    return { ...viewer, roles: [...(roles ?? viewer.roles)], scopes: [...viewer.scopes], totpEnabled: totp ?? viewer.totpEnabled };
  }

  private async verify(token: string): Promise<Viewer> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: ['EdDSA'],
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      assertPlausibleLifetime(payload.iat!, payload.exp!);
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string))
        : [];
      const scopes = Array.isArray(payload.scopes) ? payload.scopes.filter((s): s is string => typeof s === 'string') : [];
      const viewer: Viewer = {
        userId: payload.sub!,
        roles: roles.length > 0 ? roles : ['USER'],
        scopes,
        sessionId: typeof payload.sid === 'string' ? payload.sid : null,
        expiresAt: payload.exp! * 1000,
        apiKey: null,
        totpEnabled: payload.totp === true,
        mfaAt: typeof payload.mfaAt === 'number' && Number.isFinite(payload.mfaAt) ? payload.mfaAt * 1000 : null,
      };
      if (this.verified.size >= VERIFIED_MAX_ENTRIES) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { viewer, until: (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000 });
      return viewer;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw errors.unauthenticated('Access token expired');
      if (error instanceof joseErrors.JOSEError) throw errors.unauthenticated('Invalid access token');
      // The JWKS could not be fetched: the caller is not at fault, and must not be let in either.
      throw errors.unavailable('Authentication', error);
    }
  }
}

/** The longest life users gives an access token: its ACCESS_TOKEN_TTL_SECONDS is capped at 900 by its config. */
const MAX_ACCESS_TOKEN_LIFETIME_SECONDS = 900;
/** Clock skew allowed between the issuer and the gateway when judging `iat`. */
const IAT_SKEW_SECONDS = 60;

/**
 * A token the issuer never mints (years of validity, or issued in the future) means its key signed something it
 * should not have, or a clock is badly wrong: either way, refused rather than honoured until its `exp`.
 */
function assertPlausibleLifetime(iat: number, exp: number): void {
  const now = Math.floor(Date.now() / 1000);
  if (iat > now + IAT_SKEW_SECONDS) throw new joseErrors.JWTClaimValidationFailed('"iat" is in the future', {}, 'iat', 'check_failed');
  if (exp - iat > MAX_ACCESS_TOKEN_LIFETIME_SECONDS + IAT_SKEW_SECONDS) {
    throw new joseErrors.JWTClaimValidationFailed('"exp" is further from "iat" than an access token lives', {}, 'exp', 'check_failed');
  }
}
