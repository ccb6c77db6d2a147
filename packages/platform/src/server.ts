import type { Server as HttpServer } from 'node:http';
import type { BaseContext } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError, type DocumentNode } from 'graphql';
import { AppError, formatErrorFor } from './errors.js';
import { createHttpServer, type HttpServerOptions, headerValue, listen, routeListener, sendJson, type RouteHandler } from './http.js';
import { registerLocalService } from './local-dispatch.js';
import { subgraphGraphqlHandler } from './subgraph-http.js';
import { IDENTITY_HEADER, type Identity, type IdentityVerifier } from './identity.js';
import { currentContext, runWithContext } from './context.js';
import { tagActiveSpanService } from './tracing.js';
import { metricsRoute } from './metrics.js';
import type { Logger } from './logger.js';
import { Readiness, type DependencyProbe } from './readiness.js';
import { commandRoutes, type InternalCommand } from './internal-commands.js';
import { enforceScopes } from './scopes.js';

/** Something that runs beside the HTTP server: the outbox relay, an SQS consumer. */
export interface Worker {
  readonly name: string;
  start(): void | Promise<void>;
  /** Finishes in-flight work, then stops. */
  stop(): Promise<void>;
}

export interface BaseRequestContext extends BaseContext {
  identity: Identity;
  logger: Logger;
  requestId: string;
  /** The end user's IP as the gateway saw it (header x-paygraph-client-ip), for throttling and security events. */
  clientIp: string | null;
}

export const CLIENT_IP_HEADER = 'x-paygraph-client-ip';

export interface SubgraphOptions<C extends BaseRequestContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  host: string;
  port: number;
  logger: Logger;
  verifier: IdentityVerifier;
  /** Builds the per-request context (a fresh EntityManager, DataLoaders) from the verified identity. */
  context: (base: BaseRequestContext) => C | Promise<C>;
  routes?: Record<string, RouteHandler>;
  /** Internal commands (internal-commands.ts), served at `/_internal/<name>` for the services each one names. */
  commands?: Record<string, InternalCommand>;
  workers?: Worker[];
  /** Closed last, in order (database, Redis, SQS client); those with a probe are re-checked by `/_readiness`. */
  resources?: { name: string; close: () => Promise<void> | void; probe?: DependencyProbe['probe'] }[];
  maxBodyBytes?: number;
}

export interface RunningService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startSubgraph<C extends BaseRequestContext>(opts: SubgraphOptions<C>): Promise<RunningService> {
  const { logger } = opts;
  let ready = false;
  const readiness = new Readiness((opts.resources ?? []).flatMap((r) => (r.probe ? [{ name: r.name, probe: r.probe }] : [])));
  // A partner's API key reaches only the fields its scopes open, checked here again after the gateway (scopes.ts).
  const schema = enforceScopes(buildSubgraphSchema({ typeDefs: opts.typeDefs, resolvers: opts.resolvers as GraphQLResolverMap<unknown> }), opts.typeDefs);
  const graphql = subgraphGraphqlHandler<C>({
    schema,
    logger,
    formatError: formatErrorFor(logger),
    maxBodyBytes: opts.maxBodyBytes ?? 1_000_000,
    context: async (req) => {
      tagActiveSpanService(opts.name);
      let identity: Identity;
      try {
        identity = await opts.verifier.verify(headerValue(req, IDENTITY_HEADER));
      } catch (error) {
        const message = error instanceof AppError ? error.message : 'Invalid service identity';
        throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      }
      return runWithContext({ userId: identity.userId }, () =>
        opts.context({ identity, logger, requestId: currentContext().requestId ?? '', clientIp: headerValue(req, CLIENT_IP_HEADER) ?? null }),
      );
    },
    // Logs written while resolving carry the caller's user id, as those of the context's construction do.
    around: (ctx, fn) => runWithContext({ userId: ctx.identity.userId }, fn),
  });

  const serving: HttpServerOptions = {
    logger,
    routes: {
      '/graphql': graphql,
      '/_health': (_req, res) => sendJson(res, 200, { status: 'ok', service: opts.name }),
      '/_readiness': async (_req, res) => {
        if (!ready) return sendJson(res, 503, { status: 'starting', service: opts.name });
        const { ready: reachable, failing } = await readiness.check();
        sendJson(res, reachable ? 200 : 503, reachable ? { status: 'ready', service: opts.name } : { status: 'unavailable', service: opts.name, failing });
      },
      // Prometheus text format of this service's metrics (metrics.ts); the same numbers go to DogStatsD when enabled.
      '/metrics': metricsRoute(opts.name),
      ...opts.routes,
      ...commandRoutes({ service: opts.name, commands: opts.commands ?? {}, verifier: opts.verifier, logger }),
    },
  };
  const listener = routeListener(serving);
  const httpServer: HttpServer = createHttpServer(serving, listener);
  const port = await listen(httpServer, opts.port, opts.host);
  // Callers in this process (embedded mode) reach it without the network (local-dispatch.ts).
  const unregister = registerLocalService(`http://${opts.host}:${port}`, opts.name, listener);
  for (const worker of opts.workers ?? []) await worker.start();
  ready = true;
  const url = `http://${opts.host}:${port}/graphql`;
  logger.info({ url }, `${opts.name} subgraph ready`);

  let stopping: Promise<void> | undefined;
  return {
    name: opts.name,
    url,
    port,
    stop: () =>
      (stopping ??= (async () => {
        ready = false;
        unregister();
        await drain(httpServer); // in-flight requests finish, new connections are refused
        for (const worker of [...(opts.workers ?? [])].reverse()) {
          await withDeadline(worker.stop(), STOP_DEADLINE_MS, `stopping ${worker.name}`).catch((err: unknown) =>
            logger.error({ err, worker: worker.name }, 'worker stop failed'),
          );
        }
        for (const resource of opts.resources ?? []) {
          await withDeadline(Promise.resolve(resource.close()), STOP_DEADLINE_MS, `closing ${resource.name}`).catch((err: unknown) =>
            logger.error({ err, resource: resource.name }, 'close failed'),
          );
        }
        logger.info(`${opts.name} subgraph stopped`);
      })()),
  };
}

/** A stuck dependency (a database that vanished) must not keep a process from shutting down. */
const STOP_DEADLINE_MS = 10_000;

export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops accepting connections, lets in-flight requests finish (10 s at most), then closes idle keep-alive sockets. */
export async function drain(server: HttpServer, graceMs = 10_000): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  await closed;
  clearTimeout(timer);
  clearInterval(idle);
}

/**
 * For `index.ts`: keeps a started service running until SIGTERM/SIGINT, then stops it gracefully and exits
 * (0 when everything closed, 1 otherwise).
 */
export function runUntilSignalled(service: RunningService, logger?: Logger): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger?.info({ signal }, `${service.name} shutting down`);
      service.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger?.error({ err }, `${service.name} failed to stop cleanly`);
          process.exit(1);
        },
      );
    });
  }
}
