import type { EntityManager } from '@paygraph/platform/db';
import type { Outbox } from '@paygraph/platform/events';
import type { BalanceRow, HoldRow } from '../../repositories/ledger.repository.js';

/** The payment and transaction a command is about: every answer to the saga carries it (aggregate: the transaction). */
export interface TransactionRef {
  transactionId: string;
  paymentId: string;
}

const wire = (minor: bigint, currency: string) => ({ minor: minor.toString(), currency });

/**
 * What the ledger tells the rest of Paygraph, one method per event, each written into the caller's transaction's
 * outbox. The saga's answers are aggregated by transaction; balance changes by wallet.
 */
export class LedgerEvents {
  constructor(private readonly outbox: Outbox) {}

  reserved(em: EntityManager, ref: TransactionRef, hold: { holdId: string; walletId: string; amount: bigint; currency: string }, at: Date): void {
    this.outbox.emit(em, 'FundsReserved', ref.transactionId, {
      ...ref,
      holdId: hold.holdId,
      walletId: hold.walletId,
      amount: wire(hold.amount, hold.currency),
      at: at.toISOString(),
    });
  }

  reservationFailed(
    em: EntityManager,
    ref: TransactionRef,
    reason: 'INSUFFICIENT_FUNDS' | 'WALLET_NOT_FOUND',
    available: { minor: bigint; currency: string } | null,
    at: Date,
  ): void {
    this.outbox.emit(em, 'FundsReservationFailed', ref.transactionId, {
      ...ref,
      reason,
      available: available === null ? null : wire(available.minor, available.currency),
      at: at.toISOString(),
    });
  }

  captured(em: EntityManager, ref: TransactionRef, capture: { holdId: string; journalEntryId: string; walletId: string }, at: Date): void {
    this.outbox.emit(em, 'FundsCaptured', ref.transactionId, { ...ref, ...capture, at: at.toISOString() });
  }

  captureFailed(em: EntityManager, ref: TransactionRef, holdId: string, reason: 'HOLD_NOT_ACTIVE' | 'QUOTE_EXPIRED', at: Date): void {
    this.outbox.emit(em, 'FundsCaptureFailed', ref.transactionId, { ...ref, holdId, reason, at: at.toISOString() });
  }

  /** A hold that ended without moving money. */
  released(em: EntityManager, hold: Pick<HoldRow, 'id' | 'transactionId' | 'paymentId'>, reason: string, at: Date): void {
    this.outbox.emit(em, 'FundsReleased', hold.transactionId, {
      transactionId: hold.transactionId,
      paymentId: hold.paymentId,
      holdId: hold.id,
      reason,
      at: at.toISOString(),
    });
  }

  credited(
    em: EntityManager,
    ref: TransactionRef,
    credit: { journalEntryId: string; walletId: string },
    amount: { minor: bigint; currency: string },
    at: Date,
  ): void {
    this.outbox.emit(em, 'FundsCredited', ref.transactionId, { ...ref, ...credit, amount: wire(amount.minor, amount.currency), at: at.toISOString() });
  }

  /** WalletBalanceChanged for each wallet among the changed rows (system accounts are not announced). */
  balancesChanged(em: EntityManager, rows: readonly BalanceRow[], at: Date): void {
    for (const row of rows) {
      if (row.kind !== 'WALLET' || !row.ownerId) continue;
      this.outbox.emit(em, 'WalletBalanceChanged', row.accountId, {
        walletId: row.accountId,
        ownerId: row.ownerId,
        balance: wire(row.balance, row.currency),
        available: wire(row.balance - row.held, row.currency),
        held: wire(row.held, row.currency),
        at: at.toISOString(),
      });
    }
  }

  /** A reference to a command's transaction, as its answers carry it. */
  static ref(cmd: TransactionRef): TransactionRef {
    return { transactionId: cmd.transactionId, paymentId: cmd.paymentId };
  }
}

/**
 * The events of a synchronous command: none. The caller (payments) got the answer in the response and announces the
 * outcome itself, in one event for the whole payment (PaymentSettled), so the saga's replies and the balance events
 * are not written. WalletOpened, which the wallet service emits itself, still is.
 */
export class SilentLedgerEvents extends LedgerEvents {
  constructor() {
    super(null as unknown as Outbox);
  }
  override reserved(): void {}
  override reservationFailed(): void {}
  override captured(): void {}
  override captureFailed(): void {}
  override released(): void {}
  override credited(): void {}
  override balancesChanged(): void {}
}

/**
 * The events of a withdrawal's ledger steps (the payout commands): only the balance changes, so the owner's
 * `walletBalanceChanged` stream follows the hold, the payout and a return. The withdrawal's own progress is announced
 * by payments (WithdrawalStatusChanged); the saga's replies are not written, no saga waits for them.
 */
export class BalanceOnlyLedgerEvents extends LedgerEvents {
  override reserved(): void {}
  override reservationFailed(): void {}
  override captured(): void {}
  override captureFailed(): void {}
  override released(): void {}
  override credited(): void {}
}
