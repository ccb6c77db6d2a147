import { errors } from '@paygraph/platform/errors';
import { formatAmount } from '@paygraph/platform/money';

/** A user's outgoing limits at their KYC tier, from accounts. */
export interface UserLimits {
  tier: string;
  /** USD minor units; null where the limit does not apply at the tier. */
  singlePayment: bigint | null;
  daily: bigint | null;
  monthly: bigint | null;
}

/** What the user has moved in the windows that end now (USD minor units), as the payment repository sums it. */
export interface WindowUsage {
  day: bigint;
  month: bigint;
}

/**
 * Outgoing limits (from accounts, per KYC tier, in USD equivalent): one payment, the last 24 hours, the last 30 days.
 * Rolling windows rather than calendar ones, so nobody doubles a limit across midnight or the turn of a month.
 *
 * What counts: money the user moves out or in from outside (P2P sends and card top-ups), valued in USD when each
 * payment was made, whatever its state except FAILED (pending and parked payments have their money reserved).
 * Conversions between one's own wallets and money received do not count.
 */
export const LIMITED_KINDS = ['P2P', 'ADD_FUNDS', 'WITHDRAWAL'] as const;
export const DAY_MS = 24 * 3600 * 1000;
export const MONTH_MS = 30 * DAY_MS;

const usd = (minor: bigint) => `${formatAmount(minor, 'USD')} USD`;

/** A withdrawal's refusal names itself (WITHDRAWAL_LIMIT_EXCEEDED); it counts against the same limits as payments. */
export type LimitCode = 'LIMIT_EXCEEDED' | 'WITHDRAWAL_LIMIT_EXCEEDED';

function exceeded(what: string, limit: bigint, field: string, code: LimitCode): never {
  const thing = code === 'WITHDRAWAL_LIMIT_EXCEEDED' ? 'withdrawal' : 'payment';
  throw errors.user(code, `This ${thing} exceeds your ${what} limit of ${usd(limit)}`, field);
}

/** The per-payment limit: no state involved, checked before anything is written. */
export function checkSinglePaymentLimit(limits: UserLimits, amountUsd: bigint, field = 'input.amount', code: LimitCode = 'LIMIT_EXCEEDED'): void {
  if (limits.singlePayment !== null && amountUsd > limits.singlePayment) exceeded('per-payment', limits.singlePayment, field, code);
}

export function needsUsage(limits: UserLimits): boolean {
  return limits.daily !== null || limits.monthly !== null;
}

/** The windows a usage sum must cover: the last 30 days when a monthly limit applies, else the last 24 hours. */
export function usageWindows(limits: UserLimits, now: Date): { since: Date; dayStart: Date } {
  return { since: new Date(now.getTime() - (limits.monthly !== null ? MONTH_MS : DAY_MS)), dayStart: new Date(now.getTime() - DAY_MS) };
}

/**
 * The window limits over the sender's usage. Exact only when the usage was summed under the sender's lock in the
 * same transaction that then writes the payment (PaymentService does), so that two concurrent payments cannot both fit.
 */
export function checkWindowLimits(
  limits: UserLimits,
  usage: WindowUsage,
  amountUsd: bigint,
  field = 'input.amount',
  code: LimitCode = 'LIMIT_EXCEEDED',
): void {
  if (limits.daily !== null && usage.day + amountUsd > limits.daily) exceeded('daily', limits.daily, field, code);
  if (limits.monthly !== null && usage.month + amountUsd > limits.monthly) exceeded('monthly', limits.monthly, field, code);
}
