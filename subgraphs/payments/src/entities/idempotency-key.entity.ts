import { defineEntity, p } from '@mikro-orm/core';

/**
 * An idempotency key as Stripe defines them: scoped to the user, bound to the request it first came with (a hash of
 * the mutation name and its normalized input) and to the payment that request created. Kept until `expiresAt`
 * (at least 24 hours); after that the key may be used afresh.
 */
export const IdempotencyKeySchema = defineEntity({
  name: 'IdempotencyKey',
  tableName: 'idempotency_key',
  properties: {
    userId: p.text().primary(),
    key: p.string().length(255).primary(),
    operation: p.string().length(40),
    /** SHA-256 (hex) of the canonical request. */
    requestHash: p.string().length(64),
    paymentId: p.text(),
    createdAt: p.datetime(),
    expiresAt: p.datetime().index(),
  },
  primaryKeys: ['userId', 'key'],
});

export class IdempotencyKey extends IdempotencyKeySchema.class {}
IdempotencyKeySchema.setClass(IdempotencyKey);
