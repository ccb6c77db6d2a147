import { defineEntity, p } from '@mikro-orm/core';
import { ACCOUNT_KINDS } from './ledger-account.entity.js';

/**
 * The running balance of one ledger account, updated in the same transaction as the postings that change it, under
 * the row lock. Kept apart from ledger_account so the hot row is narrow. `balance` is what is posted (held funds
 * included), `held` what active holds reserve. The migration adds CHECK (balance - held >= 0) for wallets: no
 * interleaving of debits can take a wallet's available amount below zero.
 */
export const AccountBalanceSchema = defineEntity({
  name: 'AccountBalance',
  tableName: 'account_balance',
  properties: {
    accountId: p.text().primary(),
    /** Copied from the account so the CHECK constraint can tell wallets (never negative) from system accounts. */
    kind: p.enum(ACCOUNT_KINDS),
    currency: p.string().length(3),
    balance: p.bigint().default(0),
    held: p.bigint().default(0),
    /** Bumped by every change: a cheap way to see that a row changed (and how often). */
    version: p.integer().default(0),
    updatedAt: p.datetime(),
  },
});

export class AccountBalance extends AccountBalanceSchema.class {}
AccountBalanceSchema.setClass(AccountBalance);
