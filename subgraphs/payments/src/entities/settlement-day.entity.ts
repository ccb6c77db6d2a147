import { defineEntity, p } from '@mikro-orm/core';

/**
 * A UTC day whose settlement batches are closed (with how many), empty days included: the worker's memory of what
 * is done, and what makes closing a day again return the batches it closed the first time.
 */
export const SettlementDaySchema = defineEntity({
  name: 'SettlementDay',
  tableName: 'settlement_day',
  properties: {
    businessDate: p.date().primary(),
    batchCount: p.integer(),
    closedAt: p.datetime(),
  },
});

export class SettlementDay extends SettlementDaySchema.class {}
SettlementDaySchema.setClass(SettlementDay);
