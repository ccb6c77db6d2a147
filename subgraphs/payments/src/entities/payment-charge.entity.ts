import { defineEntity, p } from '@mikro-orm/core';

export const CHARGE_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

/**
 * The card charge of an ADD_FUNDS payment, from ChargeRequested to the PSP's answer: at most one per payment (the
 * payment id is also the PSP idempotency key). While PENDING, `nextAttemptAt` is both the retry backoff and the lease
 * of the worker that claimed it: a worker that dies mid-call leaves it to be claimed again once the lease runs out.
 */
export const PaymentChargeSchema = defineEntity({
  name: 'PaymentCharge',
  tableName: 'payment_charge',
  properties: {
    paymentId: p.text().primary(),
    transactionId: p.text(),
    userId: p.text(),
    fundingInstrumentId: p.text(),
    amount: p.bigint(),
    currency: p.string().length(3),
    pspToken: p.string().length(64),
    last4: p.string().length(4),
    status: p.enum(CHARGE_STATUSES).default('PENDING'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    lastError: p.text().nullable(),
    pspReference: p.string().length(100).nullable(),
    failureCode: p.string().length(40).nullable(),
    failureMessage: p.string().length(300).nullable(),
    /** From ChargeRequested, so the charge's outcome events continue the saga's correlation chain. */
    correlationId: p.string().length(200),
    causationId: p.string().length(200),
    requestedAt: p.datetime(),
    completedAt: p.datetime().nullable(),
  },
  indexes: [{ name: 'payment_charge_pending_idx', properties: ['nextAttemptAt'], where: "status = 'PENDING'" }],
});

export class PaymentCharge extends PaymentChargeSchema.class {}
PaymentChargeSchema.setClass(PaymentCharge);
