import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { payload } from '@paygraph/platform/errors';
import { requireStepUp, requireUser } from '@paygraph/platform/identity';


export const Mutation: MutationResolvers = {
  submitKyc: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('kyc', () => ctx.services.kyc.submit(userId, input));
  },
  linkCard: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('fundingInstrument', () => ctx.services.instruments.linkCard(userId, input));
  },
  linkBankAccount: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('fundingInstrument', async () => {
      requireStepUp(ctx.identity);
      return ctx.services.instruments.linkBankAccount(userId, input);
    });
  },
  verifyBankAccount: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('fundingInstrument', () => ctx.services.instruments.verifyBankAccount(userId, input.fundingInstrumentId, input.amounts));
  },
  removeFundingInstrument: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('removedId', () => ctx.services.instruments.remove(userId, input.id));
  },
  openBusinessAccount: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('account', () => ctx.services.accounts.openBusinessAccount(userId, input.businessName));
  },
};
