import type { LedgerCurrencyTotalsResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';

export const LedgerCurrencyTotals: LedgerCurrencyTotalsResolvers = {
  wallets: (t) => toMoneyDto(t.wallets, t.currency),
  held: (t) => toMoneyDto(t.held, t.currency),
  pspClearing: (t) => toMoneyDto(t.pspClearing, t.currency),
  fxClearing: (t) => toMoneyDto(t.fxClearing, t.currency),
  fees: (t) => toMoneyDto(t.fees, t.currency),
  suspense: (t) => toMoneyDto(t.suspense, t.currency),
  payoutClearing: (t) => toMoneyDto(t.payoutClearing, t.currency),
  total: (t) => toMoneyDto(t.total, t.currency),
};
