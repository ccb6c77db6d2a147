import { defineEntity, p } from '@mikro-orm/core';

/**
 * Who owns a wallet and in which currency: facts that never change, learned from FundsReserved / FundsCredited or,
 * for a wallet no event named yet, asked once from wallets. `Wallet.transactions` needs them because a Wallet
 * reference carries only its id.
 */
export const WalletRefSchema = defineEntity({
  name: 'WalletRef',
  tableName: 'wallet_ref',
  properties: {
    walletId: p.text().primary(),
    ownerId: p.text(),
    currency: p.string().length(3),
    learnedAt: p.datetime(),
  },
});

export class WalletRef extends WalletRefSchema.class {}
WalletRefSchema.setClass(WalletRef);
