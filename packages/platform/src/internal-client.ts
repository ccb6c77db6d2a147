import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentContext } from './context.js';
import { AppError, errors } from './errors.js';
import { IDENTITY_HEADER, type IdentitySigner, type Role } from './identity.js';
import { dispatchLocal, localServiceFor, type LocalService } from './local-dispatch.js';
import type { Logger } from './logger.js';

/**
 * The one way a service reads another service's data synchronously (DESIGN.md §2: a command that must check
 * something before it answers — a recipient by email, a KYC tier, an instrument's PSP token). It calls the owner's
 * subgraph over GraphQL with this service's signed identity, bounded by a timeout; it retries only reads, and only
 * failures of transport (never an answer); and a circuit breaker stops calling an owner that keeps failing, so a sick
 * dependency costs callers a fast SERVICE_UNAVAILABLE instead of a pile-up of waiting requests.
 */
export interface InternalClientOptions {
  /** The owner's name (for errors and logs) and its GraphQL URL. */
  target: string;
  url: string;
  /** Signs as this service. */
  signer: IdentitySigner;
  logger?: Logger;
  timeoutMs?: number;
  /** Extra attempts for queries after a transport failure (mutations are never retried). */
  retries?: number;
  retryBaseMs?: number;
  breaker?: { failureThreshold?: number; openMs?: number };
}

export interface CallOptions {
  /** The end user the call is made for, when there is one (the owner may authorise on it). */
  onBehalfOf?: string | null;
  roles?: Role[];
}

export class InternalCallError extends Error {
  constructor(
    readonly target: string,
    readonly errors: { message: string; extensions?: Record<string, unknown> }[],
  ) {
    super(`${target}: ${errors.map((e) => e.message).join('; ')}`);
    this.name = 'InternalCallError';
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code as string | undefined;
  }
}

type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trial = false;

  constructor(
    private readonly failureThreshold = 5,
    private readonly openMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): BreakerState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.openMs) this.state = 'half-open';
    return this.state;
  }

  /** Whether a call may go out now; in half-open state exactly one trial call goes through. */
  tryAcquire(): boolean {
    const state = this.current;
    if (state === 'closed') return true;
    if (state === 'half-open' && !this.trial) {
      this.trial = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.state = 'closed';
    this.failures = 0;
    this.trial = false;
  }

  failure(): void {
    this.trial = false;
    this.failures++;
    if (this.state === 'half-open' || this.failures >= this.failureThreshold) {
      this.state = 'open';
      this.openedAt = this.now();
    }
  }
}

class TransportError extends Error {}

/** An internal command's refusal (HTTP 422): a business answer the caller acts on, e.g. INSUFFICIENT_FUNDS. */
export class CommandRefusedError extends Error {
  constructor(
    readonly target: string,
    readonly code: string,
    message: string,
  ) {
    super(`${target}: ${message}`);
    this.name = 'CommandRefusedError';
  }
}

export class InternalClient {
  readonly breaker: CircuitBreaker;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;

  constructor(private readonly opts: InternalClientOptions) {
    this.breaker = new CircuitBreaker(opts.breaker?.failureThreshold, opts.breaker?.openMs);
    this.timeoutMs = opts.timeoutMs ?? 2_000;
    this.retries = opts.retries ?? 2;
    this.retryBaseMs = opts.retryBaseMs ?? 50;
  }

  /** Runs a query (retried on transport failures). GraphQL errors in the answer throw InternalCallError. */
  query<T>(document: string, variables: Record<string, unknown> = {}, call: CallOptions = {}): Promise<T> {
    return this.execute<T>(document, variables, call, this.retries);
  }

  /** Runs a mutation: never retried here (the caller owns idempotency). */
  mutate<T>(document: string, variables: Record<string, unknown> = {}, call: CallOptions = {}): Promise<T> {
    return this.execute<T>(document, variables, call, 0);
  }

  /**
   * Runs an internal command (`POST /_internal/<name>`, see internal-commands.ts). Commands are idempotent by
   * contract, so transport failures are retried like reads. A refusal throws CommandRefusedError.
   */
  command<T>(name: string, input: unknown, call: CallOptions = {}): Promise<T> {
    return this.attempt(() => this.sendCommand<T>(name, input, call), this.retries);
  }

  private execute<T>(document: string, variables: Record<string, unknown>, call: CallOptions, retries: number): Promise<T> {
    return this.attempt(() => this.send<T>(document, variables, call), retries);
  }

