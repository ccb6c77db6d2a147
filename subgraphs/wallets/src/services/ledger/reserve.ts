import type { EventData } from '@paygraph/events';
import type { EntityManager } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import { positiveMinor } from '../../domain/journal.js';
import type { Books } from './books.js';
import { LedgerEvents } from './ledger-events.js';

export type ReserveOutcome =
  | { status: 'RESERVED'; holdId: string; walletId: string }
  | { status: 'DUPLICATE'; holdId: string; walletId: string }
  | { status: 'INSUFFICIENT_FUNDS'; walletId: string; available: bigint }
  | { status: 'WALLET_NOT_FOUND' };

/**
 * Holds `amount` in the user's wallet of that currency if its available amount covers it. A hold that exists for the
 * transaction answers again (FundsReserved while it is active); a refusal leaves no state, so a repeat is decided afresh.
 */
export async function reserve(books: Books, em: EntityManager, cmd: EventData<'FundsReservationRequested'>): Promise<ReserveOutcome> {
  const amount = positiveMinor(cmd.amount.minor);
  const { currency } = cmd.amount;
  const ref = LedgerEvents.ref(cmd);
  const at = books.clock();

  // Every reservation of this wallet queues here, so "available covers it" is decided on the latest committed numbers.
  const wallet = await books.repo.lockWalletOf(em, cmd.userId, currency);
  if (!wallet) {
    books.events.reservationFailed(em, ref, 'WALLET_NOT_FOUND', null, at);
    return { status: 'WALLET_NOT_FOUND' };
  }
  const walletId = wallet.accountId;

  const existing = await books.repo.holdOfTransaction(em, cmd.transactionId, at);
  if (existing) {
    if (existing.status === 'ACTIVE') {
      books.events.reserved(em, ref, { holdId: existing.id, walletId: existing.walletId, amount: existing.amount, currency: existing.currency }, at);
    }
    return { status: 'DUPLICATE', holdId: existing.id, walletId: existing.walletId };
  }

  const availableNow = wallet.balance - wallet.held;
  if (availableNow < amount) {
    books.events.reservationFailed(em, ref, 'INSUFFICIENT_FUNDS', { minor: availableNow, currency }, at);
    return { status: 'INSUFFICIENT_FUNDS', walletId, available: availableNow };
  }

  const holdId = newId('hld');
  const expiresAt = new Date(at.getTime() + books.opts.holdTtlSeconds * 1000);
  await books.repo.insertActiveHold(em, { id: holdId, walletId, amount, currency, transactionId: cmd.transactionId, paymentId: cmd.paymentId, expiresAt }, at);
  const rows = await books.repo.applyDeltas(em, new Map([[walletId, { balance: 0n, held: amount }]]), at);
  books.events.balancesChanged(em, rows, at);
  books.events.reserved(em, ref, { holdId, walletId, amount, currency }, at);
  return { status: 'RESERVED', holdId, walletId };
}
