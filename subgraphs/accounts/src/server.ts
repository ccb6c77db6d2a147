import type { RunningService } from '@paygraph/platform/server';
import { openSubgraphRuntime, serveSubgraph } from '@paygraph/platform/subgraph-runtime';
import { Outbox } from '@paygraph/platform/events';
import type { AccountsConfig } from './config.js';
import { createLoaders, type AccountsContext, type AccountsServices } from './context.js';
import { entities, migrations } from './database.js';
import { accountCommands } from './commands.js';
import { resolvers } from './resolvers/index.js';
import { userRegisteredHandler } from './events/user-registered.consumer.js';
import { accountsPrivacyHandlers } from './events/privacy.consumer.js';
import { AccountsPrivacy } from './services/privacy.service.js';
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
  const runtime = await openSubgraphRuntime({ name: SERVICE, config, entities, migrations, schemaUrl: new URL('../schema.graphql', import.meta.url) });
  const { orm, backbone, logger } = runtime;

  return serveSubgraph<AccountsContext>(runtime, async () => {
    const outbox = new Outbox(SERVICE);
    const fingerprints = new Fingerprinter(config.CARD_FINGERPRINT_SECRET);
    const clock = deps.clock ?? (() => new Date());
    const services: AccountsServices = {
      accounts: new AccountService(orm, outbox, { maxBusinessAccounts: config.MAX_BUSINESS_ACCOUNTS }),
      kyc: new KycService(orm, outbox, deps.kycProvider ?? new SandboxKycProvider(), fingerprints, clock, config.ACCOUNTS_TIER_CACHE_MS),
      instruments: new FundingInstrumentService(
        orm,
        outbox,
        deps.pspVault ?? new SandboxPspVault(),
        fingerprints,
        { maxActive: config.MAX_ACTIVE_FUNDING_INSTRUMENTS },
        clock,
      ),
    };

    const consumer = await backbone.consumer(orm, {
      UserRegistered: userRegisteredHandler(services.accounts),
      ...accountsPrivacyHandlers(new AccountsPrivacy()),
    });

    return {
      resolvers,
      port: config.ACCOUNTS_PORT,
      context: async (base) => {
        // Whoever calls first, this request or the UserRegistered consumer, opens the personal account.
        if (base.identity.userId) await services.accounts.ensurePersonalAccount(base.identity.userId);
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services) };
      },
      commands: accountCommands(orm, services.kyc),
      workers: [backbone.relay(orm), consumer],
    };
  });
}
