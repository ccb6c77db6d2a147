import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { isId } from '@paygraph/platform/ids';
import { requireInternalCaller, requireUser } from '@paygraph/platform/identity';
import { visibleTo } from '../services/authorization.js';
import { kycView } from '../services/kyc.service.js';
import { internalLimits } from '../services/limits.js';
import { bankAccountCurrency } from '../services/bank-validation.js';

export const Query: QueryResolvers = {
  // The viewer's key (Query.me is shareable; users resolves the rest of the User).
  me: (_parent, _args, ctx) => ({ id: requireUser(ctx.identity) }),
  account: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('acc', id) ? visibleTo(ctx.identity, await ctx.loaders.accountById.load(id)) : null;
  },
  fundingInstrument: async (_parent, { id }, ctx) => {
    requireUser(ctx.identity);
    return isId('fi', id) ? visibleTo(ctx.identity, await ctx.loaders.instrumentById.load(id)) : null;
  },
  _limits: async (_parent, { userId }, ctx) => {
    requireInternalCaller(ctx.identity);
    if (!isId('usr', userId)) return null;
    return internalLimits(userId, kycView(await ctx.loaders.kycByUser.load(userId)).tier);
  },
  _fundingInstrument: async (_parent, { id, userId }, ctx) => {
    requireInternalCaller(ctx.identity);
    if (!isId('fi', id)) return null;
    const instrument = await ctx.loaders.instrumentById.load(id);
    if (!instrument || instrument.userId !== userId) return null;
    const bank = instrument.kind === 'BANK_ACCOUNT';
    return {
      ...instrument,
      bankVerification: bank ? (instrument.bankVerification ?? 'PENDING') : null,
      bankCurrency: bank ? bankAccountCurrency(instrument.bankCountry ?? '') : null,
    };
  },
};
