import { inTransaction, type MikroORM } from '@paygraph/platform/db';
import { failpoint } from '@paygraph/platform/failpoints';
import { newId } from '@paygraph/platform/ids';
import { emQuery, plainSql, type Query } from '@paygraph/platform/plain-sql';
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
  const fast = await transferBetweenWallets(books, orm, cmd);
  const result = fast ?? (await transferOpening(books, orm, cmd));
  // Crash tests: the transfer committed, its answer not yet sent.
  if (!result.repeated) failpoint('wallets.transfer.after-commit');
  return result;
}

/**
 * Nearly every transfer, on plain SQL in four statements (BEGIN, the claim with both wallets and their row locks,
 * the posting, COMMIT): both wallets exist, or this is a repeat. Null when a wallet is missing: this transaction is
 * rolled back (the claim with it) and `transferOpening` does the work.
 */
async function transferBetweenWallets(books: Books, orm: MikroORM, cmd: TransferNowCommand): Promise<TransferNowResult | null> {
  return plainSql(orm).transaction(async (q) => {
    const at = books.clock();
    // Only the first call of a transaction gets rows.
    const locked = await books.repo.claimTransferLockingWallets(
      q,
      { transactionId: cmd.transactionId, paymentId: cmd.paymentId, currency: cmd.amount.currency, ownerIds: [cmd.senderId, cmd.recipientId] },
      at,
    );
    if (locked.length === 0) {
      const first = await books.repo.transferOutcome(q, cmd.transactionId);
      if (!first) throw new Error(`transfer ${cmd.transactionId} neither claimed nor found`);
      // STARTED is this transaction's own claim (no wallet found): left to transferOpening. Else the first answer.
      if (first.status === 'STARTED') throw ROLL_BACK;
      return { ...first, status: first.status, repeated: true };
    }
    const sender = locked.find((row) => row.ownerId === cmd.senderId);
    const recipient = locked.find((row) => row.ownerId === cmd.recipientId);
    if (!sender || !recipient || sender.accountId === recipient.accountId) throw ROLL_BACK;
    const answer = await transferLocked(books, q, cmd, sender, recipient.accountId, at);
    // Crash tests: everything written, nothing committed (the database rolls it back when the connection drops).
    failpoint('wallets.transfer.before-commit');
    return answer;
  }).catch((error: unknown) => {
    if (error === ROLL_BACK) return null;
    throw error;
  });
}

/** Thrown to roll the plain transaction back and leave the transfer to `transferOpening`. */
const ROLL_BACK = Symbol('roll back');

/**
 * The recipient's first payment in the currency (their wallet opens, with its WalletOpened) or a sender without a
 * wallet: the general one-step transfer on the ORM, which claims the transaction again from the start.
 */
async function transferOpening(books: Books, orm: MikroORM, cmd: TransferNowCommand): Promise<TransferNowResult> {
  return inTransaction(orm, async (em): Promise<TransferNowResult> => {
    const at = books.clock();
    if (!(await books.repo.claimTransfer(em, cmd.transactionId, cmd.paymentId, at))) {
      const first = await books.repo.transferOutcome(emQuery(em), cmd.transactionId);
      if (!first || first.status === 'STARTED') throw new Error(`transfer ${cmd.transactionId} claimed without an outcome`);
      return { ...first, status: first.status, repeated: true };
    }
    // The claim is the duplicate check: a hold of this transaction cannot exist (its unique index would say so anyway).
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
    await books.repo.recordTransferOutcome(emQuery(em), cmd.transactionId, answer);
    // Crash tests: everything written, nothing committed (the database rolls it back when the connection drops).
    failpoint('wallets.transfer.before-commit');
    return answer;
  });
}

/**
 * Both wallets exist and their rows are locked (the first statement): the available amount decides, and the
 * movement — entry, postings, balances, captured hold, the command's outcome — is one statement.
 */
async function transferLocked(books: Books, q: Query, cmd: TransferNowCommand, sender: BalanceRow, toWallet: string, at: Date): Promise<TransferNowResult> {
  const amount = positiveMinor(cmd.amount.minor);
  const { currency } = cmd.amount;
  const available = sender.balance - sender.held;
  if (available < amount) {
    const answer = { status: 'INSUFFICIENT_FUNDS', journalEntryId: null, senderWalletId: sender.accountId, recipientWalletId: null, available, repeated: false } as const;
    await books.repo.recordTransferOutcome(q, cmd.transactionId, answer);
    return answer;
  }
  // The same rules as every entry (Books.post): balanced, non-zero, in the accounts' currency.
  validateJournal({ kind: 'P2P', transactionId: cmd.transactionId, paymentId: cmd.paymentId, postings: transferPostings(sender.accountId, toWallet, amount, currency) });
  if (sender.currency !== currency) throw new Error(`Posting in ${currency} to ${sender.accountId}, an account in ${sender.currency}`);
  const journalEntryId = newId('jnl');
  await books.repo.postTransfer(
    q,
    { journalEntryId, holdId: newId('hld'), transactionId: cmd.transactionId, paymentId: cmd.paymentId, fromWallet: sender.accountId, toWallet, amount, currency },
    at,
  );
  return { status: 'TRANSFERRED', journalEntryId, senderWalletId: sender.accountId, recipientWalletId: toWallet, available: null, repeated: false };
}
