import type { z } from 'zod';
import type { RunningService } from '@paygraph/platform/server';
import { usersConfigSchema } from '../../../subgraphs/users/src/config.js';
import { start as startUsers } from '../../../subgraphs/users/src/server.js';
import { accountsConfigSchema } from '../../../subgraphs/accounts/src/config.js';
import { start as startAccounts } from '../../../subgraphs/accounts/src/server.js';
import { walletsConfigSchema } from '../../../subgraphs/wallets/src/config.js';
import { start as startWallets } from '../../../subgraphs/wallets/src/server.js';
import { fraudConfigSchema } from '../../../subgraphs/fraud/src/config.js';
import { start as startFraud } from '../../../subgraphs/fraud/src/server.js';
import { transactionsConfigSchema } from '../../../subgraphs/transactions/src/config.js';
import { start as startTransactions } from '../../../subgraphs/transactions/src/server.js';
import { paymentsConfigSchema } from '../../../subgraphs/payments/src/config.js';
import { notificationsConfigSchema } from '../../../subgraphs/notifications/src/config.js';
import { start as startNotifications } from '../../../subgraphs/notifications/src/server.js';
import { auditConfigSchema } from '../../../subgraphs/audit/src/config.js';
import { start as startAudit } from '../../../subgraphs/audit/src/server.js';
import { start as startPayments } from '../../../subgraphs/payments/src/server.js';

/**
 * Every subgraph that exists, in start order (a service comes after those it reads from: users reads accounts
 * (partner applications) and wallets (funds before an erasure); payments reads users, accounts and wallets;
 * transactions reads wallets), with its default port (as in schema/supergraph.graphql).
 */
export interface SubgraphEntry {
  name: string;
  port: number;
  portVariable: string;
  configSchema: z.ZodType;
  start: (config: never) => Promise<RunningService>;
}

const entry = (name: string, port: number, configSchema: z.ZodType, start: (config: never) => Promise<RunningService>): SubgraphEntry => ({
  name,
  port,
  portVariable: `${name.toUpperCase()}_PORT`,
  configSchema,
  start,
});

export const subgraphs: SubgraphEntry[] = [
  entry('accounts', 4002, accountsConfigSchema, startAccounts as SubgraphEntry['start']),
  entry('wallets', 4005, walletsConfigSchema, startWallets as SubgraphEntry['start']),
  entry('users', 4001, usersConfigSchema, startUsers as SubgraphEntry['start']),
  entry('fraud', 4006, fraudConfigSchema, startFraud as SubgraphEntry['start']),
  entry('transactions', 4004, transactionsConfigSchema, startTransactions as SubgraphEntry['start']),
  entry('payments', 4003, paymentsConfigSchema, startPayments as SubgraphEntry['start']),
  entry('notifications', 4007, notificationsConfigSchema, startNotifications as SubgraphEntry['start']),
  entry('audit', 4008, auditConfigSchema, startAudit as SubgraphEntry['start']),
];
