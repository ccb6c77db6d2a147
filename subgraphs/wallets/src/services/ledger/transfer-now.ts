import { inTransaction, type MikroORM } from '@paygraph/platform/db';
import { failpoint } from '@paygraph/platform/failpoints';
import { newId } from '@paygraph/platform/ids';
import { METRICS } from '@paygraph/platform/metrics';
import { emQuery, plainSql } from '@paygraph/platform/plain-sql';
import { positiveMinor } from '../../domain/journal.js';
import type { TransferOutcomeRow } from '../../repositories/ledger.repository.js';
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
 * Nearly every transfer: both wallets exist, or this is a repeat. One statement on plain SQL (the repository's
 * `transferBetweenWallets`, a function in the database), which is its own transaction. Null when a wallet is
 * missing: nothing was kept, and `transferOpening` does the work.
 */
async function transferBetweenWallets(books: Books, orm: MikroORM, cmd: TransferNowCommand): Promise<TransferNowResult | null> {
  const amount = positiveMinor(cmd.amount.minor);
  const ids = { journalEntryId: newId('jnl'), holdId: newId('hld') };
  // Crash tests: nothing written yet. The statement is the commit on this path: there is no moment in between.
  failpoint('wallets.transfer.before-commit');
  const answer = await books.repo.transferBetweenWallets(
    plainSql(orm).query,
    { transactionId: cmd.transactionId, paymentId: cmd.paymentId, senderId: cmd.senderId, recipientId: cmd.recipientId, currency: cmd.amount.currency, amount, ...ids },
    books.clock(),
  );
  if (answer.status === 'OPENING') return null;
  if (answer.status === 'STARTED') throw new Error(`transfer ${cmd.transactionId} claimed without an outcome`);
  // The statement committed a journal entry of two postings (the ORM path counts its own through Books.post).
  if (answer.status === 'TRANSFERRED' && !answer.repeated) {
    METRICS.ledgerEntries.inc({ service: 'wallets', kind: 'P2P' });
    METRICS.ledgerPostings.inc({ service: 'wallets', kind: 'P2P', currency: cmd.amount.currency }, 2);
  }
  return { ...answer, status: answer.status };
}

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
