import net from 'node:net';

// Tests run as native ES modules (most of the stack ships ESM only), transformed by swc.
// They talk to the real PostgreSQL, Redis and an SQS wire endpoint: see test/global-setup.mjs.

/**
 * Suites that test Redis itself (its scripts, expiries, two processes sharing it): on a machine without Redis they
 * cannot run, and say so; every other suite runs on the services' in-memory implementations there.
 */
const REDIS_SUITES = [
  'packages/platform/src/rate-limit.spec.ts',
  'gateway/test/fail-open.test.ts',
  'subgraphs/fraud/test/velocity-store.test.ts',
  'subgraphs/fraud/test/scenarios.test.ts',
];

const redisAnswers = () =>
  new Promise((resolve) => {
    if (process.env.TEST_REDIS_URL) return resolve(true);
    const socket = net.connect({ port: 6379, host: '127.0.0.1' });
    socket.setTimeout(1_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });

const noRedis = !(await redisAnswers());
if (noRedis) {
  // Read by testEnv (packages/platform/src/testing) and by suites with a Redis-only part: no REDIS_URL, in-memory.
  process.env.PAYGRAPH_TEST_REDIS = 'none';
  process.stderr.write(
    `\n[tests] No Redis on 127.0.0.1:6379 (and no TEST_REDIS_URL). SKIPPED, as they test Redis itself:\n${REDIS_SUITES.map((s) => `  - ${s}\n`).join('')}` +
      '  and the parts of other suites that need two processes sharing one Redis. Start redis-server or set TEST_REDIS_URL to run them.\n\n',
  );
}

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2023', keepClassNames: true },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/**/test/**/*.test.ts', '<rootDir>/**/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/', ...(noRedis ? REDIS_SUITES.map((s) => `<rootDir>/${s}`) : [])],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 60000,
};
