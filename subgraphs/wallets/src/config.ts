import { baseSchema, env, z } from '@paygraph/platform/config';
import { CURRENCIES } from '@paygraph/platform/money';

const DECIMAL = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,12})?$/;

/** `EUR=0.92,JPY=151.5`: units of each currency per 1 USD (mid market). */
const rateTable = z
  .string()
  .default('')
  .transform((v, ctx) => {
    const table: Record<string, string> = {};
    for (const part of v.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [code, rate] = part.split('=').map((s) => s.trim());
      if (!code || !CURRENCIES.has(code) || !rate || !DECIMAL.test(rate) || /^0(\.0*)?$/.test(rate)) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not CODE=positive-decimal with a supported currency` });
        continue;
      }
      table[code] = rate;
    }
    return table;
  });

export const walletsConfigSchema = baseSchema.extend({
  WALLETS_PORT: env.port(4005),
  /** Currencies a wallet may be opened in (ISO 4217 codes known to the platform). Empty: every known currency. */
  WALLET_CURRENCIES: env
    .list()
    .refine((list) => list.every((c) => CURRENCIES.has(c)), { message: 'contains a currency the platform does not know' })
    .transform((list) => (list.length > 0 ? list : [...CURRENCIES.keys()])),
  /** Overrides of the built-in mid-rate table (units per 1 USD), e.g. `EUR=0.92,JPY=151.5`. */
  FX_RATES: rateTable,
  /** The FX spread in basis points taken off the mid rate (50 = 0.5%). */
  FX_SPREAD_BPS: z.coerce.number().int().min(0).max(2000).default(50),
  /** How long a quote can be accepted (convertCurrency) after it was given. */
  FX_QUOTE_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /**
   * How long after its expiry an accepted quote can still be settled (capture). Covers the saga's own latency; a
   * conversion parked in review for longer fails with QUOTE_EXPIRED and its hold is released.
   */
  FX_QUOTE_CAPTURE_GRACE_SECONDS: z.coerce.number().int().min(0).max(7 * 86_400).default(900),
  /** Lifetime of a hold. Long because a payment parked for review keeps its hold until an admin decides. */
  HOLD_TTL_SECONDS: z.coerce.number().int().min(1).max(90 * 86_400).default(7 * 86_400),
  /** How often the expiry worker looks for holds past their expiry. */
  HOLD_EXPIRY_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
});

export type WalletsConfig = z.infer<typeof walletsConfigSchema>;
