import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { AppError, formatErrorFor } from '@paygraph/platform/errors';
import { createLogger, type Logger } from '@paygraph/platform/logger';
import { IdentitySigner } from '@paygraph/platform/identity';
import { drain, type RunningService } from '@paygraph/platform/server';
import { createHttpServer, graphqlHandler, headerValue, listen, sendJson } from '@paygraph/platform/http';
import { currentContext } from '@paygraph/platform/context';
import { dogStatsDWorker, METRICS, metricsRoute, registry } from '@paygraph/platform/metrics';
import { tagActiveSpanService } from '@paygraph/platform/tracing';
import { createRateLimiter, type RateLimiter } from '@paygraph/platform/rate-limit';
import { createRealtimeBus, type RealtimeBus } from '@paygraph/platform/realtime';
import type { GatewayConfig } from './config.js';
import { subgraphHeaders, type GatewayContext } from './context.js';
import { AccessTokenVerifier, type Viewer } from './authentication.js';
import { RevocationList } from './revocations.js';
import { assertAnonymousMayRun } from './access.js';
import { aliasLimitRule, depthLimitRule, LIMIT_CODE, rootFieldLimitRule } from './protection.js';
import { clientIp, withCors, withSaneRequestIds } from './http-guards.js';
import { SubscriptionEngine } from './subscriptions/engine.js';
import { PaygraphGateway } from './execution/gateway.js';
import { subgraphCaller, subgraphUrls } from './execution/subgraph-client.js';
import { startSubscriptionServer, type SubscriptionServer } from './subscriptions/websocket.js';
import { ApiKeyAuthenticator, KeyUsageRecorder, usersCommand } from './api-keys.js';
import { ScopeChecker, splitScopes } from './scopes.js';
import { TrustedDocuments } from './trusted-documents.js';
import { rateLimitError, rateLimitHeaders } from './limits.js';

/**
 * The stock executor's data source (GATEWAY_EXECUTOR=apollo, and the operations Paygraph's executor hands back to
 * it): forwards the signed identity and the request's ids like the gateway's own subgraph client, through Node's
 * fetch (undici, pooled keep-alive connections) rather than the default make-fetch-happen stack.
 */
class SignedIdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(config: { url?: string }) {
    super({ ...config, fetcher: fetch as unknown as RemoteGraphQLDataSource['fetcher'] });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const headers = request.http?.headers;
    if (!headers || !('viewer' in context)) return;
    for (const [name, value] of Object.entries(await subgraphHeaders(context as GatewayContext))) headers.set(name, value);
  }
}

export interface RunningGateway extends RunningService {
  readonly httpServer: http.Server;
  readonly subscriptions: SubscriptionServer;
  readonly engine: SubscriptionEngine;
}

