import type { ReviewCaseResolvers } from '../__generated__/resolvers-types.js';

/** Only admins reach a case (the queue, a mutation's payload, RiskAssessment.reviewCase). */
export const ReviewCase: ReviewCaseResolvers = {
  assessment: async (c, _args, ctx) => {
    const assessment = await ctx.loaders.assessmentById.load(c.assessmentId);
    if (!assessment) throw new Error(`review case ${c.id} has no assessment ${c.assessmentId}`);
    return assessment;
  },
  payment: (c) => ({ id: c.paymentId }),
  openedAt: (c) => c.openedAt.toISOString(),
  resolvedAt: (c) => c.resolvedAt?.toISOString() ?? null,
  resolvedBy: (c) => (c.resolvedBy ? { id: c.resolvedBy } : null),
  note: (c) => c.note ?? null,
};
