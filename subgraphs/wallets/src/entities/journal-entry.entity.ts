import { defineEntity, p } from '@mikro-orm/core';

/**
 * What a journal entry records; a payment's transaction produces at most one entry of each kind. A withdrawal's
 * transaction has its WITHDRAWAL (wallet → payout clearing, when the bank paid) and, if the bank sent it back, its
 * WITHDRAWAL_RETURN (payout clearing → wallet). A checkout's capture is one CHECKOUT entry: buyer −gross, merchant +net,
 * FEES +fee (a card-paid checkout: PSP clearing −gross instead of the buyer). A card-paid checkout's refund is one
 * CHECKOUT_REFUND entry: merchant −amount, PSP clearing +amount (the PSP gives it back to the card).
 */
export const JOURNAL_KINDS = ['P2P', 'CONVERSION', 'ADD_FUNDS', 'ADJUSTMENT', 'WITHDRAWAL', 'WITHDRAWAL_RETURN', 'CHECKOUT', 'CHECKOUT_REFUND'] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

export const JOURNAL_IDEMPOTENCY_UNIQUE = 'journal_entry_transaction_kind_unique';

/**
 * One business event in the ledger, made of postings that sum to zero per currency (enforced by a deferred
 * constraint trigger in the migration). Append-only, like its postings.
 */
export const JournalEntrySchema = defineEntity({
  name: 'JournalEntry',
  tableName: 'journal_entry',
  properties: {
    id: p.text().primary(),
    kind: p.enum(JOURNAL_KINDS),
    transactionId: p.text().nullable(),
    paymentId: p.text().nullable().index(),
    /** FX entries: the quote, the applied rate (target per source unit) and the spread it includes. */
    fxQuoteId: p.text().nullable(),
    fxRate: p.decimal('string').precision(30).scale(10).nullable(),
    fxMidRate: p.decimal('string').precision(30).scale(10).nullable(),
    fxSpreadBps: p.integer().nullable(),
    /** The PSP's reference of the card charge an ADD_FUNDS entry credits. */
    externalReference: p.string().length(100).nullable(),
    createdAt: p.datetime(),
  },
  // A duplicated capture or credit command cannot post twice: the second insert hits this index.
  uniques: [{ name: JOURNAL_IDEMPOTENCY_UNIQUE, properties: ['transactionId', 'kind'] }],
});

export class JournalEntry extends JournalEntrySchema.class {}
JournalEntrySchema.setClass(JournalEntry);
