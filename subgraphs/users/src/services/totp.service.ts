import { createHash } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { AppError, errors } from '@paygraph/platform/errors';
import { Outbox } from '@paygraph/platform/events';
import { newId } from '@paygraph/platform/ids';
import type { Logger } from '@paygraph/platform/logger';
import type { RateLimiter } from '@paygraph/platform/rate-limit';
import { SealedBox } from '@paygraph/platform/sealed-box';
import {
  looksLikeRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  otpauthUri,
} from '../domain/totp.js';
import { RecoveryCode } from '../entities/recovery-code.entity.js';
import { User } from '../entities/user.entity.js';
import type { Limit } from './auth.service.js';

export interface TotpSettings {
  /** The issuer label authenticator apps show beside the account. */
  issuer: string;
  /** confirmTotp, disableTotp and verifyTotp attempts per user (RATE_LIMITED over it): six digits are guessable without it. */
  attemptsPerUser: Limit;
}

/** The second factor a caller offers: a code of the app, or one of the recovery codes. */
export interface SecondFactor {
  totpCode?: string | null;
  recoveryCode?: string | null;
}

export type CheckedFactor = 'TOTP_CODE' | 'RECOVERY_CODE';

/** The box for TOTP secrets at rest (docs/security.md, "TOTP two-factor"). */
export const totpSecretBox = (internalAuthSecret: string) => new SealedBox(internalAuthSecret, 'totp secrets');

const hashRecoveryCode = (code: string) => createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
const clip = (ip: string | null) => (ip ? ip.slice(0, 64) : null);

export const INVALID_TOTP_CODE = (field: string[]) =>
  errors.user('INVALID_TOTP_CODE', 'That code is wrong, expired or already used', field);

/**
 * TOTP two-factor (docs/security.md, "TOTP two-factor"): enrolment, confirmation with recovery codes, turning it off,
 * and the check of a code that sign-in and step-up share. Every check runs with the user row locked, so that a code
 * is accepted once: the step it matched becomes `totp_last_step`, and that step and every earlier one are refused
 * from then on; a recovery code is deleted by the check that accepts it.
 */
export class TotpService {
  private readonly outbox = new Outbox('users');

  constructor(
    private readonly orm: MikroORM,
    private readonly box: SealedBox,
    private readonly limiter: RateLimiter,
    private readonly settings: TotpSettings,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new pending secret (replacing a pending one); refused while TOTP is on. */
  async enable(userId: string): Promise<{ secret: string; otpauthUri: string }> {
    return inTransaction(this.orm, async (em) => {
      const user = await this.lockUser(em, userId);
      if (user.totpEnabledAt) throw errors.user('TOTP_ALREADY_ENABLED', 'Two-factor sign-in is already on; turn it off first');
      const secret = newTotpSecret();
      user.totpSecretSealed = this.box.seal(secret, user.id);
      user.totpLastStep = null;
      return { secret, otpauthUri: otpauthUri(secret, this.settings.issuer, user.email) };
    });
  }

  /** The first code turns TOTP on; the answer holds the recovery codes, the only time they exist in clear. */
  async confirm(userId: string, code: string, ip: string | null): Promise<{ ok: true; recoveryCodes: string[] }> {
    await this.throttle(userId);
    return inTransaction(this.orm, async (em) => {
      const user = await this.lockUser(em, userId);
      if (user.totpEnabledAt) throw errors.user('TOTP_ALREADY_ENABLED', 'Two-factor sign-in is already on');
      if (!user.totpSecretSealed) throw errors.user('TOTP_NOT_PENDING', 'Call enableTotp first');
      if (!this.acceptCode(user, code)) throw INVALID_TOTP_CODE(['input', 'code']);
      const now = this.now();
      user.totpEnabledAt = now;
      user.totpChangedAt = now;
      await em.nativeDelete(RecoveryCode, { user: user.id });
      const recoveryCodes = newRecoveryCodes();
      for (const c of recoveryCodes) em.create(RecoveryCode, { id: newId('rcv'), user, codeHash: hashRecoveryCode(c) });
      this.emitChanged(em, user, true, 'TOTP_CODE', ip, now);
      return { ok: true, recoveryCodes };
    });
  }

  /** A current code or a recovery code turns TOTP off; the secret and the codes left are deleted. */
  async disable(userId: string, factor: SecondFactor, ip: string | null): Promise<{ ok: true }> {
    await this.throttle(userId);
    return inTransaction(this.orm, async (em) => {
      const user = await this.lockUser(em, userId);
      if (!user.totpEnabledAt) throw errors.user('TOTP_NOT_ENABLED', 'Two-factor sign-in is not on');
      const via = await this.checkLocked(em, user, factor, ['input', factor.totpCode ? 'code' : 'recoveryCode']);
      user.totpEnabledAt = null;
      user.totpSecretSealed = null;
      user.totpLastStep = null;
      user.totpChangedAt = this.now();
      await em.nativeDelete(RecoveryCode, { user: user.id });
      this.emitChanged(em, user, false, via, ip, this.now());
      return { ok: true };
    });
  }

  /**
   * In the caller's transaction, with `user` locked by it (PESSIMISTIC_WRITE, read after the lock): accepts the
   * factor once or throws INVALID_TOTP_CODE (at `field`). A code wins over a recovery code when both are given.
   */
  async checkLocked(em: EntityManager, user: User, factor: SecondFactor, field: string[]): Promise<CheckedFactor> {
    if (factor.totpCode) {
      if (this.acceptCode(user, factor.totpCode)) return 'TOTP_CODE';
      throw INVALID_TOTP_CODE(field);
    }
    const recovery = factor.recoveryCode;
    if (recovery && looksLikeRecoveryCode(recovery)) {
      const deleted = await em.nativeDelete(RecoveryCode, { user: user.id, codeHash: hashRecoveryCode(recovery) });
      if (deleted === 1) return 'RECOVERY_CODE';
    }
    throw INVALID_TOTP_CODE(field);
  }

  /** Whether the code matches a step after the last accepted one; if so, that step is recorded. */
  private acceptCode(user: User, code: string): boolean {
    if (!user.totpSecretSealed || typeof code !== 'string') return false;
    const secret = this.box.open(user.totpSecretSealed, user.id);
    const step = matchTotp(secret, code.replace(/\s/g, ''), Math.floor(this.now().getTime() / 1000), user.totpLastStep ?? null);
    if (step === null) return false;
    user.totpLastStep = step;
    return true;
  }

  private async lockUser(em: EntityManager, userId: string): Promise<User> {
    const user = await em.findOne(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!user) throw errors.unauthenticated('The signed-in user no longer exists');
    return user;
  }

  private emitChanged(em: EntityManager, user: User, enabled: boolean, via: CheckedFactor, ip: string | null, at: Date): void {
    this.outbox.emit(em, 'TwoFactorChanged', user.id, {
      userId: user.id,
      method: 'TOTP',
      enabled,
      via,
      ip: clip(ip),
      at: at.toISOString(),
    });
  }

  /** Counts one attempt at a code for the user (confirmTotp, disableTotp, verifyTotp); over the budget: RATE_LIMITED. */
  async throttle(userId: string): Promise<void> {
    const { max, windowSeconds } = this.settings.attemptsPerUser;
    try {
      const r = await this.limiter.consume(`totp:user:${userId}`, max, windowSeconds);
      if (!r.allowed) throw errors.rateLimited(r.retryAfterSeconds);
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.warn({ err, key: 'totp:user' }, 'rate limiter unavailable; not throttling');
    }
  }
}
