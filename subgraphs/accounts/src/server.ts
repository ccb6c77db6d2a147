import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { openDatabase } from '@paygraph/platform/db';
import { createLogger } from '@paygraph/platform/logger';
import { IdentityVerifier, TRUSTED_CALLERS } from '@paygraph/platform/identity';
import { startSubgraph, type RunningService } from '@paygraph/platform/server';
import { Backbone, Outbox } from '@paygraph/platform/events';
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
  const backbone = new Backbone(config, SERVICE, logger);

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

    const consumer = await backbone.consumer(orm, { UserRegistered: userRegisteredHandler(services.accounts) });

    return await startSubgraph<AccountsContext>({
      name: SERVICE,
      typeDefs,
      resolvers: resolvers as never,
      host: config.HOST,
      port: config.ACCOUNTS_PORT,
      logger,
      verifier: new IdentityVerifier(config.INTERNAL_AUTH_SECRET, TRUSTED_CALLERS),
      context: async (base) => {
        // Whoever calls first, this request or the UserRegistered consumer, opens the personal account.
        if (base.identity.userId) await services.accounts.ensurePersonalAccount(base.identity.userId);
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services) };
      },
      workers: [backbone.relay(orm), consumer],
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
