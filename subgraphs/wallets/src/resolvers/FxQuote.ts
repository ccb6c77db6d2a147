import type { FxQuoteResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { spreadFraction } from '../services/fx.service.js';

export const FxQuote: FxQuoteResolvers = {
  spread: (quote) => spreadFraction(quote.spreadBps),
  sourceAmount: (quote) => toMoneyDto(quote.sourceAmount, quote.sourceCurrency),
  targetAmount: (quote) => toMoneyDto(quote.targetAmount, quote.targetCurrency),
  expiresAt: (quote) => quote.expiresAt.toISOString(),
};
