import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { openDatabase } from '@paygraph/platform/db';
import { createLogger } from '@paygraph/platform/logger';
import { IdentityVerifier } from '@paygraph/platform/identity';
import { startSubgraph, type RunningService } from '@paygraph/platform/server';
import { Outbox, OutboxRelay, SqsConsumer, createPublisher, createSqsClient, ensureConsumerQueue } from '@paygraph/platform/events';
import type { AccountsConfig } from './config.js';
import { createLoaders, type AccountsContext, type AccountsServices } from './context.js';
import { entities, migrations } from './database.js';
import { resolvers } from './resolvers/index.js';
import { userRegisteredHandler } from './events/user-registered.consumer.js';
import { AccountService } from './services/account.service.js';
import { FundingInstrumentService } from './services/funding-instrument.service.js';
import { KycService, SandboxKycProvider, type KycProvider } from './services/kyc.service.js';
import { Fingerprinter } from './services/fingerprint.js';
import { SandboxPspVault, type PspVault } from './services/psp-vault.js';

export const SERVICE = 'accounts';

/** Services whose signed identity this subgraph accepts. */
export const TRUSTED_ISSUERS = ['gateway', 'users', 'accounts', 'payments', 'transactions', 'wallets', 'fraud', 'notifications', 'audit'];

/** Replaceable collaborators (tests, or a real provider / vault later). */
export interface AccountsDeps {
  kycProvider?: KycProvider;
  pspVault?: PspVault;
  clock?: () => Date;
}

export async function start(config: AccountsConfig, deps: AccountsDeps = {}): Promise<RunningService> {
  const logger = createLogger(SERVICE, config.LOG_LEVEL);
  const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

  const orm = await openDatabase({
    serverUrl: config.DATABASE_URL,
    dbName: `${config.DATABASE_PREFIX}${SERVICE}`,
    entities,
    migrations,
    poolMax: config.DATABASE_POOL_MAX,
    logger,
  });
  const sqs = createSqsClient({
    endpoint: config.SQS_ENDPOINT,
    region: config.AWS_REGION,
    accessKeyId: config.AWS_ACCESS_KEY_ID,
    secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
    queuePrefix: config.SQS_QUEUE_PREFIX,
  });

  try {
    const outbox = new Outbox(SERVICE);
    const fingerprints = new Fingerprinter(config.CARD_FINGERPRINT_SECRET);
    const clock = deps.clock ?? (() => new Date());
    const services: AccountsServices = {
      accounts: new AccountService(orm, outbox, { maxBusinessAccounts: config.MAX_BUSINESS_ACCOUNTS }),
      kyc: new KycService(orm, outbox, deps.kycProvider ?? new SandboxKycProvider(), fingerprints, clock),
      instruments: new FundingInstrumentService(
        orm,
        outbox,
        deps.pspVault ?? new SandboxPspVault(),
        fingerprints,
        { maxActive: config.MAX_ACTIVE_FUNDING_INSTRUMENTS },
        clock,
      ),
    };

    const publisher = createPublisher({
      sqs,
      queuePrefix: config.SQS_QUEUE_PREFIX,
      eventBridge: config.EVENTBRIDGE_BUS_NAME ? { busName: config.EVENTBRIDGE_BUS_NAME, region: config.AWS_REGION } : undefined,
    });
    const relay = new OutboxRelay({ orm, publisher, logger, pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS });
    const { queueUrl } = await ensureConsumerQueue(sqs, { queuePrefix: config.SQS_QUEUE_PREFIX, consumer: SERVICE });
    const consumer = new SqsConsumer({
      consumer: SERVICE,
      orm,
      sqs,
      queueUrl,
      handlers: { UserRegistered: userRegisteredHandler(services.accounts) },
      logger,
      waitTimeSeconds: config.SQS_WAIT_TIME_SECONDS,
    });

    return await startSubgraph<AccountsContext>({
      name: SERVICE,
      typeDefs,
      resolvers: resolvers as never,
      host: config.HOST,
      port: config.ACCOUNTS_PORT,
      logger,
      verifier: new IdentityVerifier(config.INTERNAL_AUTH_SECRET, TRUSTED_ISSUERS),
      context: async (base) => {
        // Whoever calls first, this request or the UserRegistered consumer, opens the personal account.
        if (base.identity.userId) await services.accounts.ensurePersonalAccount(base.identity.userId);
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services) };
      },
      workers: [relay, consumer],
      resources: [
        { name: 'database', close: () => orm.close() },
        { name: 'sqs', close: () => sqs.destroy() },
      ],
    });
  } catch (error) {
    await orm.close(true);
    sqs.destroy();
    throw error;
  }
}
