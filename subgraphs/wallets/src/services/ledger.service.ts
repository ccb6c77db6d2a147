import type { EventData } from '@paygraph/events';
import type { EntityManager, MikroORM } from '@paygraph/platform/db';
import type { Outbox } from '@paygraph/platform/events';
import type { Logger } from '@paygraph/platform/logger';
import type { SystemAccountKind } from '../entities/ledger-account.entity.js';
import type { JournalInput } from '../domain/journal.js';
import { LedgerRepository, type BalanceRow } from '../repositories/ledger.repository.js';
import type { FxService } from './fx.service.js';
import type { WalletService } from './wallet.service.js';
import { Books, type LedgerOptions, type PostResult } from './ledger/books.js';
import { capture, type CaptureOutcome } from './ledger/capture.js';
import {
  authorizeCheckout,
  captureCardCheckout,
  captureCheckout,
  payCheckout,
  refundCardCheckout,
  releaseCheckout,
  type CheckoutApprovalResult,
  type CheckoutCardCaptureCommand,
  type CheckoutCardCaptureResult,
  type CheckoutCardRefundCommand,
  type CheckoutCardRefundResult,
  type CheckoutAuthorizeCommand,
  type CheckoutCaptureCommand,
  type CheckoutPayCommand,
  type CheckoutReleaseCommand,
  type CheckoutStepResult,
} from './ledger/checkout.js';
import { credit, type CreditOutcome } from './ledger/credit.js';
import { BalanceOnlyLedgerEvents, LedgerEvents, SilentLedgerEvents } from './ledger/ledger-events.js';
import { capturePayout, holdPayout, releasePayout, returnPayout, type PayoutHoldCommand, type PayoutHoldResult, type PayoutRef, type PayoutStepResult } from './ledger/payout.js';
import { expireDue, release, type ReleaseOutcome } from './ledger/release.js';
import { ledgerReport, type LedgerReport } from './ledger/report.js';
import { reserve, type ReserveOutcome } from './ledger/reserve.js';
import { transfer, type TransferOutcome } from './ledger/transfer.js';
import { transferNow, type TransferNowCommand, type TransferNowResult } from './ledger/transfer-now.js';

export { validateJournal, type JournalInput, type PostingInput } from '../domain/journal.js';
export type { BalanceRow } from '../repositories/ledger.repository.js';
export type { CaptureOutcome, CreditOutcome, LedgerOptions, LedgerReport, PostResult, ReleaseOutcome, ReserveOutcome, TransferOutcome };
export type { TransferNowCommand, TransferNowResult };
export type { PayoutHoldCommand, PayoutHoldResult, PayoutRef, PayoutStepResult };
export type { CheckoutCardCaptureCommand, CheckoutCardCaptureResult, CheckoutCardRefundCommand, CheckoutCardRefundResult };
export type { CheckoutApprovalResult, CheckoutAuthorizeCommand, CheckoutCaptureCommand, CheckoutPayCommand, CheckoutReleaseCommand, CheckoutStepResult };
export type { CurrencyTotals } from './ledger/report.js';

/**
 * The double-entry ledger and the saga's money steps, one file each under `ledger/`: reserve, transfer, capture,
 * release and expiry, credit; the rules in `domain/journal.ts`, the SQL in `repositories/ledger.repository.ts`, the
 * events in `ledger/ledger-events.ts`. This class only wires them for the consumers, resolvers and workers.
 *
 * Every method that changes money runs inside the caller's transaction (`em`): the consumer's, so that the inbox row,
 * the ledger change and the outbox events commit together or not at all.
 *
 * Duplicated commands (a different event id for the same step; the inbox already drops redeliveries of one event)
 * change nothing. A reservation whose hold exists re-emits FundsReserved if the hold is still active; a capture of
 * a captured hold re-emits FundsCaptured with the same journal entry; a release of an ended hold re-emits
 * FundsReleased; a credit whose journal entry exists re-emits FundsCredited. The orchestrator gets its answer again
 * and must itself accept an outcome twice (the backbone is at-least-once anyway). A reservation that was refused
 * leaves no state, so a duplicate of it is decided afresh.
 */
export class LedgerService {
  private readonly repo = new LedgerRepository();
  private readonly books: Books;
  /** The books of the synchronous commands, which write no events (see SilentLedgerEvents). */
  private readonly quietBooks: Books;
  /** The books of a withdrawal's and a checkout's steps: balance changes only (see BalanceOnlyLedgerEvents). */
  private readonly payoutBooks: Books;

