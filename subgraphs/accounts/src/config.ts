import { baseSchema, env, z } from '@paygraph/platform/config';

export const accountsConfigSchema = baseSchema.extend({
  ACCOUNTS_PORT: env.port(4002),
  /**
   * HMAC-SHA256 key for card and bank-account fingerprints (and KYC document hashes). Must stay stable: rotating it
   * makes every stored fingerprint unmatched, so duplicate detection and cross-user fraud signals restart from zero.
   */
  CARD_FINGERPRINT_SECRET: env.secret(32),
  /** Long-poll wait of the event consumer; tests shorten it so stop() returns quickly. */
  MAX_ACTIVE_FUNDING_INSTRUMENTS: z.coerce.number().int().min(1).max(1000).default(20),
  MAX_BUSINESS_ACCOUNTS: z.coerce.number().int().min(0).max(100).default(5),
  /**
   * How long a user's KYC tier, read for the limits of every payment, is answered from memory (0: read every time).
   * A verification this replica records is seen at once; one recorded by another replica within this time.
   */
  ACCOUNTS_TIER_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
});

export type AccountsConfig = z.infer<typeof accountsConfigSchema>;
