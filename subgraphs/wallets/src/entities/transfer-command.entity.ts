import { defineEntity, p } from '@mikro-orm/core';

export const TRANSFER_OUTCOMES = ['STARTED', 'TRANSFERRED', 'INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'] as const;
export type TransferCommandStatus = (typeof TRANSFER_OUTCOMES)[number];

/**
 * The first answer to a synchronous P2P transfer (the `transfer` internal command), one row per transaction. It is
 * claimed first thing in the command's database transaction, so a concurrent repeat waits on it and then reads the
 * outcome; a later repeat (a retry after a lost answer, the payment's recovery) reads it too. Refusals are kept as
 * well as transfers: a payment told INSUFFICIENT_FUNDS is failed by payments, and a repeat must not move the money
 * because funds arrived in between.
 */
export const TransferCommandSchema = defineEntity({
  name: 'TransferCommand',
  tableName: 'transfer_command',
  properties: {
    transactionId: p.text().primary(),
    paymentId: p.text(),
    status: p.enum(TRANSFER_OUTCOMES),
    journalEntryId: p.text().nullable(),
    /** The sender's wallet when it exists; the recipient's once the money moved. */
    senderWalletId: p.text().nullable(),
    recipientWalletId: p.text().nullable(),
    /** What the sender had available when INSUFFICIENT_FUNDS was decided (minor units). */
    available: p.bigint().nullable(),
    createdAt: p.datetime(),
  },
});

export class TransferCommand extends TransferCommandSchema.class {}
TransferCommandSchema.setClass(TransferCommand);
