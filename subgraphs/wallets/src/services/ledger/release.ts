import type { EventData } from '@paygraph/events';
import type { EntityManager, MikroORM } from '@paygraph/platform/db';
import { inTransaction } from '@paygraph/platform/db';
import type { Books } from './books.js';

export type ReleaseOutcome = { status: 'RELEASED' | 'DUPLICATE' | 'IGNORED' };

/** Ends a hold without moving money. A captured hold cannot be released (its money has moved): nothing happens. */
export async function release(books: Books, em: EntityManager, cmd: EventData<'FundsReleaseRequested'>): Promise<ReleaseOutcome> {
  const at = books.clock();
  const hold = await books.repo.lockHold(em, cmd.holdId, at);
  if (!hold || hold.transactionId !== cmd.transactionId) {
    books.logger?.warn({ holdId: cmd.holdId, transactionId: cmd.transactionId }, 'release of a hold that is not this transaction’s; ignored');
    return { status: 'IGNORED' };
  }
  if (hold.status === 'ACTIVE') {
    await books.endHold(em, hold, 'RELEASED', cmd.reason, at);
    return { status: 'RELEASED' };
  }
  if (hold.status === 'RELEASED' || hold.status === 'EXPIRED') {
    books.events.released(em, hold, hold.endReason ?? cmd.reason, at);
    return { status: 'DUPLICATE' };
  }
  books.logger?.warn({ holdId: hold.id, transactionId: cmd.transactionId }, 'release of a captured hold; ignored');
  return { status: 'IGNORED' };
}

/**
 * Expires ACTIVE holds past their expiry, one transaction per hold (a hold and its wallet: nothing to deadlock
 * with), skipping holds a capture or release is working on. Returns how many it expired.
 */
export async function expireDue(books: Books, orm: MikroORM, limit = 500): Promise<number> {
  let count = 0;
  while (count < limit) {
    const expired = await inTransaction(orm, async (em) => {
      const at = books.clock();
      const hold = await books.repo.lockDueHold(em, at);
      if (!hold) return false;
      await books.endHold(em, hold, 'EXPIRED', 'EXPIRED', at);
      return true;
    });
    if (!expired) break;
    count++;
  }
  return count;
}
