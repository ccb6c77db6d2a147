import type { MikroORM } from '@paygraph/platform/db';
import type { Logger } from '@paygraph/platform/logger';
import { CURRENCIES } from '@paygraph/platform/money';
import type { RunningService } from '@paygraph/platform/server';
import { openServiceDatabase, openSubgraphRuntime, serveSubgraph } from '@paygraph/platform/subgraph-runtime';
import { Outbox } from '@paygraph/platform/events';
import type { WalletsConfig } from './config.js';
import { createLoaders, type WalletsContext, type WalletsServices } from './context.js';
import { entities, migrations } from './database.js';
import { walletCommands } from './commands.js';
import { resolvers } from './resolvers/index.js';
import { fundsHandlers } from './events/funds.consumer.js';
import { walletsPrivacyHandlers } from './events/privacy.consumer.js';
import { WalletsPrivacy } from './services/privacy.service.js';
import { DEFAULT_RATES_PER_USD, FxService, TableRateSource, type RateSource } from './services/fx.service.js';
import { LedgerService } from './services/ledger.service.js';
import { StatementService } from './services/statement.service.js';
import { WalletService } from './services/wallet.service.js';
import { HoldExpiryWorker } from './workers/hold-expiry.worker.js';

export const SERVICE = 'wallets';

/** Replaceable collaborators (tests, or a market-data feed later). */
export interface WalletsDeps {
  rateSource?: RateSource;
  clock?: () => Date;
}

/** The domain services, wired from the configuration (the server's, and tests that drive the services directly). */
export function createServices(orm: MikroORM, config: WalletsConfig, deps: WalletsDeps = {}, logger?: Logger): WalletsServices {
  const outbox = new Outbox(SERVICE);
  const clock = deps.clock ?? (() => new Date());
  const currencies = new Set(config.WALLET_CURRENCIES);
  const wallets = new WalletService(orm, outbox, { currencies }, clock);
  const fx = new FxService(
    orm,
    deps.rateSource ?? new TableRateSource({ ...DEFAULT_RATES_PER_USD, ...config.FX_RATES }),
    {
      spreadBps: config.FX_SPREAD_BPS,
      quoteTtlSeconds: config.FX_QUOTE_TTL_SECONDS,
      captureGraceSeconds: config.FX_QUOTE_CAPTURE_GRACE_SECONDS,
      currencies,
    },
    clock,
  );
  const ledger = new LedgerService(outbox, wallets, fx, { holdTtlSeconds: config.HOLD_TTL_SECONDS }, clock, logger);
  return { wallets, fx, ledger, statements: new StatementService(clock) };
}

export async function openWalletsDatabase(config: WalletsConfig, logger?: Logger): Promise<MikroORM> {
  return openServiceDatabase({ name: SERVICE, config, entities, migrations, logger });
}

export async function start(config: WalletsConfig, deps: WalletsDeps = {}): Promise<RunningService> {
  const runtime = await openSubgraphRuntime({ name: SERVICE, config, entities, migrations, schemaUrl: new URL('../schema.graphql', import.meta.url) });
  const { orm, backbone, logger } = runtime;

  return serveSubgraph<WalletsContext>(runtime, async () => {
    const services = createServices(orm, config, deps, logger);
    // System accounts exist for every currency money can arrive in, whatever wallets are offered.
    await services.ledger.ensureSystemAccounts(orm, [...CURRENCIES.keys()]);
    const consumer = await backbone.consumer(orm, { ...fundsHandlers(services.ledger), ...walletsPrivacyHandlers(new WalletsPrivacy()) });

    return {
      resolvers,
      port: config.WALLETS_PORT,
      context: (base) => {
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services) };
      },
      commands: walletCommands(orm, services.ledger, services.wallets),
      workers: [backbone.relay(orm), consumer, new HoldExpiryWorker(orm, services.ledger, config.HOLD_EXPIRY_INTERVAL_MS, logger)],
    };
  });
}
