import type { KycTier } from '../entities/kyc-verification.entity.js';

/**
 * Outgoing limits per KYC tier: the one place they are defined. Payments reads them through accounts (an internal
 * query), never from a copy, so a change here applies everywhere at once.
 *
 * Amounts are USD minor units (cents). `null` means the limit does not apply at that tier: an unverified user is held
 * by the monthly cap alone, a verified one by per-payment and daily caps.
 */
export const LIMITS_CURRENCY = 'USD';
const LIMITS_EXPONENT = 2;

export interface TierLimits {
  singlePayment: bigint | null;
  daily: bigint | null;
  monthly: bigint | null;
}

export const TIER_LIMITS: Readonly<Record<KycTier, Readonly<TierLimits>>> = Object.freeze({
  UNVERIFIED: Object.freeze({ singlePayment: null, daily: null, monthly: 500_00n }),
  VERIFIED: Object.freeze({ singlePayment: 5_000_00n, daily: 20_000_00n, monthly: null }),
});

export function limitsFor(tier: KycTier): TierLimits {
  return { ...TIER_LIMITS[tier] };
}

export interface Money {
  amount: string;
  currency: string;
}

/** 50000n → "500.00": exact decimal string, no floats on the way. */
export function formatMinor(minor: bigint, exponent = LIMITS_EXPONENT): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export function limitsAsMoney(tier: KycTier): { singlePayment: Money | null; daily: Money | null; monthly: Money | null } {
  const money = (minor: bigint | null): Money | null =>
    minor === null ? null : { amount: formatMinor(minor), currency: LIMITS_CURRENCY };
  const limits = TIER_LIMITS[tier];
  return { singlePayment: money(limits.singlePayment), daily: money(limits.daily), monthly: money(limits.monthly) };
}

/** What the internal `_limits` read returns to payments: the tier and its limits as USD minor-unit strings. */
export function internalLimits(userId: string, tier: KycTier) {
  const limits = TIER_LIMITS[tier];
  const minor = (value: bigint | null) => (value === null ? null : value.toString());
  return {
    userId,
    tier,
    currency: LIMITS_CURRENCY,
    singlePayment: minor(limits.singlePayment),
    daily: minor(limits.daily),
    monthly: minor(limits.monthly),
  };
}
