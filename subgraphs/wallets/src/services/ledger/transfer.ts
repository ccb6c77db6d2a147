import type { EventData } from '@paygraph/events';
import type { EntityManager } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import { positiveMinor, transferPostings } from '../../domain/journal.js';
import type { Books } from './books.js';
import { LedgerEvents } from './ledger-events.js';

export type TransferOutcome =
  | { status: 'TRANSFERRED'; holdId: string; journalEntryId: string; walletId: string; recipientWalletId: string }
  | { status: 'DUPLICATE'; holdId: string }
  | { status: 'INSUFFICIENT_FUNDS'; walletId: string; available: bigint }
  | { status: 'WALLET_NOT_FOUND' };

/**
 * A P2P payment risk has approved, in one step: reserve and capture at once. If the sender's available amount covers
 * it, the money moves from their wallet to the recipient's (opened if needed) in one journal entry, and the
 * transaction's hold row is written already CAPTURED: the row that makes a repeated request a duplicate (the unique
 * transaction id), as for a hold. Otherwise nothing moves and nothing is kept (FundsReservationFailed), as for a
 * reservation. Both balance rows are locked together, in account id order, before anything is decided.
 */
export async function transfer(
  books: Books,
  em: EntityManager,
  cmd: EventData<'FundsTransferRequested'>,
  /** The caller proved this is the transaction's first transfer (transfer-now's claim): no hold can exist yet. */
  first = false,
): Promise<TransferOutcome> {
  const amount = positiveMinor(cmd.amount.minor);
  const { currency } = cmd.amount;
  const ref = LedgerEvents.ref(cmd);
  const at = books.clock();

  // Both wallets in one read; opening the recipient's (rows of its own) happens before any balance row is locked.
  const found = await books.repo.walletsOf(em, currency, [cmd.senderId, cmd.recipientId]);
  const walletId = found.find((w) => w.ownerId === cmd.senderId)?.id;
  if (!walletId) {
    books.events.reservationFailed(em, ref, 'WALLET_NOT_FOUND', null, at);
    return { status: 'WALLET_NOT_FOUND' };
  }
  const recipient = found.find((w) => w.ownerId === cmd.recipientId) ?? (await books.wallets.ensureWallet(em, cmd.recipientId, currency));
  const locked = await books.repo.lock(em, [walletId, recipient.id]);
  const sender = locked.get(walletId)!;

  const existing = first ? null : await books.repo.holdOfTransaction(em, cmd.transactionId, at);
  if (existing) {
    // Already transferred (or reserved by an earlier request of this transaction): the first answer stands.
    if (existing.status === 'CAPTURED' && existing.journalEntryId) {
      books.events.captured(em, ref, { holdId: existing.id, journalEntryId: existing.journalEntryId, walletId: existing.walletId }, at);
    }
    return { status: 'DUPLICATE', holdId: existing.id };
  }
  const available = sender.balance - sender.held;
  if (available < amount) {
    books.events.reservationFailed(em, ref, 'INSUFFICIENT_FUNDS', { minor: available, currency }, at);
    return { status: 'INSUFFICIENT_FUNDS', walletId, available };
  }

  const result = await books.post(em, { kind: 'P2P', ...ref, postings: transferPostings(walletId, recipient.id, amount, currency) }, locked);
  if (!result.posted) throw new Error(`Transaction ${cmd.transactionId} already has a P2P entry but no hold`);
  const holdId = newId('hld');
  await books.repo.insertCapturedHold(
    em,
    { id: holdId, walletId, amount, currency, transactionId: cmd.transactionId, paymentId: cmd.paymentId, journalEntryId: result.journalEntryId },
    at,
  );
  books.events.captured(em, ref, { holdId, journalEntryId: result.journalEntryId, walletId }, at);
  return { status: 'TRANSFERRED', holdId, journalEntryId: result.journalEntryId, walletId, recipientWalletId: recipient.id };
}
