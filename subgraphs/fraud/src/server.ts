import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { openDatabase } from '@paygraph/platform/db';
import { createLogger } from '@paygraph/platform/logger';
import { IdentityVerifier, TRUSTED_CALLERS } from '@paygraph/platform/identity';
import { startSubgraph, type RunningService } from '@paygraph/platform/server';
import { Backbone, Outbox } from '@paygraph/platform/events';
import { thresholdsFrom, type FraudConfig } from './config.js';
import { createLoaders, type FraudContext, type FraudServices } from './context.js';
import { entities, migrations } from './database.js';
import { resolvers } from './resolvers/index.js';
import { riskAssessmentRequestedHandler } from './events/risk-assessment-requested.consumer.js';
import { transactionCompletedHandler } from './events/transaction-completed.consumer.js';
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
  // A store passed in stays the caller's to close.
  const velocity = deps.velocityStore ?? createVelocityStore(config.REDIS_URL, config.FRAUD_REDIS_PREFIX);
  const closeVelocity = () => (deps.velocityStore ? undefined : velocity.close());

  try {
    const outbox = new Outbox(SERVICE);
    const clock = deps.clock ?? (() => new Date());
    const history = new HistoryService();
    const blocklist = new BlocklistService(orm);
    const services: FraudServices = {
      history,
      blocklist,
      assessments: new AssessmentService(outbox, history, blocklist, velocity, thresholdsFrom(config), clock),
      reviews: new ReviewService(orm, outbox, clock),
    };

    const consumer = await backbone.consumer(orm, {
      RiskAssessmentRequested: riskAssessmentRequestedHandler(services.assessments),
      TransactionCompleted: transactionCompletedHandler(history),
    });

    return await startSubgraph<FraudContext>({
      name: SERVICE,
      typeDefs,
      resolvers: resolvers as never,
      host: config.HOST,
      port: config.FRAUD_PORT,
      logger,
      verifier: new IdentityVerifier(config.INTERNAL_AUTH_SECRET, TRUSTED_CALLERS),
      context: (base) => {
        const em = orm.em.fork();
        return { ...base, em, services, loaders: createLoaders(em, services) };
      },
      workers: [backbone.relay(orm), consumer],
      resources: [
        { name: 'database', close: () => orm.close() },
        { name: 'velocity store', close: closeVelocity },
        { name: 'sqs', close: () => backbone.close() },
      ],
    });
  } catch (error) {
    await orm.close(true);
    await closeVelocity();
    backbone.close();
    throw error;
  }
}
