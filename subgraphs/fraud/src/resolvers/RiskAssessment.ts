import type { RiskAssessmentResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { isAdmin, visibleAssessment } from '../services/authorization.js';

export const RiskAssessment: RiskAssessmentResolvers = {
  __resolveReference: async (ref, ctx) => visibleAssessment(ctx.identity, await ctx.loaders.assessmentById.load(ref.id)),
  reasons: (a, _args, ctx) => (isAdmin(ctx.identity) ? a.reasons : []),
  amount: (a) => toMoneyDto(a.amountMinor, a.currency),
  sender: (a) => ({ id: a.senderId }),
  recipient: (a) => ({ id: a.recipientId }),
  payment: (a) => ({ id: a.paymentId }),
  reviewCase: (a, _args, ctx) => (isAdmin(ctx.identity) ? ctx.loaders.caseByAssessment.load(a.id) : null),
  createdAt: (a) => a.createdAt.toISOString(),
};
