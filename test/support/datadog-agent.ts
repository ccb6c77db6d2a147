import dgram from 'node:dgram';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the DataDog agent receives, on loopback, for tests: the trace API dd-trace sends to (`PUT /v0.4/traces`,
 * msgpack: an array of traces, each an array of span maps) and DogStatsD (UDP, one metric per line). Everything else
 * the tracer may ask for answers 404, which dd-trace takes as "feature not there".
 */
export interface AgentSpan {
  trace_id: string;
  span_id: string;
  parent_id: string;
  name: string;
  resource: string;
  service: string;
  error: number;
  meta: Record<string, string>;
  metrics: Record<string, number>;
}

export interface FakeAgent {
  url: string;
  statsdPort: number;
  spans: AgentSpan[];
  statsd: string[];
  /** Resolves when `predicate` holds for the received spans (checked on every payload), or rejects after `ms`. */
  waitFor(predicate: (spans: AgentSpan[]) => boolean, ms: number, what: string): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeAgent(): Promise<FakeAgent> {
  const spans: AgentSpan[] = [];
  const statsd: string[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (/^\/v0\.[45]\/traces$/.test(req.url ?? '') && req.url === '/v0.4/traces') {
        const traces = decodeMsgpack(Buffer.concat(chunks)) as Record<string, unknown>[][];
        for (const trace of traces) for (const span of trace) spans.push(toSpan(span));
        for (const wake of waiters) wake();
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ rate_by_service: {} }));
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg) => statsd.push(...String(msg).split('\n').filter(Boolean)));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    statsdPort: udp.address().port,
    spans,
    statsd,
    waitFor: (predicate, ms, what) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(spans)) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${ms} ms waiting for ${what}; ${spans.length} spans received`));
        }, ms);
        const check = () => {
          if (!predicate(spans)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}

function toSpan(raw: Record<string, unknown>): AgentSpan {
  return {
    trace_id: String(raw.trace_id),
    span_id: String(raw.span_id),
    parent_id: String(raw.parent_id),
    name: String(raw.name),
    resource: String(raw.resource),
    service: String(raw.service),
    error: Number(raw.error ?? 0),
    meta: (raw.meta ?? {}) as Record<string, string>,
    metrics: (raw.metrics ?? {}) as Record<string, number>,
  };
}

/** A msgpack decoder (the subset any encoder uses: all of it but extension types); 64-bit integers as decimal strings. */
export function decodeMsgpack(buf: Buffer): unknown {
  let pos = 0;
  const str = (n: number) => {
    const s = buf.toString('utf8', pos, pos + n);
    pos += n;
    return s;
  };
  const arr = (n: number): unknown[] => Array.from({ length: n }, () => read());
  const map = (n: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const k = read();
      out[String(k)] = read();
    }
    return out;
  };
  const u64 = (signed: boolean) => {
    const v = signed ? buf.readBigInt64BE(pos) : buf.readBigUInt64BE(pos);
    pos += 8;
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  };
  function read(): unknown {
    const b = buf[pos++]!;
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if ((b & 0xf0) === 0x80) return map(b & 0x0f);
    if ((b & 0xf0) === 0x90) return arr(b & 0x0f);
    if ((b & 0xe0) === 0xa0) return str(b & 0x1f);
    let v: number;
    switch (b) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xc4: v = buf.readUInt8(pos); pos += 1; pos += v; return buf.subarray(pos - v, pos);
      case 0xc5: v = buf.readUInt16BE(pos); pos += 2; pos += v; return buf.subarray(pos - v, pos);
      case 0xc6: v = buf.readUInt32BE(pos); pos += 4; pos += v; return buf.subarray(pos - v, pos);
      case 0xca: v = buf.readFloatBE(pos); pos += 4; return v;
      case 0xcb: v = buf.readDoubleBE(pos); pos += 8; return v;
      case 0xcc: return buf.readUInt8(pos++);
      case 0xcd: v = buf.readUInt16BE(pos); pos += 2; return v;
      case 0xce: v = buf.readUInt32BE(pos); pos += 4; return v;
      case 0xcf: return u64(false);
      case 0xd0: return buf.readInt8(pos++);
      case 0xd1: v = buf.readInt16BE(pos); pos += 2; return v;
      case 0xd2: v = buf.readInt32BE(pos); pos += 4; return v;
      case 0xd3: return u64(true);
      case 0xd9: v = buf.readUInt8(pos); pos += 1; return str(v);
      case 0xda: v = buf.readUInt16BE(pos); pos += 2; return str(v);
      case 0xdb: v = buf.readUInt32BE(pos); pos += 4; return str(v);
      case 0xdc: v = buf.readUInt16BE(pos); pos += 2; return arr(v);
      case 0xdd: v = buf.readUInt32BE(pos); pos += 4; return arr(v);
      case 0xde: v = buf.readUInt16BE(pos); pos += 2; return map(v);
      case 0xdf: v = buf.readUInt32BE(pos); pos += 4; return map(v);
      default: throw new Error(`msgpack: unsupported type byte 0x${b.toString(16)} at ${pos - 1}`);
    }
  }
  return read();
}
