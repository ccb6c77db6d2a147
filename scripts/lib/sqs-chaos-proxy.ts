import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of an SQS endpoint (fauxqs) that misbehaves the way a real queue may: it delivers
 * messages twice and late. The services talk to it as to SQS (SQS_ENDPOINT); the AWS SDK's JSON protocol names the
 * action in `x-amz-target`, so each call can be treated by kind:
 *
 * - **a lost acknowledgement** (`dropAck`): a DeleteMessage(Batch) is answered "deleted" and not forwarded, so the
 *   message comes back after its visibility timeout: the consumer sees it a second time;
 * - **a duplicate send** (`duplicate`): a SendMessageBatch is forwarded a second time with new deduplication ids, so
 *   FIFO deduplication does not hide it: two messages carry one event;
 * - **a late send** (`delay`): a SendMessageBatch waits (up to `maxDelayMs`) before it reaches the queue.
 *
 * The randomness comes from a seeded generator, so a run can be repeated. Counts of what it did are in `stats`.
 */
export interface SqsChaosOptions {
  target: string;
  dropAck: number;
  duplicate: number;
  delay: number;
  maxDelayMs: number;
  seed: number;
}

export interface SqsChaosProxy {
  url: string;
  stats: { forwarded: number; acksDropped: number; sendsDuplicated: number; sendsDelayed: number };
  /** Starts misbehaving (it starts calm: every call forwarded as it is). */
  unleash(): void;
  /** Stops misbehaving (the run's settle phase). */
  calm(): void;
  close(): Promise<void>;
}

/** Mulberry32: small, fast and good enough to pick faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startSqsChaosProxy(opts: SqsChaosOptions): Promise<SqsChaosProxy> {
  const target = new URL(opts.target);
  const random = seededRandom(opts.seed);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const stats = { forwarded: 0, acksDropped: 0, sendsDuplicated: 0, sendsDelayed: 0 };
  let calm = true;

  const forward = (req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      const out = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
      stats.forwarded++;
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const action = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
        try {
          if (!calm && (action === 'DeleteMessageBatch' || action === 'DeleteMessage') && random() < opts.dropAck) {
            stats.acksDropped++;
            const parsed = action === 'DeleteMessageBatch' ? (JSON.parse(body.toString('utf8')) as { Entries?: { Id: string }[] }) : null;
            const answer = parsed ? { Successful: (parsed.Entries ?? []).map((e) => ({ Id: e.Id })), Failed: [] } : {};
            res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
            res.end(JSON.stringify(answer));
            return;
          }
          if (!calm && action === 'SendMessageBatch' && random() < opts.delay) {
            stats.sendsDelayed++;
            await new Promise((r) => setTimeout(r, Math.floor(random() * opts.maxDelayMs)));
          }
          const answer = await forward(req, body);
          if (!calm && action === 'SendMessageBatch' && answer.status === 200 && random() < opts.duplicate) {
            stats.sendsDuplicated++;
            const parsed = JSON.parse(body.toString('utf8')) as { Entries?: { MessageDeduplicationId?: string }[] };
            for (const entry of parsed.Entries ?? []) if (entry.MessageDeduplicationId) entry.MessageDeduplicationId = `${entry.MessageDeduplicationId.slice(0, 100)}-again`;
            // Later, as a redelivery would be; its answer goes nowhere.
            setTimeout(() => void forward(req, Buffer.from(JSON.stringify(parsed))).catch(() => undefined), Math.floor(random() * opts.maxDelayMs));
          }
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          headers['content-length'] = String(answer.body.length);
          res.writeHead(answer.status, headers);
          res.end(answer.body);
        } catch (error) {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(String(error));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    unleash: () => {
      calm = false;
    },
    calm: () => {
      calm = true;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
