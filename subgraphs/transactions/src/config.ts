import { baseSchema, env, z } from '@paygraph/platform/config';

export const transactionsConfigSchema = baseSchema.extend({
  TRANSACTIONS_PORT: env.port(4004),
  /**
   * How long the saga waits for wallets to answer a reservation or a capture. A reservation that takes longer fails
   * the transaction with TIMED_OUT (a hold that still arrives later is released); a capture that takes longer is
   * answered with a release request, and whichever of capture or release wallets applies decides the outcome.
   */
  SAGA_STEP_TIMEOUT_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /**
   * Waiting for fraud is never turned into an approval. A transaction still without a risk decision after this long
   * fails closed with TIMED_OUT (its hold released), so money is not held forever for a payment that cannot proceed.
   */
  SAGA_RISK_MAX_WAIT_MS: z.coerce.number().int().min(1_000).max(30 * 86_400_000).default(86_400_000),
  /** How often the timeout worker looks for transactions past their deadline. */
  SAGA_TIMEOUT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  /** Transactions handled per sweep transaction. */
  SAGA_TIMEOUT_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(100),
  /** The wallets subgraph, asked (internal read `_wallet`) for the owner and currency of a wallet never seen in an event. */
  WALLETS_URL: z.url().default('http://127.0.0.1:4005/graphql'),
  INTERNAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2_000),
});

export type TransactionsConfig = z.infer<typeof transactionsConfigSchema>;
