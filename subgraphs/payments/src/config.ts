import { baseSchema, env, z } from '@paygraph/platform/config';
import { isCurrency } from '@paygraph/platform/money';
import { parseFixedFees } from './domain/checkout.js';

const ms = (fallback: number, min = 0, max = 600_000) => z.coerce.number().int().min(min).max(max).default(fallback);

export const paymentsConfigSchema = baseSchema
  .extend({
    PAYMENTS_PORT: env.port(4003),
    /** The owners payments asks before it accepts a payment (recipient, limits, instrument, wallet, quote). */
    USERS_URL: env.url().default('http://127.0.0.1:4001/graphql'),
    ACCOUNTS_URL: env.url().default('http://127.0.0.1:4002/graphql'),
    WALLETS_URL: env.url().default('http://127.0.0.1:4005/graphql'),
    /** Asked synchronously for a P2P payment's decision (internal command `decide`, DESIGN.md §4). */
    FRAUD_URL: env.url().default('http://127.0.0.1:4006/graphql'),
    INTERNAL_CALL_TIMEOUT_MS: ms(2_000, 50, 30_000),
    /**
     * A P2P payment still PENDING this long after it was created lost its request half-way (a crash, a timeout): the
     * recovery worker repeats the idempotent calls and settles it. Longer than the request's own calls can take.
     */
    PAYMENT_RECOVERY_AFTER_MS: ms(5_000, 100, 600_000),
    PAYMENT_RECOVERY_INTERVAL_MS: ms(1_000, 20, 600_000),

    /** How long an idempotency key binds its request and result. Stripe's contract, which we promise: at least 24 h. */
    IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(24).max(24 * 90).default(24),
    /** How often expired keys are deleted. */
    IDEMPOTENCY_CLEANUP_INTERVAL_MS: ms(3_600_000, 1_000, 86_400_000),

    /** `awaitCompletion: true` waits at most this long for COMPLETED, FAILED or ON_HOLD, then answers as things are. */
    AWAIT_COMPLETION_TIMEOUT_MS: ms(5_000, 0, 30_000),
    /**
     * Waiters re-read the payment after this long, then at growing intervals up to four times it. A status change
     * committed in this process wakes them at once, so the poll only covers one committed by another replica's
     * consumer; a short one costs a query per waiter per tick.
     */
    AWAIT_POLL_INTERVAL_MS: ms(250, 5, 5_000),

    /** Sandbox PSP behaviour (test cards decide by last 4: 0002 declines, 0259 approves slowly, others approve). */
    PSP_LATENCY_MS: ms(0, 0, 60_000),
    /** Probability (0..1) that a PSP call fails transiently (network error or lost response); retried by the worker. */
    PSP_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
    PSP_SLOW_APPROVE_MS: ms(2_000, 0, 60_000),

    /** The charge worker: set false on replicas that should not call the PSP. */
    PSP_WORKER_ENABLED: env.bool.default(true),
    PSP_WORKER_POLL_MS: ms(100, 5, 60_000),
    /** Charges claimed and sent to the PSP at once by one worker. */
    PSP_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
    /** A PSP call that takes longer is abandoned and retried (same idempotency key). */
    PSP_TIMEOUT_MS: ms(10_000, 100, 120_000),
    /** How long a claimed charge stays reserved for its worker; must exceed PSP_TIMEOUT_MS. */
    PSP_CHARGE_LEASE_MS: ms(30_000, 200, 600_000),
    /** Attempts before a charge that keeps failing transiently is given up as PSP_ERROR. */
    PSP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
    PSP_RETRY_BASE_MS: ms(500, 10, 60_000),

    /** Sandbox bank rail: how long a withdrawal takes to settle, and how long after that a returned one comes back. */
    PAYOUT_RAIL_SETTLE_MS: ms(5_000, 0, 86_400_000),
    PAYOUT_RAIL_RETURN_MS: ms(5_000, 0, 86_400_000),
    /** How long after PAID the rail is still asked about a return (then the withdrawal is final). */
    PAYOUT_RETURN_WINDOW_MS: ms(60_000, 0, 86_400_000 * 7),
    /** The payout worker's pass interval, and how often a transfer in transit or a paid one is asked about again. */
    PAYOUT_WORKER_INTERVAL_MS: ms(500, 10, 600_000),
    PAYOUT_POLL_MS: ms(1_000, 10, 3_600_000),

    /** The payment request sweep: expires OPEN requests past their expiry, and drives payments of requests under way. */
    PAYMENT_REQUEST_SWEEP_INTERVAL_MS: ms(1_000, 10, 600_000),
    /** A payment request attempt that never created its payment (its request stopped) is given up after this long. */
    PAYMENT_REQUEST_ABANDONED_AFTER_MS: ms(60_000, 1_000, 3_600_000),

    /**
     * Merchant checkout fees (domain/checkout.ts checkoutFee): basis points of the captured amount, rounded half-up to
     * the minor unit, plus a fixed part per currency in minor units (`USD=30,EUR=25`; unlisted currencies: none); never
     * more than the amount. Frozen on each checkout when it is created.
     */
    CHECKOUT_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(290),
    CHECKOUT_FEE_FIXED_MINOR: z
      .string()
      .default('USD=30,EUR=25,GBP=20')
      .transform((v, ctx) => {
        try {
          return parseFixedFees(v, isCurrency);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return {};
        }
      }),
    /** How long a MANUAL checkout's authorisation holds the buyer's money before the checkout worker releases it (EXPIRED). */
    CHECKOUT_AUTHORIZATION_TTL_MS: z.coerce.number().int().min(1_000).max(30 * 86_400_000).default(7 * 86_400_000),
    /** The checkout worker: expires authorisations past their deadline, and drives approvals and steps left under way. */
    CHECKOUT_SWEEP_INTERVAL_MS: ms(1_000, 10, 600_000),

    /**
     * Merchant settlement (services/merchant-settlement.service.ts): a UTC day closes this long after it ends, so that
     * captures and refunds stamped in its last moments are in its batches; the worker looks for days to close every
     * SETTLEMENT_INTERVAL_MS, over the last SETTLEMENT_LOOK_BACK_DAYS days.
     */
    SETTLEMENT_CLOSE_DELAY_MS: ms(15 * 60_000, 0, 86_400_000),
    SETTLEMENT_INTERVAL_MS: ms(60_000, 100, 86_400_000),
    SETTLEMENT_LOOK_BACK_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  })
  .refine((c) => c.PSP_CHARGE_LEASE_MS > c.PSP_TIMEOUT_MS, {
    message: 'PSP_CHARGE_LEASE_MS must be longer than PSP_TIMEOUT_MS (a lease that ends mid-call lets a second worker in)',
    path: ['PSP_CHARGE_LEASE_MS'],
  });

export type PaymentsConfig = z.infer<typeof paymentsConfigSchema>;
