import type http from 'node:http';
import { headerValue, type RouteHandler } from '@paygraph/platform/http';

/** The caller's address: the first X-Forwarded-For hop behind a trusted proxy, else the socket's peer. */
export function clientIp(req: http.IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = headerValue(req, 'x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return req.socket.remoteAddress ?? null;
}

/** What a client-chosen request or correlation id may look like. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The ids travel into logs, subgraph headers and every event's envelope, whose consumers refuse a correlationId over
 * 200 characters: one odd header would stall a payment's saga. An id that is not plainly an id is dropped, so the
 * HTTP layer mints a fresh one; the request itself is never refused for it.
 */
export function withSaneRequestIds(next: RouteHandler): RouteHandler {
  return async (req, res) => {
    for (const name of ['x-request-id', 'x-correlation-id']) {
      const value = headerValue(req, name);
      if (value !== undefined && !SANE_ID.test(value)) delete req.headers[name];
    }
    await next(req, res);
  };
}

/** CORS for the allowed origins (`*`: any, never with credentials); preflights end here. */
export function withCors(origins: string[], next: RouteHandler): RouteHandler {
  return async (req, res) => {
    const origin = headerValue(req, 'origin');
    if (origin && (origins.includes('*') || origins.includes(origin))) {
      res.setHeader('access-control-allow-origin', origins.includes('*') ? '*' : origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, apollo-require-preflight, x-request-id');
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-max-age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    await next(req, res);
  };
}
