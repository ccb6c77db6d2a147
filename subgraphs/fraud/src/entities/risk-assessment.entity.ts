import { defineEntity, p } from '@mikro-orm/core';

export const PAYMENT_KINDS = ['ADD_FUNDS', 'P2P', 'CONVERSION', 'WITHDRAWAL', 'REFUND'] as const;
export const RISK_DECISIONS = ['APPROVE', 'REVIEW', 'DECLINE'] as const;

/**
 * The screening of one money movement. One per transaction (the unique index is what makes a duplicated request score
 * once, also when two copies are handled at the same time). Sender and recipient are kept so that fraud can tell who
 * may see it without asking payments.
 */
export const RiskAssessmentSchema = defineEntity({
  name: 'RiskAssessment',
  tableName: 'risk_assessment',
  properties: {
    id: p.text().primary(),
    transactionId: p.text().unique(),
    paymentId: p.text().index(),
    senderId: p.text(),
    recipientId: p.text(),
    kind: p.enum(PAYMENT_KINDS),
    amountMinor: p.bigint(),
    currency: p.string().length(3),
    /** The amount in USD cents at the static table's rate, as the rules saw it. */
    amountUsdCents: p.bigint(),
    fundingInstrumentId: p.text().nullable(),
    score: p.smallint(),
    decision: p.enum(RISK_DECISIONS),
    reasons: p.array(),
    /** When the saga asked (the rules' "now"). */
    requestedAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['senderId', 'createdAt'] }],
  checks: [
    { name: 'risk_assessment_score_range', expression: 'score between 0 and 100' },
    { name: 'risk_assessment_amount_positive', expression: 'amount_minor > 0' },
  ],
});

export class RiskAssessment extends RiskAssessmentSchema.class {}
RiskAssessmentSchema.setClass(RiskAssessment);
