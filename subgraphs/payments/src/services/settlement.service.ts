import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { AppError } from '@paygraph/platform/errors';
import type { Outbox } from '@paygraph/platform/events';
import { failpoint } from '@paygraph/platform/failpoints';
import { plainSql } from '@paygraph/platform/plain-sql';
import type { Logger } from '@paygraph/platform/logger';
import { Payment, type FailureReason, type PaymentStatus } from '../entities/payment.entity.js';
import type { RiskDecisionView, SettlementPeers, TransferView } from '../adapters/settlement-peers.js';
import { P2PRepository } from '../repositories/p2p.repository.js';

interface Outcome {
  status: 'COMPLETED' | 'FAILED';
  failureReason: FailureReason | null;
  risk: RiskDecisionView | null;
  transfer: TransferView | null;
}

/**
 * Settles a P2P payment inside its request (DESIGN.md §4): fraud decides, wallets transfers, and the payment ends
 * COMPLETED or FAILED with one PaymentSettled event in the same database transaction as its final status. Only a
 * REVIEW waits: the payment is handed to the transactions saga with the decision already made (PaymentInitiated
 * carrying the transaction id and the case), and it goes ON_HOLD there as before.
 *
 * Crash safety comes from the order and from idempotency, not from a lock across calls. The payment (PENDING, with
 * its transaction id) is committed before anything is asked; both calls are idempotent on the transaction id, so a
 * repeat of the whole drive — by a client retrying the same idempotency key, or by the recovery worker after a crash
 * or a timeout — gets the same answers and settles the payment the same way; and the final write is conditional on
 * PENDING, so exactly one drive writes the outcome and its event, whatever runs concurrently.
 */
export class SettlementService {
  private readonly sql = new P2PRepository();

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly peers: SettlementPeers,
    private readonly logger: Logger,
    /**
     * Called once a drive wrote the outcome (committed, its PaymentSettled in the outbox): wakes awaitCompletion's
     * waiters and the outbox relay, which no flush told.
     */
    private readonly onSettled: (em: EntityManager | null, paymentId: string, status: PaymentStatus) => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Whether this payment settles here rather than through the saga. */
  static settlesInRequest(payment: Pick<Payment, 'kind' | 'status' | 'transactionId'>): boolean {
    return payment.kind === 'P2P' && payment.status === 'PENDING' && !!payment.transactionId;
  }

  /**
   * Drives a PENDING P2P payment to its outcome and returns the payment as it then is. A peer that cannot be reached
   * (or any other failure on the way) leaves it PENDING, which is safe: nothing is decided without an answer, and
   * the recovery worker repeats the drive. Never throws for such failures: the payment exists, and the caller
   * answers with it.
   */
  async settle(payment: Payment): Promise<Payment> {
    if (!SettlementService.settlesInRequest(payment)) return payment;
    const req = {
      transactionId: payment.transactionId!,
      paymentId: payment.id,
      senderId: payment.senderId,
      recipientId: payment.recipientId,
      amount: { minor: payment.amount.toString(), currency: payment.currency },
    };
    try {
      const risk = await this.peers.decide({ ...req, at: payment.createdAt.toISOString() });
      failpoint('payments.settle.after-decide');
      if (risk.decision === 'DECLINE') return await this.finish(payment, { status: 'FAILED', failureReason: 'RISK_DECLINED', risk, transfer: null });
      if (risk.decision === 'REVIEW') return await this.handOver(payment, risk);
      const transfer = await this.peers.transfer(req);
      failpoint('payments.settle.after-transfer');
      return await this.finish(
        payment,
        transfer.status === 'TRANSFERRED'
          ? { status: 'COMPLETED', failureReason: null, risk, transfer }
          : { status: 'FAILED', failureReason: transfer.status, risk, transfer },
      );
    } catch (error) {
      // An owner out of reach is expected now and then (a restart, a timeout); anything else is a bug worth an alert.
      const expected = error instanceof AppError && error.kind === 'unavailable';
      this.logger[expected ? 'warn' : 'error']({ err: error, paymentId: payment.id }, 'payment not settled in the request; the recovery worker will finish it');
      return payment;
    }
  }

