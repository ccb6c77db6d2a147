import type { EventData } from '@paygraph/events';
import type { EntityManager } from '@paygraph/platform/db';
import { positiveMinor, transferPostings, type JournalInput } from '../../domain/journal.js';
import { conversionPostings } from '../fx.service.js';
import type { Books } from './books.js';
import { LedgerEvents } from './ledger-events.js';

export type CaptureOutcome =
  | { status: 'CAPTURED'; journalEntryId: string }
  | { status: 'DUPLICATE'; journalEntryId: string }
  | { status: 'FAILED'; reason: 'HOLD_NOT_ACTIVE' | 'QUOTE_EXPIRED' };

/**
 * Ends an active hold by moving its money in one journal entry. P2P: sender's wallet → recipient's wallet in the
 * same currency (opened if needed). CONVERSION: two legs through FX clearing at the quote's stored amounts, into
 * the sender's wallet in the target currency (opened if needed); the quote becomes used. A captured hold answers
 * again with its journal entry.
 */
export async function capture(books: Books, em: EntityManager, cmd: EventData<'FundsCaptureRequested'>): Promise<CaptureOutcome> {
  const ref = LedgerEvents.ref(cmd);
  const at = books.clock();
  const failed = (reason: 'HOLD_NOT_ACTIVE' | 'QUOTE_EXPIRED'): CaptureOutcome => {
    books.events.captureFailed(em, ref, cmd.holdId, reason, at);
    return { status: 'FAILED', reason };
  };

  const hold = await books.repo.lockHold(em, cmd.holdId, at);
  if (!hold || hold.transactionId !== cmd.transactionId) {
    books.logger?.warn({ holdId: cmd.holdId, transactionId: cmd.transactionId }, 'capture of a hold that is not this transaction’s');
    return failed('HOLD_NOT_ACTIVE');
  }
  if (hold.status === 'CAPTURED') {
    books.events.captured(em, ref, { holdId: hold.id, journalEntryId: hold.journalEntryId!, walletId: hold.walletId }, at);
    return { status: 'DUPLICATE', journalEntryId: hold.journalEntryId! };
  }
  if (hold.status !== 'ACTIVE') return failed('HOLD_NOT_ACTIVE');
  // Past its expiry a hold is over, whether or not the expiry worker has swept it yet.
  if (hold.expired) {
    await books.endHold(em, hold, 'EXPIRED', 'EXPIRED', at);
    return failed('HOLD_NOT_ACTIVE');
  }
  const amount = positiveMinor(cmd.amount.minor);
  if (amount !== hold.amount || cmd.amount.currency !== hold.currency) {
    // The orchestrator asks to move something other than what it reserved: a bug, not a business outcome.
    throw new Error(`Capture of ${cmd.amount.minor} ${cmd.amount.currency} for hold ${hold.id} of ${hold.amount} ${hold.currency}`);
  }
  if (hold.walletOwnerId !== cmd.senderId) throw new Error(`Hold ${hold.id} is not in a wallet of ${cmd.senderId}`);

  let journal: JournalInput;
  if (cmd.kind === 'P2P') {
    const recipient = await books.wallets.ensureWallet(em, cmd.recipientId, hold.currency);
    journal = { kind: 'P2P', postings: transferPostings(hold.walletId, recipient.id, amount, hold.currency) };
  } else if (cmd.kind === 'CONVERSION') {
    const claim = cmd.quoteId
      ? await books.fx.claim(em, cmd.quoteId, { ownerId: cmd.senderId, transactionId: cmd.transactionId, sourceMinor: amount, sourceCurrency: hold.currency })
      : ({ ok: false, why: 'no quote' } as const);
    if (!claim.ok) {
      books.logger?.info({ holdId: hold.id, quoteId: cmd.quoteId, why: claim.why }, 'conversion not captured; releasing its hold');
      // Nothing can move at this price any more: give the money back now rather than at the hold's expiry.
      await books.endHold(em, hold, 'RELEASED', 'QUOTE_EXPIRED', at);
      return failed('QUOTE_EXPIRED');
    }
    const q = claim.quote;
    const target = await books.wallets.ensureWallet(em, cmd.senderId, q.targetCurrency);
    journal = {
      kind: 'CONVERSION',
      fx: { quoteId: q.id, rate: q.rate, midRate: q.midRate, spreadBps: q.spreadBps },
      postings: conversionPostings(q, {
        sourceWallet: hold.walletId,
        fxSource: books.systemAccountId('FX_CLEARING', q.sourceCurrency),
        fxTarget: books.systemAccountId('FX_CLEARING', q.targetCurrency),
        targetWallet: target.id,
      }),
    };
  } else {
    throw new Error(`A ${cmd.kind} payment has no hold to capture`);
  }

  const result = await books.post(em, { ...journal, ...ref, releaseHeld: [{ accountId: hold.walletId, amount }] });
  if (!result.posted) throw new Error(`Hold ${hold.id} is active but transaction ${cmd.transactionId} already has a ${journal.kind} entry`);
  await books.repo.markHoldCaptured(em, hold.id, result.journalEntryId, at);
  books.events.captured(em, ref, { holdId: hold.id, journalEntryId: result.journalEntryId, walletId: hold.walletId }, at);
  return { status: 'CAPTURED', journalEntryId: result.journalEntryId };
}
