import { inTransaction, type MikroORM } from '@paygraph/platform/db';
import { failpoint } from '@paygraph/platform/failpoints';
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
  const result = await inTransaction(orm, async (em): Promise<TransferNowResult> => {
    const at = books.clock();
    if (!(await books.repo.claimTransfer(em, cmd.transactionId, cmd.paymentId, at))) {
      const first = await books.repo.transferOutcome(em, cmd.transactionId);
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
    await books.repo.recordTransferOutcome(em, cmd.transactionId, answer);
    // Crash tests: everything written, nothing committed (the database rolls it back when the connection drops).
    failpoint('wallets.transfer.before-commit');
    return answer;
  });
  // Crash tests: the transfer committed, its answer not yet sent.
  if (!result.repeated) failpoint('wallets.transfer.after-commit');
  return result;
}
