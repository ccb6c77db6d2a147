import type { EntityManager } from '@paygraph/platform/db';

/**
 * A transaction-scoped advisory lock on (scope, user): serialises one user's check-then-write sequences (duplicate
 * checks, caps, "already verified") without locking any row other users need. Released at commit or rollback.
 */
export async function lockUser(em: EntityManager, scope: string, userId: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`${scope}:${userId}`]);
}
