import { createHash } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { inTransaction, pgErrorCode, PgCode, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { errors, UserErrors, type UserError } from '@paygraph/platform/errors';
import { newId } from '@paygraph/platform/ids';
import type { Role } from '@paygraph/platform/identity';
import type { Logger } from '@paygraph/platform/logger';
import type { RateLimiter } from '@paygraph/platform/rate-limit';
import { Outbox } from '@paygraph/platform/events';
import { User } from '../entities/user.entity.js';
import { Session } from '../entities/session.entity.js';
import { RefreshToken } from '../entities/refresh-token.entity.js';
import { hashRefreshToken, newRefreshToken, type IssuedAccessToken, type TokenService } from './token.service.js';
import type { PasswordService } from './password.service.js';
import type { MailedTokenService } from './mailed-token.service.js';
import type { SecondFactor, TotpService } from './totp.service.js';
import { checkDisplayName, checkEmail, checkPassword, normalizeEmail, PASSWORD_MAX } from './user-input.js';

export interface Limit {
  max: number;
  windowSeconds: number;
}

export interface AuthSettings {
  registerPerIp: Limit;
  /** Attempts on one account from one IP: what stops guessing from one place; a success there starts it over. */
  loginPerAccountAndIp: Limit;
  /**
   * Attempts on one account from IPs it has never signed in from, together: what bounds guessing from many places.
   * Exhausting it locks out strangers only; the owner's known IPs keep their own budget above.
   */
  loginPerAccount: Limit;
  loginPerIp: Limit;
  refreshPerIp: Limit;
}

/** Where a request came from, for throttling and the session record. */
export interface ClientMeta {
  ip: string | null;
  userAgent?: string | null;
}

export interface SignedIn {
  user: User;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export type RefreshedSession = Omit<SignedIn, 'user'>;

const INVALID_CREDENTIALS = () => errors.user('INVALID_CREDENTIALS', 'Email or password is incorrect');
const TOTP_REQUIRED = () =>
  errors.user('TOTP_REQUIRED', 'Enter the code from your authenticator app (or a recovery code)', ['input', 'totpCode']);
const INVALID_REFRESH = () =>
  errors.user('INVALID_REFRESH_TOKEN', 'The session has ended; sign in again', ['input', 'refreshToken']);

/** The catalog caps IPs at 64 characters; an IPv6 address with a zone id is the longest legitimate value. */
const clip = (ip: string | null) => (ip ? ip.slice(0, 64) : null);
/** Rate-limit keys carry no raw email (Redis is not where personal data should sit). */
const digest = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);

/** An IP the account signed in from within this many days is the owner's, for throttling. */
const KNOWN_IP_DAYS = 90;

type RefreshOutcome = { kind: 'ok'; tokens: RefreshedSession } | { kind: 'invalid' };

/**
 * Sign-up, sign-in and the refresh-token lifecycle.
 *
 * Throttling answers with an AppError (GraphQL error RATE_LIMITED with `retryAfterSeconds`), not a userError: it is
 * about the caller's behaviour, not the input, and it has the same shape as the gateway's own rate limits.
 */
export class AuthService {
  private readonly outbox = new Outbox('users');

  constructor(
    private readonly orm: MikroORM,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly limiter: RateLimiter,
    private readonly settings: AuthSettings,
    private readonly logger: Logger,
    /** Sends the first verification link in the registration's transaction. */
    private readonly mailedTokens: MailedTokenService,
    /** Checks the second factor of a login when the account has TOTP on. */
    private readonly totp: TotpService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async register(input: { email: string; password: string; displayName: string }, client: ClientMeta): Promise<SignedIn> {
    await this.throttle([{ key: `register:ip:${client.ip ?? 'unknown'}`, ...this.settings.registerPerIp }]);

    const email = checkEmail(input.email, ['input', 'email']);
    const password = checkPassword(input.password, ['input', 'password'], input);
    const displayName = checkDisplayName(input.displayName, ['input', 'displayName']);
    const problems: UserError[] = [email, password, displayName].flatMap((c) => (c.ok ? [] : [c.error]));
    if (problems.length > 0 || !email.ok || !password.ok || !displayName.ok) throw new UserErrors(problems);

    const emailTaken = () => errors.user('EMAIL_TAKEN', 'An account with this email already exists', ['input', 'email']);
    // Cheap early answer for the common case; the UNIQUE index settles races below.
    if ((await this.orm.em.fork().count(User, { emailNormalized: email.value.emailNormalized })) > 0) throw emailTaken();

    // Hash before the transaction: scrypt is slow and must not hold a connection.
    const passwordHash = await this.passwords.hash(password.value);
    // Nobody becomes anything but USER by registering: roles come from an operator (admin CLI) only.
    const roles: Role[] = ['USER'];
    try {
      return await inTransaction(this.orm, async (em) => {
        const user = em.create(User, {
          id: newId('usr'),
          email: email.value.email,
          emailNormalized: email.value.emailNormalized,
          displayName: displayName.value,
          passwordHash,
          roles,
        });
        await em.flush();
        this.outbox.emit(em, 'UserRegistered', user.id, {
          userId: user.id,
          email: user.email,
          displayName: user.displayName,
          registeredAt: user.createdAt.toISOString(),
        });
        await this.mailedTokens.issue(em, user, 'EMAIL_VERIFICATION');
        return { user, ...(await this.startSession(em, user, client)) };
      });
    } catch (error) {
      if (pgErrorCode(error) === PgCode.uniqueViolation) throw emailTaken();
      throw error;
    }
  }

  /**
   * Unknown email and wrong password are indistinguishable: same error, same scrypt work.
   *
   * Throttled per IP, per account and IP, and per account over the IPs it never signed in from: someone guessing
   * (or trying to lock the owner out) from anywhere runs out of attempts, while the owner, from an IP where they
   * signed in before, still can (issue 13: one counter per account let an attacker lock its owner out everywhere).
   *
   * With TOTP on, the password alone issues nothing (TOTP_REQUIRED): the code, or a recovery code, is checked with
   * the user row locked, so two logins presenting the same code serialize and the second finds its step used.
   * Wrong codes spend the same login budgets as wrong passwords.
   */
  async login(input: { email: string; password: string } & SecondFactor, client: ClientMeta): Promise<SignedIn> {
    const emailNormalized = normalizeEmail(input.email);
    const account = digest(emailNormalized);
    const ip = client.ip ?? 'unknown';
    const accountIpKey = `login:acct-ip:${account}:${ip}`;
    await this.throttle([
      { key: `login:ip:${ip}`, ...this.settings.loginPerIp },
      { key: accountIpKey, ...this.settings.loginPerAccountAndIp },
    ]);
    // Nothing that could not have been registered reaches SQL or scrypt (NUL bytes, megabyte strings).
    if (!checkEmail(input.email, []).ok || [...input.password].length > PASSWORD_MAX) throw INVALID_CREDENTIALS();

    const em = this.orm.em.fork();
    const user = await em.findOne(User, { emailNormalized });
    // An unknown email counts like an unknown IP: both answers cost the same.
    if (!(user && client.ip && (await this.signedInFrom(em, user.id, client.ip)))) {
      await this.throttle([{ key: `login:acct:${account}`, ...this.settings.loginPerAccount }]);
    }
    const valid = user
      ? await this.passwords.verify(input.password, user.passwordHash)
      : await this.passwords.verifyDummy(input.password);
    if (!user || !valid) throw INVALID_CREDENTIALS();
    const factor: SecondFactor = { totpCode: input.totpCode || null, recoveryCode: input.recoveryCode || null };
    if (user.totpEnabledAt && !factor.totpCode && !factor.recoveryCode) throw TOTP_REQUIRED();

    const upgradedHash = this.passwords.needsRehash(user.passwordHash) ? await this.passwords.hash(input.password) : null;
    const signedIn = await inTransaction(this.orm, async (em) => {
      const current = await em.findOneOrFail(User, user.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      let mfaAt: Date | null = null;
      if (current.totpEnabledAt) {
        // Read again under the lock: TOTP may have been turned on since the first look.
        if (!factor.totpCode && !factor.recoveryCode) throw TOTP_REQUIRED();
        const via = await this.totp.checkLocked(em, current, factor, ['input', factor.totpCode ? 'totpCode' : 'recoveryCode']);
        // A recovery code signs in but is no step-up: that takes the app (verifyTotp).
        if (via === 'TOTP_CODE') mfaAt = this.now();
      }
      if (upgradedHash) current.passwordHash = upgradedHash;
      const started = await this.startSession(em, current, client, mfaAt);
      this.outbox.emit(em, 'UserLoggedIn', current.id, {
        userId: current.id,
        sessionId: started.sessionId,
        ip: clip(client.ip),
        at: this.now().toISOString(),
      });
      return { user: current, ...started };
    });
    // The account-wide count of strangers' attempts is not cleared: the owner signing in must not hand a guesser
    // a fresh budget.
    await this.limiter.reset(accountIpKey).catch((err: unknown) => this.logger.warn({ err }, 'rate limiter reset failed'));
    return { user: signedIn.user, accessToken: signedIn.accessToken, refreshToken: signedIn.refreshToken, expiresIn: signedIn.expiresIn };
  }

  /**
   * Exchanges a refresh token for a new pair. The session row is locked, so two exchanges of one token serialize:
   * the second sees the token used and treats it as reuse. Reuse revokes the whole session (a stolen token and the
   * legitimate one cannot be told apart) and is reported as RefreshTokenReuseDetected.
   */
  async refreshSession(refreshToken: string, client: ClientMeta): Promise<RefreshedSession> {
    await this.throttle([{ key: `refresh:ip:${client.ip ?? 'unknown'}`, ...this.settings.refreshPerIp }]);
    const hash = hashRefreshToken(refreshToken);
    if (!hash) throw INVALID_REFRESH();

    const outcome = await inTransaction<RefreshOutcome>(this.orm, async (em) => {
      const found = await this.lockFamily(em, hash);
      if (!found) return { kind: 'invalid' };
      const { token, session } = found;
      const now = this.now();
      if (session.revokedAt) return { kind: 'invalid' };
      if (token.usedAt) {
        session.revokedAt = now;
        session.revokeReason = 'REFRESH_TOKEN_REUSE';
        this.outbox.emit(em, 'RefreshTokenReuseDetected', session.user.id, {
          userId: session.user.id,
          sessionId: session.id,
          ip: clip(client.ip),
          at: now.toISOString(),
        });
        this.logger.warn({ userId: session.user.id, sessionId: session.id }, 'refresh token reuse: session revoked');
        return { kind: 'invalid' };
      }
      if (token.expiresAt <= now || session.expiresAt <= now) return { kind: 'invalid' };

      const user = await em.findOneOrFail(User, session.user.id);
      const next = newRefreshToken();
      const nextRow = em.create(RefreshToken, {
        id: newId('rtk'),
        session,
        tokenHash: next.hash,
        expiresAt: this.tokens.refreshTokenExpiry(now),
      });
      token.usedAt = now;
      token.replacedBy = nextRow.id;
      session.lastUsedAt = now;
      session.expiresAt = nextRow.expiresAt;
      // The session's last TOTP check travels on: a refresh is no new proof, so the age of the check stays.
      const access = await this.tokens.issueAccessToken({
        userId: user.id,
        sessionId: session.id,
        roles: user.roles,
        totpEnabled: !!user.totpEnabledAt,
        mfaAt: session.mfaAt ?? null,
      });
      return { kind: 'ok', tokens: { ...access, refreshToken: next.token } };
    });
    // The transaction has committed (a reuse revocation must stick) before the caller hears "invalid".
    if (outcome.kind === 'invalid') throw INVALID_REFRESH();
    return outcome.tokens;
  }

  /**
   * Ends the session the token belongs to. Idempotent: unknown, expired, already used or already revoked tokens
   * answer ok too, so a client can always clear its state. A string that cannot be a refresh token at all is a
   * client bug and gets INVALID_REFRESH_TOKEN.
   */
  async logout(refreshToken: string): Promise<{ ok: true }> {
    const hash = hashRefreshToken(refreshToken);
    if (!hash) throw INVALID_REFRESH();
    await inTransaction(this.orm, async (em) => {
      const found = await this.lockFamily(em, hash);
      if (!found || found.session.revokedAt) return;
      found.session.revokedAt = this.now();
      found.session.revokeReason = 'LOGOUT';
    });
    return { ok: true };
  }

  /**
   * Step-up (docs/security.md): a current TOTP code re-issues the session's access token with a fresh `mfaAt`, which
   * opens high-risk actions for five minutes. The code is spent as at login (user row locked, last step recorded).
   */
  async verifyTotp(userId: string, sessionId: string | null | undefined, code: string): Promise<IssuedAccessToken> {
    if (!sessionId) throw errors.unauthenticated('A signed-in session is needed');
    await this.totp.throttle(userId);
    return inTransaction(this.orm, async (em) => {
      const user = await em.findOne(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!user) throw errors.unauthenticated('The signed-in user no longer exists');
      if (!user.totpEnabledAt) throw errors.user('TOTP_NOT_ENABLED', 'Two-factor sign-in is not on');
      const now = this.now();
      const session = await em.findOne(Session, { id: sessionId, user: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!session?.isActive(now)) throw errors.unauthenticated('Session has ended');
      await this.totp.checkLocked(em, user, { totpCode: code || null }, ['input', 'code']);
      session.mfaAt = now;
      return this.tokens.issueAccessToken({ userId: user.id, sessionId: session.id, roles: user.roles, totpEnabled: true, mfaAt: now });
    });
  }

  /** Whether the user signed in (or registered) from this IP within KNOWN_IP_DAYS. */
  private async signedInFrom(em: EntityManager, userId: string, ip: string): Promise<boolean> {
    const since = new Date(this.now().getTime() - KNOWN_IP_DAYS * 24 * 3600 * 1000);
    return (await em.count(Session, { user: userId, ip: clip(ip), createdAt: { $gt: since } })) > 0;
  }

  /** Finds a token and locks its session row: every change to a token family goes through that lock. */
  private async lockFamily(em: EntityManager, tokenHash: string): Promise<{ token: RefreshToken; session: Session } | null> {
    const token = await em.findOne(RefreshToken, { tokenHash });
    if (!token) return null;
    const session = await em.findOneOrFail(Session, token.session.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    // Re-read after the lock: a concurrent exchange may have just used it.
    await em.refresh(token);
    return { token, session };
  }

  private async startSession(em: EntityManager, user: User, client: ClientMeta, mfaAt: Date | null = null) {
    const now = this.now();
    const refresh = newRefreshToken();
    const expiresAt = this.tokens.refreshTokenExpiry(now);
    const session = em.create(Session, {
      id: newId('ses'),
      user,
      lastUsedAt: now,
      expiresAt,
      ip: clip(client.ip),
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      mfaAt,
    });
    em.create(RefreshToken, { id: newId('rtk'), session, tokenHash: refresh.hash, expiresAt });
    const access = await this.tokens.issueAccessToken({
      userId: user.id,
      sessionId: session.id,
      roles: user.roles,
      totpEnabled: !!user.totpEnabledAt,
      mfaAt,
    });
    return { sessionId: session.id, refreshToken: refresh.token, ...access };
  }

  /**
   * Counts one hit on every key; over any limit → RATE_LIMITED. If the limiter itself is down, requests pass (and
   * we log): locking everyone out of sign-in because Redis is unreachable is the worse failure.
   */
  private async throttle(limits: { key: string; max: number; windowSeconds: number }[]): Promise<void> {
    let retryAfter = 0;
    for (const { key, max, windowSeconds } of limits) {
      try {
        const r = await this.limiter.consume(key, max, windowSeconds);
        if (!r.allowed) retryAfter = Math.max(retryAfter, r.retryAfterSeconds);
      } catch (err) {
        this.logger.warn({ err, key: key.split(':').slice(0, 2).join(':') }, 'rate limiter unavailable; not throttling');
      }
    }
    if (retryAfter > 0) throw errors.rateLimited(retryAfter);
  }
}
