import { loadConfigOrExit } from '@paygraph/platform/config';
import { accountsConfigSchema } from './config.js';
import { start } from './server.js';

const service = await start(loadConfigOrExit(accountsConfigSchema));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
