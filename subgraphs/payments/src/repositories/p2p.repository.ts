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
 * one statement, its own transaction.
 */
export class P2PRepository {
  /**
   * A P2P payment's creation, one statement and its own transaction (the `payments_claim_p2p` function of migration
   * 20261204223000): with `limits`, the sender's advisory lock (`lockKey`, the key every path that locks a sender
   * takes) and then, once the idempotency key is claimed, the usage in the windows; the PENDING payment only when the
   * claim succeeded and the usage leaves room for `amountUsd` (usage + amount ≤ each limit that applies). A lost
   * claim (a live key, a concurrent winner waited for) writes nothing; over a limit, nothing is kept either and the
   * usage comes back for the error.
   */
  async claimAndInsert(
    q: Query,
    c: {
      key: string;
      operation: Operation;
      requestHash: string;
      expiresAt: Date;
      limits: { lockKey: readonly [number, number]; since: Date; dayStart: Date; amountUsd: bigint; daily: bigint | null; monthly: bigint | null } | null;
    },
    p: P2PRow,
  ): Promise<{ claimed: false } | { claimed: true; fits: boolean; usage: WindowUsage | null }> {
    const l = c.limits;
    const [row] = await q<{ claimed: boolean; fits: boolean | null; usage_day: string | null; usage_month: string | null }>(
      `select * from payments_claim_p2p(?::int, ?::int, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?::bigint, ?, ?::bigint, ?, ?,
                                        ?::timestamptz, ?::timestamptz, ?::text[], ?::bigint, ?::bigint, ?::bigint)`,
      [
        l?.lockKey[0] ?? null, l?.lockKey[1] ?? null,
        p.senderId, c.key, c.operation, c.requestHash, p.id, p.createdAt, c.expiresAt,
        p.recipientId, p.amount, p.currency, p.usdEquivalent, p.note, p.transactionId,
        l?.since ?? null, l?.dayStart ?? null, [...LIMITED_KINDS], l?.amountUsd ?? null, l?.daily ?? null, l?.monthly ?? null,
      ],
    );
    if (!row?.claimed) return { claimed: false };
    const usage = row.usage_day === null || row.usage_month === null ? null : { day: BigInt(row.usage_day), month: BigInt(row.usage_month) };
    return { claimed: true, fits: row.fits === true, usage };
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
