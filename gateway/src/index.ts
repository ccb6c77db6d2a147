import { loadConfigOrExit } from '@paygraph/platform/config';
import { createLogger } from '@paygraph/platform/logger';
import { runUntilSignalled } from '@paygraph/platform/server';
import { gatewayConfigSchema } from './config.js';
import { start } from './server.js';

const config = loadConfigOrExit(gatewayConfigSchema);
const logger = createLogger('gateway', config.LOG_LEVEL);
runUntilSignalled(await start(config, logger), logger);
