import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { payload } from '@paygraph/platform/errors';
import { requireUser } from '@paygraph/platform/identity';


export const Mutation: MutationResolvers = {
  openWallet: (_parent, { input }, ctx) => {
    const userId = requireUser(ctx.identity);
    return payload('wallet', () => ctx.services.wallets.open(userId, input.currency));
  },
};
