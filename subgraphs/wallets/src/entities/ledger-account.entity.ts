import { defineEntity, p } from '@mikro-orm/core';

/**
 * WALLET: a user's money in one currency (its id is the wallet id, `wal_…`). The others are the platform's system
 * accounts, one per kind and currency (`lac_…`): PSP_CLEARING is what came in from (or went out to) card networks,
 * FX_CLEARING the counterpart of every conversion leg (it keeps the spread), PAYOUT_CLEARING what went out to banks
 * (withdrawals paid, minus those returned), FEES and SUSPENSE for what cannot be attributed yet. Because every journal balances, the sum of all accounts per currency is always zero.
 */
export const ACCOUNT_KINDS = ['WALLET', 'PSP_CLEARING', 'FX_CLEARING', 'FEES', 'SUSPENSE', 'PAYOUT_CLEARING'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type SystemAccountKind = Exclude<AccountKind, 'WALLET'>;
export const SYSTEM_ACCOUNT_KINDS: readonly SystemAccountKind[] = ['PSP_CLEARING', 'FX_CLEARING', 'FEES', 'SUSPENSE', 'PAYOUT_CLEARING'];

export const WALLET_UNIQUE = 'ledger_account_wallet_owner_currency_unique';
export const SYSTEM_ACCOUNT_UNIQUE = 'ledger_account_system_kind_currency_unique';

export const LedgerAccountSchema = defineEntity({
  name: 'LedgerAccount',
  tableName: 'ledger_account',
  properties: {
    id: p.text().primary(),
    kind: p.enum(ACCOUNT_KINDS),
    /** The user who owns a WALLET; null for system accounts. */
    ownerId: p.text().nullable(),
    currency: p.string().length(3),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ['ownerId'] }],
  uniques: [
    { name: WALLET_UNIQUE, properties: ['ownerId', 'currency'], where: "kind = 'WALLET'" },
    { name: SYSTEM_ACCOUNT_UNIQUE, properties: ['kind', 'currency'], where: "kind <> 'WALLET'" },
  ],
});

export class LedgerAccount extends LedgerAccountSchema.class {}
LedgerAccountSchema.setClass(LedgerAccount);
