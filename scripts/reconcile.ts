/**
 * `npm run reconcile`: checks the money invariants across wallets, payments and transactions (see
 * packages/stack/src/reconcile.ts). Exits 0 when green, 1 with every finding listed when not.
 *   DATABASE_URL, DATABASE_PREFIX (as the services), RECONCILE_DEADLINE_SECONDS (300: payments younger may be in flight),
 *   SETTLEMENT_CLOSE_DELAY_MS (as payments: when a settlement day is due to be closed)
 */
import { readEnv } from '@paygraph/platform/config';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';

const env = readEnv();
const report = await runReconciliation({
  serverUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  prefix: env.DATABASE_PREFIX ?? 'paygraph_',
  olderThanSeconds: Number(env.RECONCILE_DEADLINE_SECONDS ?? 300),
  settlementCloseDelaySeconds: Number(env.SETTLEMENT_CLOSE_DELAY_MS ?? 900_000) / 1000,
});
process.stdout.write(`${formatReport(report)}\n`);
process.exit(report.ok ? 0 : 1);
