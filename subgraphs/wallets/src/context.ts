import DataLoader from 'dataloader';
import type { BaseRequestContext } from '@paygraph/platform/server';
import type { EntityManager } from '@paygraph/platform/db';
import type { FxQuote } from './entities/fx-quote.entity.js';
import type { FxService } from './services/fx.service.js';
import type { LedgerService } from './services/ledger.service.js';
import type { StatementService } from './services/statement.service.js';
import type { WalletService, WalletView } from './services/wallet.service.js';

export interface WalletsServices {
  wallets: WalletService;
  ledger: LedgerService;
  fx: FxService;
  statements: StatementService;
}

/** Per-request batching: every key asked for in one tick of one request becomes a single query. */
export interface WalletsLoaders {
  walletById: DataLoader<string, WalletView | null>;
  walletsByOwner: DataLoader<string, WalletView[]>;
  quoteById: DataLoader<string, FxQuote | null>;
}

export interface WalletsContext extends BaseRequestContext {
  em: EntityManager;
  services: WalletsServices;
  loaders: WalletsLoaders;
}

function loader<V>(load: (keys: readonly string[]) => Promise<Map<string, V>>, missing: V): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    const found = await load(keys);
    return keys.map((k) => found.get(k) ?? missing);
  });
}

export function createLoaders(em: EntityManager, services: WalletsServices): WalletsLoaders {
  return {
    walletById: loader(services.wallets.loadByIds, null),
    walletsByOwner: loader(services.wallets.loadByOwners, []),
    quoteById: loader((ids) => services.fx.byIds(em, ids), null),
  };
}
