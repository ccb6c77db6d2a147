import type { InternalFxQuoteResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';

export const InternalFxQuote: InternalFxQuoteResolvers = {
  sourceAmount: (quote) => toMoneyDto(quote.sourceAmount, quote.sourceCurrency),
  targetAmount: (quote) => toMoneyDto(quote.targetAmount, quote.targetCurrency),
  expiresAt: (quote) => quote.expiresAt.toISOString(),
  expired: (quote, _args, ctx) => ctx.services.fx.isExpired(quote),
  used: (quote) => quote.usedByTransactionId !== null,
};
