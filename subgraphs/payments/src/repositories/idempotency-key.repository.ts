import type { EntityManager } from '@paygraph/platform/db';
import type { Operation } from '../domain/idempotency.js';

/** The idempotency_key table: a key bound to its request's hash and the payment it created, per user. */
export class IdempotencyKeyRepository {
  /** The live binding of a key, if any. */
  async bound(em: EntityManager, userId: string, key: string, now: Date): Promise<{ requestHash: string; paymentId: string } | null> {
    const [row] = await em.execute<{ request_hash: string; payment_id: string }[]>(
      'select request_hash, payment_id from idempotency_key where user_id = ? and key = ? and expires_at > ?',
      [userId, key, now],
    );
    return row ? { requestHash: row.request_hash, paymentId: row.payment_id } : null;
  }

  /**
   * Binds the key to a new payment, or takes over an expired binding. False when a live binding exists: a concurrent
   * duplicate won the key (this statement waited for its commit).
   */
  async claim(
    em: EntityManager,
    claim: { userId: string; key: string; operation: Operation; requestHash: string; paymentId: string; createdAt: Date; expiresAt: Date },
  ): Promise<boolean> {
    const claimed = await em.execute<{ payment_id: string }[]>(
      `insert into idempotency_key (user_id, key, operation, request_hash, payment_id, created_at, expires_at)
       values (?, ?, ?, ?, ?, ?, ?)
       on conflict (user_id, key) do update
         set operation = excluded.operation, request_hash = excluded.request_hash, payment_id = excluded.payment_id,
             created_at = excluded.created_at, expires_at = excluded.expires_at
         where idempotency_key.expires_at <= excluded.created_at
       returning payment_id`,
      [claim.userId, claim.key, claim.operation, claim.requestHash, claim.paymentId, claim.createdAt, claim.expiresAt],
    );
    return claimed.length > 0;
  }

  /** Deletes up to `limit` expired keys without waiting on locked rows; returns how many. */
  async deleteExpired(em: EntityManager, limit: number): Promise<number> {
    const result: { affectedRows?: number } = await em.execute(
      `delete from idempotency_key where ctid in (
         select ctid from idempotency_key where expires_at <= now() limit ? for update skip locked)`,
      [limit],
      'run',
    );
    return result.affectedRows ?? 0;
  }
}
