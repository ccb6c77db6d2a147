import { defineEntity, p } from '@mikro-orm/core';

/**
 * What fraud knows about a user from the money movements it saw: when it first saw them (the new-account rule; fraud
 * has no registration data and needs none) and their completed outgoing P2P payments (the typical amount).
 */
export const PartySchema = defineEntity({
  name: 'Party',
  tableName: 'party',
  properties: {
    userId: p.text().primary(),
    firstSeenAt: p.datetime(),
    completedOutCount: p.integer().default(0),
    completedOutSumUsdCents: p.bigint().default(0),
  },
});

export class Party extends PartySchema.class {}
PartySchema.setClass(Party);
