import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
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
const IDENTITY_TTL_SECONDS = 60;

export const ROLES = ['USER', 'ADMIN', 'COMPLIANCE'] as const;
export type Role = (typeof ROLES)[number];

export interface Identity {
  /** Who signed it: `gateway` for client requests, a subgraph's name for its own calls. */
  issuer: string;
  /** The end user on whose behalf the request runs; null for anonymous requests and pure service calls. */
  userId: string | null;
  roles: Role[];
  scopes: string[];
}

/** Who may call a subgraph: the gateway for clients, and the subgraphs for their own internal reads. */
export const SUBGRAPH_NAMES = ['users', 'accounts', 'payments', 'transactions', 'wallets', 'fraud', 'notifications', 'audit'] as const;
export const TRUSTED_CALLERS: readonly string[] = ['gateway', ...SUBGRAPH_NAMES];

export const anonymous = (issuer: string): Identity => ({ issuer, userId: null, roles: [], scopes: [] });

export class IdentitySigner {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly issuer: string,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(identity: Omit<Identity, 'issuer'>): Promise<string> {
    const jwt = new SignJWT({ roles: identity.roles, scopes: identity.scopes })
      .setProtectedHeader({ alg: 'HS256', typ: 'paygraph-identity+jwt' })
      .setIssuer(this.issuer)
      .setAudience(IDENTITY_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${IDENTITY_TTL_SECONDS}s`);
    if (identity.userId) jwt.setSubject(identity.userId);
    return jwt.sign(this.key);
  }
}

export class IdentityVerifier {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly trustedIssuers: readonly string[],
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string | undefined | null): Promise<Identity> {
    if (!token) throw errors.unauthenticated('Missing service identity');
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience: IDENTITY_AUDIENCE,
        issuer: [...this.trustedIssuers],
        clockTolerance: 5,
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string))
        : [];
      const scopes = Array.isArray(payload.scopes) ? payload.scopes.filter((s): s is string => typeof s === 'string') : [];
      return { issuer: payload.iss!, userId: payload.sub ?? null, roles, scopes };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw errors.unauthenticated('Invalid service identity');
      throw error;
    }
  }
}

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
