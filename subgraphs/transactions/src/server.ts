import { IdentitySigner } from '@paygraph/platform/identity';
import { InternalClient } from '@paygraph/platform/internal-client';
import type { RunningService } from '@paygraph/platform/server';
import { openSubgraphRuntime, serveSubgraph } from '@paygraph/platform/subgraph-runtime';
import { Outbox } from '@paygraph/platform/events';
import type { TransactionsConfig } from './config.js';
import { createLoaders, type TransactionsContext, type TransactionsServices } from './context.js';
import { entities, migrations } from './database.js';
import { resolvers } from './resolvers/index.js';
import { sagaBatchHandler, sagaHandlers } from './events/saga.consumer.js';
import { transactionsPrivacyHandlers } from './events/privacy.consumer.js';
import { TransactionsPrivacy } from './services/privacy.service.js';
import { HistoryService } from './services/history.service.js';
import { SagaService } from './services/saga.service.js';
import { WalletDirectory, WalletsSubgraphSource, type WalletSource } from './services/wallet-directory.js';
import { SagaTimeoutWorker } from './workers/saga-timeout.worker.js';

export const SERVICE = 'transactions';

/** Replaceable collaborators (tests). */
export interface TransactionsDeps {
  /** Owner and currency of wallets no event named yet; default: the wallets subgraph's `_wallet` internal read. */
  walletSource?: WalletSource;
  clock?: () => Date;
}

export async function start(config: TransactionsConfig, deps: TransactionsDeps = {}): Promise<RunningService> {
  const runtime = await openSubgraphRuntime({ name: SERVICE, config, entities, migrations, schemaUrl: new URL('../schema.graphql', import.meta.url) });
  const { orm, backbone, logger } = runtime;

  return serveSubgraph<TransactionsContext>(runtime, async () => {
    const outbox = new Outbox(SERVICE);
    const walletSource =
      deps.walletSource ??
      new WalletsSubgraphSource(
        new InternalClient({
          target: 'wallets',
          url: config.WALLETS_URL,
          signer: new IdentitySigner(config.INTERNAL_AUTH_SECRET, SERVICE),
          logger,
          timeoutMs: config.INTERNAL_CALL_TIMEOUT_MS,
        }),
      );
    const wallets = new WalletDirectory(walletSource);
    const services: TransactionsServices = {
      saga: new SagaService(
        orm,
        outbox,
        wallets,
        { stepTimeoutMs: config.SAGA_STEP_TIMEOUT_MS, riskMaxWaitMs: config.SAGA_RISK_MAX_WAIT_MS },
        logger,
        deps.clock,
      ),
      history: new HistoryService(wallets, orm),
    };

    const handlers = { ...sagaHandlers(services.saga), ...transactionsPrivacyHandlers(new TransactionsPrivacy()) };
    // Every money movement reaches the history here: a received batch is applied in one transaction.
    const consumer = await backbone.consumer(orm, handlers, { batchHandler: sagaBatchHandler(services.saga, handlers) });
    const timeouts = new SagaTimeoutWorker({
      saga: services.saga,
      logger,
      intervalMs: config.SAGA_TIMEOUT_SWEEP_INTERVAL_MS,
      batchSize: config.SAGA_TIMEOUT_BATCH_SIZE,
    });

    return {
      resolvers,
      port: config.TRANSACTIONS_PORT,
      context: (base) => {
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services), perspectives: new WeakMap() };
      },
      workers: [backbone.relay(orm), consumer, timeouts],
    };
  });
}
