// Plain ESM (not transformed): jest loads global setup outside the test module system, and fauxqs is ESM-only.
import { chmod, mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFauxqs } from 'fauxqs';
import { tsImport } from 'tsx/esm/api';

/**
 * Runs once before all test files, in the process the (runInBand) tests run in, so what it sets in process.env they see.
 *
 * - SQS: a wire-protocol endpoint (fauxqs) on loopback unless one is given (PAYGRAPH_TEST_SQS_ENDPOINT).
 * - PostgreSQL: TEST_DATABASE_URL when set; else the machine's on 127.0.0.1:5432; and on a machine that has none, an
 *   embedded PostgreSQL from npm (the one `npm start` uses) for this run only, in a temporary directory.
 * - Redis: TEST_REDIS_URL when set; else the machine's on 127.0.0.1:6379; with none, jest.config.js skips (loudly)
 *   the suites that test Redis itself, and the others run on the services' in-memory implementations.
 */
export default async function globalSetup() {
  if (!process.env.PAYGRAPH_TEST_SQS_ENDPOINT) {
    const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    process.env.PAYGRAPH_TEST_SQS_ENDPOINT = server.address;
    globalThis.__fauxqs = server;
  }

  if (!process.env.TEST_DATABASE_URL && !(await answers(5432))) {
    const dir = await mkdtemp(path.join(tmpdir(), 'paygraph-test-postgres-'));
    await chmod(dir, 0o755); // as root, the server runs as the postgres OS user
    const port = await freePort();
    const { startEmbeddedPostgres } = await tsImport('../packages/stack/src/embedded-postgres.ts', import.meta.url);
    const log = (msg) => process.stderr.write(`[tests] ${msg}\n`);
    log(`No PostgreSQL on 127.0.0.1:5432: starting an embedded one for this run (port ${port}, ${dir})`);
    const postgres = await startEmbeddedPostgres(dir, port, () => {});
    process.env.TEST_DATABASE_URL = postgres.url;
    globalThis.__embeddedPostgres = { ...postgres, dir };
  }
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
