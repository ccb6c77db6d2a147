import { defineEntity, p } from '@mikro-orm/core';
import { User } from './user.entity.js';

/** One sign-in: the family of refresh tokens that descend from it by rotation. Revoking it ends them all. */
const SessionSchema = defineEntity({
  name: 'Session',
  properties: {
    id: p.text().primary(),
    user: () => p.manyToOne(User).index(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime(),
    /** Sliding: moves forward with each rotation. */
    expiresAt: p.datetime(),
    /** Indexed: the gateways ask for the sessions revoked since their last look, every second (revocation list). */
    revokedAt: p.datetime().nullable().index(),
    /** LOGOUT, REFRESH_TOKEN_REUSE, USER_REVOKED (revokeSession), REVOKE_ALL (revokeAllSessions), PASSWORD_RESET (resetPassword), ERASED (requestAccountErasure), TWO_FACTOR_RESET (admin reset-two-factor). */
    revokeReason: p.text().nullable(),
    /** When this session last checked a TOTP code (login or verifyTotp): its access tokens carry it as `mfaAt`. */
    mfaAt: p.datetime().nullable(),
    ip: p.text().nullable(),
    userAgent: p.text().nullable(),
  },
});

export class Session extends SessionSchema.class {
  isActive(now: Date): boolean {
    return !this.revokedAt && this.expiresAt > now;
  }
}
SessionSchema.setClass(Session);
export { SessionSchema };
