import { defineEntity, p } from '@mikro-orm/core';
import { WITHDRAWAL_FAILURE_REASONS, WITHDRAWAL_STATUSES } from '@paygraph/events';

export { WITHDRAWAL_FAILURE_REASONS, WITHDRAWAL_STATUSES };
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];
export type WithdrawalFailureReason = (typeof WITHDRAWAL_FAILURE_REASONS)[number];

/**
 * A withdrawal (payout) from a wallet to one of its owner's verified bank accounts. The money moves in wallets'
 * ledger through payout commands idempotent on `transactionId` (services/withdrawal.service.ts): held in the request
 * (`holdId` set, status PENDING), sent to the bank rail (IN_TRANSIT), then captured to payout clearing (PAID) or
 * released (FAILED); a PAID one the bank sends back is credited again (RETURNED). `nextCheckAt` is the worker's queue:
 * when the rail is next asked about it (null once nothing more can happen).
 */
export const WithdrawalSchema = defineEntity({
  name: 'Withdrawal',
  tableName: 'withdrawal',
  properties: {
    id: p.text().primary(),
    userId: p.text(),
    walletId: p.text(),
    bankAccountId: p.text(),
    bankLast4: p.string().length(4),
    /** What the rail pays (the accounts vault's opaque token, never the number). */
    bankToken: p.string().length(64),
    amount: p.bigint(),
    currency: p.string().length(3),
    /** USD minor units at creation, for the owner's outgoing limits. */
    usdEquivalent: p.bigint(),
    status: p.enum(WITHDRAWAL_STATUSES).default('PENDING'),
    failureReason: p.enum(WITHDRAWAL_FAILURE_REASONS).nullable(),
    transactionId: p.text().unique(),
    /** Null until wallets confirmed the hold. */
    holdId: p.text().nullable(),
    railReference: p.string().length(100).nullable(),
    journalEntryId: p.text().nullable(),
    returnJournalEntryId: p.text().nullable(),
    nextCheckAt: p.datetime().nullable(),
    paidAt: p.datetime().nullable(),
    returnedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [
    { name: 'withdrawal_user_id_id_index', properties: ['userId', 'id'] },
    // The payout worker's queues: withdrawals waiting for their hold or for the rail (a small part of the table).
    { name: 'withdrawal_unheld_idx', properties: ['createdAt'], where: "status = 'PENDING' and hold_id is null" },
    { name: 'withdrawal_next_check_idx', properties: ['nextCheckAt'], where: 'next_check_at is not null' },
  ],
  checks: [{ name: 'withdrawal_amount_positive', expression: 'amount > 0' }],
});

export class Withdrawal extends WithdrawalSchema.class {}
WithdrawalSchema.setClass(Withdrawal);
