import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';

/**
 * SQL statements a benchmark's stack sends, by service (its database's name without the benchmark's prefix). Two
 * sources, the first that works:
 * - pg_stat_statements, when the extension can be created on the server and is loaded (shared_preload_libraries):
 *   the server's own count of statements executed per database, whichever process sent them.
 * - the pg driver: this process's pg.Client is wrapped (installDriverCounter, before the stack starts), and child
 *   services are started with scripts/lib/bench-sql-preload.mjs (driverCounterNodeArgs), which counts the same way
 *   and reports on SIGUSR2.
 */

/** Cumulative statements sent by this process's pg driver, by database name. */
const inProcess = new Map<string, number>();
let installed = false;

/** Wraps pg.Client.prototype.query in this process (once): every statement it sends is counted by database. */
export function installDriverCounter(): void {
  if (installed) return;
  installed = true;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const db = (this as unknown as { database?: string }).database ?? '?';
    inProcess.set(db, (inProcess.get(db) ?? 0) + 1);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/**
 * What child services need to count at their driver: Node flags for CHILD_NODE_ARGS (test/support/child-service.ts)
 * and the directory they report into (BENCH_SQL_COUNT_DIR in their environment). A child started with these flags
 * handles SIGUSR2; without them the signal would end it, so only these children are ever signalled.
 */
export function driverCounterForChildren(): { nodeArgs: string; dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-sql-'));
  return {
    nodeArgs: `--import ${pathToFileURL(path.join(import.meta.dirname, 'bench-sql-preload.mjs')).href}`,
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface StatementCounter {
  /** Said in the output: where the counts come from. */
  source: string;
  /** Statements so far, by service (databases outside the benchmark's prefix left out). */
  snapshot(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

/**
 * Opens the counter: pg_stat_statements if it can be created (in the benchmark's own `probeService` database, dropped
 * with it) and read, else the drivers (this process's, installed with installDriverCounter, and `children`'s, started
 * with driverCounterForChildren's flags reporting into `childDir`).
 */
export async function openStatementCounter(opts: {
  serverUrl: string;
  prefix: string;
  probeService: string;
  children: number[];
  childDir?: string;
}): Promise<StatementCounter> {
  const byService = (rows: Iterable<[string, number]>) => {
    const out = new Map<string, number>();
    for (const [db, n] of rows) if (db.startsWith(opts.prefix)) out.set(db.slice(opts.prefix.length), (out.get(db.slice(opts.prefix.length)) ?? 0) + n);
    return out;
  };
  const client = new pg.Client({ connectionString: databaseUrl(opts.serverUrl, `${opts.prefix}${opts.probeService}`) });
  await client.connect();
  let reason = '';
  let snapshots = 0;
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
    return {
      source: 'pg_stat_statements (the server\'s count per database, every process)',
      async snapshot() {
        const { rows } = await client.query<{ datname: string; calls: string }>(
          `SELECT d.datname, sum(s.calls)::text AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname LIKE $1 GROUP BY d.datname`,
          [`${opts.prefix}%`],
        );
        const counts = byService(rows.map((r) => [r.datname, Number(r.calls)] as [string, number]));
        // This query itself is recorded in the probe database once it has run: do not count the counter's own.
        counts.set(opts.probeService, Math.max(0, (counts.get(opts.probeService) ?? 0) - ++snapshots));
        return counts;
      },
      close: () => client.end(),
    };
  } catch (error) {
    reason = (error as Error).message;
  }
  await client.end();
  installDriverCounter();
  const childDir = opts.childDir;
  return {
    source: `the pg driver of every process of the stack (pg_stat_statements unavailable: ${reason.replace(/\s+/g, ' ').slice(0, 90)})`,
    async snapshot() {
      const rows: [string, number][] = [...inProcess];
      if (childDir && opts.children.length > 0) {
        const files = opts.children.map((pid) => path.join(childDir, `${pid}.json`));
        for (const file of files) rmSync(file, { force: true });
        for (const pid of opts.children) process.kill(pid, 'SIGUSR2');
        const deadline = Date.now() + 5_000;
        while (!files.every((f) => existsSync(f))) {
          if (Date.now() > deadline) throw new Error('a child service did not report its statement count in 5 s');
          await new Promise((r) => setTimeout(r, 10));
        }
        for (const file of files) rows.push(...Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>));
      }
      return byService(rows);
    },
    close: async () => {},
  };
}
