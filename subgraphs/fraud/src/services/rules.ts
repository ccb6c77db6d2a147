import { formatAmount } from '@paygraph/platform/money';

/**
 * The rules engine: pure functions from the facts about one money movement to a score, a decision and the reasons.
 * Gathering the facts (history, velocity windows, blocklist) is the assessment service's job; nothing here does I/O,
 * so every threshold can be unit-tested with plain values.
 *
 * Each rule family returns its contribution to the score (0 when it sees nothing) and why. The score is the sum,
 * capped at 100; REVIEW from `reviewScore`, DECLINE from `declineScore`. A blocklist hit declines whatever the sum.
 * Contributions are calibrated so that one strong signal (a burst, a large amount, fan-out) reaches REVIEW alone,
 * weak signals (a new account, an elevated amount) only in combination, and two strong ones, or an extreme burst,
 * reach DECLINE.
 */

export type PaymentKind = 'ADD_FUNDS' | 'P2P' | 'CONVERSION' | 'WITHDRAWAL' | 'REFUND';
export type RiskDecision = 'APPROVE' | 'REVIEW' | 'DECLINE';

export interface RuleThresholds {
  reviewScore: number;
  declineScore: number;
  /** Outgoing payments per sender. */
  maxPerMinute: number;
  maxPerHour: number;
  /** USD cents. */
  maxSumPerHour: bigint;
  largeAmountMultiplier: number;
  largeAmountMin: bigint;
  typicalMinPayments: number;
  defaultTypicalAmount: bigint;
  newAccountMinutes: number;
  newAccountLargeAmount: bigint;
  maxNewRecipientsPerDay: number;
  /** Add funds, per card. */
  cardMaxPerHour: number;
  cardMaxPerDay: number;
  cardMaxSumPerDay: bigint;
}

/** The defaults of the FRAUD_* configuration (config.ts), for tests and tools. */
export const DEFAULT_THRESHOLDS: RuleThresholds = {
  reviewScore: 50,
  declineScore: 90,
  maxPerMinute: 10,
  maxPerHour: 100,
  maxSumPerHour: 1_000_000n,
  largeAmountMultiplier: 10,
  largeAmountMin: 100_000n,
  typicalMinPayments: 3,
  defaultTypicalAmount: 10_000n,
  newAccountMinutes: 60,
  newAccountLargeAmount: 50_000n,
  maxNewRecipientsPerDay: 5,
  cardMaxPerHour: 5,
  cardMaxPerDay: 10,
  cardMaxSumPerDay: 500_000n,
};

/** Contributions of the rule families. */
export const WEIGHTS = {
  blocklisted: 100,
  burst: 90,
  strong: 60,
  elevatedAmount: 20,
  newAccount: 10,
  newAccountLargeAmount: 25,
} as const;

/** Members and their summed weight (USD cents) in a sliding window that ends at the movement, the movement included. */
export interface WindowStat {
  count: number;
  sum: bigint;
}

/** Everything the rules look at. A fact a kind's rules do not need may be null (it was not gathered). */
export interface RiskFacts {
  kind: PaymentKind;
  /** This movement's amount in USD cents. */
  amountUsd: bigint;
  at: Date;
  sender: {
    /** When fraud first saw the sender (any movement by or to them); `at` for their first one. */
    firstSeenAt: Date;
    /** Their completed outgoing P2P payments, and the sum in USD cents. */
    completedCount: number;
    completedSumUsd: bigint;
  };
  /** The sender completed a payment to this recipient before. */
  recipientKnown: boolean;
  blocked: { sender: boolean; recipient: boolean; instrument: boolean };
  /** The sender's outgoing payments. */
  velocity: { minute: WindowStat; hour: WindowStat } | null;
  /** Distinct recipients the sender had never paid, over 24 hours (this one included when it is new). */
  newRecipientsToday: number | null;
  /** Charges of the add-funds card. */
  card: { hour: WindowStat; day: WindowStat } | null;
}

export interface RuleResult {
  score: number;
  reason: string | null;
}

export interface Assessment {
  score: number;
  decision: RiskDecision;
  reasons: string[];
}

