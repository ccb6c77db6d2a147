import { defineEntity, p } from '@mikro-orm/core';
import { PAYMENT_REQUEST_STATUSES } from '@paygraph/events';

export { PAYMENT_REQUEST_STATUSES };
export type PaymentRequestStatus = (typeof PAYMENT_REQUEST_STATUSES)[number];

/**
 * One user (the requester) asking another (the payer) for an amount (domain/payment-request.ts has the rules). Paying
 * it is a P2P payment from the payer to the requester whose idempotency key is derived from this row and `attempt`
 * (services/payment-request.service.ts), so concurrent payers land on one payment. `paymentId` is the attempt's payment
 * while it is under way or once it COMPLETED; a FAILED attempt clears it and raises `attempt`, so the next try is a new
 * payment (only a FAILED payment, which moved nothing, ever lets the attempt move on).
 */
export const PaymentRequestSchema = defineEntity({
  name: 'PaymentRequest',
  tableName: 'payment_request',
  properties: {
    id: p.text().primary(),
    requesterId: p.text(),
    payerId: p.text(),
    amount: p.bigint(),
    currency: p.string().length(3),
    note: p.text().nullable(),
    status: p.enum(PAYMENT_REQUEST_STATUSES).default('OPEN'),
    expiresAt: p.datetime(),
    /**
     * Set when a payer starts paying it (before the payment exists) and until the attempt's payment COMPLETED or FAILED:
     * while it is set nobody can decline, cancel or expire the request (money may be moving).
     */
    payingSince: p.datetime().nullable(),
    paymentId: p.text().nullable(),
    attempt: p.integer().default(0),
    /** When it left OPEN (paid, declined, canceled, expired). */
    closedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [
    { name: 'payment_request_requester_id_id_index', properties: ['requesterId', 'id'] },
    { name: 'payment_request_payer_id_id_index', properties: ['payerId', 'id'] },
    // The expiry worker's queues: OPEN requests by deadline, and OPEN ones whose payment is under way.
    { name: 'payment_request_open_expires_idx', properties: ['expiresAt'], where: "status = 'OPEN' and paying_since is null" },
    { name: 'payment_request_paying_idx', properties: ['payingSince'], where: "status = 'OPEN' and paying_since is not null" },
  ],
  checks: [
    { name: 'payment_request_amount_positive', expression: 'amount > 0' },
    { name: 'payment_request_not_self', expression: 'requester_id <> payer_id' },
  ],
});

export class PaymentRequest extends PaymentRequestSchema.class {}
PaymentRequestSchema.setClass(PaymentRequest);
