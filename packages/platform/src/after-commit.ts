import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from './db.js';

/**
 * Runs callbacks once the transaction they were registered in commits (and drops them on rollback): how a consumer's
 * status change wakes the requests waiting for it, and a new charge wakes the PSP worker, without either acting on
 * data another connection cannot see yet.
 */
export class AfterCommit {
  private readonly pending = new WeakMap<object, (() => void)[]>();

  constructor(orm: MikroORM) {
    const subscriber: EventSubscriber = {
      afterTransactionCommit: (args: TransactionEventArgs) => {
        const tx = args.transaction as object | undefined;
        const callbacks = tx ? this.pending.get(tx) : undefined;
        if (!tx || !callbacks) return;
        this.pending.delete(tx);
        for (const fn of callbacks) fn();
      },
      afterTransactionRollback: (args: TransactionEventArgs) => {
        const tx = args.transaction as object | undefined;
        if (tx) this.pending.delete(tx);
      },
    };
    orm.em.getEventManager().registerSubscriber(subscriber);
  }

  /** Outside a transaction the work is already committed: runs at once. */
  run(em: EntityManager, fn: () => void): void {
    const tx = em.getTransactionContext<object>();
    if (!tx || !em.isInTransaction()) {
      fn();
      return;
    }
    const list = this.pending.get(tx);
    if (list) list.push(fn);
    else this.pending.set(tx, [fn]);
  }
}
