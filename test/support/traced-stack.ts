/**
 * The whole graph in one process, traced as `npm start` is: run with `node --import dd-trace/initialize.mjs --import
 * tsx` and the test environment in the process's env. Prints `READY <gateway url> <json of service ports>` on stdout
 * once it answers; stops cleanly on SIGTERM.
 */
import { startStack } from '@paygraph/stack';
import type { Env } from '@paygraph/platform/config';

const stack = await startStack({ env: { ...process.env } as Env, ports: 'random' });
const ports = Object.fromEntries([['gateway', stack.gateway.port], ...Object.entries(stack.services).map(([name, svc]) => [name, svc.port])]);
process.stdout.write(`READY ${stack.gatewayUrl} ${JSON.stringify(ports)}\n`);
process.once('SIGTERM', () => {
  void stack.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
