import type { TransactionResolvers } from '../__generated__/resolvers-types.js';
import { visibleAssessment } from '../services/authorization.js';

/** Transactions own Transaction; fraud only hangs `risk` from its key. */
export interface TransactionRef {
  id: string;
}

export const Transaction: TransactionResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  risk: async (transaction, _args, ctx) =>
    visibleAssessment(ctx.identity, await ctx.loaders.assessmentByTransaction.load(transaction.id)),
};
