import { randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { PRIVACY_SUBGRAPHS } from '@paygraph/events';
import { inTransaction, pgErrorCode, PgCode, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { AppError, errors } from '@paygraph/platform/errors';
import { Outbox } from '@paygraph/platform/events';
import { isId, newId } from '@paygraph/platform/ids';
import { canSeeOwnedBy, requireSignedInPerson, requireStepUp, type Identity } from '@paygraph/platform/identity';
import type { Logger } from '@paygraph/platform/logger';
import { formatAmount } from '@paygraph/platform/money';
import { fitExportPart, PRIVACY_EXPORT_ROWS } from '@paygraph/platform/privacy';
import type { RateLimiter } from '@paygraph/platform/rate-limit';
import { ApiKey } from '../entities/api-key.entity.js';
import { PartnerApplication } from '../entities/partner-application.entity.js';
import { PrivacyRequestPart } from '../entities/privacy-request-part.entity.js';
import {
  ONE_PENDING_PRIVACY_REQUEST,
  PrivacyRequest,
  type PrivacyRequestKind,
} from '../entities/privacy-request.entity.js';
import { RecoveryCode } from '../entities/recovery-code.entity.js';
import { RefreshToken } from '../entities/refresh-token.entity.js';
import { Session } from '../entities/session.entity.js';
import { User } from '../entities/user.entity.js';
import { UserToken } from '../entities/user-token.entity.js';
import type { Limit } from './auth.service.js';
import type { PasswordService } from './password.service.js';
import { PASSWORD_MAX } from './user-input.js';

/** The money a user holds, as wallets answers it (internal command `funds`): minor units as decimal strings. */
export interface WalletFunds {
  walletId: string;
  currency: string;
  balance: string;
  held: string;
}

/** Wallets, asked before an erasure whether the user still holds money (adapters: the `funds` internal command). */
export interface FundsPort {
  of(userId: string): Promise<WalletFunds[]>;
}

export interface PrivacySettings {
  /** requestAccountErasure attempts per user (a wrong password counts): a stolen session must not get unlimited guesses. */
  erasurePerUser: Limit;
}

/** A request as the API shows it. */
export interface PrivacyRequestView {
  id: string;
  userId: string;
  kind: PrivacyRequestKind;
  status: 'PENDING' | 'COMPLETED';
  requestedAt: Date;
  completedAt: Date | null;
  /** The subgraphs that have answered so far. */
  answeredBy: string[];
}

/** The part one subgraph answered (an event's data, checked by the catalog). */
export interface AnsweredPart {
  requestId: string;
  userId: string;
  subgraph: string;
  data: Record<string, unknown>;
  truncated: string[];
}

const LISTED = 50;
/** Every subgraph but users answers on the backbone; users writes its own part with the request. */
const ASKED = PRIVACY_SUBGRAPHS.filter((s) => s !== 'users');
const INVALID_CREDENTIALS = () => errors.user('INVALID_CREDENTIALS', 'The password is incorrect', ['input', 'password']);
/** An address nobody can own: the account's old one is free again, and nothing can be mailed to this one. */
const erasedEmail = (userId: string) => `erased.${userId.slice(4)}@erased.invalid`;
export const ERASED_DISPLAY_NAME = 'Erased user';

/**
 * Privacy requests (docs/security.md, "Privacy requests"): a user's data export and account erasure. users owns the
 * request: it answers its own part at once, in the request's transaction, and asks every other subgraph on the
 * backbone (PrivacyExportRequested / PrivacyErasureRequested); each answers with a PrivacyExportPart or
 * PrivacyErasureDone, recorded here once per subgraph; the answer that completes the set marks the request COMPLETED
 * (PrivacyRequestCompleted, which audit keeps as the record that it happened).
 *
 * An erasure is a high-risk act: the current password (and, with TOTP on, a code checked within five minutes, as for
 * withdrawals) is needed, and it is refused while any wallet of the user holds money or has money held for a
 * payment in flight (BALANCE_NOT_ZERO): erasure never touches money, so the user must withdraw or spend it first.
 */
export class PrivacyService {
  private readonly outbox = new Outbox('users');

  constructor(
    private readonly orm: MikroORM,
    private readonly passwords: PasswordService,
    private readonly funds: FundsPort,
    private readonly limiter: RateLimiter,
    private readonly settings: PrivacySettings,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The user's pending export if there is one (a repeat is the same request), else a new one. */
  async requestExport(identity: Identity): Promise<{ privacyRequest: PrivacyRequestView }> {
    const userId = requireSignedInPerson(identity);
    const pending = await this.pending(this.orm.em.fork(), userId, 'EXPORT');
    if (pending) return { privacyRequest: pending };
    try {
      return await inTransaction(this.orm, async (em) => {
        const user = await em.findOne(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!user || user.erasedAt) throw errors.unauthenticated('The signed-in user no longer exists');
        const request = this.create(em, userId, 'EXPORT');
        const own = fitExportPart(await this.exportData(em, user));
        em.create(PrivacyRequestPart, { requestId: request.id, subgraph: 'users', data: own.data, truncated: own.truncated, receivedAt: request.requestedAt });
        this.ask(em, 'PrivacyExportRequested', request);
        return { privacyRequest: view(request, ['users']) };
      });
    } catch (error) {
      // A concurrent first request won the partial unique index: that one is the answer.
      if (pgErrorCode(error) !== PgCode.uniqueViolation) throw error;
      const winner = await this.pending(this.orm.em.fork(), userId, 'EXPORT');
      if (!winner) throw error;
      return { privacyRequest: winner };
    }
  }

  /**
   * Erases the signed-in user's account: users' own data at once (login pseudonymised, every session and key ended),
   * then every other subgraph's through the backbone. A repeat (the token still works for a second or so) answers
   * the same request.
   */
  async requestErasure(identity: Identity, input: { password: string }): Promise<{ privacyRequest: PrivacyRequestView }> {
    const userId = requireSignedInPerson(identity);
    const em = this.orm.em.fork();
    const user = await em.findOne(User, userId);
    if (!user) throw errors.unauthenticated('The signed-in user no longer exists');
    if (user.erasedAt) {
      const done = await this.latest(em, userId, 'ERASURE');
      if (done) return { privacyRequest: done };
    }
    requireStepUp(identity);
    await this.throttle(userId);
    const password = typeof input.password === 'string' ? input.password : '';
    if (password.length === 0 || [...password].length > PASSWORD_MAX || !(await this.passwords.verify(password, user.passwordHash))) {
      throw INVALID_CREDENTIALS();
    }
    await this.requireNoMoney(userId);
    // Hashed before the transaction (scrypt is slow): a password nobody knows, so the row can never sign in again.
    const unusable = await this.passwords.hash(randomBytes(32).toString('base64url'));
    try {
      return await inTransaction(this.orm, async (tx) => {
        const locked = await tx.findOneOrFail(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        if (locked.erasedAt) {
          const done = await this.latest(tx, userId, 'ERASURE');
          if (done) return { privacyRequest: done };
        }
        const at = this.now();
        const request = this.create(tx, userId, 'ERASURE', at);
        const erased = await this.eraseOwn(tx, locked, unusable, at);
        tx.create(PrivacyRequestPart, { requestId: request.id, subgraph: 'users', data: erased, truncated: [], receivedAt: at });
        this.ask(tx, 'PrivacyErasureRequested', request);
        return { privacyRequest: view(request, ['users']) };
      });
    } catch (error) {
      if (pgErrorCode(error) !== PgCode.uniqueViolation) throw error;
      const winner = await this.pending(this.orm.em.fork(), userId, 'ERASURE');
      if (!winner) throw error;
      return { privacyRequest: winner };
    }
  }

  /**
   * One subgraph's answer, in the consumer's transaction: kept once per request and subgraph (a repeat, or an answer
   * to a request that does not exist or did not ask that subgraph, changes nothing); the last one completes it. An
   * export part that arrives for a user erased meanwhile keeps no data.
   */
  async recordPart(em: EntityManager, kind: PrivacyRequestKind, part: AnsweredPart): Promise<void> {
    const request = await em.findOne(PrivacyRequest, part.requestId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!request || request.kind !== kind || request.userId !== part.userId || !request.subgraphs.includes(part.subgraph)) {
      this.logger.warn({ requestId: part.requestId, subgraph: part.subgraph, kind }, 'privacy answer for no such request: ignored');
      return;
    }
    const erasedOwner = kind === 'EXPORT' && (await em.findOne(User, request.userId))?.erasedAt;
    const at = this.now();
    await em.execute(
      `insert into privacy_request_part (request_id, subgraph, data, truncated, received_at) values (?, ?, ?::jsonb, ?::text[], ?)
       on conflict (request_id, subgraph) do nothing`,
      [part.requestId, part.subgraph, erasedOwner ? null : JSON.stringify(part.data), textArray(part.truncated), at],
    );
    if (request.status !== 'PENDING') return;
    const answered = await this.answered(em, [request.id]);
    if (!request.subgraphs.every((s) => answered.get(request.id)?.includes(s))) return;
    request.status = 'COMPLETED';
    request.completedAt = at;
    this.outbox.emit(em, 'PrivacyRequestCompleted', request.id, {
      requestId: request.id,
      userId: request.userId,
      kind: request.kind,
      subgraphs: request.subgraphs as (typeof PRIVACY_SUBGRAPHS)[number][],
      requestedAt: request.requestedAt.toISOString(),
      at: at.toISOString(),
    });
  }

  /** The user's requests, newest first (at most 50): for the user and admins; nobody else sees any. */
  async listFor(em: EntityManager, identity: Identity, userId: string): Promise<PrivacyRequestView[]> {
    if (!canSeeOwnedBy(identity, userId) || identity.apiKey) return [];
    const requests = await em.find(PrivacyRequest, { userId }, { orderBy: { requestedAt: 'desc', id: 'desc' }, limit: LISTED });
    const answered = await this.answered(em, requests.map((r) => r.id));
    return requests.map((r) => view(r, answered.get(r.id) ?? []));
  }

  /** One request, for its user and admins; anyone else's (or an unknown or malformed id) is null. */
  async find(em: EntityManager, identity: Identity, id: string): Promise<PrivacyRequestView | null> {
    requireSignedInPerson(identity);
    if (!isId('prv', id)) return null;
    const request = await em.findOne(PrivacyRequest, id);
    if (!request || !canSeeOwnedBy(identity, request.userId)) return null;
    const answered = await this.answered(em, [request.id]);
    return view(request, answered.get(request.id) ?? []);
  }

  /**
   * A completed export, assembled: every subgraph's part under its name, and what each cut. JSON text (the schema's
   * convention for documents, as audit's payloads). Null for an erasure, while pending, and once the user is erased.
   */
  async document(em: EntityManager, request: PrivacyRequestView): Promise<string | null> {
    if (request.kind !== 'EXPORT' || request.status !== 'COMPLETED') return null;
    const parts = await em.find(PrivacyRequestPart, { requestId: request.id }, { orderBy: { subgraph: 'asc' } });
    if (parts.some((p) => p.data === null)) return null;
    return JSON.stringify({
      requestId: request.id,
      userId: request.userId,
      requestedAt: request.requestedAt.toISOString(),
      completedAt: request.completedAt?.toISOString() ?? null,
      subgraphs: Object.fromEntries(parts.map((p) => [p.subgraph, p.data])),
      truncated: Object.fromEntries(parts.filter((p) => p.truncated.length > 0).map((p) => [p.subgraph, p.truncated])),
    });
  }

  /** What users holds about the user (never the password hash, TOTP secret, recovery codes or token hashes). */
  private async exportData(em: EntityManager, user: User): Promise<Record<string, unknown>> {
    const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
    const sessions = await em.find(Session, { user: user.id }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: PRIVACY_EXPORT_ROWS + 1 });
    const applications = await em.find(PartnerApplication, { ownerId: user.id }, { orderBy: { createdAt: 'desc' }, limit: PRIVACY_EXPORT_ROWS + 1 });
    const keys = applications.length
      ? await em.find(ApiKey, { application: { $in: applications.map((a) => a.id) } }, { orderBy: { createdAt: 'desc' } })
      : [];
    const requests = await em.find(PrivacyRequest, { userId: user.id }, { orderBy: { requestedAt: 'desc' }, limit: PRIVACY_EXPORT_ROWS + 1 });
    return {
      profile: {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        roles: user.roles,
        emailVerifiedAt: iso(user.emailVerifiedAt),
        totpEnabled: !!user.totpEnabledAt,
        createdAt: iso(user.createdAt),
        updatedAt: iso(user.updatedAt),
      },
      sessions: sessions.map((s) => ({
        id: s.id,
        createdAt: iso(s.createdAt),
        lastUsedAt: iso(s.lastUsedAt),
        expiresAt: iso(s.expiresAt),
        revokedAt: iso(s.revokedAt),
        revokeReason: s.revokeReason ?? null,
        ip: s.ip ?? null,
        userAgent: s.userAgent ?? null,
      })),
      partnerApplications: applications.map((a) => ({
        id: a.id,
        name: a.name,
        accountId: a.accountId,
        createdAt: iso(a.createdAt),
        apiKeys: keys
          .filter((k) => k.application.id === a.id)
          .map((k) => ({ id: k.id, prefix: k.prefix, last4: k.last4, scopes: k.scopes, createdAt: iso(k.createdAt), revokedAt: iso(k.revokedAt), lastUsedAt: iso(k.lastUsedAt) })),
      })),
      privacyRequests: requests.map((r) => ({ id: r.id, kind: r.kind, status: r.status, requestedAt: iso(r.requestedAt), completedAt: iso(r.completedAt) })),
    };
  }

  /**
   * users' part of an erasure, with the user row locked: the login becomes a placeholder (an address nobody can own,
   * a password nobody knows, no second factor), every session ends (the gateways refuse its tokens within a second)
   * and forgets its IP and user agent, refresh and mailed tokens and recovery codes are deleted, the user's partner
   * applications are renamed and their keys revoked, and earlier exports' documents are dropped.
   */
  private async eraseOwn(em: EntityManager, user: User, unusablePasswordHash: string, at: Date): Promise<Record<string, unknown>> {
    user.email = erasedEmail(user.id);
    user.emailNormalized = user.email;
    user.displayName = ERASED_DISPLAY_NAME;
    user.passwordHash = unusablePasswordHash;
    user.emailVerifiedAt = null;
    if (user.totpEnabledAt || user.totpSecretSealed) user.totpChangedAt = at;
    user.totpEnabledAt = null;
    user.totpSecretSealed = null;
    user.totpLastStep = null;
    user.erasedAt = at;
    const sessions = await em.find(Session, { user: user.id });
    for (const s of sessions) {
      if (!s.revokedAt) {
        s.revokedAt = at;
        s.revokeReason = 'ERASED';
      }
      s.ip = null;
      s.userAgent = null;
    }
    const refreshTokens = sessions.length ? await em.nativeDelete(RefreshToken, { session: { $in: sessions.map((s) => s.id) } }) : 0;
    const mailedTokens = await em.nativeDelete(UserToken, { user: user.id });
    const recoveryCodes = await em.nativeDelete(RecoveryCode, { user: user.id });
    const applications = await em.find(PartnerApplication, { ownerId: user.id });
    let keysRevoked = 0;
    for (const app of applications) {
      app.name = 'Erased application';
      for (const key of await em.find(ApiKey, { application: app.id, revokedAt: null })) {
        key.revokedAt = at;
        key.changedAt = at;
        keysRevoked++;
        this.outbox.emit(em, 'ApiKeyRevoked', key.id, {
          apiKeyId: key.id,
          applicationId: app.id,
          ownerId: user.id,
          reason: 'REVOKED',
          endsAt: at.toISOString(),
          by: user.id,
          at: at.toISOString(),
        });
      }
    }
    const exports = await em.execute<{ n: number }[]>(
      `with dropped as (
         update privacy_request_part p set data = null from privacy_request r
          where r.id = p.request_id and r.user_id = ? and r.kind = 'EXPORT' and p.data is not null
          returning 1)
       select count(*)::int as n from dropped`,
      [user.id],
    );
    return {
      erased: {
        users: 1,
        session: sessions.length,
        refresh_token: refreshTokens,
        user_token: mailedTokens,
        recovery_code: recoveryCodes,
        partner_application: applications.length,
        api_key: keysRevoked,
        privacy_request_part: exports[0]?.n ?? 0,
      },
      kept: ['the user row (its id, roles and dates) with placeholders, so that ids elsewhere still name an account'],
    };
  }

  private create(em: EntityManager, userId: string, kind: PrivacyRequestKind, at = this.now()): PrivacyRequest {
    return em.create(PrivacyRequest, { id: newId('prv'), userId, kind, status: 'PENDING', subgraphs: [...PRIVACY_SUBGRAPHS], requestedAt: at, completedAt: null });
  }

  private ask(em: EntityManager, type: 'PrivacyExportRequested' | 'PrivacyErasureRequested', request: PrivacyRequest): void {
    this.outbox.emit(em, type, request.id, {
      requestId: request.id,
      userId: request.userId,
      subgraphs: [...ASKED],
      requestedAt: request.requestedAt.toISOString(),
    });
  }

  private async pending(em: EntityManager, userId: string, kind: PrivacyRequestKind): Promise<PrivacyRequestView | null> {
    const request = await em.findOne(PrivacyRequest, { userId, kind, status: 'PENDING' });
    if (!request) return null;
    return view(request, (await this.answered(em, [request.id])).get(request.id) ?? []);
  }

  private async latest(em: EntityManager, userId: string, kind: PrivacyRequestKind): Promise<PrivacyRequestView | null> {
    const request = await em.findOne(PrivacyRequest, { userId, kind }, { orderBy: { requestedAt: 'desc' } });
    if (!request) return null;
    return view(request, (await this.answered(em, [request.id])).get(request.id) ?? []);
  }

  private async answered(em: EntityManager, requestIds: string[]): Promise<Map<string, string[]>> {
    if (requestIds.length === 0) return new Map();
    const rows = await em.find(PrivacyRequestPart, { requestId: { $in: requestIds } }, { fields: ['requestId', 'subgraph'], orderBy: { subgraph: 'asc' } });
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.requestId, [...(out.get(r.requestId) ?? []), r.subgraph]);
    return out;
  }

  /** Money left in any wallet, or held for a payment in flight: BALANCE_NOT_ZERO (erasure never touches money). */
  private async requireNoMoney(userId: string): Promise<void> {
    const wallets = await this.funds.of(userId);
    const holding = wallets.filter((w) => BigInt(w.balance) !== 0n || BigInt(w.held) !== 0n);
    if (holding.length === 0) return;
    const what = holding.map((w) => `${formatAmount(BigInt(w.balance), w.currency)} ${w.currency}`).join(', ');
    throw errors.user('BALANCE_NOT_ZERO', `Withdraw or spend what your wallets hold first (${what}); money in flight must settle`);
  }

  private async throttle(userId: string): Promise<void> {
    const { max, windowSeconds } = this.settings.erasurePerUser;
    try {
      const r = await this.limiter.consume(`privacy:erasure:${userId}`, max, windowSeconds);
      if (!r.allowed) throw errors.rateLimited(r.retryAfterSeconds);
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.warn({ err, key: 'privacy:erasure' }, 'rate limiter unavailable; not throttling');
    }
  }
}

function view(r: PrivacyRequest, answeredBy: string[]): PrivacyRequestView {
  return { id: r.id, userId: r.userId, kind: r.kind, status: r.status, requestedAt: r.requestedAt, completedAt: r.completedAt ?? null, answeredBy };
}

/** A text[] literal for a `?::text[]` parameter (the ORM spreads a JS array into a list). */
const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
