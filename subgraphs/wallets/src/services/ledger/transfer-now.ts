import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { failpoint } from '@paygraph/platform/failpoints';
import { newId } from '@paygraph/platform/ids';
import { positiveMinor, transferPostings, validateJournal } from '../../domain/journal.js';
import type { BalanceRow, TransferOutcomeRow } from '../../repositories/ledger.repository.js';
import type { Books } from './books.js';
import { transfer } from './transfer.js';

export interface TransferNowCommand {
  transactionId: string;
  paymentId: string;
  senderId: string;
  recipientId: string;
  amount: { minor: string; currency: string };
}

export type TransferNowResult = Omit<TransferOutcomeRow, 'status'> & {
  status: Exclude<TransferOutcomeRow['status'], 'STARTED'>;
  /** True when this answer was given before (the command is a repeat): nothing changed now. */
  repeated: boolean;
};

/**
 * The synchronous P2P transfer (DESIGN.md §4): the same one-step move as the saga's FundsTransferRequested, in its own
 * database transaction, answered in the response instead of by events, and idempotent on the transaction id through
 * `transfer_command`: the first call claims the row, decides, and records the outcome with the ledger change; any
 * repeat (concurrent or later) returns that outcome and changes nothing, a refusal included.
 */
export async function transferNow(books: Books, orm: MikroORM, cmd: TransferNowCommand): Promise<TransferNowResult> {
  const result = await inTransaction(orm, async (em): Promise<TransferNowResult> => {
    const at = books.clock();
    // The claim, both wallets and their row locks in one statement (the whole fast path is four: BEGIN, this, the
    // posting, COMMIT). Only the first call of a transaction gets rows.
    const locked = await books.repo.claimTransferLockingWallets(
      em,
      { transactionId: cmd.transactionId, paymentId: cmd.paymentId, currency: cmd.amount.currency, ownerIds: [cmd.senderId, cmd.recipientId] },
      at,
    );
    if (locked.length === 0) {
      const first = await books.repo.transferOutcome(em, cmd.transactionId);
      if (!first) throw new Error(`transfer ${cmd.transactionId} neither claimed nor found`);
      // Not STARTED: an earlier call's committed answer, which stands.
      if (first.status !== 'STARTED') return { ...first, status: first.status, repeated: true };
    }
    const sender = locked.find((row) => row.ownerId === cmd.senderId);
    const recipient = locked.find((row) => row.ownerId === cmd.recipientId);
    if (sender && recipient && sender.accountId !== recipient.accountId) {
      const fast = await transferLocked(books, em, cmd, sender, recipient.accountId, at);
      failpoint('wallets.transfer.before-commit');
      return fast;
    }
    // A wallet to open (the recipient's first payment in the currency) or none to pay from: the general one-step
    // transfer, which opens the recipient's wallet and locks again (the locks held already are kept).
    const outcome = await transfer(books, em, { ...cmd, at: at.toISOString() }, true);
    let answer: TransferNowResult;
    switch (outcome.status) {
      case 'TRANSFERRED':
        answer = {
          status: 'TRANSFERRED',
          journalEntryId: outcome.journalEntryId,
          senderWalletId: outcome.walletId,
          recipientWalletId: outcome.recipientWalletId,
          available: null,
          repeated: false,
        };
        break;
      case 'INSUFFICIENT_FUNDS':
        answer = { status: 'INSUFFICIENT_FUNDS', journalEntryId: null, senderWalletId: outcome.walletId, recipientWalletId: null, available: outcome.available, repeated: false };
        break;
      case 'WALLET_NOT_FOUND':
        answer = { status: 'WALLET_NOT_FOUND', journalEntryId: null, senderWalletId: null, recipientWalletId: null, available: null, repeated: false };
        break;
      case 'DUPLICATE':
        // The saga moved this transaction's money already (a hold exists): a command path mix-up, never expected.
        throw new Error(`transaction ${cmd.transactionId} already has a hold; it cannot be transferred synchronously`);
    }
    await books.repo.recordTransferOutcome(em, cmd.transactionId, answer);
    // Crash tests: everything written, nothing committed (the database rolls it back when the connection drops).
    failpoint('wallets.transfer.before-commit');
    return answer;
  });
  // Crash tests: the transfer committed, its answer not yet sent.
  if (!result.repeated) failpoint('wallets.transfer.after-commit');
  return result;
}

/**
 * Both wallets exist and their rows are locked (the first statement): the available amount decides, and the
 * movement — entry, postings, balances, captured hold, the command's outcome — is one statement.
 */
async function transferLocked(books: Books, em: EntityManager, cmd: TransferNowCommand, sender: BalanceRow, toWallet: string, at: Date): Promise<TransferNowResult> {
  const amount = positiveMinor(cmd.amount.minor);
  const { currency } = cmd.amount;
  const available = sender.balance - sender.held;
  if (available < amount) {
    const answer = { status: 'INSUFFICIENT_FUNDS', journalEntryId: null, senderWalletId: sender.accountId, recipientWalletId: null, available, repeated: false } as const;
    await books.repo.recordTransferOutcome(em, cmd.transactionId, answer);
    return answer;
  }
  // The same rules as every entry (Books.post): balanced, non-zero, in the accounts' currency.
  validateJournal({ kind: 'P2P', transactionId: cmd.transactionId, paymentId: cmd.paymentId, postings: transferPostings(sender.accountId, toWallet, amount, currency) });
  if (sender.currency !== currency) throw new Error(`Posting in ${currency} to ${sender.accountId}, an account in ${sender.currency}`);
  const journalEntryId = newId('jnl');
  await books.repo.postTransfer(
    em,
    { journalEntryId, holdId: newId('hld'), transactionId: cmd.transactionId, paymentId: cmd.paymentId, fromWallet: sender.accountId, toWallet, amount, currency },
    at,
  );
  return { status: 'TRANSFERRED', journalEntryId, senderWalletId: sender.accountId, recipientWalletId: toWallet, available: null, repeated: false };
}
