import type { WalletResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { available } from '../services/wallet.service.js';
import { visibleTo } from '../services/authorization.js';
import { parseInstant } from '../services/instant.js';

export const Wallet: WalletResolvers = {
  __resolveReference: async (ref, ctx) => visibleTo(ctx.identity, await ctx.loaders.walletById.load(ref.id)),
  owner: (wallet) => ({ id: wallet.ownerId }),
  balance: (wallet) => toMoneyDto(wallet.balance, wallet.currency),
  available: (wallet) => toMoneyDto(available(wallet), wallet.currency),
  held: (wallet) => toMoneyDto(wallet.held, wallet.currency),
  createdAt: (wallet) => wallet.createdAt.toISOString(),
  balanceAt: async (wallet, { at }, ctx) =>
    toMoneyDto(await ctx.services.wallets.balanceAt(ctx.em, wallet.id, parseInstant(at, 'at')), wallet.currency),
  statement: (wallet, { month }, ctx) => ctx.services.statements.statement(ctx.em, wallet, month),
};
