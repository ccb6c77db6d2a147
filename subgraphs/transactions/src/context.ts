import DataLoader from 'dataloader';
import type { BaseRequestContext } from '@paygraph/platform/server';
import type { EntityManager } from '@paygraph/platform/db';
import type { Transaction } from './entities/transaction.entity.js';
import type { TransactionStep } from './entities/transaction-step.entity.js';
import type { HistoryService, TransactionView } from './services/history.service.js';
import type { SagaService } from './services/saga.service.js';

export interface TransactionsServices {
  saga: SagaService;
  history: HistoryService;
}

/** Per-request batching: every key asked for in one tick of one request becomes a single query. */
export interface TransactionsLoaders {
  transactionById: DataLoader<string, Transaction | null>;
  transactionByPaymentId: DataLoader<string, Transaction | null>;
  stepsByTransaction: DataLoader<string, TransactionStep[]>;
}

export interface TransactionsContext extends BaseRequestContext {
  em: EntityManager;
  services: TransactionsServices;
  loaders: TransactionsLoaders;
  /**
   * The user whose history a Transaction object was listed in (User.activity, Wallet.transactions), so that its
   * direction and counterparty are relative to that user even when an admin reads it. Each listing makes objects of
   * its own, so one object belongs to one listing.
   */
  perspectives: WeakMap<TransactionView, string>;
}

function loader<V>(load: (keys: readonly string[]) => Promise<Map<string, V>>, missing: V): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    const found = await load(keys);
    return keys.map((k) => found.get(k) ?? missing);
  });
}

export function createLoaders(em: EntityManager, services: TransactionsServices): TransactionsLoaders {
  return {
    transactionById: loader((ids) => services.history.byIds(em, ids), null),
    transactionByPaymentId: loader((ids) => services.history.byPaymentIds(em, ids), null),
    stepsByTransaction: loader((ids) => services.history.stepsOf(em, ids), []),
  };
}

/** Marks a listing's transactions as seen from `userId` (their `direction` and `counterparty`), and returns it. */
export function listedFor<P extends { edges: { node: TransactionView }[] }>(ctx: TransactionsContext, page: P, userId: string): P {
  for (const edge of page.edges) ctx.perspectives.set(edge.node, userId);
  return page;
}
