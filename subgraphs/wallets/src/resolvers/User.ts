import type { UserResolvers } from '../__generated__/resolvers-types.js';
import { assertCanSeeUser } from '../services/authorization.js';

/** Users own the User entity; here it is only a key that wallets hang from. */
export interface UserRef {
  id: string;
}

export const User: UserResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  wallets: (user, _args, ctx) => {
    assertCanSeeUser(ctx.identity, user.id);
    return ctx.loaders.walletsByOwner.load(user.id);
  },
};
