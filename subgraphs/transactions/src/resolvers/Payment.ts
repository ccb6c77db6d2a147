import type { PaymentResolvers } from '../__generated__/resolvers-types.js';
import { visibleTransaction } from '../services/history.service.js';

/** Payments own the Payment entity; here it is only a key that `transaction` hangs from. */
export interface PaymentRef {
  id: string;
}

export const Payment: PaymentResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  transaction: async (payment, _args, ctx) => visibleTransaction(ctx.identity, await ctx.loaders.transactionByPaymentId.load(payment.id)),
};
