import { defineEntity, p } from '@mikro-orm/core';

export const SETTLEMENT_ITEM_KINDS = ['CAPTURE', 'REFUND'] as const;
export type SettlementItemKind = (typeof SETTLEMENT_ITEM_KINDS)[number];

/**
 * One capture (a CAPTURED checkout: its captured amount and fee) or one COMPLETED refund of a checkout's payment
 * (its amount, no fee) in a settlement batch. `sourceId` is the checkout or the refund (a payment of kind REFUND);
 * unique, so a capture or a refund is in at most one batch ever.
 */
export const SettlementItemSchema = defineEntity({
  name: 'SettlementItem',
  tableName: 'settlement_item',
  properties: {
    id: p.text().primary(),
    batchId: p.text(),
    kind: p.enum(SETTLEMENT_ITEM_KINDS),
    sourceId: p.text(),
    /** CAPTURE: the checkout's payment (kind CHECKOUT); REFUND: the refunded checkout payment. */
    paymentId: p.text(),
    amount: p.bigint(),
    fee: p.bigint(),
    occurredAt: p.datetime(),
  },
  indexes: [{ name: 'settlement_item_batch_id_occurred_at_index', properties: ['batchId', 'occurredAt', 'id'] }],
  uniques: [{ name: 'settlement_item_source_unique', properties: ['sourceId'] }],
  checks: [
    { name: 'settlement_item_amounts_not_negative', expression: 'amount >= 0 and fee >= 0' },
    { name: 'settlement_item_refund_no_fee', expression: "kind = 'CAPTURE' or fee = 0" },
  ],
});

export class SettlementItem extends SettlementItemSchema.class {}
SettlementItemSchema.setClass(SettlementItem);