  private async attempt<T>(send: () => Promise<T>, retries: number): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (!this.breaker.tryAcquire()) throw errors.unavailable(this.opts.target);
      try {
        const result = await send();
        this.breaker.success();
        return result;
      } catch (error) {
        if (!(error instanceof TransportError)) {
          this.breaker.success(); // the owner answered: it is healthy, whatever it said
          throw error;
        }
        this.breaker.failure();
        this.opts.logger?.warn({ target: this.opts.target, attempt, err: error.message }, 'internal call failed');
        if (attempt >= retries) throw errors.unavailable(this.opts.target, error);
        await sleep(this.retryBaseMs * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }

  private async post(url: string, body: unknown, call: CallOptions): Promise<Reply> {
    const token = await this.opts.signer.sign({ userId: call.onBehalfOf ?? null, roles: call.roles ?? [], scopes: ['internal'] });
    const ctx = currentContext();
    const text = JSON.stringify(body);
    return request(
      url,
      {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
        [IDENTITY_HEADER]: token,
        ...(ctx.requestId ? { 'x-request-id': ctx.requestId } : {}),
        ...(ctx.correlationId ? { 'x-correlation-id': ctx.correlationId } : {}),
      },
      text,
      this.timeoutMs,
    );
  }

  private async sendCommand<T>(name: string, input: unknown, call: CallOptions): Promise<T> {
    const response = await this.post(new URL(`/_internal/${name}`, this.opts.url).href, input, call);
    let body: { result?: T; error?: { code: string; message: string } };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new TransportError(`HTTP ${response.status} without a JSON body`);
    }
    if (response.status === 200) return body.result as T;
    if (response.status === 422 && body.error) throw new CommandRefusedError(this.opts.target, body.error.code, body.error.message);
    if (response.status === 401 || response.status === 403) {
      throw new AppError('unavailable', `${this.opts.target} refused this service's identity for ${name}`);
    }
    if (response.status >= 500) throw new TransportError(`HTTP ${response.status}`);
    // 400, 404, 405, 413: this service sent something the owner does not accept; a bug here, not a transient failure.
    throw new Error(`${this.opts.target} refused ${name}: HTTP ${response.status} ${body.error?.code ?? ''}`);
  }

  private async send<T>(document: string, variables: Record<string, unknown>, call: CallOptions): Promise<T> {
    const response = await this.post(this.opts.url, { query: document, variables }, call);
    if (response.status >= 500 && response.status !== 503) {
      // 5xx other than an explicit "unavailable" may be transient (a restarting pod): retry.
      throw new TransportError(`HTTP ${response.status}`);
    }
    let body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new TransportError(`HTTP ${response.status} without a JSON body`);
    }
    if (response.status === 503) throw new TransportError('HTTP 503');
    if (body.errors?.length) {
      const code = body.errors[0]?.extensions?.code;
      if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
        // Our own identity was refused: a configuration error, not the caller's.
        throw new AppError('unavailable', `${this.opts.target} refused this service's identity`);
      }
      throw new InternalCallError(this.opts.target, body.errors);
    }
    if (body.data === undefined || body.data === null) throw new InternalCallError(this.opts.target, [{ message: 'no data' }]);
    return body.data;
  }
}

/** What `request` gives back: the status and the body, already read. */
interface Reply {
  status: number;
  json(): Promise<unknown>;
}

/**
 * Keep-alive connections per owner, shared by every client of this process. node:http rather than fetch: on the money
 * path a payment makes several internal calls, and undici's fetch (web streams, a WebAssembly HTTP parser, a Response
 * per call) cost several times the CPU of a plain request on a pooled socket.
 */
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 128 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 128 }) };

function request(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Reply> {
  const target = new URL(url);
  const owner = localServiceFor(target);
  if (owner) return requestLocal(owner, target, headers, body, timeoutMs);
  return new Promise((resolve, reject) => {
    const transport = target.protocol === 'https:' ? https : http;
    const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
    const req = transport.request(target, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => reject(new TransportError(`${error.name}: ${error.message}`)));
      res.on('end', () => {
        clearTimeout(timer);
        const raw = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: async () => JSON.parse(raw) as unknown });
      });
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(new TransportError(`${error.name}: ${error.message}`));
    });
    req.end(body);
  });
}

/** The owner runs in this process (local-dispatch.ts): the same request, handed to its listener, with the same timeout. */
async function requestLocal(owner: LocalService, target: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Reply> {
  try {
    const reply = await dispatchLocal(owner, { method: 'POST', path: target.pathname + target.search, headers, body }, { ms: timeoutMs, message: `no answer within ${timeoutMs} ms` });
    return { status: reply.status, json: async () => JSON.parse(reply.body.toString('utf8')) as unknown };
  } catch (error) {
    throw new TransportError(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}
