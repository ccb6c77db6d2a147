import type { EntityManager } from '@paygraph/platform/db';
import { Checkout, type CheckoutStatus } from '../entities/checkout.entity.js';

export interface CheckoutPageQuery {
  accountId: string;
  /** Only this merchant's (null: anyone's). */
  merchantId?: string | null;
  status: CheckoutStatus | null;
  createdAfter: Date | null;
  createdBefore: Date | null;
  limit: number;
  /** Checkout id the page starts after (exclusive; ids sort by creation time). */
  after: string | null;
}

/** The SQL of checkouts beyond the unit of work: the worker's queues, the merchant's list, a refund's checkout. */
export class CheckoutRepository {
  /** AUTHORIZED checkouts past their deadline with no step under way, locked (skipping those another worker holds). */
  async lockExpiredAuthorizations(em: EntityManager, now: Date, limit: number): Promise<Checkout[]> {
    const rows = await em.execute<{ id: string }[]>(
      `select id from checkout where status = 'AUTHORIZED' and step is null and authorization_expires_at <= ?
        order by authorization_expires_at limit ? for update skip locked`,
      [now, limit],
    );
    return rows.length === 0 ? [] : em.find(Checkout, { id: { $in: rows.map((r) => r.id) } }, { refresh: true });
  }

  /** Approvals and steps under way since before `since`: their request stopped half-way. */
  async underWaySince(em: EntityManager, since: Date, limit: number): Promise<Checkout[]> {
    return em.find(
      Checkout,
      { $or: [{ approvingSince: { $lt: since } }, { stepSince: { $lt: since } }] },
      { orderBy: { id: 'asc' }, limit },
    );
  }

  /** The checkout whose capture made `paymentId` (a payment of kind CHECKOUT). */
  byPaymentId(em: EntityManager, paymentId: string): Promise<Checkout | null> {
    return em.findOne(Checkout, { paymentId, status: 'CAPTURED' });
  }

  async page(em: EntityManager, q: CheckoutPageQuery): Promise<Checkout[]> {
    return em.find(
      Checkout,
      {
        merchantAccountId: q.accountId,
        ...(q.merchantId ? { merchantId: q.merchantId } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.after ? { id: { $lt: q.after } } : {}),
        ...(q.createdAfter || q.createdBefore
          ? { createdAt: { ...(q.createdAfter ? { $gte: q.createdAfter } : {}), ...(q.createdBefore ? { $lt: q.createdBefore } : {}) } }
          : {}),
      },
      { orderBy: { id: 'desc' }, limit: q.limit },
    );
  }
}
