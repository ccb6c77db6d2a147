import http from 'node:http';
import { withLocalServerSpan } from './tracing.js';

/**
 * Calls between services that run in the same process (embedded mode: `npm start`, the test stack, the one-process
 * bench) without the loopback network.
 *
 * Every call between services is HTTP: the gateway's fetches to subgraphs, the internal reads and the money path's
 * commands. When caller and owner share a process, each such call still cost a socket write and read on both ends and
 * two HTTP parses — on a payment, five hops of it, about a fifth of the process's CPU. A subgraph registers its request
 * listener under its origin when it starts listening; a client whose target origin is registered hands the request to
 * that listener directly, with a minimal request and response (below) carrying the same method, path, headers and
 * body, and gets the same status, headers and body back. Everything above the transport is unchanged: the identity
 * header is signed and verified, the body is serialised and parsed, the route's limits apply, and the caller keeps its
 * timeout and circuit breaker. The only things lost are the TCP connection and its `req.socket`, which no subgraph
 * route reads.
 *
 * Off when `LOCAL_DISPATCH=off` (to measure or debug the HTTP path in one process). With dd-trace loaded, each local
 * call runs in a server span of the owner, where dd-trace's HTTP integration would have made one.
 */
export type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface LocalService {
  service: string;
  listener: RequestListener;
}

const services = new Map<string, LocalService>();

const enabled = () => process.env.LOCAL_DISPATCH !== 'off';

/** Makes `origin` (`http://host:port`) answerable in-process; the returned function takes it back (at stop). */
export function registerLocalService(origin: string, service: string, listener: RequestListener): () => void {
  const key = new URL(origin).origin;
  const entry = { service, listener };
  services.set(key, entry);
  return () => {
    if (services.get(key) === entry) services.delete(key);
  };
}

/** The in-process owner of `url`'s origin, or undefined (another process, or local dispatch is off). */
export function localServiceFor(url: URL | string): LocalService | undefined {
  if (services.size === 0 || !enabled()) return undefined;
  return services.get(typeof url === 'string' ? new URL(url).origin : url.origin);
}

export interface LocalRequest {
  method: string;
  /** Path and query, as on the request line. */
  path: string;
  /** Lower-case names, as node:http gives them to a server. */
  headers: Record<string, string>;
  body: string;
}

export interface LocalReply {
  status: number;
  statusMessage: string;
  headers: Record<string, string | number | string[]>;
  body: Buffer;
}

/**
 * Serves one request with the owner's listener, as its HTTP server would have. Rejects with `timeout.message` when no
 * answer came within `timeout.ms` (the caller's request timeout; the owner's work goes on, as it would over HTTP).
 */
export async function dispatchLocal(owner: LocalService, request: LocalRequest, timeout: { ms: number; message: string }): Promise<LocalReply> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(timeout.message)), timeout.ms);
  });
  try {
    const served = withLocalServerSpan(owner.service, `${request.method} ${request.path.split('?')[0]}`, () => serve(owner.listener, request));
    return await Promise.race([served, late]);
  } finally {
    clearTimeout(timer);
  }
}

function serve(listener: RequestListener, request: LocalRequest): Promise<LocalReply> {
  return new Promise((resolve, reject) => {
    const res = new LocalResponse((reply) => resolve(reply));
    const req = new LocalIncoming(request);
    try {
      listener(req as unknown as http.IncomingMessage, res as unknown as http.ServerResponse);
    } catch (error) {
      reject(error);
    }
  });
}

/** What the routes read of a request: method, url, headers, and the body as an async iterable of one chunk. */
class LocalIncoming {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  private readonly body: Buffer;

  constructor(request: LocalRequest) {
    this.method = request.method;
    this.url = request.path;
    this.body = Buffer.from(request.body, 'utf8');
    this.headers = { ...request.headers, 'content-length': String(this.body.length) };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    if (this.body.length > 0) yield this.body;
  }
}

/** What the routes call on a response (node:http's names and semantics); `end` hands the reply back. */
class LocalResponse {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  writableEnded = false;
  private readonly headers: Record<string, string | number | string[]> = {};
  private readonly chunks: Buffer[] = [];

  constructor(private readonly done: (reply: LocalReply) => void) {}

  setHeader(name: string, value: string | number | string[]): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }

  getHeader(name: string): string | number | string[] | undefined {
    return this.headers[name.toLowerCase()];
  }

  removeHeader(name: string): void {
    delete this.headers[name.toLowerCase()];
  }

  writeHead(status: number, ...rest: unknown[]): this {
    this.statusCode = status;
    const [first, second] = rest;
    if (typeof first === 'string') this.statusMessage = first;
    const headers = (typeof first === 'object' ? first : second) as Record<string, string | number | string[]> | undefined;
    if (headers) for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
    this.headersSent = true;
    return this;
  }

  write(chunk: string | Buffer): boolean {
    this.headersSent = true;
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    return true;
  }

  end(chunk?: string | Buffer): this {
    if (this.writableEnded) return this;
    if (chunk !== undefined) this.write(chunk);
    this.headersSent = true;
    this.writableEnded = true;
    this.done({
      status: this.statusCode,
      statusMessage: this.statusMessage || http.STATUS_CODES[this.statusCode] || '',
      headers: this.headers,
      body: this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks),
    });
    return this;
  }
}
