import { createHash } from 'node:crypto';
import type { EntityManager } from '@paygraph/platform/db';
import { LIMITED_KINDS, type WindowUsage } from '../domain/limits.js';

/** Namespace of this service's advisory locks (the second key is the hashed user id). */
export const SENDER_LOCK = 0x7061_7931; // "pay1"

/**
 * The sender's advisory lock as a statement without parameters (two integers: the namespace and the user id's
 * hash, computed here), so that it can travel with BEGIN in one round trip (PlainSql.transaction's `opening`). Every
 * path that locks a sender takes this same key. Two users whose hashes collide only wait for each other.
 */
export function senderLockStatement(userId: string): string {
  const [ns, key] = senderLockKey(userId);
  return `select pg_advisory_xact_lock(${ns}, ${key})`;
}

/** The two integers of the sender's advisory lock (namespace, hashed user id), for statements that take it themselves. */
export function senderLockKey(userId: string): readonly [number, number] {
  return [SENDER_LOCK, createHash('sha256').update(userId).digest().readInt32BE(0)];
}

/** The payment table's SQL beyond the unit of work: the sender's lock and the usage the window limits read. */
export class PaymentRepository {
  /** Serialises one sender's limited payments until the transaction ends, so their usage sums cannot race. */
  async lockSender(em: EntityManager, userId: string): Promise<void> {
    await em.execute(senderLockStatement(userId));
  }

  /**
   * What counts against the sender's limits since `since` (and, separately, since `dayStart`): limited kinds, valued
   * in USD when each payment was made, in any state but FAILED; and withdrawals (their own table), in any state but
   * FAILED and RETURNED (the money came back).
   */
  async usageUsd(em: EntityManager, senderId: string, since: Date, dayStart: Date): Promise<WindowUsage> {
    const [row] = await em.execute<{ day: string; month: string }[]>(
      `select coalesce(sum(usd_equivalent) filter (where created_at > ?), 0)::text as day,
              coalesce(sum(usd_equivalent), 0)::text as month
         from (select usd_equivalent, created_at from payment
                where sender_id = ? and kind in (${LIMITED_KINDS.map(() => '?').join(', ')}) and status <> 'FAILED' and created_at > ?
               union all
               select usd_equivalent, created_at from withdrawal
                where user_id = ? and status not in ('FAILED', 'RETURNED') and created_at > ?) counted`,
      [dayStart, senderId, ...LIMITED_KINDS, since, senderId, since],
    );
    return { day: BigInt(row?.day ?? '0'), month: BigInt(row?.month ?? '0') };
  }
}
