import { inTransaction, type MikroORM } from '@paygraph/platform/db';
import { failpoint } from '@paygraph/platform/failpoints';
import { newId } from '@paygraph/platform/ids';
import { positiveMinor, transferPostings } from '../../domain/journal.js';
import type { PayoutHoldOutcome } from '../../entities/payout-command.entity.js';
import { PayoutRepository } from '../../repositories/payout.repository.js';
import type { Books } from './books.js';

/**
 * A withdrawal's four ledger steps, each one internal command of payments (DESIGN.md §4) in its own database
 * transaction and idempotent on the withdrawal's transaction id:
 * - hold: reserve the amount in the user's wallet at once (first answer kept in payout_command, refusals included);
 * - capture: the bank paid, so the hold becomes a WITHDRAWAL entry, wallet → PAYOUT_CLEARING;
 * - release: the bank refused, so the hold ends and nothing moves;
 * - return: the bank sent a paid withdrawal back, so a WITHDRAWAL_RETURN entry, PAYOUT_CLEARING → wallet.
 * A payout hold does not expire (the rail, not a timer, decides how it ends): its expiry is set beyond any horizon.
 */
export interface PayoutRef {
  transactionId: string;
  withdrawalId: string;
}

export interface PayoutHoldCommand extends PayoutRef {
  userId: string;
  walletId: string;
  amount: { minor: string; currency: string };
}

export interface PayoutHoldResult {
  status: PayoutHoldOutcome;
  holdId: string | null;
  available: bigint | null;
  repeated: boolean;
}

export type PayoutStepResult =
  | { status: 'CAPTURED' | 'RETURNED'; journalEntryId: string; repeated: boolean }
  | { status: 'RELEASED'; repeated: boolean }
  | { status: 'HOLD_NOT_ACTIVE' | 'NOT_CAPTURED' };

const NEVER = new Date('9999-12-31T00:00:00.000Z');
const payouts = new PayoutRepository();

export async function holdPayout(books: Books, orm: MikroORM, cmd: PayoutHoldCommand): Promise<PayoutHoldResult> {
  const amount = positiveMinor(cmd.amount.minor);
  const { currency } = cmd.amount;
  const result = await inTransaction(orm, async (em): Promise<PayoutHoldResult> => {
    const at = books.clock();
    if (!(await payouts.claim(em, cmd.transactionId, cmd.withdrawalId, at))) {
      const first = await payouts.outcome(em, cmd.transactionId);
      if (!first || first.status === 'STARTED') throw new Error(`payout hold ${cmd.transactionId} claimed without an outcome`);
      return { status: first.status, holdId: first.holdId, available: first.available, repeated: true };
    }
    const wallet = await books.repo.lockWalletOf(em, cmd.userId, currency);
    let answer: PayoutHoldResult;
    if (!wallet || wallet.accountId !== cmd.walletId) {
      answer = { status: 'WALLET_NOT_FOUND', holdId: null, available: null, repeated: false };
    } else if (wallet.balance - wallet.held < amount) {
      answer = { status: 'INSUFFICIENT_FUNDS', holdId: null, available: wallet.balance - wallet.held, repeated: false };
    } else {
      const holdId = newId('hld');
      await books.repo.insertActiveHold(
        em,
        { id: holdId, walletId: wallet.accountId, amount, currency, transactionId: cmd.transactionId, paymentId: cmd.withdrawalId, expiresAt: NEVER },
        at,
      );
      books.events.balancesChanged(em, await books.repo.applyDeltas(em, new Map([[wallet.accountId, { balance: 0n, held: amount }]]), at), at);
      answer = { status: 'HELD', holdId, available: null, repeated: false };
    }
    await payouts.record(em, cmd.transactionId, { ...answer, walletId: wallet?.accountId ?? null });
    return answer;
  });
  // Crash tests: the hold committed, its answer not yet sent.
  if (!result.repeated) failpoint('wallets.payout-hold.after-commit');
  return result;
}

export async function capturePayout(books: Books, orm: MikroORM, cmd: PayoutRef & { holdId: string }): Promise<PayoutStepResult> {
  const result = await inTransaction(orm, async (em): Promise<PayoutStepResult> => {
    const at = books.clock();
    const hold = await books.repo.lockHold(em, cmd.holdId, at);
    if (!hold || hold.transactionId !== cmd.transactionId) throw new Error(`hold ${cmd.holdId} is not withdrawal ${cmd.withdrawalId}'s`);
    if (hold.status === 'CAPTURED') return { status: 'CAPTURED', journalEntryId: hold.journalEntryId!, repeated: true };
    if (hold.status !== 'ACTIVE') return { status: 'HOLD_NOT_ACTIVE' };
    const clearing = books.systemAccountId('PAYOUT_CLEARING', hold.currency);
    const posted = await books.post(em, {
      kind: 'WITHDRAWAL',
      transactionId: cmd.transactionId,
      paymentId: cmd.withdrawalId,
      postings: transferPostings(hold.walletId, clearing, hold.amount, hold.currency),
      releaseHeld: [{ accountId: hold.walletId, amount: hold.amount }],
    });
    if (!posted.posted) throw new Error(`hold ${hold.id} is active but ${cmd.transactionId} already has a WITHDRAWAL entry`);
    await books.repo.markHoldCaptured(em, hold.id, posted.journalEntryId, at);
    failpoint('wallets.payout-capture.before-commit');
    return { status: 'CAPTURED', journalEntryId: posted.journalEntryId, repeated: false };
  });
  if (result.status === 'CAPTURED' && !result.repeated) failpoint('wallets.payout-capture.after-commit');
  return result;
}

export async function releasePayout(books: Books, orm: MikroORM, cmd: PayoutRef & { holdId: string; reason: string }): Promise<PayoutStepResult> {
  return inTransaction(orm, async (em): Promise<PayoutStepResult> => {
    const at = books.clock();
    const hold = await books.repo.lockHold(em, cmd.holdId, at);
    if (!hold || hold.transactionId !== cmd.transactionId) throw new Error(`hold ${cmd.holdId} is not withdrawal ${cmd.withdrawalId}'s`);
    if (hold.status === 'RELEASED' || hold.status === 'EXPIRED') return { status: 'RELEASED', repeated: true };
    if (hold.status !== 'ACTIVE') return { status: 'HOLD_NOT_ACTIVE' };
    await books.endHold(em, hold, 'RELEASED', cmd.reason, at);
    return { status: 'RELEASED', repeated: false };
  });
}

export async function returnPayout(books: Books, orm: MikroORM, cmd: PayoutRef & { holdId: string }): Promise<PayoutStepResult> {
  return inTransaction(orm, async (em): Promise<PayoutStepResult> => {
    const at = books.clock();
    // The hold's row lock serialises a return with a late capture repeat of the same withdrawal.
    const hold = await books.repo.lockHold(em, cmd.holdId, at);
    if (!hold || hold.transactionId !== cmd.transactionId) throw new Error(`hold ${cmd.holdId} is not withdrawal ${cmd.withdrawalId}'s`);
    if (hold.status !== 'CAPTURED') return { status: 'NOT_CAPTURED' };
    const clearing = books.systemAccountId('PAYOUT_CLEARING', hold.currency);
    const posted = await books.post(em, {
      kind: 'WITHDRAWAL_RETURN',
      transactionId: cmd.transactionId,
      paymentId: cmd.withdrawalId,
      postings: transferPostings(clearing, hold.walletId, hold.amount, hold.currency),
    });
    return { status: 'RETURNED', journalEntryId: posted.journalEntryId, repeated: !posted.posted };
  });
}
