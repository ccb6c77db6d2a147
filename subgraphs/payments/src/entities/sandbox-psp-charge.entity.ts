import { defineEntity, p } from '@mikro-orm/core';

/**
 * The sandbox PSP's own memory of the charges it made, by the caller's idempotency key: what a card network keeps on
 * its side. It lives in a table (not in process memory) so that it survives our crash, exactly like a real PSP's
 * records would: a charge retried after a crash finds its first result instead of charging again.
 *
 * A CHARGE is captured when made; an AUTHORIZATION (a hold on the card) is captured later, at most once and at most its
 * amount, or voided. What was captured can be refunded, in parts, never more than it in all.
 */
export const SandboxPspChargeSchema = defineEntity({
  name: 'SandboxPspCharge',
  tableName: 'sandbox_psp_charge',
  properties: {
    idempotencyKey: p.string().length(255).primary(),
    amount: p.bigint(),
    currency: p.string().length(3),
    token: p.string().length(64),
    last4: p.string().length(4),
    outcome: p.enum(['APPROVED', 'DECLINED'] as const),
    reference: p.string().length(100),
    declineCode: p.string().length(40).nullable(),
    kind: p.enum(['CHARGE', 'AUTHORIZATION'] as const).default('CHARGE'),
    /** What was taken from the card: the amount for an approved CHARGE, the capture for an AUTHORIZATION; null before. */
    capturedAmount: p.bigint().nullable(),
    voidedAt: p.datetime().nullable(),
    refundedAmount: p.bigint().default(0),
    /** When a slow approval becomes final (test card 0259); the same as createdAt otherwise. */
    settlesAt: p.datetime(),
    createdAt: p.datetime(),
  },
  uniques: [{ name: 'sandbox_psp_charge_reference_unique', properties: ['reference'] }],
  checks: [
    { name: 'sandbox_psp_charge_captured_within', expression: 'captured_amount is null or (captured_amount > 0 and captured_amount <= amount)' },
    { name: 'sandbox_psp_charge_refunded_within', expression: 'refunded_amount >= 0 and refunded_amount <= coalesce(captured_amount, 0)' },
  ],
});

export class SandboxPspCharge extends SandboxPspChargeSchema.class {}
SandboxPspChargeSchema.setClass(SandboxPspCharge);

/**
 * The sandbox PSP's second-phase operations on a charge (capture, void, refund), by the caller's idempotency key: the
 * first request under a key decides, a repeat gets its answer.
 */
export const SandboxPspOperationSchema = defineEntity({
  name: 'SandboxPspOperation',
  tableName: 'sandbox_psp_operation',
  properties: {
    idempotencyKey: p.string().length(255).primary(),
    kind: p.enum(['CAPTURE', 'VOID', 'REFUND'] as const),
    /** The charge or authorisation operated on. */
    chargeReference: p.string().length(100),
    amount: p.bigint().nullable(),
    outcome: p.enum(['APPROVED', 'DECLINED'] as const),
    reference: p.string().length(100),
    declineCode: p.string().length(40).nullable(),
    createdAt: p.datetime(),
  },
  indexes: [{ name: 'sandbox_psp_operation_charge_reference_index', properties: ['chargeReference'] }],
});

export class SandboxPspOperation extends SandboxPspOperationSchema.class {}
SandboxPspOperationSchema.setClass(SandboxPspOperation);
