import type { SettlementBatchResolvers, SettlementItemResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { connection, pageArgs } from '../services/payment-query.service.js';

export const SettlementBatch: SettlementBatchResolvers = {
  accountId: (b) => b.merchantAccountId,
  gross: (b) => toMoneyDto(b.gross, b.currency),
  fees: (b) => toMoneyDto(b.fees, b.currency),
  refunds: (b) => toMoneyDto(b.refunds, b.currency),
  net: (b) => toMoneyDto(b.net, b.currency),
  items: async (b, { first, after }, ctx) => {
    const args = pageArgs(first, after, 'sti');
    const rows = await ctx.services.merchantSettlement.items(ctx.em, b.id, args.first + 1, args.after);
    return connection(rows, args.first);
  },
  closedAt: (b) => b.closedAt.toISOString(),
};

export const SettlementItem: SettlementItemResolvers = {
  checkoutId: (i) => (i.kind === 'CAPTURE' ? i.sourceId : null),
  refundId: (i) => (i.kind === 'REFUND' ? i.sourceId : null),
  amount: (i) => toMoneyDto(i.amount, i.currency),
  fee: (i) => toMoneyDto(i.fee, i.currency),
  occurredAt: (i) => i.occurredAt.toISOString(),
};
