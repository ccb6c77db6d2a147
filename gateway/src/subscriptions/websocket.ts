import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ValidationRule } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { AppError } from '@paygraph/platform/errors';
import type { IdentitySigner } from '@paygraph/platform/identity';
import type { Logger } from '@paygraph/platform/logger';
import type { RateLimiter } from '@paygraph/platform/rate-limit';
import type { AccessTokenVerifier, Viewer } from '../authentication.js';
import type { GatewayContext } from '../context.js';
import { withoutSuggestions } from '../protection.js';
import { SubscriptionRefused, type SubscriptionEngine } from './engine.js';

/** Close codes beyond graphql-ws's own (4400 bad request, 4403 forbidden, 4408 init timeout, 4409 duplicate id). */
export const CLOSE = {
  /** No, or an invalid, access token; or it expired while connected. Not retried by graphql-ws clients: sign in again. */
  UNAUTHORIZED: CloseCode.Unauthorized,
  /** connectionParams too large or not an object. */
  BAD_REQUEST: CloseCode.BadRequest,
  /** The client did not read its events fast enough; reconnect (with `since`). */
  TOO_SLOW: 1013,
  /** The gateway is shutting down. */
  GOING_AWAY: 1001,
} as const;

export interface WebSocketLimits {
  /** Largest WebSocket message accepted (bytes); bigger ones close the socket (1009). */
  maxPayloadBytes: number;
  maxConnectionParamsBytes: number;
  maxSubscriptionsPerConnection: number;
  keepAliveMs: number;
  connectionInitTimeoutMs: number;
  /** Bytes waiting in a socket's send buffer before its client counts as too slow. */
  maxBufferedBytes: number;
  maxTokens: number;
  ratePerMinute: number;
}

interface ConnectionState {
  viewer: Viewer;
  ip: string | null;
  signer: IdentitySigner;
  token: { value: Promise<string>; at: number } | null;
  expiry: NodeJS.Timeout | null;
  unwatch: (() => void) | null;
}

type Extra = { socket: WebSocket; request: http.IncomingMessage; state?: ConnectionState };

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  path: string;
  engine: SubscriptionEngine;
  verifier: AccessTokenVerifier;
  signer: IdentitySigner;
  limiter: RateLimiter;
  validationRules: ValidationRule[];
  limits: WebSocketLimits;
  logger: Logger;
  production: boolean;
  clientIp: (req: http.IncomingMessage) => string | null;
}

export interface SubscriptionServer {
  readonly connections: number;
  /** Closes every socket with 1001 and stops accepting new ones. */
  close(): Promise<void>;
}

/** The signed identity forwarded to subgraphs lives 60 s: re-signed every 30 s for long-lived connections. */
const IDENTITY_REUSE_MS = 30_000;

/**
 * graphql-ws (the `graphql-transport-ws` protocol) on the gateway's `/graphql`: WebSocket upgrades go here, HTTP
 * requests to Apollo. Subscriptions only (queries and mutations stay on HTTP). Authentication is the HTTP one, from
 * `connectionParams.authorization` (`Bearer <access token>`); the connection ends when the token expires.
 */