  constructor(outbox: Outbox, wallets: WalletService, fx: FxService, opts: LedgerOptions, clock: () => Date = () => new Date(), logger?: Logger) {
    this.books = new Books(this.repo, new LedgerEvents(outbox), wallets, fx, opts, clock, logger);
    this.quietBooks = this.books.withEvents(new SilentLedgerEvents());
    this.payoutBooks = this.books.withEvents(new BalanceOnlyLedgerEvents(outbox));
  }

  ensureSystemAccounts(orm: MikroORM, currencies: readonly string[]): Promise<void> {
    return this.books.ensureSystemAccounts(orm, currencies);
  }

  systemAccountId(kind: SystemAccountKind, currency: string): string {
    return this.books.systemAccountId(kind, currency);
  }

  post(em: EntityManager, journal: JournalInput, alreadyLocked?: Map<string, BalanceRow>): Promise<PostResult> {
    return this.books.post(em, journal, alreadyLocked);
  }

  lock(em: EntityManager, accountIds: readonly string[]): Promise<Map<string, BalanceRow>> {
    return this.repo.lock(em, accountIds);
  }

  reserve(em: EntityManager, cmd: EventData<'FundsReservationRequested'>): Promise<ReserveOutcome> {
    return reserve(this.books, em, cmd);
  }

  transfer(em: EntityManager, cmd: EventData<'FundsTransferRequested'>): Promise<TransferOutcome> {
    return transfer(this.books, em, cmd);
  }

  /** The synchronous P2P transfer (internal command `transfer`): its own transaction, idempotent on the transaction id. */
  transferNow(orm: MikroORM, cmd: TransferNowCommand): Promise<TransferNowResult> {
    return transferNow(this.quietBooks, orm, cmd);
  }

  /** A withdrawal's steps (internal commands `payoutHold`, `payoutCapture`, `payoutRelease`, `payoutReturn`). */
  holdPayout(orm: MikroORM, cmd: PayoutHoldCommand): Promise<PayoutHoldResult> {
    return holdPayout(this.payoutBooks, orm, cmd);
  }

  capturePayout(orm: MikroORM, cmd: PayoutRef & { holdId: string }): Promise<PayoutStepResult> {
    return capturePayout(this.payoutBooks, orm, cmd);
  }

  releasePayout(orm: MikroORM, cmd: PayoutRef & { holdId: string; reason: string }): Promise<PayoutStepResult> {
    return releasePayout(this.payoutBooks, orm, cmd);
  }

  returnPayout(orm: MikroORM, cmd: PayoutRef & { holdId: string }): Promise<PayoutStepResult> {
    return returnPayout(this.payoutBooks, orm, cmd);
  }

  /** A merchant checkout's steps (internal commands `checkoutPay`, `checkoutAuthorize`, `checkoutCapture`, `checkoutRelease`). */
  payCheckout(orm: MikroORM, cmd: CheckoutPayCommand): Promise<CheckoutApprovalResult> {
    return payCheckout(this.payoutBooks, orm, cmd);
  }

  authorizeCheckout(orm: MikroORM, cmd: CheckoutAuthorizeCommand): Promise<CheckoutApprovalResult> {
    return authorizeCheckout(this.payoutBooks, orm, cmd);
  }

  captureCheckout(orm: MikroORM, cmd: CheckoutCaptureCommand): Promise<CheckoutStepResult> {
    return captureCheckout(this.payoutBooks, orm, cmd);
  }

  releaseCheckout(orm: MikroORM, cmd: CheckoutReleaseCommand): Promise<CheckoutStepResult> {
    return releaseCheckout(this.payoutBooks, orm, cmd);
  }

  /** A card-paid checkout's ledger steps (internal commands `checkoutCardCapture`, `checkoutCardRefund`). */
  captureCardCheckout(orm: MikroORM, cmd: CheckoutCardCaptureCommand): Promise<CheckoutCardCaptureResult> {
    return captureCardCheckout(this.payoutBooks, orm, cmd);
  }

  refundCardCheckout(orm: MikroORM, cmd: CheckoutCardRefundCommand): Promise<CheckoutCardRefundResult> {
    return refundCardCheckout(this.payoutBooks, orm, cmd);
  }

  capture(em: EntityManager, cmd: EventData<'FundsCaptureRequested'>): Promise<CaptureOutcome> {
    return capture(this.books, em, cmd);
  }

  release(em: EntityManager, cmd: EventData<'FundsReleaseRequested'>): Promise<ReleaseOutcome> {
    return release(this.books, em, cmd);
  }

  credit(em: EntityManager, cmd: EventData<'FundsCreditRequested'>): Promise<CreditOutcome> {
    return credit(this.books, em, cmd);
  }

  expireDue(orm: MikroORM, limit = 500): Promise<number> {
    return expireDue(this.books, orm, limit);
  }

  report(em: EntityManager): Promise<LedgerReport> {
    return ledgerReport(this.repo, em);
  }
}
