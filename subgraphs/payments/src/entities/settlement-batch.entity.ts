import { defineEntity, p } from '@mikro-orm/core';

export const SETTLEMENT_BATCH_STATUSES = ['CLOSED'] as const;

/**
 * What one merchant's business account earned in one currency on one UTC day (domain/settlement-day.ts):
 * captures (gross, fees) less completed refunds, as its items. Written once, with its items, by the transaction
 * that closes the day (services/merchant-settlement.service.ts); never changed after. The id is derived from
 * (account, currency, day), so closing a day again names the same batch.
 */
export const SettlementBatchSchema = defineEntity({
  name: 'SettlementBatch',
  tableName: 'settlement_batch',
  properties: {
    id: p.text().primary(),
    merchantAccountId: p.text(),
    /** The BUSINESS account's owner (the checkouts' merchant), who may read the batch. */
    merchantId: p.text(),
    currency: p.string().length(3),
    businessDate: p.date(),
    gross: p.bigint(),
    fees: p.bigint(),
    refunds: p.bigint(),
    /** gross − fees − refunds; negative when a day's refunds exceed its sales. */
    net: p.bigint(),
    itemCount: p.integer(),
    status: p.enum(SETTLEMENT_BATCH_STATUSES).default('CLOSED'),
    closedAt: p.datetime(),
  },
  indexes: [{ name: 'settlement_batch_merchant_account_id_business_date_index', properties: ['merchantAccountId', 'businessDate', 'id'] }],
  uniques: [{ name: 'settlement_batch_account_currency_day_unique', properties: ['merchantAccountId', 'currency', 'businessDate'] }],
  checks: [
    { name: 'settlement_batch_amounts_not_negative', expression: 'gross >= 0 and fees >= 0 and refunds >= 0 and item_count >= 0' },
    { name: 'settlement_batch_net', expression: 'net = gross - fees - refunds' },
  ],
});

export class SettlementBatch extends SettlementBatchSchema.class {}
SettlementBatchSchema.setClass(SettlementBatch);
