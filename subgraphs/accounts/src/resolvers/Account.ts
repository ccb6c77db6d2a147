import type { AccountResolvers } from '../__generated__/resolvers-types.js';
import { visibleTo } from '../services/authorization.js';

export const Account: AccountResolvers = {
  __resolveReference: async (ref, ctx) => visibleTo(ctx.identity, await ctx.loaders.accountById.load(ref.id)),
  businessName: (account) => account.businessName ?? null,
  owner: (account) => ({ id: account.userId }),
  createdAt: (account) => account.createdAt.toISOString(),
};
