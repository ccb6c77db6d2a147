import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import type { EventEnvelope, Outbox } from '@paygraph/platform/events';
import type { Logger } from '@paygraph/platform/logger';
import { Payment } from '../entities/payment.entity.js';
import type { ChargeOutcome } from '../adapters/psp.js';

/** A charge a worker claimed: everything the PSP call needs, and the attempt number the claim made it. */
export interface ClaimedCharge {
  paymentId: string;
  transactionId: string;
  userId: string;
  amount: bigint;
  currency: string;
  pspToken: string;
  last4: string;
  attempts: number;
  correlationId: string;
  causationId: string;
}

/** What came back from one PSP call. */
export type PspResult =
  | { kind: 'outcome'; outcome: ChargeOutcome }
  /** The PSP may or may not have charged: retry with the same idempotency key. */
  | { kind: 'transient'; error: string }
  /** The PSP refused the request itself: retrying cannot help. */
  | { kind: 'rejected'; error: string };

export type Recorded = 'SUCCEEDED' | 'FAILED' | 'RETRY' | 'STALE';

export interface ChargeServiceOptions {
  /** How long a claim keeps other workers off a charge; longer than a PSP call may take. */
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

/**
 * The card charge of an ADD_FUNDS payment, in three steps that never hold a database transaction across the PSP call:
 * 1. `request` (ChargeRequested consumer): records the charge PENDING, in the consumer's transaction;
 * 2. `claim` (worker): one statement takes due PENDING charges (FOR UPDATE SKIP LOCKED), counts the attempt and leases
 *    them; it commits before the PSP is called;
 * 3. `record` (worker, after the PSP answered): in a new transaction, the outcome and PaymentChargeSucceeded or
 *    PaymentChargeFailed, only if the charge is still PENDING, so a second worker's late answer changes nothing.
 * A worker that dies between 2 and 3 leaves the lease to run out; the next claim calls the PSP again with the same
 * idempotency key (the payment id) and gets the first charge's answer: the card is charged once.
 */
export class ChargeService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
    private readonly opts: ChargeServiceOptions,
    /** Called with the consumer's EntityManager when a charge was recorded (wakes the worker after the commit). */
    private readonly onRequested: (em: EntityManager) => void = () => {},
  ) {}

  async request(em: EntityManager, event: EventEnvelope<'ChargeRequested'>): Promise<void> {
    const { paymentId, transactionId, userId, amount } = event.data;
    const payment = await em.findOne(Payment, paymentId);
    const problem = !payment
      ? 'unknown payment'
      : payment.kind !== 'ADD_FUNDS'
        ? `a ${payment.kind} payment has no card to charge`
        : !payment.pspToken || !payment.cardLast4
          ? 'the payment has no card token'
          : payment.senderId !== userId || payment.amount.toString() !== amount.minor || payment.currency !== amount.currency
            ? 'the charge request does not match the payment'
            : null;
    if (problem) {
      // Nothing can be charged, but the saga must not wait for an answer that never comes.
      this.logger.error({ paymentId, transactionId, problem }, 'ChargeRequested cannot be honoured');
      this.outbox.emit(
        em,
        'PaymentChargeFailed',
        paymentId,
        { transactionId, paymentId, reason: 'PSP_ERROR', message: `Charge not attempted: ${problem}`, at: new Date().toISOString() },
      );
      await em.flush();
      return;
    }
    const now = new Date();
    const inserted: { affectedRows?: number } = await em.execute(
      `insert into payment_charge (payment_id, transaction_id, user_id, funding_instrument_id, amount, currency, psp_token, last4,
         status, attempts, next_attempt_at, correlation_id, causation_id, requested_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?)
       on conflict (payment_id) do nothing`,
      [
        paymentId,
        transactionId,
        userId,
        payment!.fundingInstrumentId,
        payment!.amount.toString(),
        payment!.currency,
        payment!.pspToken,
        payment!.cardLast4,
        now,
        event.correlationId,
        event.id,
        now,
      ],
      'run',
    );
    if (inserted.affectedRows) this.onRequested(em);
  }

  /** Leases up to `limit` due charges and returns them; committed when it returns. */
  async claim(limit: number): Promise<ClaimedCharge[]> {
    const rows = await this.orm.em.fork().execute<Record<string, string | number>[]>(
      `update payment_charge c
          set attempts = c.attempts + 1, next_attempt_at = now() + (? * interval '1 millisecond')
        where c.payment_id in (
          select payment_id from payment_charge
           where status = 'PENDING' and next_attempt_at <= now()
           order by next_attempt_at
           limit ?
           for update skip locked)
        returning c.payment_id, c.transaction_id, c.user_id, c.amount::text as amount, c.currency, c.psp_token, c.last4,
                  c.attempts, c.correlation_id, c.causation_id`,
      [this.opts.leaseMs, limit],
    );
    return rows.map((r) => ({
      paymentId: String(r.payment_id),
      transactionId: String(r.transaction_id),
      userId: String(r.user_id),
      amount: BigInt(r.amount!),
      currency: String(r.currency),
      pspToken: String(r.psp_token),
      last4: String(r.last4),
      attempts: Number(r.attempts),
      correlationId: String(r.correlation_id),
      causationId: String(r.causation_id),
    }));
  }

  /** Records one PSP answer for a claimed charge and emits its event, unless the charge was already decided. */
  async record(charge: ClaimedCharge, result: PspResult): Promise<Recorded> {
    return inTransaction(this.orm, async (em) => {
      if (result.kind === 'transient' && charge.attempts < this.opts.maxAttempts) {
        const delayMs = this.opts.retryBaseMs * 2 ** Math.min(charge.attempts - 1, 10);
        // Only this claim's attempt: a newer claim (after this one's lease ran out) owns the row now.
        await em.execute(
          `update payment_charge set next_attempt_at = now() + (? * interval '1 millisecond'), last_error = ?
            where payment_id = ? and status = 'PENDING' and attempts = ?`,
          [delayMs, result.error.slice(0, 2000), charge.paymentId, charge.attempts],
        );
        this.logger.warn({ paymentId: charge.paymentId, attempts: charge.attempts, retryInMs: delayMs, err: result.error }, 'PSP call failed; will retry');
        return 'RETRY';
      }

      const approved = result.kind === 'outcome' && result.outcome.status === 'APPROVED';
      const failureCode = approved ? null : result.kind === 'outcome' ? 'CARD_DECLINED' : 'PSP_ERROR';
      const message =
        result.kind === 'outcome'
          ? result.outcome.status === 'DECLINED'
            ? result.outcome.message
            : ''
          : `PSP error after ${charge.attempts} attempt(s): ${result.error}`;
      const reference = result.kind === 'outcome' ? result.outcome.reference : null;
      const updated: { affectedRows?: number } = await em.execute(
        `update payment_charge
            set status = ?, psp_reference = ?, failure_code = ?, failure_message = ?, completed_at = now(),
                last_error = ?
          where payment_id = ? and status = 'PENDING'`,
        [
          approved ? 'SUCCEEDED' : 'FAILED',
          reference,
          failureCode,
          approved ? null : message.slice(0, 300),
          result.kind === 'outcome' ? null : result.error.slice(0, 2000),
          charge.paymentId,
        ],
        'run',
      );
      if (!updated.affectedRows) return 'STALE';

      const at = new Date().toISOString();
      const opts = { correlationId: charge.correlationId, causationId: charge.causationId };
      const ref = { transactionId: charge.transactionId, paymentId: charge.paymentId };
      if (approved) {
        this.outbox.emit(
          em,
          'PaymentChargeSucceeded',
          charge.paymentId,
          { ...ref, pspReference: reference!, amount: { minor: charge.amount.toString(), currency: charge.currency }, at },
          opts,
        );
      } else {
        this.outbox.emit(
          em,
          'PaymentChargeFailed',
          charge.paymentId,
          { ...ref, reason: failureCode as 'CARD_DECLINED' | 'PSP_ERROR', message: message.slice(0, 300), at },
          opts,
        );
      }
      await em.flush();
      return approved ? 'SUCCEEDED' : 'FAILED';
    });
  }
}
