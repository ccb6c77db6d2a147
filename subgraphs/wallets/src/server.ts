import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { openDatabase, type MikroORM } from '@paygraph/platform/db';
import { createLogger, type Logger } from '@paygraph/platform/logger';
import { IdentityVerifier, TRUSTED_CALLERS } from '@paygraph/platform/identity';
import { CURRENCIES } from '@paygraph/platform/money';
import { startSubgraph, type RunningService } from '@paygraph/platform/server';
import { Backbone, Outbox } from '@paygraph/platform/events';
import type { WalletsConfig } from './config.js';
import { createLoaders, type WalletsContext, type WalletsServices } from './context.js';
import { entities, migrations } from './database.js';
import { resolvers } from './resolvers/index.js';
import { fundsHandlers } from './events/funds.consumer.js';
import { DEFAULT_RATES_PER_USD, FxService, TableRateSource, type RateSource } from './services/fx.service.js';
import { LedgerService } from './services/ledger.service.js';
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
  return { wallets, fx, ledger };
}

export async function openWalletsDatabase(config: WalletsConfig, logger?: Logger): Promise<MikroORM> {
  return openDatabase({
    serverUrl: config.DATABASE_URL,
    dbName: `${config.DATABASE_PREFIX}${SERVICE}`,
    entities,
    migrations,
    poolMax: config.DATABASE_POOL_MAX,
    logger,
  });
}

export async function start(config: WalletsConfig, deps: WalletsDeps = {}): Promise<RunningService> {
  const logger = createLogger(SERVICE, config.LOG_LEVEL);
  const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
  const orm = await openWalletsDatabase(config, logger);
  const backbone = new Backbone(config, SERVICE, logger);

  try {
    const services = createServices(orm, config, deps, logger);
    // System accounts exist for every currency money can arrive in, whatever wallets are offered.
    await services.ledger.ensureSystemAccounts(orm, [...CURRENCIES.keys()]);
    const consumer = await backbone.consumer(orm, fundsHandlers(services.ledger));

    return await startSubgraph<WalletsContext>({
      name: SERVICE,
      typeDefs,
      resolvers: resolvers as never,
      host: config.HOST,
      port: config.WALLETS_PORT,
      logger,
      verifier: new IdentityVerifier(config.INTERNAL_AUTH_SECRET, TRUSTED_CALLERS),
      context: (base) => {
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services) };
      },
      workers: [backbone.relay(orm), consumer, new HoldExpiryWorker(orm, services.ledger, config.HOLD_EXPIRY_INTERVAL_MS, logger)],
      resources: [
        { name: 'database', close: () => orm.close() },
        { name: 'sqs', close: () => backbone.close() },
      ],
    });
  } catch (error) {
    await orm.close(true);
    backbone.close();
    throw error;
  }
}
