import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { runWithContext } from './context.js';
import { currentTraceIds } from './tracing.js';
import type { Logger } from './logger.js';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export class PayloadTooLargeError extends Error {}

export async function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new PayloadTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new PayloadTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const graphqlError = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

export interface GraphQLRequestOptions {
  maxBodyBytes: number;
  logger: Logger;
}

/**
 * What every GraphQL endpoint does before GraphQL: the request's log context (a request id and a correlation id that
 * travel to subgraphs and events), the body read within its limit, JSON only. `handle` gets the parsed body
 * (undefined for a GET); whatever it throws is logged and answered 500.
 */
export function withGraphQLRequest(
  opts: GraphQLRequestOptions,
  handle: (req: http.IncomingMessage, res: http.ServerResponse, body: unknown) => Promise<void>,
): RouteHandler {
  return async (req, res) => {
    const requestId = headerValue(req, 'x-request-id') ?? randomUUID();
    const correlationId = headerValue(req, 'x-correlation-id') ?? requestId;
    res.setHeader('x-request-id', requestId);
    await runWithContext({ requestId, correlationId, ...currentTraceIds() }, async () => {
      let body: unknown;
      if (req.method === 'POST') {
        let raw: string;
        try {
          raw = await readBody(req, opts.maxBodyBytes);
        } catch (error) {
          if (error instanceof PayloadTooLargeError) {
            return sendJson(res, 413, graphqlError('PAYLOAD_TOO_LARGE', `Request body exceeds ${opts.maxBodyBytes} bytes`), { connection: 'close' });
          }
          throw error;
        }
        const type = req.headers['content-type'] ?? '';
        if (!type.includes('application/json')) {
          return sendJson(res, 415, graphqlError('BAD_REQUEST', 'Content-Type must be application/json'));
        }
        try {
          body = JSON.parse(raw);
        } catch {
          return sendJson(res, 400, graphqlError('BAD_REQUEST', 'Body is not valid JSON'));
        }
      }
      await handle(req, res, body);
    }).catch((error: unknown) => {
      opts.logger.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, graphqlError('INTERNAL_SERVER_ERROR', 'Internal server error'));
      else res.end();
    });
  };
}

export interface GraphQLHttpOptions<C extends BaseContext> extends GraphQLRequestOptions {
  apollo: ApolloServer<C>;
  context: (req: http.IncomingMessage) => Promise<C>;
}

/** Serves an Apollo Server from a plain node:http server (Apollo Server 5 ships no framework integration): the gateway. */
export function graphqlHandler<C extends BaseContext>(opts: GraphQLHttpOptions<C>): RouteHandler {
  return withGraphQLRequest(opts, async (req, res, body) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const response = await opts.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => opts.context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  });
}

export function headerValue(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export interface HttpServerOptions {
  routes: Record<string, RouteHandler>;
  /** Called for paths without a route (e.g. the gateway's WebSocket upgrade lives elsewhere). */
  fallback?: RouteHandler;
  logger: Logger;
}

/** The server's request listener: the route of the path, a 404 without one, a 500 for whatever a route throws. */
export function routeListener(opts: HttpServerOptions): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = url.startsWith('/') ? (query < 0 ? url : url.slice(0, query)) : new URL(url, 'http://localhost').pathname;
    const route = opts.routes[path] ?? opts.fallback;
    if (!route) return sendJson(res, 404, { error: 'not found' });
    Promise.resolve(route(req, res)).catch((error: unknown) => {
      opts.logger.error({ err: error, path }, 'route failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  };
}

export function createHttpServer(opts: HttpServerOptions, listener = routeListener(opts)): http.Server {
  const server = http.createServer(listener);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  return server;
}

export async function listen(server: http.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
