import type { TransactionStepResolvers } from '../__generated__/resolvers-types.js';

export const TransactionStep: TransactionStepResolvers = {
  at: (step) => step.at.toISOString(),
};
