import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { errors } from '@paygraph/platform/errors';
import { isId } from '@paygraph/platform/ids';
import { requireInternalCaller, requireUser } from '@paygraph/platform/identity';
import { requireAdmin, visibleTo } from '../services/authorization.js';

const MINOR = /^(0|[1-9][0-9]{0,18})$/;

export const Query: QueryResolvers = {
  // The viewer's key (Query.me is shareable; users resolves the rest of the User).
  me: (_parent, _args, ctx) => ({ id: requireUser(ctx.identity) }),
  wallet: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('wal', id) ? visibleTo(ctx.identity, await ctx.loaders.walletById.load(id)) : null;
  },
  fxQuote: (_parent, { input }, ctx) => ctx.services.fx.quote(requireUser(ctx.identity), input),
  ledgerBalances: (_parent, _args, ctx) => {
    requireAdmin(ctx.identity);
    return ctx.services.ledger.report(ctx.em);
  },

  _fxQuote: async (_parent, { id }, ctx) => {
    requireInternalCaller(ctx.identity, 'Internal field');
    return isId('fxq', id) ? ctx.loaders.quoteById.load(id) : null;
  },
  _wallet: async (_parent, { id }, ctx) => {
    requireInternalCaller(ctx.identity, 'Internal field');
    return isId('wal', id) ? ctx.loaders.walletById.load(id) : null;
  },
  _usdEquivalent: async (_parent, { amount, currency }, ctx) => {
    requireInternalCaller(ctx.identity, 'Internal field');
    if (!MINOR.test(amount)) throw errors.user('INVALID_AMOUNT', 'amount must be a whole number of minor units', 'amount');
    return (await ctx.services.fx.usdEquivalent(BigInt(amount), currency)).toString();
  },
};
