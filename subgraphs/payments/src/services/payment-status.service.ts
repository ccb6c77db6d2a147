import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@paygraph/platform/db';
import type { Outbox } from '@paygraph/platform/events';
import type { Logger } from '@paygraph/platform/logger';
import { Payment, type FailureReason, type PaymentStatus } from '../entities/payment.entity.js';

/**
 * How far along a status is. A payment only moves forward: a late or duplicated event that would move it back (a
 * TransactionStarted after COMPLETED, a second TransactionOnHold) changes nothing. COMPLETED and FAILED are final;
 * ON_HOLD is parked and may still end either way.
 */
const RANK: Record<PaymentStatus, number> = { PENDING: 0, PROCESSING: 1, ON_HOLD: 2, COMPLETED: 3, FAILED: 3 };
const FINAL: readonly PaymentStatus[] = ['COMPLETED', 'FAILED'];

export function canMove(from: PaymentStatus, to: PaymentStatus): boolean {
  return !FINAL.includes(from) && RANK[to] > RANK[from];
}

export interface StatusChange {
  to: PaymentStatus;
  transactionId: string;
  failureReason?: FailureReason | null;
}

/** Applies the saga's outcome (Transaction* events) to payments, inside the consumer's transaction. */
export class PaymentStatusService {
  constructor(
    private readonly outbox: Outbox,
    private readonly logger: Logger,
    /** Called with the consumer's EntityManager when a status changed (wakes awaitCompletion after the commit). */
    private readonly onChanged: (em: EntityManager, paymentId: string, status: PaymentStatus) => void = () => {},
  ) {}

  /** Returns whether the status changed (and PaymentStatusChanged was written). */
  async apply(em: EntityManager, paymentId: string, change: StatusChange): Promise<boolean> {
    // Locked: two events of one payment applied concurrently (another replica) must not both decide from one state.
    const payment = await em.findOne(Payment, paymentId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!payment) {
      this.logger.warn({ paymentId, to: change.to }, 'status event for an unknown payment; ignored');
      return false;
    }
    if (payment.transactionId && payment.transactionId !== change.transactionId) {
      this.logger.warn({ paymentId, expected: payment.transactionId, got: change.transactionId }, 'status event of another transaction; ignored');
      return false;
    }
    payment.transactionId ??= change.transactionId;
    if (!canMove(payment.status, change.to)) {
      await em.flush();
      return false;
    }
    const previous = payment.status;
    payment.status = change.to;
    payment.failureReason = change.to === 'FAILED' ? (change.failureReason ?? null) : null;
    payment.updatedAt = new Date();
    this.outbox.emit(em, 'PaymentStatusChanged', payment.id, {
      paymentId: payment.id,
      kind: payment.kind,
      status: payment.status,
      previousStatus: previous,
      failureReason: payment.failureReason ?? null,
      senderId: payment.senderId,
      recipientId: payment.recipientId,
      amount: { minor: payment.amount.toString(), currency: payment.currency },
      at: payment.updatedAt.toISOString(),
    });
    await em.flush();
    this.onChanged(em, payment.id, payment.status);
    return true;
  }
}
