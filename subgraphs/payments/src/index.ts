import { loadConfigOrExit } from '@paygraph/platform/config';
import { runUntilSignalled } from '@paygraph/platform/server';
import { paymentsConfigSchema } from './config.js';
import { start } from './server.js';

runUntilSignalled(await start(loadConfigOrExit(paymentsConfigSchema)));
