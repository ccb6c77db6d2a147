import { createHash, randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { AppError, errors, UserErrors } from '@paygraph/platform/errors';
import { Outbox } from '@paygraph/platform/events';
import { newId } from '@paygraph/platform/ids';
import type { Logger } from '@paygraph/platform/logger';
import type { RateLimiter } from '@paygraph/platform/rate-limit';
import type { SealedBox } from '@paygraph/platform/sealed-box';
import { Session } from '../entities/session.entity.js';
import { User } from '../entities/user.entity.js';
import { UserToken, type UserTokenPurpose } from '../entities/user-token.entity.js';
import type { Limit } from './auth.service.js';
import type { PasswordService } from './password.service.js';
import { checkEmail, checkPassword } from './user-input.js';

export interface MailedTokenSettings {
  verificationTtlSeconds: number;
  resetTtlSeconds: number;
  /** Where the links point: the console's pages, which read the token from the fragment and call the mutation. */
  linkBaseUrl: string;
  verificationPerUser: Limit;
  /** Over it: still `ok`, nothing sent (the answer must not tell whether the email is known). */
  resetPerEmail: Limit;
  /** Over it: RATE_LIMITED (about the caller, not the account). Also bounds resetPassword guesses. */
  resetPerIp: Limit;
}

const TOKEN_PREFIX = 'ut_';
const TOKEN_FORMAT = /^ut_[A-Za-z0-9_-]{43}$/;

/** 256 random bits; the server keeps only the SHA-256. */
export function newMailedToken(): { token: string; hash: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashMailedToken(token)! };
}

/** null for what cannot be a token (never reaches SQL). */
export function hashMailedToken(token: string): string | null {
  if (typeof token !== 'string' || !TOKEN_FORMAT.test(token)) return null;
  return createHash('sha256').update(token).digest('hex');
}

const PAGES: Record<UserTokenPurpose, string> = { EMAIL_VERIFICATION: 'verify-email', PASSWORD_RESET: 'reset-password' };
const digest = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);
const clip = (ip: string | null) => (ip ? ip.slice(0, 64) : null);
const INVALID_TOKEN = () => errors.user('INVALID_TOKEN', 'This link is invalid, expired or already used', ['input', 'token']);

/**
 * Email verification and password reset by tokens mailed to the user (docs/security.md, "Tokens mailed to users").
 * A token is single-use and expires; issuing a new one voids the older ones of its purpose, and changing the
 * password voids every reset token. The link leaves this service only sealed, inside the outbox event.
 */
export class MailedTokenService {
  private readonly outbox = new Outbox('users');

  constructor(
    private readonly orm: MikroORM,
    private readonly passwords: PasswordService,
    private readonly limiter: RateLimiter,
    private readonly box: SealedBox,
    private readonly settings: MailedTokenSettings,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** In the caller's transaction (registration's too): voids the older tokens of the purpose, emits the sealed link. */
  async issue(em: EntityManager, user: User, purpose: UserTokenPurpose, ip: string | null = null): Promise<void> {
    const now = this.now();
    const ttl = purpose === 'EMAIL_VERIFICATION' ? this.settings.verificationTtlSeconds : this.settings.resetTtlSeconds;
    const expiresAt = new Date(now.getTime() + ttl * 1000);
    await em.nativeUpdate(UserToken, { user: user.id, purpose, usedAt: null }, { usedAt: now });
    const { token, hash } = newMailedToken();
    em.create(UserToken, { id: newId('utk'), user, purpose, email: user.emailNormalized, tokenHash: hash, expiresAt });
    const link = `${this.settings.linkBaseUrl.replace(/\/+$/, '')}/${PAGES[purpose]}#token=${token}`;
    const sealedLink = this.box.seal(link, user.id);
    const common = { userId: user.id, sealedLink, expiresAt: expiresAt.toISOString(), requestedAt: now.toISOString() };
    if (purpose === 'EMAIL_VERIFICATION') this.outbox.emit(em, 'EmailVerificationRequested', user.id, common);
    else this.outbox.emit(em, 'PasswordResetRequested', user.id, { ...common, ip: clip(ip) });
  }

  async requestEmailVerification(userId: string): Promise<{ ok: true }> {
    await this.throttle({ key: `verify:user:${userId}`, ...this.settings.verificationPerUser });
    await inTransaction(this.orm, async (em) => {
      const user = await em.findOne(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!user) throw errors.unauthenticated('The signed-in user no longer exists');
      if (user.emailVerifiedAt) throw errors.user('EMAIL_ALREADY_VERIFIED', 'Your email address is already verified');
      await this.issue(em, user, 'EMAIL_VERIFICATION');
    });
    return { ok: true };
  }

  async verifyEmail(token: string): Promise<{ ok: true; user: User }> {
    const hash = hashMailedToken(token);
    if (!hash) throw INVALID_TOKEN();
    const user = await inTransaction(this.orm, async (em) => {
      const { user } = await this.consume(em, hash, 'EMAIL_VERIFICATION');
      this.markVerified(em, user, 'EMAIL_VERIFICATION');
      return user;
    });
    return { ok: true, user };
  }