const NOTHING: RuleResult = { score: 0, reason: null };
const usd = (cents: bigint) => `${formatAmount(cents, 'USD')} USD`;

/** The strongest of a family's signals (ties: the first). */
function strongest(results: RuleResult[]): RuleResult {
  return results.reduce((best, r) => (r.score > best.score ? r : best), NOTHING);
}

export function blocklistRule(facts: RiskFacts): RuleResult {
  const who = [
    facts.blocked.sender && 'sender',
    facts.blocked.recipient && 'recipient',
    facts.blocked.instrument && 'funding instrument',
  ].filter(Boolean);
  if (who.length === 0) return NOTHING;
  return { score: WEIGHTS.blocklisted, reason: `BLOCKLISTED: ${who.join(', ')} on the blocklist` };
}

/** The sender's typical payment: the mean of their completed ones once there are enough, a configured default before. */
export function typicalAmount(facts: RiskFacts, t: RuleThresholds): bigint {
  const { completedCount, completedSumUsd } = facts.sender;
  const typical = completedCount >= t.typicalMinPayments ? completedSumUsd / BigInt(completedCount) : t.defaultTypicalAmount;
  return typical > 0n ? typical : 1n;
}

/**
 * Sudden large amounts: at least `largeAmountMultiplier` × the typical amount and at least `largeAmountMin` (both, so
 * that a sender who always pays 1.00 may still pay 50.00). Half of both is an elevated amount: a weak signal only.
 * Tier limits are not repeated here: payments enforces them (LIMIT_EXCEEDED) before a payment exists.
 */
export function amountRule(facts: RiskFacts, t: RuleThresholds): RuleResult {
  const typical = typicalAmount(facts, t);
  const multiple = BigInt(t.largeAmountMultiplier);
  const amount = facts.amountUsd;
  const ratio = Number((amount * 10n) / typical) / 10;
  if (amount >= multiple * typical && amount >= t.largeAmountMin) {
    return { score: WEIGHTS.strong, reason: `LARGE_AMOUNT: ${usd(amount)} is ${ratio}x the sender's typical ${usd(typical)}` };
  }
  if (amount * 2n >= multiple * typical && amount * 2n >= t.largeAmountMin) {
    return { score: WEIGHTS.elevatedAmount, reason: `ELEVATED_AMOUNT: ${usd(amount)} is ${ratio}x the sender's typical ${usd(typical)}` };
  }
  return NOTHING;
}

/** Bursts: more than the allowed outgoing payments in a sliding minute or hour, or more money in an hour. */
export function velocityRule(facts: RiskFacts, t: RuleThresholds): RuleResult {
  const v = facts.velocity;
  if (!v) return NOTHING;
  return strongest([
    v.minute.count > 2 * t.maxPerMinute
      ? { score: WEIGHTS.burst, reason: `VELOCITY_BURST: ${v.minute.count} outgoing payments in a minute (limit ${t.maxPerMinute})` }
      : NOTHING,
    v.minute.count > t.maxPerMinute
      ? { score: WEIGHTS.strong, reason: `VELOCITY: ${v.minute.count} outgoing payments in a minute (limit ${t.maxPerMinute})` }
      : NOTHING,
    v.hour.count > t.maxPerHour
      ? { score: WEIGHTS.strong, reason: `VELOCITY: ${v.hour.count} outgoing payments in an hour (limit ${t.maxPerHour})` }
      : NOTHING,
    v.hour.sum > t.maxSumPerHour
      ? { score: WEIGHTS.strong, reason: `VELOCITY_SUM: ${usd(v.hour.sum)} sent in an hour (limit ${usd(t.maxSumPerHour)})` }
      : NOTHING,
  ]);
}

/** A sender fraud first saw minutes ago: weak alone, heavier with a larger amount. */
export function newAccountRule(facts: RiskFacts, t: RuleThresholds): RuleResult {
  const ageMs = facts.at.getTime() - facts.sender.firstSeenAt.getTime();
  if (ageMs >= t.newAccountMinutes * 60_000) return NOTHING;
  const minutes = Math.max(0, Math.floor(ageMs / 60_000));
  if (facts.amountUsd >= t.newAccountLargeAmount) {
    return {
      score: WEIGHTS.newAccountLargeAmount,
      reason: `NEW_ACCOUNT: first seen ${minutes} min ago, paying ${usd(facts.amountUsd)} (from ${usd(t.newAccountLargeAmount)} weighs more)`,
    };
  }
  return { score: WEIGHTS.newAccount, reason: `NEW_ACCOUNT: first seen ${minutes} min ago` };
}

