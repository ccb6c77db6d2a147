import { backboneEntities } from '@paygraph/platform/events';
import type { MikroORM } from '@paygraph/platform/db';
import type { Logger } from '@paygraph/platform/logger';
import { openServiceDatabase } from '@paygraph/platform/subgraph-runtime';
import { usersEntities } from './entities/index.js';
import { migrations } from './migrations/index.js';
import type { UsersConfig } from './config.js';

/** Our tables plus the outbox (and inbox) the event backbone keeps in every service database. */
export const entities = [...usersEntities, ...backboneEntities];
export { migrations };

export function openUsersDatabase(config: UsersConfig, logger?: Logger): Promise<MikroORM> {
  return openServiceDatabase({ name: 'users', config, entities, migrations, logger });
}