  /**
   * Always `{ ok: true }` in the same shape, known email or not, and over the per-email budget too (nothing sent).
   * Only the caller's own IP budget shows (RATE_LIMITED).
   */
  async requestPasswordReset(email: string, ip: string | null): Promise<{ ok: true }> {
    await this.throttle({ key: `reset:ip:${ip ?? 'unknown'}`, ...this.settings.resetPerIp });
    const checked = typeof email === 'string' ? checkEmail(email, []) : null;
    if (!checked?.ok) return { ok: true };
    const normalized = checked.value.emailNormalized;
    if (!(await this.allowed({ key: `reset:email:${digest(normalized)}`, ...this.settings.resetPerEmail }))) return { ok: true };
    await inTransaction(this.orm, async (em) => {
      const user = await em.findOne(User, { emailNormalized: normalized }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (user) await this.issue(em, user, 'PASSWORD_RESET', ip);
    });
    return { ok: true };
  }

  /**
   * Sets a new password (the policy of registration applies), voids every reset token, revokes every session (the
   * gateways refuse their access tokens within seconds), marks the email verified (the link proved it) and emits
   * PasswordChanged for the owner's security notification. A weak password leaves the token usable.
   */
  async resetPassword(input: { token: string; newPassword: string }, ip: string | null): Promise<{ ok: true }> {
    await this.throttle({ key: `reset:ip:${ip ?? 'unknown'}`, ...this.settings.resetPerIp });
    const hash = hashMailedToken(input.token);
    if (!hash) throw INVALID_TOKEN();
    // A first look, without locks, to check the password against its owner before the slow hash.
    const em = this.orm.em.fork();
    const peek = await em.findOne(UserToken, { tokenHash: hash, purpose: 'PASSWORD_RESET' });
    if (!peek || !this.usable(peek)) throw INVALID_TOKEN();
    const owner = await em.findOneOrFail(User, peek.user.id);
    const password = checkPassword(input.newPassword, ['input', 'newPassword'], owner);
    if (!password.ok) throw new UserErrors([password.error]);
    const passwordHash = await this.passwords.hash(password.value);

    await inTransaction(this.orm, async (em) => {
      const { user } = await this.consume(em, hash, 'PASSWORD_RESET');
      const now = this.now();
      user.passwordHash = passwordHash;
      await em.nativeUpdate(UserToken, { user: user.id, purpose: 'PASSWORD_RESET', usedAt: null }, { usedAt: now });
      const sessionsRevoked = await em.nativeUpdate(
        Session,
        { user: user.id, revokedAt: null, expiresAt: { $gt: now } },
        { revokedAt: now, revokeReason: 'PASSWORD_RESET' },
      );
      this.markVerified(em, user, 'PASSWORD_RESET');
      this.outbox.emit(em, 'PasswordChanged', user.id, {
        userId: user.id,
        reason: 'RESET',
        sessionsRevoked,
        ip: clip(ip),
        at: now.toISOString(),
      });
    });
    return { ok: true };
  }

  /** Locks the token row (two uses of one token serialize: the second sees it used) and spends it. */
  private async consume(em: EntityManager, hash: string, purpose: UserTokenPurpose): Promise<{ user: User }> {
    const row = await em.findOne(UserToken, { tokenHash: hash, purpose }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row || !this.usable(row)) throw INVALID_TOKEN();
    const user = await em.findOneOrFail(User, row.user.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // A token proves control of the address it was mailed to, not of whatever the account holds now.
    if (user.emailNormalized !== row.email) throw INVALID_TOKEN();
    row.usedAt = this.now();
    return { user };
  }

  private usable(row: UserToken): boolean {
    return !row.usedAt && row.expiresAt > this.now();
  }

  private markVerified(em: EntityManager, user: User, via: 'EMAIL_VERIFICATION' | 'PASSWORD_RESET'): void {
    if (user.emailVerifiedAt) return;
    user.emailVerifiedAt = this.now();
    this.outbox.emit(em, 'EmailVerified', user.id, { userId: user.id, via, at: user.emailVerifiedAt.toISOString() });
  }

  private async allowed(limit: { key: string } & Limit): Promise<boolean> {
    try {
      return (await this.limiter.consume(limit.key, limit.max, limit.windowSeconds)).allowed;
    } catch (err) {
      this.logger.warn({ err, key: limit.key.split(':').slice(0, 2).join(':') }, 'rate limiter unavailable; not throttling');
      return true;
    }
  }

  private async throttle(limit: { key: string } & Limit): Promise<void> {
    try {
      const r = await this.limiter.consume(limit.key, limit.max, limit.windowSeconds);
      if (!r.allowed) throw errors.rateLimited(r.retryAfterSeconds);
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.warn({ err, key: limit.key.split(':').slice(0, 2).join(':') }, 'rate limiter unavailable; not throttling');
    }
  }
}
