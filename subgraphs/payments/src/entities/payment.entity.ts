import { defineEntity, p } from '@mikro-orm/core';

import { FAILURE_REASONS, PAYMENT_KINDS, PAYMENT_STATUSES } from '@paygraph/events';

export { FAILURE_REASONS, PAYMENT_KINDS, PAYMENT_STATUSES };
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * What a user asked for. The money itself moves in wallets' ledger: for P2P in the request (SettlementService), for
 * the others driven by the transactions saga, whose outcome this row follows through the Transaction* events.
 * Amounts are minor units of `currency`.
 */
export const PaymentSchema = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  properties: {
    id: p.text().primary(),
    kind: p.enum(PAYMENT_KINDS),
    status: p.enum(PAYMENT_STATUSES).default('PENDING'),
    failureReason: p.enum(FAILURE_REASONS).nullable(),
    senderId: p.text(),
    /** The sender themself for ADD_FUNDS and CONVERSION. */
    recipientId: p.text(),
    amount: p.bigint(),
    currency: p.string().length(3),
    /** CONVERSION: what the quote gives in the target currency. */
    targetAmount: p.bigint().nullable(),
    targetCurrency: p.string().length(3).nullable(),
    /** The amount in USD minor units at creation, for the sender's limits; null where limits do not apply. */
    usdEquivalent: p.bigint().nullable(),
    quoteId: p.text().nullable(),
    fundingInstrumentId: p.text().nullable(),
    /** ADD_FUNDS: what the PSP charges (an opaque token and the last 4 digits, never the number). */
    pspToken: p.string().length(64).nullable(),
    cardLast4: p.string().length(4).nullable(),
    targetWalletId: p.text().nullable(),
    note: p.text().nullable(),
    /**
     * P2P and REFUND: minted with the payment (it settles in the request). Others: set when the saga starts
     * (TransactionStarted).
     */
    transactionId: p.text().nullable(),
    /** REFUND: the payment it returns money of (its sender is that payment's recipient, and the other way round). */
    refundOfId: p.text().nullable(),
    /**
     * What COMPLETED refunds returned of this payment (minor units), raised in the transaction that completes each
     * one; never above `amount` (RefundService checks under this row's lock, the check constraint makes sure).
     */
    refundedAmount: p.bigint().default(0),
    /** P2P paying a payment request (set once the payment exists; failed attempts keep theirs). */
    requestId: p.text().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [
    { name: 'payment_sender_id_id_index', properties: ['senderId', 'id'] },
    { name: 'payment_recipient_id_id_index', properties: ['recipientId', 'id'] },
    { name: 'payment_sender_id_created_at_index', properties: ['senderId', 'createdAt'] },
    // The recovery worker's queue: P2P payments whose request has not settled them yet, a tiny fraction of the table.
    { name: 'payment_refund_of_id_index', properties: ['refundOfId'], where: 'refund_of_id is not null' },
    { name: 'payment_request_id_index', properties: ['requestId'], where: 'request_id is not null' },
    { name: 'payment_unsettled_idx', properties: ['createdAt'], where: "status = 'PENDING' and transaction_id is not null" },
    // A settlement day's completed refunds (a REFUND row is final once COMPLETED: updated_at is when it completed).
    { name: 'payment_refund_completed_idx', properties: ['updatedAt'], where: "kind = 'REFUND' and status = 'COMPLETED'" },
  ],
  // A quote converts once: a second conversion with it is refused here whatever races the validation lets through.
  uniques: [{ name: 'payment_quote_id_unique', properties: ['quoteId'], where: 'quote_id is not null' }],
  checks: [
    { name: 'payment_amount_positive', expression: 'amount > 0' },
    { name: 'payment_target_amount_positive', expression: 'target_amount is null or target_amount > 0' },
    { name: 'payment_refunded_amount_in_range', expression: 'refunded_amount >= 0 and refunded_amount <= amount' },
  ],
});

export class Payment extends PaymentSchema.class {}
PaymentSchema.setClass(Payment);
