import type { RunningService } from '@paygraph/platform/server';
import { openSubgraphRuntime, serveSubgraph } from '@paygraph/platform/subgraph-runtime';
import { Outbox } from '@paygraph/platform/events';
import { thresholdsFrom, type FraudConfig } from './config.js';
import { createLoaders, type FraudContext, type FraudServices } from './context.js';
import { entities, migrations } from './database.js';
import { fraudCommands } from './commands.js';
import { resolvers } from './resolvers/index.js';
import { riskAssessmentRequestedHandler } from './events/risk-assessment-requested.consumer.js';
import { fraudPrivacyHandlers } from './events/privacy.consumer.js';
import { FraudPrivacy } from './services/privacy.service.js';
import { fraudBatchHandler, paymentSettledHandler, transactionCompletedHandler } from './events/transaction-completed.consumer.js';
import { AssessmentService } from './services/assessment.service.js';
import { BlocklistService } from './services/blocklist.service.js';
import { HistoryService } from './services/history.service.js';
import { ReviewService } from './services/review.service.js';
import { createVelocityStore, type VelocityStore } from './services/velocity-store.js';

export const SERVICE = 'fraud';

/** Replaceable collaborators (tests). */
export interface FraudDeps {
  velocityStore?: VelocityStore;
  clock?: () => Date;
}

export async function start(config: FraudConfig, deps: FraudDeps = {}): Promise<RunningService> {
  const runtime = await openSubgraphRuntime({ name: SERVICE, config, entities, migrations, schemaUrl: new URL('../schema.graphql', import.meta.url) });
  const { orm, backbone } = runtime;
  // A store passed in stays the caller's to close.
  const velocity = deps.velocityStore ?? createVelocityStore(config.REDIS_URL, config.FRAUD_REDIS_PREFIX);
  runtime.own({ name: 'velocity store', close: () => (deps.velocityStore ? undefined : velocity.close()) });

  return serveSubgraph<FraudContext>(runtime, async () => {
    const outbox = new Outbox(SERVICE);
    const clock = deps.clock ?? (() => new Date());
    const history = new HistoryService();
    const blocklist = new BlocklistService(orm);
    const services: FraudServices = {
      history,
      blocklist,
      assessments: new AssessmentService(outbox, velocity, thresholdsFrom(config), clock),
      reviews: new ReviewService(orm, outbox, clock),
    };

    const handlers = {
      RiskAssessmentRequested: riskAssessmentRequestedHandler(services.assessments),
      TransactionCompleted: transactionCompletedHandler(history),
      PaymentSettled: paymentSettledHandler(history),
      ...fraudPrivacyHandlers(new FraudPrivacy()),
    };
    // Every settled payment reaches the history here: a received batch is applied in one transaction, its completions
    // in one statement that locks the parties' rows in id order (two batches cannot deadlock on them).
    const consumer = await backbone.consumer(orm, handlers, { batchHandler: fraudBatchHandler(history, handlers) });

    return {
      resolvers,
      port: config.FRAUD_PORT,
      context: (base) => {
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services) };
      },
      commands: fraudCommands(orm, services.assessments),
      workers: [backbone.relay(orm), consumer],
    };
  });
}
