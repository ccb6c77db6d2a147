import { LockMode } from '@mikro-orm/core';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { AppError, errors, type UserError } from '@paygraph/platform/errors';
import type { Outbox } from '@paygraph/platform/events';
import { failpoint } from '@paygraph/platform/failpoints';
import { newId } from '@paygraph/platform/ids';
import type { Logger } from '@paygraph/platform/logger';
import { Payment, type FailureReason } from '../entities/payment.entity.js';
import type { SettlementPeers, TransferView } from '../adapters/settlement-peers.js';
import type { CheckoutPeers } from '../adapters/checkout-peers.js';
import type { CardAcquirer } from '../adapters/psp.js';
import { CheckoutRepository } from '../repositories/checkout.repository.js';
import { requestHash } from '../domain/idempotency.js';
import { decideRefund, validateRefund, type RefundPaymentInput, type ValidRefund } from '../domain/refund.js';
import { IdempotencyKeyRepository } from '../repositories/idempotency-key.repository.js';
import { RefundRepository } from '../repositories/refund.repository.js';

export interface RefundResult {
  refund: Payment;
  /** The refunded payment as it is afterwards. */
  payment: Payment;
  userErrors: UserError[];
}

export interface RefundServiceOptions {
  idempotencyTtlHours: number;
  /** A refund to a card gives up on the PSP after this long (PSP_TIMEOUT_MS), left PENDING for the retry. */
  pspTimeoutMs: number;
}

const REFUSALS: Partial<Record<FailureReason, string>> = {
  INSUFFICIENT_FUNDS: 'Your wallet does not hold enough to refund this amount; nothing was moved',
  WALLET_NOT_FOUND: 'You have no wallet in this currency to refund from; nothing was moved',
};

/**
 * Refunds (DESIGN.md §4, the fast path): money goes back from the recipient of a COMPLETED payment to its payer inside
 * the request, as a payment of kind REFUND that settles like a P2P payment, through wallets' `transfer` command
 * idempotent on the refund's own transaction id.
 *
 * 1. One database transaction claims the idempotency key, locks the refunded payment's row, checks the request against
 *    it and what its earlier refunds reserve (COMPLETED and PENDING ones), and writes the refund PENDING. The row lock
 *    serialises concurrent refunds of one payment, so together they never reserve more than it: the over-limit ones
 *    are refused with userErrors and leave nothing behind (the key claim rolls back with them).
 * 2. The transfer moves the money (or refuses: INSUFFICIENT_FUNDS), answered the same to any repeat.
 * 3. One database transaction writes the outcome, conditional on PENDING, raises the refunded payment's
 *    `refunded_amount` when it COMPLETED, and emits RefundSettled. A FAILED refund frees what it reserved.
 * A crash between 1 and 3 leaves the refund PENDING: a retry with the same key, or the recovery worker, repeats 2 and 3
 * and gets the first transfer's answer, so the refund ends once.
 *
 * A checkout paid by card refunds to the card: step 2 is wallets' `checkoutCardRefund` (the merchant's wallet → PSP
 * clearing, or INSUFFICIENT_FUNDS, idempotent on the refund's transaction id) and then the PSP's refund of the
 * checkout's charge (idempotent on the refund's id). The ledger goes first: money never leaves for the card before the
 * merchant's wallet gave it up. A PSP that refuses for good (the sandbox: only more than the capture, which the row lock
 * above rules out) leaves the refund PENDING for an operator, never COMPLETED.
 */
export class RefundService {
  private readonly keys = new IdempotencyKeyRepository();
  private readonly refunds = new RefundRepository();
  private readonly checkouts = new CheckoutRepository();

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly peers: Pick<SettlementPeers, 'transfer'>,
    private readonly checkoutPeers: Pick<CheckoutPeers, 'cardRefund'>,
    private readonly psp: Pick<CardAcquirer, 'refund'>,
    private readonly logger: Logger,
    private readonly opts: RefundServiceOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async refund(userId: string, input: RefundPaymentInput): Promise<RefundResult> {
    const req = validateRefund(input);
    const hash = requestHash(req.canonical);
    const refund = (await this.bound(this.orm.em.fork(), userId, req.key, hash)) ?? (await this.create(userId, req, hash));
    // A repeat finds the refund: still PENDING only if the first request stopped half-way, and then this one finishes it.
    const settled = await this.settle(refund);
    const payment = await this.orm.em.fork().findOneOrFail(Payment, settled.refundOfId!);
    const refusal = settled.status === 'FAILED' && settled.failureReason ? REFUSALS[settled.failureReason] : undefined;
    return {
      refund: settled,
      payment,
      userErrors: refusal ? [{ code: settled.failureReason!, field: ['input', 'amount'], message: refusal }] : [],
    };
  }