/** Fan-out: money sent to many recipients the sender never paid before, within a day. */
export function fanOutRule(facts: RiskFacts, t: RuleThresholds): RuleResult {
  if (facts.recipientKnown || facts.newRecipientsToday === null) return NOTHING;
  if (facts.newRecipientsToday <= t.maxNewRecipientsPerDay) return NOTHING;
  return {
    score: WEIGHTS.strong,
    reason: `FAN_OUT: ${facts.newRecipientsToday} new recipients in 24 h (limit ${t.maxNewRecipientsPerDay})`,
  };
}

/** Add funds: many charges of one card (card testing), or much money from it, in a sliding hour or day. */
export function cardVelocityRule(facts: RiskFacts, t: RuleThresholds): RuleResult {
  const c = facts.card;
  if (!c) return NOTHING;
  return strongest([
    c.hour.count > 2 * t.cardMaxPerHour
      ? { score: WEIGHTS.burst, reason: `CARD_VELOCITY_BURST: ${c.hour.count} charges of the card in an hour (limit ${t.cardMaxPerHour})` }
      : NOTHING,
    c.hour.count > t.cardMaxPerHour
      ? { score: WEIGHTS.strong, reason: `CARD_VELOCITY: ${c.hour.count} charges of the card in an hour (limit ${t.cardMaxPerHour})` }
      : NOTHING,
    c.day.count > t.cardMaxPerDay
      ? { score: WEIGHTS.strong, reason: `CARD_VELOCITY: ${c.day.count} charges of the card in 24 h (limit ${t.cardMaxPerDay})` }
      : NOTHING,
    c.day.sum > t.cardMaxSumPerDay
      ? { score: WEIGHTS.strong, reason: `CARD_VELOCITY_SUM: ${usd(c.day.sum)} charged to the card in 24 h (limit ${usd(t.cardMaxSumPerDay)})` }
      : NOTHING,
  ]);
}

type Rule = (facts: RiskFacts, t: RuleThresholds) => RuleResult;

/**
 * Which families score which kind. Conversions move the user's own money between their own wallets: only the
 * blocklist applies. Add funds: the blocklist (user and card) and card velocity. Refunds return money to a payer.
 */
export const RULES_BY_KIND: Record<PaymentKind, readonly Rule[]> = {
  P2P: [blocklistRule, amountRule, velocityRule, newAccountRule, fanOutRule],
  WITHDRAWAL: [blocklistRule, amountRule, velocityRule, newAccountRule],
  ADD_FUNDS: [blocklistRule, cardVelocityRule],
  CONVERSION: [blocklistRule],
  REFUND: [blocklistRule],
};

/** The facts each kind's rules read, so the service gathers (and records) only those. */
export function factsNeeded(kind: PaymentKind): { history: boolean; velocity: boolean; fanOut: boolean; card: boolean } {
  const rules = RULES_BY_KIND[kind];
  return {
    history: rules.includes(amountRule) || rules.includes(newAccountRule),
    velocity: rules.includes(velocityRule),
    fanOut: rules.includes(fanOutRule),
    card: rules.includes(cardVelocityRule),
  };
}

export function assess(facts: RiskFacts, t: RuleThresholds): Assessment {
  const results = RULES_BY_KIND[facts.kind].map((rule) => rule(facts, t));
  const reasons = results.flatMap((r) => (r.reason ? [r.reason] : []));
  const blocked = blocklistRule(facts).score > 0;
  const score = Math.min(100, results.reduce((sum, r) => sum + r.score, 0));
  const decision: RiskDecision =
    blocked || score >= t.declineScore ? 'DECLINE' : score >= t.reviewScore ? 'REVIEW' : 'APPROVE';
  return { score, decision, reasons };
}
