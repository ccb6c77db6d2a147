import { defineEntity, p } from '@mikro-orm/core';

export const CHECKOUT_COMMAND_OUTCOMES = ['PAID', 'AUTHORIZED', 'REFUNDED', 'INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'] as const;
export type CheckoutCommandOutcome = (typeof CHECKOUT_COMMAND_OUTCOMES)[number];
/** STARTED only inside the claiming transaction: nobody else ever reads it committed. */
const CHECKOUT_COMMAND_STATUSES = ['STARTED', ...CHECKOUT_COMMAND_OUTCOMES] as const;

/**
 * The first answer to a checkout's approval (the `checkoutPay` and `checkoutAuthorize` internal commands), one row per
 * transaction, claimed first in the command's database transaction like `transfer_command` and `payout_command`: a
 * concurrent repeat waits on it, a later one reads it. Refusals are kept, so an approval refused for want of funds is
 * never paid by a repeat after money arrived (payments has told the buyer and will use a new transaction next time).
 */
export const CheckoutCommandSchema = defineEntity({
  name: 'CheckoutCommand',
  tableName: 'checkout_command',
  properties: {
    transactionId: p.text().primary(),
    checkoutId: p.text(),
    status: p.enum(CHECKOUT_COMMAND_STATUSES),
    /** PAID: the CHECKOUT journal entry. */
    journalEntryId: p.text().nullable(),
    /** AUTHORIZED: the hold in the buyer's wallet. */
    holdId: p.text().nullable(),
    buyerWalletId: p.text().nullable(),
    merchantWalletId: p.text().nullable(),
    /** What the buyer's wallet had available when INSUFFICIENT_FUNDS was decided (minor units). */
    available: p.bigint().nullable(),
    createdAt: p.datetime(),
  },
});

export class CheckoutCommand extends CheckoutCommandSchema.class {}
CheckoutCommandSchema.setClass(CheckoutCommand);
