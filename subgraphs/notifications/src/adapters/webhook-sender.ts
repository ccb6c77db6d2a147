import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isInternalAddress } from '../domain/webhook-target.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What one attempt gave: the HTTP status answered, or why there was none. */
export interface WebhookResponse {
  status: number | null;
  error: string | null;
  latencyMs: number;
}

export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResponse>;
}

/** The most of an answer's body read (and dropped) before the connection is let go. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs over node:http(s), one request per attempt, with a deadline for the whole exchange and no redirects followed
 * (a 3xx is a failed attempt: a redirect could lead anywhere, inside the network too). Unless internal targets are
 * allowed, every address the host resolves to is checked inside the socket's own DNS lookup, so the address that is
 * checked is the one connected to: a name that resolves to a public address when the endpoint is saved and to
 * 127.0.0.1 at delivery time (DNS rebinding) is refused.
 */
export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly opts: { timeoutMs: number; allowPrivate: boolean; userAgent?: string }) {}

  send(request: WebhookRequest): Promise<WebhookResponse> {
    const started = performance.now();
    const done = (status: number | null, error: string | null): WebhookResponse => ({
      status,
      error,
      latencyMs: Math.round(performance.now() - started),
    });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(done(null, 'invalid URL'));
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.opts.allowPrivate && isIP(host) && isInternalAddress(host)) return Promise.resolve(done(null, 'target address is internal'));

    return new Promise((resolve) => {
      let settled = false;
      const finish = (status: number | null, error: string | null) => {
        if (settled) return;
        settled = true;
        resolve(done(status, error));
      };
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, {
        method: 'POST',
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': this.opts.userAgent ?? 'Paygraph-Webhooks/1.0',
        },
        agent: false,
        lookup: this.opts.allowPrivate ? undefined : guardedLookup,
      });
      const deadline = setTimeout(() => {
        req.destroy(new Error(`timed out after ${this.opts.timeoutMs} ms`));
      }, this.opts.timeoutMs);
      req.on('response', (res) => {
        // The status is the answer: latency is until the answer's head. The body is read (at most 64 KiB, within the
        // same deadline) and dropped, so the receiver is not left writing into a closed socket.
        finish(res.statusCode ?? null, null);
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('error', () => {});
        res.on('close', () => clearTimeout(deadline));
      });
      req.on('error', (error) => finish(null, error.message.slice(0, 300)));
      req.on('close', () => clearTimeout(deadline));
      req.end(request.body);
    });
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses internal addresses (every one the name resolves to must be public). */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    const blocked = list.find((a) => isInternalAddress(a.address));
    if (blocked || list.length === 0) {
      const refused = Object.assign(new Error(`target address is internal (${hostname})`), { code: 'EPAYGRAPHBLOCKED' }) as NodeJS.ErrnoException;
      return callback(refused, []);
    }
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}
