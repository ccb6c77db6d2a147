import type { EntityManager } from '@paygraph/platform/db';
import { PaymentRequest, type PaymentRequestStatus } from '../entities/payment-request.entity.js';

export type RequestDirection = 'INCOMING' | 'OUTGOING' | 'ALL';

/** The SQL of payment requests beyond the unit of work: pages, and the expiry worker's queues. */
export class PaymentRequestRepository {
  /**
   * Up to `limit` of a user's requests, newest first, after the cursor. INCOMING: asked of them (they are the payer);
   * OUTGOING: theirs (they are the requester). The status filter sees what readers see: an OPEN request past its
   * expiry with no payment under way is EXPIRED.
   */
  async page(
    em: EntityManager,
    q: { userId: string; direction: RequestDirection; status: PaymentRequestStatus | null; limit: number; after: string | null; now: Date },
  ): Promise<PaymentRequest[]> {
    if (q.limit === 0) return [];
    const party =
      q.direction === 'INCOMING' ? 'payer_id = ?' : q.direction === 'OUTGOING' ? 'requester_id = ?' : '(payer_id = ? or requester_id = ?)';
    const partyParams = q.direction === 'ALL' ? [q.userId, q.userId] : [q.userId];
    const lapsed = `(status = 'OPEN' and paying_since is null and expires_at <= ?)`;
    const [status, statusParams] =
      q.status === null
        ? ['true', []]
        : q.status === 'OPEN'
          ? [`status = 'OPEN' and not ${lapsed}`, [q.now]]
          : q.status === 'EXPIRED'
            ? [`(status = 'EXPIRED' or ${lapsed})`, [q.now]]
            : ['status = ?', [q.status]];
    const rows = await em.execute<Record<string, unknown>[]>(
      `select * from payment_request where ${party} and (?::text is null or id < ?) and ${status} order by id desc limit ?`,
      [...partyParams, q.after, q.after, ...statusParams, q.limit],
    );
    return rows.map((row) => em.map(PaymentRequest, row));
  }

  /** Locks and returns up to `limit` requests that are OPEN past their expiry with no payment under way. */
  async lockLapsed(em: EntityManager, now: Date, limit: number): Promise<PaymentRequest[]> {
    const rows = await em.execute<Record<string, unknown>[]>(
      `select * from payment_request where status = 'OPEN' and paying_since is null and expires_at <= ?
        order by expires_at limit ? for update skip locked`,
      [now, limit],
    );
    return rows.map((row) => em.map(PaymentRequest, row));
  }

  /** Ids of OPEN requests whose payment has been under way since before `before` (a review, or a request that stopped). */
  async payingSince(em: EntityManager, before: Date, limit: number): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      `select id from payment_request where status = 'OPEN' and paying_since is not null and paying_since < ? order by paying_since limit ?`,
      [before, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Marks a payment as one paying the request (once: a payment pays one request). */
  async linkPayment(em: EntityManager, paymentId: string, requestId: string): Promise<void> {
    await em.execute(`update payment set request_id = ? where id = ? and request_id is null`, [requestId, paymentId], 'run');
  }
}
