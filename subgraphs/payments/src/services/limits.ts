import { errors } from '@paygraph/platform/errors';
import type { EntityManager } from '@paygraph/platform/db';
import { formatAmount } from '@paygraph/platform/money';
import type { UserLimits } from './peers.js';

/**
 * Outgoing limits (from accounts, per KYC tier, in USD equivalent): one payment, the last 24 hours, the last 30 days.
 * Rolling windows rather than calendar ones, so nobody doubles a limit across midnight or the turn of a month.
 *
 * What counts: money the user moves out or in from outside (P2P sends and card top-ups), valued in USD when each
 * payment was made, whatever its state except FAILED (pending and parked payments have their money reserved).
 * Conversions between one's own wallets and money received do not count.
 */
export const LIMITED_KINDS = ['P2P', 'ADD_FUNDS', 'WITHDRAWAL'] as const;
const DAY_MS = 24 * 3600 * 1000;
const MONTH_MS = 30 * DAY_MS;

const usd = (minor: bigint) => `${formatAmount(minor, 'USD')} USD`;

function exceeded(what: string, limit: bigint, field: string): never {
  throw errors.user('LIMIT_EXCEEDED', `This payment exceeds your ${what} limit of ${usd(limit)}`, field);
}

/** The per-payment limit: no state involved, checked before anything is written. */
export function checkSinglePaymentLimit(limits: UserLimits, amountUsd: bigint, field = 'input.amount'): void {
  if (limits.singlePayment !== null && amountUsd > limits.singlePayment) exceeded('per-payment', limits.singlePayment, field);
}

export function needsUsage(limits: UserLimits): boolean {
  return limits.daily !== null || limits.monthly !== null;
}

/**
 * The window limits, from this service's own payments. Exact only when the caller holds the sender's lock in the same
 * transaction that then writes the payment (PaymentService does), so that two concurrent payments cannot both fit.
 */
export async function checkWindowLimits(
  em: EntityManager,
  senderId: string,
  limits: UserLimits,
  amountUsd: bigint,
  now: Date,
  field = 'input.amount',
): Promise<void> {
  if (!needsUsage(limits)) return;
  const since = new Date(now.getTime() - (limits.monthly !== null ? MONTH_MS : DAY_MS));
  const dayStart = new Date(now.getTime() - DAY_MS);
  const [row] = await em.execute<{ day: string; month: string }[]>(
    `select coalesce(sum(usd_equivalent) filter (where created_at > ?), 0)::text as day,
            coalesce(sum(usd_equivalent), 0)::text as month
       from payment
      where sender_id = ? and kind in (${LIMITED_KINDS.map(() => '?').join(', ')}) and status <> 'FAILED' and created_at > ?`,
    [dayStart, senderId, ...LIMITED_KINDS, since],
  );
  const day = BigInt(row?.day ?? '0');
  const month = BigInt(row?.month ?? '0');
  if (limits.daily !== null && day + amountUsd > limits.daily) exceeded('daily', limits.daily, field);
  if (limits.monthly !== null && month + amountUsd > limits.monthly) exceeded('monthly', limits.monthly, field);
}
