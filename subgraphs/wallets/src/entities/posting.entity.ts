import { defineEntity, p } from '@mikro-orm/core';

/** One line of a journal entry: `amount` minor units into (positive) or out of (negative) one account. */
export const PostingSchema = defineEntity({
  name: 'Posting',
  tableName: 'posting',
  properties: {
    id: p.bigint().primary().autoincrement(),
    journalEntryId: p.text(),
    accountId: p.text(),
    amount: p.bigint(),
    currency: p.string().length(3),
    /** The entry's time, copied so that balanceAt is one index range scan per account. */
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ['journalEntryId'] }, { properties: ['accountId', 'createdAt'] }],
});

export class Posting extends PostingSchema.class {}
PostingSchema.setClass(Posting);
