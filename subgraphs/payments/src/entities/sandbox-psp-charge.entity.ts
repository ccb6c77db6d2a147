import { defineEntity, p } from '@mikro-orm/core';

/**
 * The sandbox PSP's own memory of the charges it made, by the caller's idempotency key: what a card network keeps on
 * its side. It lives in a table (not in process memory) so that it survives our crash, exactly like a real PSP's
 * records would: a charge retried after a crash finds its first result instead of charging again.
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
    /** When a slow approval becomes final (test card 0259); the same as createdAt otherwise. */
    settlesAt: p.datetime(),
    createdAt: p.datetime(),
  },
});

export class SandboxPspCharge extends SandboxPspChargeSchema.class {}
SandboxPspChargeSchema.setClass(SandboxPspCharge);
