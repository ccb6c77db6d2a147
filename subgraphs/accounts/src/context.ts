import DataLoader from 'dataloader';
import type { BaseRequestContext } from '@paygraph/platform/server';
import type { EntityManager } from '@paygraph/platform/db';
import type { Account } from './entities/account.entity.js';
import type { FundingInstrument } from './entities/funding-instrument.entity.js';
import type { KycVerification } from './entities/kyc-verification.entity.js';
import type { AccountService } from './services/account.service.js';
import type { FundingInstrumentService } from './services/funding-instrument.service.js';
import type { KycService } from './services/kyc.service.js';

export interface AccountsServices {
  accounts: AccountService;
  kyc: KycService;
  instruments: FundingInstrumentService;
}

/** Per-request batching: every key asked for in one tick of one request becomes a single query. */
export interface AccountsLoaders {
  accountById: DataLoader<string, Account | null>;
  instrumentById: DataLoader<string, FundingInstrument | null>;
  accountsByUser: DataLoader<string, Account[]>;
  activeInstrumentsByUser: DataLoader<string, FundingInstrument[]>;
  kycByUser: DataLoader<string, KycVerification | null>;
}

export interface AccountsContext extends BaseRequestContext {
  em: EntityManager;
  services: AccountsServices;
  loaders: AccountsLoaders;
}

function loader<V>(load: (keys: readonly string[]) => Promise<Map<string, V>>, missing: V): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    const found = await load(keys);
    return keys.map((k) => found.get(k) ?? missing);
  });
}

export function createLoaders(em: EntityManager, services: AccountsServices): AccountsLoaders {
  return {
    accountById: loader((ids) => services.accounts.byIds(em, ids), null),
    instrumentById: loader((ids) => services.instruments.byIds(em, ids), null),
    accountsByUser: loader((ids) => services.accounts.byUsers(em, ids), []),
    activeInstrumentsByUser: loader((ids) => services.instruments.activeByUsers(em, ids), []),
    kycByUser: loader((ids) => services.kyc.latestFor(em, ids), null),
  };
}