  /**
   * Writes the outcome once: only while the payment is still PENDING, with its PaymentSettled, in one statement (no
   * transaction). Returns the payment as stored afterwards.
   */
  private async finish(payment: Payment, outcome: Outcome): Promise<Payment> {
    const at = this.clock();
    const wallets = [
      outcome.transfer?.senderWalletId ? { walletId: outcome.transfer.senderWalletId, ownerId: payment.senderId } : null,
      outcome.transfer?.recipientWalletId ? { walletId: outcome.transfer.recipientWalletId, ownerId: payment.recipientId } : null,
    ].filter((w) => w !== null);
    const event = this.outbox.envelope('PaymentSettled', payment.id, {
      paymentId: payment.id,
      transactionId: payment.transactionId!,
      kind: 'P2P',
      status: outcome.status,
      failureReason: outcome.failureReason,
      senderId: payment.senderId,
      recipientId: payment.recipientId,
      amount: { minor: payment.amount.toString(), currency: payment.currency },
      note: payment.note ?? null,
      risk: outcome.risk ? { assessmentId: outcome.risk.assessmentId, decision: outcome.risk.decision, score: outcome.risk.score } : null,
      journalEntryId: outcome.transfer?.journalEntryId ?? null,
      // Balances moved only when the money did.
      wallets: outcome.status === 'COMPLETED' ? wallets : [],
      createdAt: payment.createdAt.toISOString(),
      at: at.toISOString(),
    });
    // Plain SQL, one statement: committed when it returns.
    const settled = await this.sql.settle(plainSql(this.orm).query, { paymentId: payment.id, status: outcome.status, failureReason: outcome.failureReason, at, event });
    if (!settled) return this.reread(payment);
    // Wakes the waiters and the relay now.
    this.onSettled(null, payment.id, outcome.status);
    return Object.assign(payment, { status: outcome.status, failureReason: outcome.failureReason, updatedAt: at });
  }

  /**
   * REVIEW: the payment must wait for an admin, which is the saga's work. It gets the transaction id and the decision,
   * so it asks fraud nothing again and goes straight to holding the funds (ON_HOLD). The payment becomes PROCESSING
   * here, so the recovery worker, which looks for PENDING ones, leaves it alone from now on.
   */
  private async handOver(payment: Payment, risk: RiskDecisionView): Promise<Payment> {
    const at = this.clock();
    const handed = await inTransaction(this.orm, async (em) => {
      const rows = await em.execute<{ id: string }[]>(
        `update payment set status = 'PROCESSING', updated_at = ? where id = ? and status = 'PENDING' returning id`,
        [at, payment.id],
      );
      if (rows.length === 0) return false;
      const amount = { minor: payment.amount.toString(), currency: payment.currency };
      this.outbox.emit(em, 'PaymentInitiated', payment.id, {
        paymentId: payment.id,
        kind: 'P2P',
        senderId: payment.senderId,
        recipientId: payment.recipientId,
        amount,
        targetAmount: null,
        quoteId: null,
        fundingInstrumentId: null,
        targetWalletId: null,
        note: payment.note ?? null,
        createdAt: payment.createdAt.toISOString(),
        transactionId: payment.transactionId!,
        risk: { assessmentId: risk.assessmentId, decision: 'REVIEW', caseId: risk.caseId },
      });
      this.outbox.emit(em, 'PaymentStatusChanged', payment.id, {
        paymentId: payment.id,
        kind: 'P2P',
        status: 'PROCESSING',
        previousStatus: 'PENDING',
        failureReason: null,
        senderId: payment.senderId,
        recipientId: payment.recipientId,
        amount,
        at: at.toISOString(),
      });
      await em.flush();
      return true;
    });
    if (!handed) return this.reread(payment);
    return Object.assign(payment, { status: 'PROCESSING' as const, updatedAt: at });
  }

  private async reread(payment: Payment): Promise<Payment> {
    return (await this.orm.em.fork().findOne(Payment, payment.id)) ?? payment;
  }

  /**
   * The recovery worker's sweep: P2P payments PENDING since before `olderThan` lost their request half-way. Each is
   * driven again (the calls are idempotent). Returns how many were looked at.
   */
  async recover(olderThan: Date, limit = 50): Promise<number> {
    const em = this.orm.em.fork();
    const stuck = await em.find(
      Payment,
      { kind: 'P2P', status: 'PENDING', transactionId: { $ne: null }, createdAt: { $lt: olderThan } },
      { orderBy: { createdAt: 'asc' }, limit },
    );
    for (const payment of stuck) {
      const after = await this.settle(payment);
      this.logger.info({ paymentId: payment.id, status: after.status }, 'recovered a payment left PENDING');
    }
    return stuck.length;
  }
}
