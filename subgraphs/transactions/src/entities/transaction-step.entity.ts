import { defineEntity, p } from '@mikro-orm/core';
import { STEP_NAMES, STEP_STATUSES } from '../domain/saga/index.js';

/** The saga's step log: one row per change of a step's status, in the order the saga made them (by id). */
export const TransactionStepSchema = defineEntity({
  name: 'TransactionStep',
  tableName: 'transaction_step',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    transactionId: p.text(),
    name: p.enum(STEP_NAMES),
    status: p.enum(STEP_STATUSES),
    at: p.datetime(),
  },
  indexes: [{ properties: ['transactionId', 'id'] }],
});

export class TransactionStep extends TransactionStepSchema.class {}
TransactionStepSchema.setClass(TransactionStep);
