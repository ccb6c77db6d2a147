import { defineEntity, p } from '@mikro-orm/core';

/**
 * A price given to one user: `sourceAmount` of sourceCurrency becomes exactly `targetAmount` of targetCurrency if
 * the conversion is accepted before `expiresAt`. Single use: the capture that settles it records its transaction.
 */
export const FxQuoteSchema = defineEntity({
  name: 'FxQuote',
  tableName: 'fx_quote',
  properties: {
    id: p.text().primary(),
    ownerId: p.text().index(),
    sourceCurrency: p.string().length(3),
    targetCurrency: p.string().length(3),
    sourceAmount: p.bigint(),
    targetAmount: p.bigint(),
    /** Target units per source unit (major units): the mid rate, and the applied rate after the spread. */
    midRate: p.decimal('string').precision(30).scale(10),
    rate: p.decimal('string').precision(30).scale(10),
    spreadBps: p.integer(),
    expiresAt: p.datetime(),
    createdAt: p.datetime(),
    usedByTransactionId: p.text().nullable().unique(),
    usedAt: p.datetime().nullable(),
  },
});

export class FxQuote extends FxQuoteSchema.class {}
FxQuoteSchema.setClass(FxQuote);
