import type { MikroORM } from '@paygraph/platform/db';
import type { Role } from '@paygraph/platform/identity';
import { Session } from '../entities/session.entity.js';
import { User } from '../entities/user.entity.js';
import type { PartnerService } from './partner.service.js';

/**
 * What a verifier of access tokens must know that the tokens themselves cannot say: which sessions ended (logout,
 * refresh-token reuse) and whose roles changed, since a moment. The gateways poll it (`/_internal/revocations`)
 * and refuse, or re-role, tokens that are still within their `exp`.
 *
 * Read from the rows the logout, the reuse detection and the role change commit, so a revocation is visible exactly
 * when it has happened: there is no second store to write, nor a write to lose.
 */
export interface Revocations {
  /** This replica's clock when it read: the next poll asks from here (minus an overlap), on the same clock. */
  now: number;
  sessions: { id: string; revokedAt: number }[];
  roles: { userId: string; roles: Role[]; changedAt: number }[];
  /** Partner API keys revoked, or rotated to end at `endsAt` (ms), since the moment asked about. */
  keys: { id: string; endsAt: number }[];
  /** Users who turned two-factor sign-in on or off: the gateways apply step-up to tokens issued before (ms). */
  totp: { userId: string; enabled: boolean; changedAt: number }[];
}

/** Nobody needs to look further back than an access token lives (15 min plus skew); a day bounds a careless caller. */
export const REVOCATIONS_MAX_LOOKBACK_MS = 24 * 3600 * 1000;

export class RevocationService {
  constructor(
    private readonly orm: MikroORM,
    private readonly partners: PartnerService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async since(sinceMs: number): Promise<Revocations> {
    const now = this.now();
    const since = new Date(Math.max(sinceMs, now.getTime() - REVOCATIONS_MAX_LOOKBACK_MS));
    const em = this.orm.em.fork();
    const sessions = await em.find(Session, { revokedAt: { $gt: since } }, { fields: ['id', 'revokedAt'] });
    const users = await em.find(User, { rolesChangedAt: { $gt: since } }, { fields: ['id', 'roles', 'rolesChangedAt'] });
    const keys = await this.partners.endedSince(em, since);
    const totp = await em.find(User, { totpChangedAt: { $gt: since } }, { fields: ['id', 'totpEnabledAt', 'totpChangedAt'] });
    return {
      now: now.getTime(),
      sessions: sessions.map((s) => ({ id: s.id, revokedAt: s.revokedAt!.getTime() })),
      roles: users.map((u) => ({ userId: u.id, roles: [...u.roles], changedAt: u.rolesChangedAt!.getTime() })),
      keys,
      totp: totp.map((u) => ({ userId: u.id, enabled: !!u.totpEnabledAt, changedAt: u.totpChangedAt!.getTime() })),
    };
  }
}
