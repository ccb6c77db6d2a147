import { defineEntity, p } from '@mikro-orm/core';
import {
  CAPTURE_FAILURES,
  CAPTURE_STATES,
  CHARGE_FAILURES,
  CHARGE_STATES,
  CREDIT_STATES,
  FAILURE_REASONS,
  HOLD_STATES,
  PAYMENT_KINDS,
  RELEASE_STATES,
  RESERVATION_FAILURES,
  RESERVATION_STATES,
  REVIEW_DECISIONS,
  RISK_DECISIONS,
  TRANSACTION_STATUSES,
} from '../domain/saga/index.js';

/**
 * One payment's saga: what was asked (kind, parties, amounts and references), where it stands (status and the state of
 * each step, see services/saga.ts) and what came of it (hold, journal entry). It is also the history read model:
 * the activity and wallet queries read it by participant, newest first.
 */
export const TransactionSchema = defineEntity({
  name: 'Transaction',
  tableName: 'transaction',
  properties: {
    id: p.text().primary(),
    paymentId: p.text().unique(),
    kind: p.enum(PAYMENT_KINDS),
    senderId: p.text(),
    recipientId: p.text(),
    amountMinor: p.bigint(),
    currency: p.string().length(3),
    targetAmountMinor: p.bigint().nullable(),
    targetCurrency: p.string().length(3).nullable(),
    quoteId: p.text().nullable(),
    fundingInstrumentId: p.text().nullable(),
    targetWalletId: p.text().nullable(),
    status: p.enum(TRANSACTION_STATUSES),
    failureReason: p.enum(FAILURE_REASONS).nullable(),
    failureMessage: p.string().length(300).nullable(),
    riskDecision: p.enum(RISK_DECISIONS).nullable(),
    riskAssessmentId: p.text().nullable(),
    reviewCaseId: p.text().nullable(),
    reviewDecision: p.enum(REVIEW_DECISIONS).nullable(),
    reservationStatus: p.enum(RESERVATION_STATES),
    reservationFailure: p.enum(RESERVATION_FAILURES).nullable(),
    reservationRequestedAt: p.datetime().nullable(),
    holdId: p.text().nullable(),
    holdStatus: p.enum(HOLD_STATES),
    sourceWalletId: p.text().nullable(),
    captureStatus: p.enum(CAPTURE_STATES),
    captureFailure: p.enum(CAPTURE_FAILURES).nullable(),
    captureRequestedAt: p.datetime().nullable(),
    releaseStatus: p.enum(RELEASE_STATES),
    chargeStatus: p.enum(CHARGE_STATES),
    chargeFailure: p.enum(CHARGE_FAILURES).nullable(),
    pspReference: p.string().length(100).nullable(),
    creditStatus: p.enum(CREDIT_STATES),
    creditedWalletId: p.text().nullable(),
    journalEntryId: p.text().nullable(),
    createdAt: p.datetime(),
    startedAt: p.datetime(),
    updatedAt: p.datetime(),
    deadlineAt: p.datetime().nullable(),
    /** Incremented by every change the saga makes (the row is changed only under FOR UPDATE). */
    version: p.integer().default(1),
  },
  indexes: [
    // History: a participant's movements newest first, keyset-paginated on (created_at, id).
    { name: 'transaction_sender_history_idx', expression: 'create index "transaction_sender_history_idx" on "transaction" ("sender_id", "created_at" desc, "id" desc)' },
    { name: 'transaction_recipient_history_idx', expression: 'create index "transaction_recipient_history_idx" on "transaction" ("recipient_id", "created_at" desc, "id" desc)' },
    // The timeout worker's queue: only live transactions with a deadline, a small fraction of the table.
    { name: 'transaction_deadline_idx', properties: ['deadlineAt'], where: 'deadline_at is not null' },
  ],
});

export class Transaction extends TransactionSchema.class {}
TransactionSchema.setClass(Transaction);
