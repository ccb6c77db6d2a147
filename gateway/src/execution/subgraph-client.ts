import http from 'node:http';
import https from 'node:https';
import { GraphQLError } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { dispatchLocal, localServiceFor, type LocalService } from '@paygraph/platform/local-dispatch';
import type { SubgraphCaller, SubgraphRequest, SubgraphResponse } from './plan-executor.js';

/**
 * POSTs fetches of a plan to one subgraph over pooled keep-alive connections (node:http's agent, LIFO so that the
 * warmest sockets are reused), the body written in one piece and the answer parsed in one `JSON.parse`.
 *
 * A non-2xx status, or a body that is not a JSON object, fails the fetch with the same error @apollo/gateway's
 * RemoteGraphQLDataSource raises (`401: Unauthorized` with `extensions.response` and UNAUTHENTICATED/FORBIDDEN).
 */
export class SubgraphClient {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  constructor(
    readonly endpoint: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.url = new URL(endpoint);
    const secure = this.url.protocol === 'https:';
    this.transport = secure ? https : http;
    const options = { keepAlive: true, keepAliveMsecs: 1_000, maxFreeSockets: 256, scheduling: 'lifo' as const };
    this.agent = secure ? new https.Agent(options) : new http.Agent(options);
  }

  send(request: SubgraphRequest, headers: Record<string, string>): Promise<SubgraphResponse> {
    const body = JSON.stringify(request);
    const owner = localServiceFor(this.url);
    if (owner) return this.sendLocal(owner, body, headers);
    return new Promise((resolve, reject) => {
      const req = this.transport.request(
        {
          agent: this.agent,
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname + this.url.search,
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            try {
              resolve(this.answer({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', contentType: res.headers['content-type'] }, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer from ${this.endpoint} in ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The subgraph runs in this process (embedded mode): its listener answers, without the loopback network. */
  private async sendLocal(owner: LocalService, body: string, headers: Record<string, string>): Promise<SubgraphResponse> {
    const lower: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
    const reply = await dispatchLocal(owner, { method: 'POST', path: this.url.pathname + this.url.search, headers: lower, body }, {
      ms: this.timeoutMs,
      message: `no answer from ${this.endpoint} in ${this.timeoutMs} ms`,
    });
    const contentType = reply.headers['content-type'];
    return this.answer({ status: reply.status, statusMessage: reply.statusMessage, contentType: typeof contentType === 'string' ? contentType : undefined }, reply.body);
  }

  private answer(res: { status: number; statusMessage: string; contentType: string | undefined }, raw: Buffer): SubgraphResponse {
    const contentType = res.contentType;
    const json = !!contentType && (contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json'));
    const status = res.status;
    if (status < 200 || status > 299) {
      const text = raw.toString('utf8');
      let body: unknown = text;
      if (json) body = JSON.parse(text);
      const extensions: Record<string, unknown> = {
        response: { url: this.endpoint, status, statusText: res.statusMessage, body },
      };
      if (status === 401) extensions.code = 'UNAUTHENTICATED';
      else if (status === 403) extensions.code = 'FORBIDDEN';
      throw new GraphQLError(`${status}: ${res.statusMessage}`, { extensions });
    }
    const body: unknown = json ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`Expected JSON response body, but received: ${body}`);
    return body as SubgraphResponse;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Each subgraph's URL: the override when there is one, else the one written in the supergraph. */
export function subgraphUrls(supergraphSdl: string, overrides: Record<string, string>): Record<string, string> {
  const urls: Record<string, string> = Object.create(null);
  for (const subgraph of Supergraph.build(supergraphSdl).subgraphs()) urls[subgraph.name] = overrides[subgraph.name] ?? subgraph.url;
  return urls;
}

/** One client per subgraph, each fetch sent with the headers the request's context gives. */
export function subgraphCaller<TContext>(
  urls: Record<string, string>,
  headers: (context: TContext) => Record<string, string> | Promise<Record<string, string>>,
): { call: SubgraphCaller<TContext>; close: () => void } {
  const clients = new Map(Object.entries(urls).map(([name, url]) => [name, new SubgraphClient(url)]));
  return {
    call: async (service, request, context) => {
      const client = clients.get(service);
      if (!client) throw new Error(`Couldn't find service with name "${service}"`);
      return client.send(request, await headers(context));
    },
    close: () => {
      for (const client of clients.values()) client.close();
    },
  };
}
