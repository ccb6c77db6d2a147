import type { EventData } from '@paygraph/events';
import type { EntityManager } from '@paygraph/platform/db';
import { creditPostings, positiveMinor } from '../../domain/journal.js';
import type { Books } from './books.js';
import { LedgerEvents } from './ledger-events.js';

export type CreditOutcome = { status: 'CREDITED' | 'DUPLICATE'; journalEntryId: string; walletId: string };

/**
 * Moves a captured card charge from PSP clearing into the user's wallet (the named one, or theirs in that currency).
 * A transaction credited before answers again with its entry.
 */
export async function credit(books: Books, em: EntityManager, cmd: EventData<'FundsCreditRequested'>): Promise<CreditOutcome> {
  const amount = positiveMinor(cmd.amount.minor);
  const { currency } = cmd.amount;
  const ref = LedgerEvents.ref(cmd);

  const already = await books.repo.creditOf(em, cmd.transactionId);
  if (already) {
    books.events.credited(em, ref, already, { minor: amount, currency }, books.clock());
    return { status: 'DUPLICATE', ...already };
  }

  let walletId: string | null = null;
  if (cmd.walletId) {
    const named = await books.repo.account(em, cmd.walletId);
    if (named && named.kind === 'WALLET' && named.ownerId === cmd.userId && named.currency === currency) walletId = cmd.walletId;
    // The card was charged already: the money goes to the user's wallet in that currency rather than nowhere.
    else books.logger?.warn({ walletId: cmd.walletId, userId: cmd.userId, currency }, 'credit to a wallet that does not fit; using the user’s wallet in that currency');
  }
  walletId ??= (await books.wallets.ensureWallet(em, cmd.userId, currency)).id;

  const result = await books.post(em, {
    kind: 'ADD_FUNDS',
    ...ref,
    externalReference: cmd.pspReference,
    postings: creditPostings(books.systemAccountId('PSP_CLEARING', currency), walletId, amount, currency),
  });
  const credited = result.posted ? { journalEntryId: result.journalEntryId, walletId } : (await books.repo.creditOf(em, cmd.transactionId))!;
  books.events.credited(em, ref, credited, { minor: amount, currency }, books.clock());
  return { status: result.posted ? 'CREDITED' : 'DUPLICATE', ...credited };
}
