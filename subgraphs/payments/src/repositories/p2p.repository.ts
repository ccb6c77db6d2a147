import type { Query } from '@paygraph/platform/plain-sql';
import { OUTBOX_INSERT_COLUMNS, outboxRowValues, type EventEnvelope } from '@paygraph/platform/events';
import { LIMITED_KINDS, type WindowUsage } from '../domain/limits.js';
import type { Operation } from '../domain/idempotency.js';
import type { FailureReason } from '../entities/payment.entity.js';

/** A new P2P payment's row, PENDING. */
export interface P2PRow {
  id: string;
  senderId: string;
  recipientId: string;
  amount: bigint;
  currency: string;
  usdEquivalent: bigint | null;
  note: string | null;
  transactionId: string;
  createdAt: Date;
}

/**
 * The P2P path's SQL beyond the unit of work (PaymentService's creation, SettlementService's outcome): each step
 * one statement.
 */
export class P2PRepository {
  /**
   * In the creating transaction: claims the idempotency key (as IdempotencyKeyRepository.claim), sums the sender's
   * usage when `usage` is asked (as PaymentRepository.usageUsd; its snapshot is this statement's, taken after the
   * sender's lock), and inserts the payment only when the claim succeeded — one statement. The caller checks the
   * window limits on the usage returned and throws to roll back (the claim and the payment with it).
   */
  async claimAndInsert(
    q: Query,
    c: { key: string; operation: Operation; requestHash: string; expiresAt: Date; usage: { since: Date; dayStart: Date } | null },
    p: P2PRow,
  ): Promise<{ claimed: boolean; usage: WindowUsage | null }> {
    const usage = c.usage
      ? `, u.day, u.month
           from (select coalesce(sum(usd_equivalent) filter (where created_at > ?), 0)::text as day, coalesce(sum(usd_equivalent), 0)::text as month
                   from (select usd_equivalent, created_at from payment
                          where sender_id = ? and kind in (${LIMITED_KINDS.map(() => '?').join(', ')}) and status <> 'FAILED' and created_at > ?
                         union all
                         select usd_equivalent, created_at from withdrawal
                          where user_id = ? and status not in ('FAILED', 'RETURNED') and created_at > ?) counted) as u`
      : '';
    const rows = await q<{ claimed: number; day?: string; month?: string }>(
      `with k as (
         insert into idempotency_key (user_id, key, operation, request_hash, payment_id, created_at, expires_at)
         values (?, ?, ?, ?, ?, ?, ?)
         on conflict (user_id, key) do update
           set operation = excluded.operation, request_hash = excluded.request_hash, payment_id = excluded.payment_id,
               created_at = excluded.created_at, expires_at = excluded.expires_at
           where idempotency_key.expires_at <= excluded.created_at
         returning payment_id
       ), p as (
         insert into payment (id, kind, status, sender_id, recipient_id, amount, currency, usd_equivalent, note, transaction_id, created_at, updated_at)
         select k.payment_id, 'P2P', 'PENDING', ?::text, ?::text, ?::bigint, ?::text, ?::bigint, ?::text, ?::text, ?::timestamptz, ?::timestamptz from k
         returning id
       )
       select (select count(*) from p)::int as claimed${usage}`,
      [
        p.senderId, c.key, c.operation, c.requestHash, p.id, p.createdAt, c.expiresAt,
        p.senderId, p.recipientId, p.amount, p.currency, p.usdEquivalent, p.note, p.transactionId, p.createdAt, p.createdAt,
        ...(c.usage
          ? [c.usage.dayStart, p.senderId, ...LIMITED_KINDS, c.usage.since, p.senderId, c.usage.since]
          : []),
      ],
    );
    const row = rows[0]!;
    return { claimed: row.claimed === 1, usage: c.usage ? { day: BigInt(row.day ?? '0'), month: BigInt(row.month ?? '0') } : null };
  }

  /**
   * Writes a P2P payment's outcome only while it is still PENDING, and its event's outbox row in the same statement
   * (atomic by itself: no transaction needed, nothing to wait for between the two). False when another drive wrote an
   * outcome first: then neither is written.
   */
  async settle(
    q: Query,
    s: { paymentId: string; status: 'COMPLETED' | 'FAILED'; failureReason: FailureReason | null; at: Date; event: EventEnvelope },
  ): Promise<boolean> {
    const rows = await q<{ id: string }>(
      `with settled as (
         update payment set status = ?::text, failure_reason = ?::text, updated_at = ?::timestamptz where id = ? and status = 'PENDING' returning id
       )
       insert into outbox (${OUTBOX_INSERT_COLUMNS})
       select ?::uuid, ?::text, ?::text, ?::jsonb, ?::timestamptz, null, 0, null, ?::timestamptz from settled
       returning id`,
      [s.status, s.failureReason, s.at, s.paymentId, ...outboxRowValues(s.event)],
    );
    return rows.length === 1;
  }
}
