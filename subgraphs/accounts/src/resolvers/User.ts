import type { UserResolvers } from '../__generated__/resolvers-types.js';
import { assertCanSeeUser } from '../services/authorization.js';
import { kycView } from '../services/kyc.service.js';

/** Users own the User entity; here it is only a key that accounts' fields hang from. */
export interface UserRef {
  id: string;
}

export const User: UserResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  accounts: (user, _args, ctx) => {
    assertCanSeeUser(ctx.identity, user.id);
    return ctx.loaders.accountsByUser.load(user.id);
  },
  kyc: async (user, _args, ctx) => {
    assertCanSeeUser(ctx.identity, user.id);
    return kycView(await ctx.loaders.kycByUser.load(user.id));
  },
  fundingInstruments: (user, _args, ctx) => {
    assertCanSeeUser(ctx.identity, user.id);
    return ctx.loaders.activeInstrumentsByUser.load(user.id);
  },
};
