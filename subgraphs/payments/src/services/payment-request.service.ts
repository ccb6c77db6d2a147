import { LockMode } from '@mikro-orm/core';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { errors, type UserError } from '@paygraph/platform/errors';
import { failpoint } from '@paygraph/platform/failpoints';
import type { Outbox } from '@paygraph/platform/events';
import { isId, newId } from '@paygraph/platform/ids';
import type { Logger } from '@paygraph/platform/logger';
import { toMoneyDto } from '@paygraph/platform/money';
import { PaymentRequest } from '../entities/payment-request.entity.js';
import { Payment } from '../entities/payment.entity.js';
import type { Peers } from '../adapters/peers.js';
import type { PaymentService } from './payment.service.js';
import { requestHash } from '../domain/idempotency.js';
import {
  afterPayment,
  attemptKey,
  checkCommand,
  transition,
  validatePayRequest,
  validateRequestId,
  validateRequestMoney,
  type RequestMoneyInput,
  type RequestOutcome,
} from '../domain/payment-request.js';
import { IdempotencyKeyRepository } from '../repositories/idempotency-key.repository.js';
import { PaymentRequestRepository, type RequestDirection } from '../repositories/payment-request.repository.js';
import type { PaymentRequestStatus } from '../entities/payment-request.entity.js';

export interface PaymentRequestServiceOptions {
  idempotencyTtlHours: number;
  /**
   * A payment attempt whose request stopped before any payment was bound to its key is given up after this long (the
   * request can then be declined, canceled or expire again). Far longer than sendMoney can take to claim its key.
   */
  abandonedAfterMs: number;
}

export interface PayRequestResult {
  paymentRequest: PaymentRequest;
  payment: Payment;
  /** Always empty: a FAILED payment answers as sendMoney's does (its failureReason), the request staying OPEN. */
  userErrors: UserError[];
}

/**
 * Payment requests (domain/payment-request.ts has the state machine). Paying one is sendMoney itself, the P2P path
 * settled in the request, under an idempotency key derived from the request and its attempt number
 * (`attemptKey`): concurrent payRequests, whatever their own keys, become one payment, because sendMoney's key claim
 * lets exactly one of them create it and hands it to the others. The attempt only moves on after a FAILED payment
 * (nothing moved), so a request can never be paid twice.
 *
 * 1. Under the request's row lock: the checks, and `payingSince` set, so that from now on the request cannot be
 *    declined, canceled or expire under a payment that may move money.
 * 2. sendMoney (payer → requester, the request's amount and note) with the attempt's key.
 * 3. Under the row lock again: the payment linked (payment.request_id); COMPLETED → PAID with PaymentRequestUpdated in
 *    the outbox; FAILED → OPEN again for another attempt; anything else (fraud review) → still under way: the expiry
 *    worker drives it again until it ends. The client's own key is bound to the payment (a retry gets it back).
 */
