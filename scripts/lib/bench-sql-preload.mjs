// Loaded with `node --import` into a benchmark's child services (plain JavaScript: it runs before tsx's loader).
// Counts the SQL statements this process sends through the pg driver, by database, and on SIGUSR2 writes the totals so
// far to $BENCH_SQL_COUNT_DIR/<pid>.json (written to a temporary name and renamed, so a reader never sees half of it).
// Counting at the driver is the fallback of scripts/lib/bench-sql.ts when pg_stat_statements is not loaded.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const counts = {};
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (...args) {
  const db = this.database ?? '?';
  counts[db] = (counts[db] ?? 0) + 1;
  return query.apply(this, args);
};
// Installed even without a directory: SIGUSR2's default action would end the process.
process.on('SIGUSR2', () => {
  const dir = process.env.BENCH_SQL_COUNT_DIR;
  if (!dir) return;
  const file = path.join(dir, `${process.pid}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(counts));
  renameSync(`${file}.tmp`, file);
});
