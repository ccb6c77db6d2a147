import type { UserResolvers } from '../__generated__/resolvers-types.js';
import { assertCanSeePaymentsOf, encodeCursor, pageArgs } from '../services/payment-query.service.js';

/** Users own the User entity; here it is only a key that payments' fields hang from. */
export interface UserRef {
  id: string;
}

function connection<T extends { id: string }>(rows: T[], first: number) {
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export const User: UserResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  withdrawals: async (user, { first, after, status }, ctx) => {
    assertCanSeePaymentsOf(ctx.identity, user.id);
    const args = pageArgs(first, after, 'wdr');
    const rows = await ctx.loaders.withdrawalPage.load({ userId: user.id, status: status ?? null, ...args });
    return connection(rows, args.first);
  },
  paymentRequests: async (user, { direction, status, first, after }, ctx) => {
    assertCanSeePaymentsOf(ctx.identity, user.id);
    const args = pageArgs(first, after, 'prq');
    const rows = await ctx.services.requests.page(ctx.em, { userId: user.id, direction: direction ?? 'ALL', status: status ?? null, limit: args.first + 1, after: args.after });
    return connection(rows, args.first);
  },
  payments: async (user, { first, after }, ctx) => {
    assertCanSeePaymentsOf(ctx.identity, user.id);
    const args = pageArgs(first, after);
    const rows = await ctx.loaders.paymentPage.load({ userId: user.id, ...args });
    const page = rows.slice(0, args.first);
    const edges = page.map((node) => ({ cursor: encodeCursor(node.id), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > args.first,
        // Forward pagination only: whether there is something before `after` is not looked up (Relay allows false).
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  },
};
