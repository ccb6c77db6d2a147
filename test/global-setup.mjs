// Plain ESM (not transformed): jest loads global setup outside the test module system, and fauxqs is ESM-only.
import { startFauxqs } from 'fauxqs';

/**
 * Runs once before all test files: starts an SQS wire-protocol endpoint (fauxqs) on loopback unless one is given
 * (PAYGRAPH_TEST_SQS_ENDPOINT). PostgreSQL and Redis are the machine's own (TEST_DATABASE_URL, TEST_REDIS_URL).
 */
export default async function globalSetup() {
  if (!process.env.PAYGRAPH_TEST_SQS_ENDPOINT) {
    const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    process.env.PAYGRAPH_TEST_SQS_ENDPOINT = server.address;
    globalThis.__fauxqs = server;
  }
}
