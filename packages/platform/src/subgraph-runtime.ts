import { readFileSync } from 'node:fs';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { parse, type DocumentNode } from 'graphql';
import type { BaseConfig } from './config.js';
import { openDatabase, type DatabaseOptions, type MikroORM } from './db.js';
import { Backbone } from './events/backbone.js';
import { IdentityVerifier, TRUSTED_CALLERS } from './identity.js';
import { createLogger, type Logger } from './logger.js';
import type { RouteHandler } from './http.js';
import type { InternalCommand } from './internal-commands.js';
import { dogStatsDWorker } from './metrics.js';
import { startSubgraph, type BaseRequestContext, type RunningService, type Worker } from './server.js';

export interface Resource {
  name: string;
  close: () => Promise<void> | void;
  /** Resolves while the resource is reachable: `/_readiness` re-checks it (see readiness.ts). */
  probe?: () => Promise<unknown>;
}

export interface ServiceDatabaseOptions {
  name: string;
  config: Pick<BaseConfig, 'DATABASE_URL' | 'DATABASE_PREFIX' | 'DATABASE_POOL_MAX'>;
  entities: DatabaseOptions['entities'];
  migrations: DatabaseOptions['migrations'];
  logger?: Logger;
}

/** A subgraph's own database, `<DATABASE_PREFIX><name>`, migrated. */
export function openServiceDatabase(opts: ServiceDatabaseOptions): Promise<MikroORM> {
  return openDatabase({
    serverUrl: opts.config.DATABASE_URL,
    dbName: `${opts.config.DATABASE_PREFIX}${opts.name}`,
    entities: opts.entities,
    migrations: opts.migrations,
    poolMax: opts.config.DATABASE_POOL_MAX,
    logger: opts.logger,
  });
}

export interface SubgraphRuntimeOptions<Cfg extends BaseConfig> extends Omit<ServiceDatabaseOptions, 'config' | 'logger'> {
  config: Cfg;
  /** The subgraph's SDL file, e.g. `new URL('../schema.graphql', import.meta.url)`. */
  schemaUrl: URL;
  /** Defaults to a logger named after the subgraph at LOG_LEVEL. */
  logger?: Logger;
}

/** What every subgraph runs on: its logger, schema, database and backbone connection. */
export interface SubgraphRuntime<Cfg extends BaseConfig = BaseConfig> {
  readonly name: string;
  readonly config: Cfg;
  readonly logger: Logger;
  readonly typeDefs: DocumentNode;
  readonly orm: MikroORM;
  readonly backbone: Backbone;
  /** Something else the subgraph opened (Redis, a store): closed after the database and before SQS, or on a failed start. */
  own(resource: Resource): void;
  /** The resources in the order a stopping service closes them: database, owned ones, SQS. */
  resources(): Resource[];
  /** Closes everything at once: a start that failed half-way. */
  close(): Promise<void>;
}

export async function openSubgraphRuntime<Cfg extends BaseConfig>(opts: SubgraphRuntimeOptions<Cfg>): Promise<SubgraphRuntime<Cfg>> {
  const { name, config } = opts;
  const logger = opts.logger ?? createLogger(name, config.LOG_LEVEL);
  const typeDefs = parse(readFileSync(opts.schemaUrl, 'utf8'));
  const orm = await openServiceDatabase({ name, config, entities: opts.entities, migrations: opts.migrations, logger });
  const backbone = new Backbone(config, name, logger);
  const owned: Resource[] = [];
  return {
    name,
    config,
    logger,
    typeDefs,
    orm,
    backbone,
    own: (resource) => void owned.push(resource),
    resources: () => [
      { name: 'database', close: () => orm.close(), probe: () => orm.em.getConnection().execute('select 1') },
      ...owned,
      {
        name: 'sqs',
        close: () => backbone.close(),
        probe: () => backbone.sqs.send(new ListQueuesCommand({ QueueNamePrefix: config.SQS_QUEUE_PREFIX, MaxResults: 1 })),
      },
    ],
    close: async () => {
      await orm.close(true);
      for (const r of owned) await Promise.resolve(r.close()).catch(() => {});
      backbone.close();
    },
  };
}

export interface SubgraphServing<C extends BaseRequestContext> {
  /** The subgraph's resolver map (typed by its codegen, which startSubgraph cannot name). */
  resolvers: object;
  port: number;
  context: (base: BaseRequestContext) => C | Promise<C>;
  routes?: Record<string, RouteHandler>;
  /** Internal commands other services call synchronously (internal-commands.ts). */
  commands?: Record<string, InternalCommand>;
  workers: Worker[];
  /** Closed before the runtime's own resources (database, owned, SQS). */
  resources?: Resource[];
}

/**
 * Wires the subgraph (`build`: services, consumers, workers) on its runtime and serves it with the shared identity
 * verifier; if anything fails on the way, everything the runtime opened is closed again.
 */
export async function serveSubgraph<C extends BaseRequestContext>(
  runtime: SubgraphRuntime,
  build: () => SubgraphServing<C> | Promise<SubgraphServing<C>>,
): Promise<RunningService> {
  try {
    const serving = await build();
    return await startSubgraph<C>({
      name: runtime.name,
      typeDefs: runtime.typeDefs,
      resolvers: serving.resolvers as never,
      host: runtime.config.HOST,
      port: serving.port,
      logger: runtime.logger,
      verifier: new IdentityVerifier(runtime.config.INTERNAL_AUTH_SECRET, TRUSTED_CALLERS),
      context: serving.context,
      routes: serving.routes,
      commands: serving.commands,
      // The DogStatsD flusher first, so that it stops last and its final flush counts what the others finished.
      workers: [...dogStatsDWorker(runtime.config), ...serving.workers],
      resources: [...(serving.resources ?? []), ...runtime.resources()],
    });
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
