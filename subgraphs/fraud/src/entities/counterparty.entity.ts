import { defineEntity, p } from '@mikro-orm/core';

/** A sender → recipient pair with at least one completed P2P payment: a known recipient for the fan-out rule. */
export const CounterpartySchema = defineEntity({
  name: 'Counterparty',
  tableName: 'counterparty',
  properties: {
    senderId: p.text().primary(),
    recipientId: p.text().primary(),
    firstCompletedAt: p.datetime(),
    lastCompletedAt: p.datetime(),
    completedCount: p.integer(),
  },
  primaryKeys: ['senderId', 'recipientId'],
});

export class Counterparty extends CounterpartySchema.class {}
CounterpartySchema.setClass(Counterparty);
