import { defineEntity, p } from '@mikro-orm/core';

export const HOLD_STATUSES = ['ACTIVE', 'CAPTURED', 'RELEASED', 'EXPIRED'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/**
 * Money reserved in a wallet for one payment's transaction (at most one hold per transaction: the unique index is
 * what makes a duplicated reservation command create a single hold). While ACTIVE its amount is part of the wallet's
 * `held`; capture (the journal entry moves it), release or expiry ends it.
 */
export const HoldSchema = defineEntity({
  name: 'Hold',
  tableName: 'hold',
  properties: {
    id: p.text().primary(),
    walletId: p.text().index(),
    amount: p.bigint(),
    currency: p.string().length(3),
    status: p.enum(HOLD_STATUSES).default('ACTIVE'),
    transactionId: p.text().unique(),
    paymentId: p.text(),
    expiresAt: p.datetime(),
    createdAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    /** Why it ended without a capture (the release request's reason, EXPIRED, QUOTE_EXPIRED). */
    endReason: p.string().length(100).nullable(),
    journalEntryId: p.text().nullable(),
  },
  indexes: [{ name: 'hold_active_expires_at_idx', properties: ['expiresAt'], where: "status = 'ACTIVE'" }],
});

export class Hold extends HoldSchema.class {}
HoldSchema.setClass(Hold);
