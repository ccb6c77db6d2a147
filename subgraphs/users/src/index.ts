import { loadConfigOrExit } from '@paygraph/platform/config';
import { createLogger } from '@paygraph/platform/logger';
import { runUntilSignalled } from '@paygraph/platform/server';
import { usersConfigSchema } from './config.js';
import { start } from './server.js';

const config = loadConfigOrExit(usersConfigSchema);
const logger = createLogger('users', config.LOG_LEVEL);
runUntilSignalled(await start(config, { logger }), logger);
