import type { RunningService } from '@paygraph/platform/server';
import { openSubgraphRuntime, serveSubgraph } from '@paygraph/platform/subgraph-runtime';
import type { AuditConfig } from './config.js';
import type { AuditContext, AuditServices } from './context.js';
import { entities, migrations } from './database.js';
import { auditBatchHandler, auditHandlers } from './events/audit.consumer.js';
import { resolvers } from './resolvers/index.js';
import { AuditService } from './services/audit.service.js';

export const SERVICE = 'audit';

/** Replaceable collaborators (tests). */
export interface AuditDeps {
  clock?: () => Date;
}

export async function start(config: AuditConfig, deps: AuditDeps = {}): Promise<RunningService> {
  const runtime = await openSubgraphRuntime({ name: SERVICE, config, entities, migrations, schemaUrl: new URL('../schema.graphql', import.meta.url) });
  const { orm, backbone } = runtime;

  return serveSubgraph<AuditContext>(runtime, async () => {
    const services: AuditServices = { audit: new AuditService(deps.clock) };
    const consumer = await backbone.consumer(orm, auditHandlers(services.audit), {
      batchHandler: auditBatchHandler(services.audit),
      lingerMs: config.AUDIT_CONSUMER_LINGER_MS,
      // One append at a time, each with every batch received meanwhile: appends never queue on the chain head's lock,
      // and up to ten receives (100 events) wait for the next one, so one append's round trips carry that many.
      coalesce: true,
      pollers: 10,
    });

    return {
      resolvers,
      port: config.AUDIT_PORT,
      context: (base) => ({ ...base, em: orm.em.fork(), services }),
      // The log's only events are its answers to privacy requests (its relay is idle otherwise).
      workers: [backbone.relay(orm), consumer],
    };
  });
}
