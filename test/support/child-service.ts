import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { Env } from '@paygraph/platform/config';

const root = path.resolve(import.meta.dirname, '..', '..');

/** A subgraph in its own OS process, so a test can kill it outright (SIGKILL) and start it again. */
export interface ChildService {
  url: string;
  process: ChildProcess;
  /** Resolves when the process has exited (by itself, e.g. a failpoint, or killed). */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function startChildService(name: string, port: number, env: Env): Promise<ChildService> {
  return startChild(name, path.join('subgraphs', name, 'src', 'index.ts'), port, { ...env, [`${name.toUpperCase()}_PORT`]: String(port) });
}

/** A second gateway process (e.g. two replicas behind one Redis). */
export function startChildGateway(port: number, env: Env): Promise<ChildService> {
  return startChild('gateway', path.join('gateway', 'src', 'index.ts'), port, { ...env, GATEWAY_PORT: String(port) });
}

async function startChild(name: string, entry: string, port: number, env: Env): Promise<ChildService> {
  // CHILD_NODE_ARGS: extra Node flags for the child (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` when profiling a benchmark).
  const extra = (process.env.CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port}/_readiness`).then((r) => r.ok, () => false);
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    process: child,
    exited,
    output: () => output,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