  /** The refunds of each payment, oldest first. */
  async refundsOf(em: EntityManager, paymentIds: readonly string[]): Promise<Map<string, Payment[]>> {
    const rows = paymentIds.length === 0 ? [] : await em.find(Payment, { refundOfId: { $in: [...paymentIds] } }, { orderBy: { id: 'asc' } });
    const byPayment = new Map<string, Payment[]>();
    for (const r of rows) byPayment.set(r.refundOfId!, [...(byPayment.get(r.refundOfId!) ?? []), r]);
    return byPayment;
  }

  private async bound(em: EntityManager, userId: string, key: string, hash: string): Promise<Payment | null> {
    const row = await this.keys.bound(em, userId, key, this.clock());
    if (!row) return null;
    if (row.requestHash !== hash) {
      throw errors.user('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different request; use a new key', 'input.idempotencyKey');
    }
    const refund = await em.findOne(Payment, row.paymentId, { refresh: true });
    if (!refund) throw new Error(`idempotency key bound to a missing payment ${row.paymentId}`);
    return refund;
  }

  private async create(userId: string, req: ValidRefund, hash: string): Promise<Payment> {
    return inTransaction(this.orm, async (tx) => {
      const now = this.clock();
      const refundId = newId('pay');
      const claimed = await this.keys.claim(tx, {
        userId,
        key: req.key,
        operation: 'refundPayment',
        requestHash: hash,
        paymentId: refundId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.opts.idempotencyTtlHours * 3600 * 1000),
      });
      if (!claimed) {
        // A concurrent duplicate won the key (the claim waited for its commit): answer as it did.
        const winner = await this.bound(tx, userId, req.key, hash);
        if (winner) return winner;
        throw new Error('idempotency key conflict without a bound payment');
      }
      // The lock every refund of this payment takes before it counts what the others reserve.
      const original = await tx.findOne(Payment, req.paymentId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const amount = decideRefund(original, userId, req, original ? await this.refunds.reserved(tx, original.id) : 0n);
      const p = original!;
      const refund = tx.create(Payment, {
        id: refundId,
        kind: 'REFUND',
        status: 'PENDING',
        failureReason: null,
        senderId: p.recipientId,
        recipientId: p.senderId,
        amount,
        currency: p.currency,
        targetAmount: null,
        targetCurrency: null,
        usdEquivalent: null,
        quoteId: null,
        // A checkout paid by card refunds to that card.
        fundingInstrumentId: p.kind === 'CHECKOUT' ? p.fundingInstrumentId : null,
        pspToken: null,
        cardLast4: p.kind === 'CHECKOUT' ? p.cardLast4 : null,
        targetWalletId: null,
        note: req.reason,
        transactionId: newId('txn'),
        refundOfId: p.id,
        refundedAmount: 0n,
        createdAt: now,
        updatedAt: now,
      });
      await tx.flush();
      return refund;
    });
  }

  /**
   * Moves a PENDING refund's money and writes its outcome; returns the refund as it then is. A peer out of reach (or
   * any other failure on the way) leaves it PENDING for a retry or the recovery worker; never throws for that.
   */
  async settle(refund: Payment): Promise<Payment> {
    if (refund.kind !== 'REFUND' || refund.status !== 'PENDING' || !refund.transactionId) return refund;
    try {
      if (refund.fundingInstrumentId) return await this.settleToCard(refund);
      const transfer = await this.peers.transfer({
        transactionId: refund.transactionId,
        paymentId: refund.id,
        senderId: refund.senderId,
        recipientId: refund.recipientId,
        amount: { minor: refund.amount.toString(), currency: refund.currency },
      });
      failpoint('payments.refund.after-transfer');
      return await this.finish(refund, transfer);
    } catch (error) {
      const expected = error instanceof AppError && error.kind === 'unavailable';
      this.logger[expected ? 'warn' : 'error']({ err: error, paymentId: refund.id }, 'refund not settled in the request; the recovery worker will finish it');
      return refund;
    }
  }

