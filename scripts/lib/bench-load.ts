import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * A closed-loop HTTP load driver for the benchmarks: `concurrency` keep-alive connections, each sending its next POST
 * as soon as the previous one answered, for a fixed time. It runs in a process of its own (startLoadDriver) so that
 * its CPU is neither charged to the process under test nor competing with it for that process's event loop.
 */

/** One kind of request: worker w sends requests[w % requests.length] (e.g. one per signed-in user). */
export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

export interface LoadSpec {
  url: string;
  requests: LoadRequest[];
  concurrency: number;
  seconds: number;
  /** An answer counts as a success when it is HTTP 200, has no `"errors"` and contains this text (if given). */
  mustContain?: string;
  /** Every occurrence of this text in a body is replaced by a fresh UUID in each request (an idempotency key). */
  unique?: string;
  /** Worker w's i-th request is requests[(w + i) % requests.length] instead of always requests[w % …]. */
  rotate?: boolean;
  /** A regular expression whose first group is recorded from each successful answer, with when it arrived. */
  capture?: string;
}

export interface LoadResult {
  ok: number;
  failures: number;
  seconds: number;
  /** ms from write to the whole answer, of the successful requests, unsorted. */
  latencies: number[];
  /** With `capture`: [the group, epoch ms of the answer] per successful request. */
  captured: [string, number][];
  firstFailure?: string;
}

/** Runs one load (in whatever process calls it). */
export async function drive(spec: LoadSpec): Promise<LoadResult> {
  const target = new URL(spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency, scheduling: 'lifo' });
  const errorsMarker = Buffer.from('"errors"');
  const mustContain = spec.mustContain ? Buffer.from(spec.mustContain) : null;
  const capture = spec.capture ? new RegExp(spec.capture) : null;
  const prepared = spec.requests.map((r) => {
    const payload = Buffer.from(r.body);
    return { body: r.body, payload, headers: { ...r.headers, 'content-type': 'application/json', 'content-length': String(payload.length) } };
  });
  const result: LoadResult = { ok: 0, failures: 0, seconds: 0, latencies: [], captured: [] };
  const unique = spec.unique;
  const once = (req: (typeof prepared)[number]) =>
    new Promise<string | null>((resolve) => {
      const payload = unique ? Buffer.from(req.body.replaceAll(unique, randomUUID())) : req.payload;
      const headers = unique ? { ...req.headers, 'content-length': String(payload.length) } : req.headers;
      const r = http.request(
        { agent, hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers, timeout: 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const all = Buffer.concat(chunks);
            const ok = res.statusCode === 200 && !all.includes(errorsMarker) && (!mustContain || all.includes(mustContain));
            if (ok && capture) {
              const m = capture.exec(all.toString());
              if (m?.[1]) result.captured.push([m[1], Date.now()]);
            }
            resolve(ok ? null : `${res.statusCode} ${all.subarray(0, 400).toString()}`);
          });
          res.on('error', (e) => resolve(String(e)));
        },
      );
      r.on('timeout', () => r.destroy(new Error('timeout after 30 s')));
      r.on('error', (e) => resolve(String(e)));
      r.end(payload);
    });
  const t0 = performance.now();
  const deadline = t0 + spec.seconds * 1000;
  await Promise.all(
    Array.from({ length: spec.concurrency }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const req = prepared[(spec.rotate ? w + i : w) % prepared.length]!;
        const started = performance.now();
        const failure = await once(req);
        if (failure === null) {
          result.ok++;
          result.latencies.push(performance.now() - started);
        } else {
          result.failures++;
          result.firstFailure ??= failure;
        }
      }
    }),
  );
  result.seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return result;
}

/** The driver in its own process (scripts/lib/bench-load-child.ts): one load at a time, over its stdin/stdout. */
export interface LoadDriver {
  pid: number;
  run(spec: LoadSpec): Promise<LoadResult>;
  stop(): Promise<void>;
}

export async function startLoadDriver(): Promise<LoadDriver> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'lib', 'bench-load-child.ts')], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      void exited.then(() => reject(new Error('the load driver exited')));
    });
  const ready = await next();
  if (ready !== 'READY') throw new Error(`the load driver said ${ready}`);
  return {
    pid: child.pid!,
    async run(spec) {
      const answer = next();
      child.stdin!.write(`${JSON.stringify(spec)}\n`);
      return JSON.parse(await answer) as LoadResult;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
