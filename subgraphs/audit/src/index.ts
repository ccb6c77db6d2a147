import { loadConfigOrExit } from '@paygraph/platform/config';
import { runUntilSignalled } from '@paygraph/platform/server';
import { auditConfigSchema } from './config.js';
import { start } from './server.js';

runUntilSignalled(await start(loadConfigOrExit(auditConfigSchema)));