  /** Step 2 of a refund of a card-paid checkout: the merchant's wallet gives it up, then the PSP refunds the card. */
  private async settleToCard(refund: Payment): Promise<Payment> {
    const checkout = await this.checkouts.byPaymentId(this.orm.em.fork(), refund.refundOfId!);
    if (!checkout?.pspReference) throw new Error(`refund ${refund.id} of a card payment without its captured checkout`);
    const booked = await this.checkoutPeers.cardRefund({
      transactionId: refund.transactionId!,
      paymentId: refund.id,
      checkoutId: checkout.id,
      merchantId: refund.senderId,
      amount: { minor: refund.amount.toString(), currency: refund.currency },
    });
    if (booked.status !== 'REFUNDED') {
      const senderWalletId = booked.status === 'INSUFFICIENT_FUNDS' ? booked.merchantWalletId : null;
      return this.finish(refund, { status: booked.status, journalEntryId: null, senderWalletId, recipientWalletId: null });
    }
    // Crash tests: the merchant's wallet gave the money up, the card has not had it back yet.
    failpoint('payments.refund.after-ledger');
    const back = await this.psp.refund(
      { idempotencyKey: refund.id, reference: checkout.pspReference, amount: refund.amount, currency: refund.currency },
      AbortSignal.timeout(this.opts.pspTimeoutMs),
    );
    if (back.status === 'DECLINED') {
      this.logger.error({ paymentId: refund.id, checkoutId: checkout.id, code: back.code }, 'the PSP refused a refund the ledger already took; left PENDING for an operator');
      return refund;
    }
    failpoint('payments.refund.after-psp');
    return this.finish(refund, { status: 'TRANSFERRED', journalEntryId: booked.journalEntryId, senderWalletId: booked.merchantWalletId, recipientWalletId: null });
  }

  private async finish(refund: Payment, transfer: TransferView): Promise<Payment> {
    const at = this.clock();
    const status = transfer.status === 'TRANSFERRED' ? 'COMPLETED' : 'FAILED';
    const failureReason = transfer.status === 'TRANSFERRED' ? null : transfer.status;
    const settled = await inTransaction(this.orm, async (em) => {
      if (!(await this.refunds.settle(em, refund.id, status, failureReason, at))) return false;
      const refunded =
        status === 'COMPLETED'
          ? await this.refunds.addRefunded(em, refund.refundOfId!, refund.amount, at)
          : await this.refunds.refundedOf(em, refund.refundOfId!);
      const money = (minor: bigint) => ({ minor: minor.toString(), currency: refund.currency });
      const wallets = [
        transfer.senderWalletId ? { walletId: transfer.senderWalletId, ownerId: refund.senderId } : null,
        transfer.recipientWalletId ? { walletId: transfer.recipientWalletId, ownerId: refund.recipientId } : null,
      ].filter((w) => w !== null);
      this.outbox.emit(em, 'RefundSettled', refund.id, {
        refundId: refund.id,
        transactionId: refund.transactionId!,
        paymentId: refund.refundOfId!,
        status,
        failureReason,
        senderId: refund.senderId,
        recipientId: refund.recipientId,
        amount: money(refund.amount),
        reason: refund.note ?? null,
        journalEntryId: transfer.journalEntryId,
        refundedAmount: money(refunded.refunded),
        paymentAmount: money(refunded.amount),
        wallets: status === 'COMPLETED' ? wallets : [],
        createdAt: refund.createdAt.toISOString(),
        at: at.toISOString(),
      });
      await em.flush();
      return true;
    });
    if (!settled) return (await this.orm.em.fork().findOne(Payment, refund.id)) ?? refund;
    return Object.assign(refund, { status, failureReason, updatedAt: at });
  }

  /** The recovery worker's sweep: refunds PENDING since before `olderThan` lost their request half-way. */
  async recover(olderThan: Date, limit = 50): Promise<number> {
    const stuck = await this.orm.em.fork().find(
      Payment,
      { kind: 'REFUND', status: 'PENDING', transactionId: { $ne: null }, createdAt: { $lt: olderThan } },
      { orderBy: { createdAt: 'asc' }, limit },
    );
    for (const refund of stuck) {
      const after = await this.settle(refund);
      this.logger.info({ paymentId: refund.id, status: after.status }, 'recovered a refund left PENDING');
    }
    return stuck.length;
  }
}
