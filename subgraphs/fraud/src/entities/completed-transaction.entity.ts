import { defineEntity, p } from '@mikro-orm/core';

/**
 * Transactions already folded into the history. The inbox drops a redelivered event; this drops a second
 * TransactionCompleted for the same transaction under another event id, so the totals count each payment once.
 */
export const CompletedTransactionSchema = defineEntity({
  name: 'CompletedTransaction',
  tableName: 'completed_transaction',
  properties: {
    transactionId: p.text().primary(),
    completedAt: p.datetime(),
  },
});

export class CompletedTransaction extends CompletedTransactionSchema.class {}
CompletedTransactionSchema.setClass(CompletedTransaction);
