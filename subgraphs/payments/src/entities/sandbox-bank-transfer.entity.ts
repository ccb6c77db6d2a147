import { defineEntity, p } from '@mikro-orm/core';

/**
 * The sandbox bank rail's own records (as a bank's would be): one transfer per reference (the withdrawal id), its
 * outcome fixed by the test account number when submitted, when it settles and, for a returned one, when it comes back.
 */
export const SandboxBankTransferSchema = defineEntity({
  name: 'SandboxBankTransfer',
  tableName: 'sandbox_bank_transfer',
  properties: {
    reference: p.text().primary(),
    amount: p.bigint(),
    currency: p.string().length(3),
    token: p.string().length(64),
    last4: p.string().length(4),
    outcome: p.enum(['PAID', 'FAILED', 'RETURNED'] as const),
    failureCode: p.string().length(40).nullable(),
    settlesAt: p.datetime(),
    returnsAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});

export class SandboxBankTransfer extends SandboxBankTransferSchema.class {}
SandboxBankTransferSchema.setClass(SandboxBankTransfer);
