import type { EntityManager } from '@paygraph/platform/db';
import type { FailureReason } from '../entities/payment.entity.js';

/** The SQL of refunds beyond the unit of work: what a payment's refunds reserve, and the settling writes. */
export class RefundRepository {
  /** What the refunds of a payment hold on to: COMPLETED ones returned it, PENDING ones may still. */
  async reserved(em: EntityManager, paymentId: string): Promise<bigint> {
    const [row] = await em.execute<{ total: string }[]>(
      `select coalesce(sum(amount), 0)::text as total from payment where refund_of_id = ? and status <> 'FAILED'`,
      [paymentId],
    );
    return BigInt(row?.total ?? '0');
  }

  /** Writes a refund's outcome once: false when it was no longer PENDING (another drive settled it). */
  async settle(em: EntityManager, refundId: string, status: 'COMPLETED' | 'FAILED', failureReason: FailureReason | null, at: Date): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `update payment set status = ?, failure_reason = ?, updated_at = ? where id = ? and kind = 'REFUND' and status = 'PENDING' returning id`,
      [status, failureReason, at, refundId],
    );
    return rows.length === 1;
  }

  /** Adds a completed refund to its payment (the check constraint refuses going above the payment's amount). */
  async addRefunded(em: EntityManager, paymentId: string, amount: bigint, at: Date): Promise<{ refunded: bigint; amount: bigint }> {
    const [row] = await em.execute<{ refunded_amount: string; amount: string }[]>(
      `update payment set refunded_amount = refunded_amount + ?, updated_at = ? where id = ? returning refunded_amount::text, amount::text`,
      [amount, at, paymentId],
    );
    if (!row) throw new Error(`refunded payment ${paymentId} is missing`);
    return { refunded: BigInt(row.refunded_amount), amount: BigInt(row.amount) };
  }

  async refundedOf(em: EntityManager, paymentId: string): Promise<{ refunded: bigint; amount: bigint }> {
    const [row] = await em.execute<{ refunded_amount: string; amount: string }[]>(
      `select refunded_amount::text, amount::text from payment where id = ?`,
      [paymentId],
    );
    if (!row) throw new Error(`refunded payment ${paymentId} is missing`);
    return { refunded: BigInt(row.refunded_amount), amount: BigInt(row.amount) };
  }
}