export class PaymentRequestService {
  private readonly keys = new IdempotencyKeyRepository();
  private readonly sql = new PaymentRequestRepository();

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly peers: Pick<Peers, 'userExists'>,
    private readonly payments: Pick<PaymentService, 'sendMoney'>,
    private readonly logger: Logger,
    private readonly opts: PaymentRequestServiceOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async requestMoney(requesterId: string, input: RequestMoneyInput): Promise<PaymentRequest> {
    const now = this.clock();
    const req = validateRequestMoney(requesterId, input, now);
    const hash = requestHash(req.canonical);
    const bound = await this.boundRequest(this.orm.em.fork(), requesterId, req.key, hash);
    if (bound) return bound;
    if (!(await this.peers.userExists(req.payerId))) throw errors.user('PAYER_NOT_FOUND', 'No such user', 'input.from');
    return inTransaction(this.orm, async (tx) => {
      const id = newId('prq');
      const claimed = await this.keys.claim(tx, {
        userId: requesterId,
        key: req.key,
        operation: 'requestMoney',
        requestHash: hash,
        paymentId: id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.opts.idempotencyTtlHours * 3600 * 1000),
      });
      if (!claimed) {
        const winner = await this.boundRequest(tx, requesterId, req.key, hash);
        if (winner) return winner;
        throw new Error('idempotency key conflict without a bound payment request');
      }
      const request = tx.create(PaymentRequest, {
        id,
        requesterId,
        payerId: req.payerId,
        amount: req.money.amount,
        currency: req.money.currency,
        note: req.note,
        status: 'OPEN',
        expiresAt: req.expiresAt,
        payingSince: null,
        paymentId: null,
        attempt: 0,
        closedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      this.outbox.emit(tx, 'PaymentRequestCreated', id, {
        requestId: id,
        requesterId,
        payerId: req.payerId,
        amount: { minor: req.money.amount.toString(), currency: req.money.currency },
        note: req.note,
        expiresAt: req.expiresAt.toISOString(),
        createdAt: now.toISOString(),
      });
      await tx.flush();
      return request;
    });
  }

  async payRequest(payerId: string, input: { requestId: string; idempotencyKey: string }): Promise<PayRequestResult> {
    const req = validatePayRequest(input);
    const hash = requestHash(req.canonical);
    const em = this.orm.em.fork();
    const bound = await this.keys.bound(em, payerId, req.key, this.clock());
    if (bound) {
      if (bound.requestHash !== hash) {
        throw errors.user('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different request; use a new key', 'input.idempotencyKey');
      }
      // Recorded when the key was bound; only a payment still under way (a review) may have moved on since.
      const payment = await em.findOneOrFail(Payment, bound.paymentId, { refresh: true });
      const request = await em.findOneOrFail(PaymentRequest, req.requestId, { refresh: true });
      const paymentRequest = request.paymentId === payment.id ? await this.record(request.id, payment, request.attempt) : request;
      return { paymentRequest, payment, userErrors: [] };
    }

    const { request, attempt } = await inTransaction(this.orm, async (tx) => {
      const r = await tx.findOne(PaymentRequest, req.requestId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      checkCommand(r, 'PAY', payerId, this.clock());
      const row = r!;
      // A payment already under way is joined, not doubled: the same attempt, so the same key and payment.
      if (!row.payingSince) {
        row.payingSince = this.clock();
        row.updatedAt = row.payingSince;
        await tx.flush();
      }
      return { request: row, attempt: row.attempt };
    });
    failpoint('payments.pay-request.after-claim');

    let payment: Payment;
    try {
      payment = await this.attempt(request, attempt);
    } catch (error) {
      // Refused (a limit, the recipient gone) or out of reach before a payment existed: the request is free again.
      await this.release(request, attempt);
      throw error;
    }
    failpoint('payments.pay-request.after-payment');
    const paymentRequest = await this.record(request.id, payment, attempt);
    await inTransaction(this.orm, async (tx) => {
      const now = this.clock();
      // Only the first answer counts; a concurrent duplicate of this very key got the same payment.
      await this.keys.claim(tx, {
        userId: payerId,
        key: req.key,
        operation: 'payRequest',
        requestHash: hash,
        paymentId: payment.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.opts.idempotencyTtlHours * 3600 * 1000),
      });
    });
    return { paymentRequest, payment, userErrors: [] };
  }

  async declineRequest(payerId: string, input: { requestId: string }): Promise<PaymentRequest> {
    return this.close(validateRequestId(input), 'DECLINE', payerId, 'DECLINED');
  }

  async cancelRequest(requesterId: string, input: { requestId: string }): Promise<PaymentRequest> {
    return this.close(validateRequestId(input), 'CANCEL', requesterId, 'CANCELED');
  }

  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, PaymentRequest>> {
    const wellFormed = [...new Set(ids.filter((id) => isId('prq', id)))];
    const rows = wellFormed.length === 0 ? [] : await em.find(PaymentRequest, { id: { $in: wellFormed } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  page(em: EntityManager, q: { userId: string; direction: RequestDirection; status: PaymentRequestStatus | null; limit: number; after: string | null }) {
    return this.sql.page(em, { ...q, now: this.clock() });
  }

  /**
   * The expiry worker's pass: stores EXPIRED on the OPEN requests past their expiry with no payment under way (one
   * PaymentRequestUpdated each), and drives again the payments under way for longer than `underWayAfterMs` (a fraud
   * review that ended, a request that stopped half-way). Returns how many requests it expired.
   */
  async sweep(underWayAfterMs: number, limit = 100): Promise<number> {
    const expired = await inTransaction(this.orm, async (tx) => {
      const now = this.clock();
      const lapsed = await this.sql.lockLapsed(tx, now, limit);
      for (const r of lapsed) this.closeRow(tx, r, 'EXPIRED', now, null);
      await tx.flush();
      return lapsed.length;
    });
    const underWay = await this.sql.payingSince(this.orm.em.fork(), new Date(this.clock().getTime() - underWayAfterMs), limit);
    for (const id of underWay) {
      try {
        await this.resume(id);
      } catch (err) {
        this.logger.warn({ err, requestId: id }, 'payment request payment not resumed; next pass retries');
      }
    }
    return expired;
  }

  /** sendMoney for the attempt: the same request body every time, so every repeat of the attempt gets its payment. */
  private attempt(request: PaymentRequest, attempt: number): Promise<Payment> {
    return this.payments.sendMoney(request.payerId, {
      recipientId: request.requesterId,
      amount: toMoneyDto(request.amount, request.currency),
      note: request.note ?? null,
      idempotencyKey: attemptKey(request.id, attempt),
    });
  }

  /** Writes what a payment of the request means for it (step 3 above); returns the request as it then is. */
  private async record(requestId: string, payment: Payment, attempt: number): Promise<PaymentRequest> {
    return inTransaction(this.orm, async (tx) => {
      const r = await tx.findOneOrFail(PaymentRequest, requestId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      await this.sql.linkPayment(tx, payment.id, r.id);
      payment.requestId ??= r.id;
      const now = this.clock();
      // A payment of an earlier attempt (one that FAILED, answered late) changes nothing any more.
      if (r.status !== 'OPEN' || r.attempt !== attempt) {
        if (payment.status === 'COMPLETED' && r.paymentId !== payment.id) {
          // Only possible when an abandoned attempt's payment completed after the request closed (opts.abandonedAfterMs).
          this.logger.error({ requestId: r.id, paymentId: payment.id, status: r.status }, 'a payment completed for a payment request that is closed');
        }
        return r;
      }
      switch (afterPayment(payment.status)) {
        case 'PAID':
          r.paymentId = payment.id;
          this.closeRow(tx, r, 'PAID', now, payment.id);
          break;
        case 'RETRY':
          r.payingSince = null;
          r.paymentId = null;
          r.attempt += 1;
          r.updatedAt = now;
          break;
        case 'UNDER_WAY':
          r.paymentId = payment.id;
          r.payingSince ??= now;
          r.updatedAt = now;
          break;
      }
      await tx.flush();
      return r;
    });
  }

  /** Drives a payment under way again: its key's payment (sendMoney finishes a PENDING one), or gives the attempt up. */
  private async resume(requestId: string): Promise<void> {
    const em = this.orm.em.fork();
    const r = await em.findOne(PaymentRequest, requestId, { refresh: true });
    if (!r || r.status !== 'OPEN' || !r.payingSince) return;
    const bound = await this.keys.bound(em, r.payerId, attemptKey(r.id, r.attempt), this.clock());
    if (bound) {
      await this.record(r.id, await this.attempt(r, r.attempt), r.attempt);
      return;
    }
    if (this.clock().getTime() - r.payingSince.getTime() < this.opts.abandonedAfterMs) return;
    if (await this.release(r, r.attempt)) this.logger.warn({ requestId: r.id }, 'abandoned a payment request attempt that never created its payment');
  }

  /**
   * Ends an attempt that created no payment (none is bound to its key): the request can be declined, canceled or
   * expire again. The attempt number stays, so should a late payment of it appear, it is still this request's one.
   */
  private async release(r: PaymentRequest, attempt: number): Promise<boolean> {
    if (await this.keys.bound(this.orm.em.fork(), r.payerId, attemptKey(r.id, attempt), this.clock())) return false;
    const rows = await this.orm.em.fork().execute<{ id: string }[]>(
      `update payment_request set paying_since = null, updated_at = ?
        where id = ? and status = 'OPEN' and attempt = ? and payment_id is null and paying_since is not null returning id`,
      [this.clock(), r.id, attempt],
    );
    return rows.length > 0;
  }

  private async close(requestId: string, command: 'DECLINE' | 'CANCEL', userId: string, to: 'DECLINED' | 'CANCELED'): Promise<PaymentRequest> {
    return inTransaction(this.orm, async (tx) => {
      const r = await tx.findOne(PaymentRequest, requestId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const now = this.clock();
      checkCommand(r, command, userId, now);
      this.closeRow(tx, r!, to, now, null);
      await tx.flush();
      return r!;
    });
  }

  private closeRow(em: EntityManager, r: PaymentRequest, to: RequestOutcome, now: Date, paymentId: string | null): void {
    r.status = transition(r.status, to);
    r.closedAt = now;
    r.updatedAt = now;
    if (to === 'PAID') r.payingSince = null;
    this.outbox.emit(em, 'PaymentRequestUpdated', r.id, {
      requestId: r.id,
      requesterId: r.requesterId,
      payerId: r.payerId,
      amount: { minor: r.amount.toString(), currency: r.currency },
      status: to,
      previousStatus: 'OPEN',
      paymentId,
      at: now.toISOString(),
    });
  }

  private async boundRequest(em: EntityManager, userId: string, key: string, hash: string): Promise<PaymentRequest | null> {
    const row = await this.keys.bound(em, userId, key, this.clock());
    if (!row) return null;
    if (row.requestHash !== hash) {
      throw errors.user('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different request; use a new key', 'input.idempotencyKey');
    }
    const request = await em.findOne(PaymentRequest, row.paymentId, { refresh: true });
    if (!request) throw new Error(`idempotency key bound to a missing payment request ${row.paymentId}`);
    return request;
  }
}
