import { readdir, readFile } from 'node:fs/promises';

/**
 * CPU accounting for the benchmarks, from /proc (Linux; elsewhere every snapshot is null and the CPU lines are left
 * out): user + system time of named processes and of PostgreSQL's, so that a benchmark can print what a request or a
 * payment costs the machine, and where.
 */

/** USER_HZ on Linux: /proc/<pid>/stat counts CPU time in ticks of 10 ms. */
const TICKS_PER_SECOND = 100;

/** user + system CPU of `pid` so far, in ms; 0 when the process is gone. */
export async function cpuMsOf(pid: number | string): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime + stime: fields 14 and 15 of the line, 12 and 13 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Every process of the machine named `postgres` (the postmaster, its backends and its background workers). */
export async function allPostgresPids(): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const pids: number[] = [];
  for (const pid of entries.filter((p) => /^[0-9]+$/.test(p))) {
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'postgres') pids.push(Number(pid));
  }
  return pids;
}

/** CPU ms so far per name. */
export type CpuSnapshot = Map<string, number>;

/**
 * One snapshot: each named process, and under `postgres.name` the sum over `postgres.pids` (default every PostgreSQL
 * process of the machine; `postgres: false` leaves it out). Null where /proc is not there.
 */
export async function cpuSnapshot(
  processes: Record<string, number | undefined>,
  postgres: { name?: string; pids?: number[] } | false = {},
): Promise<CpuSnapshot | null> {
  if ((await readdir('/proc').catch(() => null)) === null) return null;
  const snap: CpuSnapshot = new Map();
  for (const [name, pid] of Object.entries(processes)) if (pid !== undefined) snap.set(name, await cpuMsOf(pid));
  if (postgres === false) return snap;
  let sum = 0;
  for (const pid of postgres.pids ?? (await allPostgresPids())) sum += await cpuMsOf(pid);
  snap.set(postgres.name ?? 'PostgreSQL', sum);
  return snap;
}

/** CPU ms spent between two snapshots, per name (a process that ended in between counts what it had). */
export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  return new Map([...after].map(([name, ms]) => [name, Math.max(0, ms - (before.get(name) ?? 0))]));
}

/** "48 ms (node (everything) 33, PostgreSQL 15)": CPU per unit of work (payments, requests) between two snapshots. */
export function cpuPer(before: CpuSnapshot | null, after: CpuSnapshot | null, units: number, digits = { total: 0, part: 1 }): string | null {
  if (!before || !after || units === 0) return null;
  const parts = [...cpuDelta(before, after)].map(([name, ms]) => [name, ms / units] as const);
  const total = parts.reduce((sum, [, ms]) => sum + ms, 0);
  return `${total.toFixed(digits.total)} ms (${parts.map(([name, ms]) => `${name} ${ms.toFixed(digits.part)}`).join(', ')})`;
}
