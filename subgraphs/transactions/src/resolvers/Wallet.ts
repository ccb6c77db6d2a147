import type { WalletResolvers } from '../__generated__/resolvers-types.js';
import { listedFor } from '../context.js';

/** Wallets own the Wallet entity; here it is only a key that `transactions` hangs from. */
export interface WalletRef {
  id: string;
}

export const Wallet: WalletResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  transactions: async (wallet, args, ctx) => {
    // The objects of this listing are its own: they carry its owner's point of view (see context.perspectives).
    const { ownerId, page } = await ctx.services.history.walletTransactions(ctx.em, ctx.identity, wallet.id, args);
    return listedFor(ctx, page, ownerId);
  },
};
