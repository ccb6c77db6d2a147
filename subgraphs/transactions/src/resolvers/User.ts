import type { UserResolvers } from '../__generated__/resolvers-types.js';
import { assertCanSeeHistoryOf } from '../services/history.service.js';
import { listedFor } from '../context.js';

/** Users own the User entity; here it is only a key that `activity` hangs from. */
export interface UserRef {
  id: string;
}

export const User: UserResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  activity: async (user, { first, after, filter }, ctx) => {
    assertCanSeeHistoryOf(ctx.identity, user.id);
    // The objects of this listing are its own (plain views, not shared entities): they carry this user's point of
    // view (see context.perspectives).
    const page = await ctx.services.history.activity(user.id, { first, after }, filter);
    return listedFor(ctx, page, user.id);
  },
};
