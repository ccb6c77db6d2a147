import type { AccountResolvers } from '../__generated__/resolvers-types.js';
import { errors } from '@paygraph/platform/errors';
import { hasRole, requireUser } from '@paygraph/platform/identity';
import { connection, pageArgs } from '../services/payment-query.service.js';

/** Accounts own the Account entity; here it is only a key that a business account's checkouts hang from. */
export interface AccountRef {
  id: string;
}

const instant = (v: string | null | undefined, field: string): Date | null => {
  if (v === null || v === undefined) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw errors.user('BAD_USER_INPUT', 'Not an ISO 8601 instant', field);
  return d;
};

export const Account: AccountResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  settlementBatches: async (account, { first, after }, ctx) => {
    const userId = requireUser(ctx.identity);
    const args = pageArgs(first, after, 'stb');
    const rows = await ctx.services.merchantSettlement.page(ctx.em, { userId, admin: hasRole(ctx.identity, 'ADMIN') }, { accountId: account.id, limit: args.first + 1, after: args.after });
    return connection(rows, args.first);
  },
  checkouts: async (account, { first, after, status, createdAfter, createdBefore }, ctx) => {
    if (!ctx.identity.userId) throw errors.unauthenticated();
    const args = pageArgs(first, after, 'chk');
    const rows = await ctx.services.checkouts.page(
      ctx.em,
      { userId: ctx.identity.userId, admin: hasRole(ctx.identity, 'ADMIN') },
      {
        accountId: account.id,
        status: status ?? null,
        createdAfter: instant(createdAfter, 'createdAfter'),
        createdBefore: instant(createdBefore, 'createdBefore'),
        limit: args.first + 1,
        after: args.after,
      },
    );
    return connection(rows, args.first);
  },
};
