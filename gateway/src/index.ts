import { loadConfigOrExit } from '@paygraph/platform/config';
import { createLogger } from '@paygraph/platform/logger';
import { gatewayConfigSchema } from './config.js';
import { start } from './server.js';

const config = loadConfigOrExit(gatewayConfigSchema);
const logger = createLogger('gateway', config.LOG_LEVEL);
const gateway = await start(config, logger);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    gateway.stop().then(() => process.exit(0), (err: unknown) => { logger.error({ err }, 'shutdown failed'); process.exit(1); });
  });
}
