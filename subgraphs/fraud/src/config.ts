import { baseSchema, z } from '@paygraph/platform/config';
import { parseAmount } from '@paygraph/platform/money';
import type { RuleThresholds } from './services/rules.js';

const count = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);
const score = (fallback: number) => z.coerce.number().int().min(1).max(100).default(fallback);

/** A USD amount written as a decimal ("1000.00"), held in cents. */
const usd = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        return parseAmount(value, 'USD');
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a positive USD amount such as "1000.00"' });
        return z.NEVER;
      }
    });

/**
 * Rule thresholds are configuration (FRAUD_*). The defaults approve ordinary activity (up to 100.00 a payment, to known
 * recipients or up to 5 new ones a day, up to 10 payments a minute) and stop bursts, sudden large amounts, fan-out and
 * blocklisted parties. All amounts are USD equivalents (see services/usd-rates.ts).
 */
export const fraudConfigSchema = baseSchema.extend({
  FRAUD_PORT: z.coerce.number().int().min(0).max(65535).default(4006),
  /** Key prefix of the velocity sorted sets in Redis (REDIS_URL); without Redis they are kept in memory. */
  FRAUD_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,60}$/).default('paygraph:fraud'),

  /** Score from which a movement is parked for review, and from which it is declined outright. */
  FRAUD_REVIEW_SCORE: score(50),
  FRAUD_DECLINE_SCORE: score(90),

  /** Outgoing payments per sender: a sliding minute and hour (count), and the sum over the hour. */
  FRAUD_VELOCITY_MAX_PER_MINUTE: count(10),
  FRAUD_VELOCITY_MAX_PER_HOUR: count(100),
  FRAUD_VELOCITY_MAX_AMOUNT_PER_HOUR: usd('10000.00'),

  /** A payment is "large" when it is at least MULTIPLIER × the sender's typical amount and at least MIN. */
  FRAUD_LARGE_AMOUNT_MULTIPLIER: count(10),
  FRAUD_LARGE_AMOUNT_MIN: usd('1000.00'),
  /** Completed payments needed before their mean is the sender's typical amount; until then DEFAULT_TYPICAL is. */
  FRAUD_TYPICAL_MIN_PAYMENTS: count(3),
  FRAUD_DEFAULT_TYPICAL_AMOUNT: usd('100.00'),

  /** A sender first seen by fraud less than this long ago is a new account; larger payments then weigh more. */
  FRAUD_NEW_ACCOUNT_MINUTES: count(60),
  FRAUD_NEW_ACCOUNT_LARGE_AMOUNT: usd('500.00'),

  /** Distinct recipients never paid before, per sender over a sliding 24 hours. */
  FRAUD_FANOUT_MAX_NEW_RECIPIENTS_PER_DAY: count(5),

  /** Add funds: charges per card over a sliding hour and day, and the sum per card over the day. */
  FRAUD_CARD_MAX_PER_HOUR: count(5),
  FRAUD_CARD_MAX_PER_DAY: count(10),
  FRAUD_CARD_MAX_SUM_PER_DAY: usd('5000.00'),
}).refine((c) => c.FRAUD_REVIEW_SCORE < c.FRAUD_DECLINE_SCORE, {
  message: 'FRAUD_REVIEW_SCORE must be lower than FRAUD_DECLINE_SCORE',
  path: ['FRAUD_REVIEW_SCORE'],
});

export type FraudConfig = z.infer<typeof fraudConfigSchema>;

export function thresholdsFrom(config: FraudConfig): RuleThresholds {
  return {
    reviewScore: config.FRAUD_REVIEW_SCORE,
    declineScore: config.FRAUD_DECLINE_SCORE,
    maxPerMinute: config.FRAUD_VELOCITY_MAX_PER_MINUTE,
    maxPerHour: config.FRAUD_VELOCITY_MAX_PER_HOUR,
    maxSumPerHour: config.FRAUD_VELOCITY_MAX_AMOUNT_PER_HOUR,
    largeAmountMultiplier: config.FRAUD_LARGE_AMOUNT_MULTIPLIER,
    largeAmountMin: config.FRAUD_LARGE_AMOUNT_MIN,
    typicalMinPayments: config.FRAUD_TYPICAL_MIN_PAYMENTS,
    defaultTypicalAmount: config.FRAUD_DEFAULT_TYPICAL_AMOUNT,
    newAccountMinutes: config.FRAUD_NEW_ACCOUNT_MINUTES,
    newAccountLargeAmount: config.FRAUD_NEW_ACCOUNT_LARGE_AMOUNT,
    maxNewRecipientsPerDay: config.FRAUD_FANOUT_MAX_NEW_RECIPIENTS_PER_DAY,
    cardMaxPerHour: config.FRAUD_CARD_MAX_PER_HOUR,
    cardMaxPerDay: config.FRAUD_CARD_MAX_PER_DAY,
    cardMaxSumPerDay: config.FRAUD_CARD_MAX_SUM_PER_DAY,
  };
}