export async function start(
  config: GatewayConfig,
  logger: Logger = createLogger('gateway', config.LOG_LEVEL),
  deps: { rateLimiter?: RateLimiter; bus?: RealtimeBus } = {},
): Promise<RunningGateway> {
  const production = config.NODE_ENV === 'production';
  // Per caller (API key, user, or IP when anonymous), shared by every replica through Redis when configured; when
  // Redis fails, kept in this process instead (rate-limit.ts, FailOpenRateLimiter).
  const limiter =
    deps.rateLimiter ??
    createRateLimiter(config.REDIS_URL, `${config.RATE_LIMIT_PREFIX}:gateway`, {
      retryMs: config.RATE_LIMIT_REDIS_RETRY_MS,
      failOpen: (error, recovered) =>
        recovered
          ? logger.info('rate limits are shared through Redis again')
          : logger.error({ err: error, alert: 'RATE_LIMIT_STORE_DOWN' }, 'Redis unavailable: rate limits are kept per process until it answers'),
    });
  // @requiresScopes is enforced here (scopes.ts); the planner gets the supergraph without it.
  const { rules: scopeRules, plannable: supergraphSdl } = splitScopes(await readFile(config.SUPERGRAPH_PATH, 'utf8'));
  const scopes = new ScopeChecker(scopeRules);
  const signer = new IdentitySigner(config.INTERNAL_AUTH_SECRET, 'gateway');
  const users = usersCommand(new URL(config.JWKS_URL).origin, signer);
  const revocations = new RevocationList({
    url: config.REVOCATIONS_URL ?? new URL('/_internal/revocations', config.JWKS_URL).toString(),
    signer,
    logger,
    pollMs: config.REVOCATION_POLL_MS,
  });
  revocations.start();
  const apiKeys = new ApiKeyAuthenticator({
    call: users,
    revocations,
    cacheMs: config.API_KEY_CACHE_MS,
    negativeCacheMs: Math.ceil(config.API_KEY_CACHE_MS / 5),
    logger,
  });
  const keyUses = new KeyUsageRecorder({ call: users, flushMs: config.API_KEY_USAGE_FLUSH_MS, logger });
  keyUses.start();
  const trusted = new TrustedDocuments({ manifestPath: config.TRUSTED_DOCUMENTS_PATH, call: users, logger });
  const trustedOnly = (viewer: Viewer) => (viewer.apiKey ? config.TRUSTED_DOCUMENTS_FOR_API_KEYS : config.TRUSTED_DOCUMENTS_FOR_SESSIONS);
  const verifier = new AccessTokenVerifier(config.JWKS_URL, config.JWT_ISSUER, config.JWT_AUDIENCE, revocations, apiKeys);
  const keyPolicy = { capacity: config.API_KEY_RATE_LIMIT_PER_MINUTE, refillPerSecond: config.API_KEY_RATE_LIMIT_PER_MINUTE / 60 };
  const keyMutationPolicy = {
    capacity: config.API_KEY_MUTATION_RATE_LIMIT_PER_MINUTE,
    refillPerSecond: config.API_KEY_MUTATION_RATE_LIMIT_PER_MINUTE / 60,
  };
  const callerPolicy = { capacity: config.RATE_LIMIT_PER_MINUTE, refillPerSecond: config.RATE_LIMIT_PER_MINUTE / 60 };

  const bus = deps.bus ?? createRealtimeBus(config.REDIS_URL, logger);
  const validationRules = [
    depthLimitRule(config.MAX_QUERY_DEPTH),
    aliasLimitRule(config.MAX_ALIASES),
    rootFieldLimitRule(config.MAX_ROOT_FIELDS),
  ];

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SignedIdentityDataSource({ url: config.SUBGRAPH_URLS[name] ?? url }),
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });

  const subgraphs = subgraphCaller<GatewayContext>(subgraphUrls(supergraphSdl, config.SUBGRAPH_URLS), subgraphHeaders);
  const executor = config.GATEWAY_EXECUTOR === 'paygraph' ? new PaygraphGateway<GatewayContext>(gateway, supergraphSdl, subgraphs.call) : gateway;

  const maskErrors = formatErrorFor(logger);
  let httpServer: http.Server | undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway: executor,
    introspection: !production,
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.MAX_TOKENS },
    validationRules,
    formatError: (formatted, error) => {
      if (formatted.extensions?.limit) return { ...formatted, extensions: { ...formatted.extensions, code: LIMIT_CODE } };
      return maskErrors(formatted, error);
    },
    plugins: [
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      // No field sets a cache hint and no response is cacheable (everything is per viewer): the per-request policy
      // bookkeeping Apollo installs by default is work for nothing.
      ApolloServerPluginCacheControlDisabled(),
      {
        async serverWillStart() {
          return { async drainServer() { if (httpServer) await drain(httpServer); } };
        },
        async requestDidStart({ request, contextValue }) {
          // A document named by hash alone: the build's or the key's application's (APQ-compatible). Anything else
          // falls through to Apollo's own APQ cache, which trusted mode does not count as registered.
          const hash = request.extensions?.persistedQuery?.sha256Hash;
          if (typeof hash === 'string' && request.query === undefined) {
            const body = await trusted.body(hash, contextValue.viewer);
            if (body !== undefined) request.query = body;
          }
          return {
            async didResolveOperation({ contextValue, operation, document, queryHash, schema }) {
              const { viewer } = contextValue;
              if (operation && !viewer.userId) assertAnonymousMayRun(operation, document, !production);
              if (trustedOnly(viewer)) await trusted.assertTrusted(queryHash, document, viewer);
              if (viewer.apiKey && operation) {
                scopes.assertAllowed(schema, document, operation, viewer.scopes);
                if (operation.operation === 'mutation') {
                  const verdict = await limiter.take(`mut:key:${viewer.apiKey.id}`, keyMutationPolicy);
                  contextValue.rateLimit = verdict;
                  if (!verdict.allowed) throw rateLimitError(verdict, 'mutations');
                }
              }
            },
            async willSendResponse({ contextValue, response, operation, operationName, queryHash }) {
              if (contextValue.rateLimit) for (const [name, value] of rateLimitHeaders(contextValue.rateLimit)) response.http.headers.set(name, value);
              const key = contextValue.viewer.apiKey;
              if (key) {
                keyUses.record(key.id, {
                  at: new Date().toISOString(),
                  requestId: contextValue.requestId,
                  operationName: operationName?.slice(0, 128) ?? null,
                  operationType: operation?.operation ?? null,
                  documentHash: queryHash && /^[0-9a-f]{64}$/.test(queryHash) ? queryHash : null,
                  ip: contextValue.clientIp?.slice(0, 64) ?? null,
                  status: response.http.status ?? (response.body.kind === 'single' && response.body.singleResult.errors && !response.body.singleResult.data ? 400 : 200),
                });
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const graphql = graphqlHandler<GatewayContext>({
    apollo,
    logger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    context: async (req) => {
      tagActiveSpanService('gateway');
      let viewer: Viewer;
      try {
        viewer = await verifier.viewerFrom(headerValue(req, 'authorization'));
      } catch (error) {
        if (error instanceof AppError) {
          const status = error.code === 'UNAUTHENTICATED' ? 401 : 503;
          throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status } } });
        }
        throw error;
      }
      const ip = clientIp(req, config.TRUST_PROXY);
      const ctx = currentContext();
      const verdict = viewer.apiKey
        ? await limiter.take(`key:${viewer.apiKey.id}`, keyPolicy)
        : await limiter.take(viewer.userId ? `user:${viewer.userId}` : `ip:${ip}`, callerPolicy);
      if (!verdict.allowed) {
        if (viewer.apiKey) {
          keyUses.record(viewer.apiKey.id, {
            at: new Date().toISOString(),
            requestId: ctx.requestId ?? randomUUID(),
            operationName: null,
            operationType: null,
            documentHash: null,
            ip: ip?.slice(0, 64) ?? null,
            status: 429,
          });
        }
        throw rateLimitError(verdict, 'requests');
      }
      let token: Promise<string> | undefined;
      return {
        viewer,
        requestId: ctx.requestId ?? randomUUID(),
        correlationId: ctx.correlationId ?? ctx.requestId ?? randomUUID(),
        clientIp: ip,
        rateLimit: viewer.apiKey ? verdict : undefined,
        identityToken: () =>
          (token ??= signer.sign({
            userId: viewer.userId,
            roles: viewer.roles,
            scopes: viewer.scopes,
            apiKey: viewer.apiKey,
            sessionId: viewer.sessionId,
            totpEnabled: viewer.totpEnabled,
            mfaAt: viewer.mfaAt,
          })),
      };
    },
  });

  let ready = false;
  httpServer = createHttpServer({
    logger,
    routes: {
      '/graphql': withCors(config.CORS_ORIGINS, withSaneRequestIds(graphql)),
      // Liveness, with what the WebSocket side holds (for dashboards, and for tests to know a subscription is live).
      '/metrics': metricsRoute('gateway'),
      '/_health': (_req, res) =>
        sendJson(res, 200, { status: 'ok', service: 'gateway', connections: subscriptions.connections, subscriptions: engine.activeSubscriptions }),
      // Not ready until the revocation list has loaded: before that every signed-in request would be a 503.
      '/_readiness': (_req, res) =>
        ready && revocations.loaded
          ? sendJson(res, 200, { status: 'ready', service: 'gateway' })
          : sendJson(res, 503, { status: 'starting', service: 'gateway', ...(ready ? { waitingFor: ['revocation list'] } : {}) }),
    },
  });
  const engine = new SubscriptionEngine({
    supergraphSdl,
    call: subgraphs.call,
    bus,
    channelPrefix: config.REALTIME_CHANNEL_PREFIX,
    logger,
    formatError: maskErrors,
    maxQueuedEvents: config.WS_MAX_QUEUED_EVENTS,
  });
  const subscriptions = startSubscriptionServer({
    httpServer,
    path: '/graphql',
    engine,
    verifier,
    signer,
    limiter,
    validationRules,
    logger,
    production,
    clientIp: (req) => clientIp(req, config.TRUST_PROXY),
    limits: {
      maxPayloadBytes: config.WS_MAX_PAYLOAD_BYTES,
      maxConnectionParamsBytes: config.WS_MAX_CONNECTION_PARAMS_BYTES,
      maxSubscriptionsPerConnection: config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      keepAliveMs: config.WS_KEEPALIVE_MS,
      connectionInitTimeoutMs: config.WS_CONNECTION_INIT_TIMEOUT_MS,
      maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
      maxTokens: config.MAX_TOKENS,
      ratePerMinute: config.RATE_LIMIT_PER_MINUTE,
    },
  });
  // Read at scrape/flush time from what the WebSocket server already counts: nothing on the connection path.
  const uncollect = registry.collect('gateway', () => {
    METRICS.wsConnections.set({ service: 'gateway' }, subscriptions.connections);
    METRICS.wsSubscriptions.set({ service: 'gateway' }, engine.activeSubscriptions);
  });
  const statsd = dogStatsDWorker(config);
  for (const worker of statsd) worker.start();
  const port = await listen(httpServer, config.GATEWAY_PORT, config.HOST);
  ready = true;
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}/graphql`;
  logger.info({ url }, 'gateway ready');

  let stopping: Promise<void> | undefined;
  const server = httpServer;
  return {
    name: 'gateway',
    url,
    port,
    httpServer: server,
    subscriptions,
    engine,
    stop: () =>
      (stopping ??= (async () => {
        ready = false;
        // WebSocket clients first (1001 Going away): an upgraded socket would otherwise hold the HTTP drain open.
        await subscriptions.close();
        await apollo.stop();
        revocations.stop();
        await keyUses.stop();
        subgraphs.close();
        if (!deps.bus) await bus.close();
        if (!deps.rateLimiter) await limiter.close();
        uncollect();
        for (const worker of statsd) await worker.stop();
        logger.info('gateway stopped');
      })()),
  };
}
