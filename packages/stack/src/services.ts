import type { z } from 'zod';
import type { RunningService } from '@paygraph/platform/server';
import { usersConfigSchema } from '../../../subgraphs/users/src/config.js';
import { start as startUsers } from '../../../subgraphs/users/src/server.js';
import { accountsConfigSchema } from '../../../subgraphs/accounts/src/config.js';
import { start as startAccounts } from '../../../subgraphs/accounts/src/server.js';

/** Every subgraph that exists, in start order, with its default port (the same as in schema/supergraph.graphql). */
export interface SubgraphEntry {
  name: string;
  port: number;
  portVariable: string;
  configSchema: z.ZodType;
  start: (config: never) => Promise<RunningService>;
}

export const subgraphs: SubgraphEntry[] = [
  { name: 'users', port: 4001, portVariable: 'USERS_PORT', configSchema: usersConfigSchema, start: startUsers as SubgraphEntry['start'] },
  { name: 'accounts', port: 4002, portVariable: 'ACCOUNTS_PORT', configSchema: accountsConfigSchema, start: startAccounts as SubgraphEntry['start'] },
];
