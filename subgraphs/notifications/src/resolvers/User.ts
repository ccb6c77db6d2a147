import type { UserResolvers } from '../__generated__/resolvers-types.js';
import { assertCanSeeNotificationsOf } from '../services/authorization.js';
import { decodeCursor, encodeCursor } from '../services/cursor.js';
import { PAGE_DEFAULT, PAGE_MAX } from '../services/notification.service.js';
import { errors } from '@paygraph/platform/errors';

/** Users own the User entity; here it is only a key that notifications' fields hang from. */
export interface UserRef {
  id: string;
}

export const User: UserResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  notifications: async (user, { first, after, unread }, ctx) => {
    assertCanSeeNotificationsOf(ctx.identity, user.id);
    const n = first ?? PAGE_DEFAULT;
    if (!Number.isInteger(n) || n < 0 || n > PAGE_MAX) throw errors.user('BAD_USER_INPUT', `first must be between 0 and ${PAGE_MAX}`, 'first');
    const before = after === null || after === undefined ? null : decodeCursor(after);
    const rows = await ctx.loaders.notificationPage.load({ userId: user.id, first: n, before, unread: unread ?? false });
    const edges = rows.slice(0, n).map((node) => ({ cursor: encodeCursor(node.seq), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > n,
        // Forward pagination only (Relay allows false here).
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  },
  notificationPreferences: async (user, _args, ctx) => {
    assertCanSeeNotificationsOf(ctx.identity, user.id);
    return ctx.services.preferences.list(ctx.em, user.id);
  },
};