export function startSubscriptionServer(opts: SubscriptionServerOptions): SubscriptionServer {
  const { engine, limits, logger } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes });
  opts.httpServer.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname !== opts.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const refuse = (extra: Extra, code: number, reason: string) => {
    extra.socket.close(code, reason);
    return false as const;
  };

  const contextFor = (state: ConnectionState): GatewayContext => ({
    viewer: state.viewer,
    requestId: randomUUID(),
    correlationId: randomUUID(),
    clientIp: state.ip,
    identityToken: () => {
      const now = Date.now();
      if (!state.token || now - state.token.at > IDENTITY_REUSE_MS) {
        const { userId, roles, scopes } = state.viewer;
        state.token = { value: state.signer.sign({ userId, roles, scopes }), at: now };
      }
      return state.token.value;
    },
  });

  const server = useServer<Record<string, unknown>, Extra>(
    {
      isProd: opts.production,
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const extra = ctx.extra as Extra;
        const params = ctx.connectionParams ?? {};
        if (Buffer.byteLength(JSON.stringify(params)) > limits.maxConnectionParamsBytes) {
          return refuse(extra, CLOSE.BAD_REQUEST, `connectionParams larger than ${limits.maxConnectionParamsBytes} bytes`);
        }
        const authorization = params.authorization ?? params.Authorization;
        if (typeof authorization !== 'string') return refuse(extra, CLOSE.UNAUTHORIZED, 'connectionParams.authorization "Bearer <access token>" required');
        let viewer: Viewer;
        try {
          viewer = await opts.verifier.viewerFrom(authorization);
        } catch (error) {
          const unauthenticated = error instanceof AppError && error.code === 'UNAUTHENTICATED';
          return refuse(extra, unauthenticated ? CLOSE.UNAUTHORIZED : CloseCode.InternalServerError, unauthenticated ? (error as Error).message : 'Authentication unavailable');
        }
        // Partner keys are for HTTP (their scopes open no Subscription field, and trusted documents are HTTP's).
        if (viewer.apiKey) return refuse(extra, CLOSE.UNAUTHORIZED, 'API keys are not accepted on WebSocket: use HTTP');
        const state: ConnectionState = { viewer, ip: opts.clientIp(extra.request), signer: opts.signer, token: null, expiry: null, unwatch: null };
        if (viewer.expiresAt !== null) {
          const left = viewer.expiresAt - Date.now();
          if (left <= 0) return refuse(extra, CLOSE.UNAUTHORIZED, 'Access token expired');
          // Timers are 32-bit; access tokens live minutes, the cap only keeps a far expiry from firing at once.
          state.expiry = setTimeout(() => extra.socket.close(CLOSE.UNAUTHORIZED, 'Access token expired'), Math.min(left, 2 ** 31 - 1));
        }
        // A logout, a refresh-token reuse or a role change ends the connection too, not only the token's expiry.
        state.unwatch = opts.verifier.watch(viewer, (reason) => extra.socket.close(CLOSE.UNAUTHORIZED, reason));
        extra.state = state;
        return true;
      },
      onClose: (ctx) => {
        const state = (ctx.extra as Extra).state;
        if (state?.expiry) clearTimeout(state.expiry);
        state?.unwatch?.();
      },
      onSubscribe: async (ctx, _id, payload) => {
        const extra = ctx.extra as Extra;
        const state = extra.state!;
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerConnection) {
          return [codeError(`At most ${limits.maxSubscriptionsPerConnection} subscriptions per connection`, 'TOO_MANY_SUBSCRIPTIONS')];
        }
        // The same bucket as the caller's HTTP requests (server.ts).
        const verdict = await opts.limiter.take(`user:${state.viewer.userId}`, { capacity: limits.ratePerMinute, refillPerSecond: limits.ratePerMinute / 60 });
        if (!verdict.allowed) return [codeError('Too many requests, try again later', 'RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds })];
        if (typeof payload.query !== 'string') return [codeError('query must be a string', 'BAD_REQUEST')];
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (error) {
          return [codeError(error instanceof GraphQLError ? error.message : 'Syntax error', 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(engine.schema, document, [...specifiedRules, ...opts.validationRules]);
        if (errors.length > 0) {
          return errors.map((e) => {
            if (e.extensions.code) return e;
            const message = opts.production ? withoutSuggestions(e.message) : e.message;
            return codeError(message, e.extensions.limit ? 'QUERY_TOO_COMPLEX' : 'GRAPHQL_VALIDATION_FAILED');
          });
        }
        const operationName = payload.operationName ?? undefined;
        const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition');
        const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
        if (!operation) return [codeError('Unable to identify the operation to run', 'BAD_REQUEST')];
        if (operation.operation !== 'subscription') return [codeError('Queries and mutations are served over HTTP POST /graphql', 'BAD_REQUEST')];
        try {
          const prepared = engine.prepare(payload.query, document, operationName);
          const stream = await engine.open(prepared, payload.variables, contextFor(state), () =>
            extra.socket.close(CLOSE.TOO_SLOW, 'Client too slow: reconnect and resume with since'),
          );
          // Hands graphql-ws an execution that is already running: its `subscribe` below returns it.
          return { schema: engine.schema, document, operationName, variableValues: payload.variables, contextValue: { stream } };
        } catch (error) {
          if (error instanceof SubscriptionRefused) return error.errors;
          if (error instanceof GraphQLError) return [error];
          logger.error({ err: error }, 'subscription failed to open');
          return [codeError('Internal server error', 'INTERNAL_SERVER_ERROR')];
        }
      },
      subscribe: (args) => (args.contextValue as { stream: AsyncGenerator<never> }).stream,
      onNext: (ctx, _id, _payload, _args, result) => {
        // The send buffer of a client that stopped reading grows; past the limit it is disconnected.
        const socket = (ctx.extra as Extra).socket;
        if (socket.bufferedAmount > limits.maxBufferedBytes) socket.close(CLOSE.TOO_SLOW, 'Client too slow: reconnect and resume with since');
        return result as never;
      },
    },
    wss,
    limits.keepAliveMs,
  );

  return {
    get connections() {
      return wss.clients.size;
    },
    close: async () => {
      await engine.close();
      await server.dispose();
    },
  };
}

function codeError(message: string, code: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}
