import { defineEntity, p } from '@mikro-orm/core';

export const PAYOUT_HOLD_OUTCOMES = ['HELD', 'INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'] as const;
export type PayoutHoldOutcome = (typeof PAYOUT_HOLD_OUTCOMES)[number];
/** STARTED only inside the claiming transaction: nobody else ever reads it committed. */
const PAYOUT_COMMAND_STATUSES = ['STARTED', ...PAYOUT_HOLD_OUTCOMES] as const;

/**
 * The first answer to a withdrawal's hold (the `payoutHold` internal command), one row per transaction, claimed first
 * in the command's database transaction like `transfer_command`: a concurrent repeat waits on it, a later one reads
 * it. Refusals are kept too, so a withdrawal refused for want of funds can never be held by a repeat after money
 * arrived (payments has already answered the user and dropped it).
 */
export const PayoutCommandSchema = defineEntity({
  name: 'PayoutCommand',
  tableName: 'payout_command',
  properties: {
    transactionId: p.text().primary(),
    withdrawalId: p.text(),
    status: p.enum(PAYOUT_COMMAND_STATUSES),
    holdId: p.text().nullable(),
    walletId: p.text().nullable(),
    /** What the wallet had available when INSUFFICIENT_FUNDS was decided (minor units). */
    available: p.bigint().nullable(),
    createdAt: p.datetime(),
  },
});

export class PayoutCommand extends PayoutCommandSchema.class {}
PayoutCommandSchema.setClass(PayoutCommand);
