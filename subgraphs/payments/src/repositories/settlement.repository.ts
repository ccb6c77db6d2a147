import type { EntityManager } from '@paygraph/platform/db';
import { OUTBOX_INSERT_COLUMNS, outboxRowValues, type EventEnvelope } from '@paygraph/platform/events';
import type { FailureReason } from '../entities/payment.entity.js';

/** The P2P settlement's SQL (SettlementService): its outcome and event in one statement. */
export class SettlementRepository {
  /**
   * Writes a P2P payment's outcome only while it is still PENDING, and its event's outbox row in the same statement
   * (atomic by itself: no transaction needed, nothing to wait for between the two). False when another drive wrote an
   * outcome first: then neither is written.
   */
  async settle(
    em: EntityManager,
    s: { paymentId: string; status: 'COMPLETED' | 'FAILED'; failureReason: FailureReason | null; at: Date; event: EventEnvelope },
  ): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `with settled as (
         update payment set status = ?, failure_reason = ?, updated_at = ? where id = ? and status = 'PENDING' returning id
       )
       insert into outbox (${OUTBOX_INSERT_COLUMNS})
       select ?, ?, ?, ?::jsonb, ?, null, 0, null, ? from settled
       returning id`,
      [s.status, s.failureReason, s.at, s.paymentId, ...outboxRowValues(s.event)],
    );
    return rows.length === 1;
  }
}
