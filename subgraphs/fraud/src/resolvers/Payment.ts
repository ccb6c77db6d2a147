import type { PaymentResolvers } from '../__generated__/resolvers-types.js';
import { visibleAssessment } from '../services/authorization.js';

/** Payments own Payment; fraud only hangs `risk` from its key. */
export interface PaymentRef {
  id: string;
}

export const Payment: PaymentResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  risk: async (payment, _args, ctx) => visibleAssessment(ctx.identity, await ctx.loaders.assessmentByPayment.load(payment.id)),
};
