import { LockMode } from '@mikro-orm/core';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { errors } from '@paygraph/platform/errors';
import { isId } from '@paygraph/platform/ids';
import { Session } from '../entities/session.entity.js';

const SESSIONS_LISTED = 100;

/**
 * A user's own sign-ins: listing them and ending them. Ending one sets `revoked_at`, which is all it takes: its
 * refresh tokens are refused from the commit, and its access tokens by the gateways once they have polled the
 * revocation list (RevocationService), within seconds.
 */
export class SessionService {
  constructor(
    private readonly orm: MikroORM,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Not revoked and not expired, most recently used first. */
  listActive(em: EntityManager, userId: string): Promise<Session[]> {
    return em.find(
      Session,
      { user: userId, revokedAt: null, expiresAt: { $gt: this.now() } },
      { orderBy: { lastUsedAt: 'desc', id: 'asc' }, limit: SESSIONS_LISTED },
    );
  }

  /** Another user's session is as unknown as one that does not exist: nothing tells the two apart. */
  async revoke(userId: string, sessionId: string): Promise<{ ok: true }> {
    const notFound = () => errors.user('SESSION_NOT_FOUND', 'No such session', ['input', 'sessionId']);
    if (!isId('ses', sessionId)) throw notFound();
    await inTransaction(this.orm, async (em) => {
      const session = await em.findOne(Session, { id: sessionId, user: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!session) throw notFound();
      if (session.revokedAt) return;
      session.revokedAt = this.now();
      session.revokeReason = 'USER_REVOKED';
    });
    return { ok: true };
  }

  /** Every session of the user that has not ended yet; how many that was. */
  async revokeAll(userId: string): Promise<{ revoked: number }> {
    const now = this.now();
    const revoked = await this.orm.em.fork().nativeUpdate(
      Session,
      { user: userId, revokedAt: null, expiresAt: { $gt: now } },
      { revokedAt: now, revokeReason: 'REVOKE_ALL' },
    );
    return { revoked };
  }
}
