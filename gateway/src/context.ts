import { IDENTITY_HEADER } from '@paygraph/platform/identity';
import { CLIENT_IP_HEADER } from '@paygraph/platform/server';
import type { BucketResult } from '@paygraph/platform/rate-limit';
import type { Viewer } from './authentication.js';

/** What one request (HTTP) or one subscription (WebSocket) carries through the gateway. */
export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  correlationId: string;
  clientIp: string | null;
  /** The budget an API key's request was counted against (RateLimit-* headers on its answer). */
  rateLimit?: BucketResult;
  /** The identity forwarded to subgraphs, signed once per request. */
  identityToken: () => Promise<string>;
}

/** What every subgraph fetch carries: the viewer's signed identity and the request's ids. */
export async function subgraphHeaders(ctx: GatewayContext): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    [IDENTITY_HEADER]: await ctx.identityToken(),
    'x-request-id': ctx.requestId,
    'x-correlation-id': ctx.correlationId,
  };
  if (ctx.clientIp) headers[CLIENT_IP_HEADER] = ctx.clientIp;
  return headers;
}
