import { loadConfigOrExit } from '@paygraph/platform/config';
import { usersConfigSchema } from './config.js';
import { start } from './server.js';

const config = loadConfigOrExit(usersConfigSchema);
const service = await start(config);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`users: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
