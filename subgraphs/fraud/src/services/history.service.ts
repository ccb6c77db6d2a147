import type { EventData } from '@paygraph/events';
import type { EntityManager } from '@paygraph/platform/db';
import { toUsdCents } from './usd-rates.js';

/** What the rules know of a user (the `party` row), as plain values. */
export interface PartyFacts {
  userId: string;
  firstSeenAt: Date;
  completedOutCount: number;
  completedOutSumUsdCents: bigint;
}

/**
 * The history the rules read, built only from what fraud is told: the first time it saw each user, completed P2P
 * payments per sender → recipient pair (known recipients) and per sender (the typical amount, in USD cents).
 */
export class HistoryService {
  /** Folds a completed money movement into the history, once per transaction. */
  async recordCompleted(em: EntityManager, data: CompletedMovement): Promise<boolean> {
    return (await this.recordAllCompleted(em, [data])) > 0;
  }

  /**
   * Folds completed movements into the history in one statement (a received batch of them: one round trip, not one
   * per payment), each once per transaction (the completed_transaction row: a movement recorded before, or twice in
   * the list, counts once). Only the movements recorded now count: the pairs' counts (P2P between two users) and the
   * parties (both seen, the sender's totals grown) are summed per pair and per user from them and upserted in key
   * order, so two batches touching the same users cannot deadlock on each other. Returns how many were recorded now.
   */
  async recordAllCompleted(em: EntityManager, movements: readonly CompletedMovement[]): Promise<number> {
    const byTransaction = new Map<string, CompletedRow>();
    for (const m of movements) {
      if (byTransaction.has(m.transactionId)) continue;
      const p2p = m.kind === 'P2P' && m.recipientId !== m.senderId;
      byTransaction.set(m.transactionId, {
        transaction_id: m.transactionId,
        completed_at: new Date(m.at).toISOString(),
        sender_id: m.senderId,
        recipient_id: m.recipientId,
        p2p,
        usd: p2p ? toUsdCents(BigInt(m.amount.minor), m.amount.currency).toString() : '0',
      });
    }
    if (byTransaction.size === 0) return 0;
    const [done] = await em.execute<{ recorded: number }[]>(
      `with m as (
         select * from jsonb_to_recordset(?::jsonb)
           as m(transaction_id text, completed_at timestamptz, sender_id text, recipient_id text, p2p boolean, usd bigint)
       ), once as (
         insert into completed_transaction (transaction_id, completed_at)
         select transaction_id, completed_at from m
         on conflict (transaction_id) do nothing
         returning transaction_id
       ), fresh as (
         select m.* from m join once using (transaction_id)
       ), pair as (
         insert into counterparty (sender_id, recipient_id, first_completed_at, last_completed_at, completed_count)
         select sender_id, recipient_id, min(completed_at), max(completed_at), count(*)::int from fresh where p2p
          group by sender_id, recipient_id
          order by sender_id, recipient_id
         on conflict (sender_id, recipient_id) do update set
           first_completed_at = least(counterparty.first_completed_at, excluded.first_completed_at),
           last_completed_at = greatest(counterparty.last_completed_at, excluded.last_completed_at),
           completed_count = counterparty.completed_count + excluded.completed_count
         returning 1
       ), parties as (
         insert into party (user_id, first_seen_at, completed_out_count, completed_out_sum_usd_cents)
         select user_id, min(at), sum(n)::int, sum(usd)::bigint
           from (select sender_id as user_id, completed_at as at, case when p2p then 1 else 0 end as n, usd from fresh
                 union all
                 select recipient_id, completed_at, 0, 0 from fresh where recipient_id <> sender_id) as seen
          group by user_id
          order by user_id
         on conflict (user_id) do update set completed_out_count = party.completed_out_count + excluded.completed_out_count,
                                             completed_out_sum_usd_cents = party.completed_out_sum_usd_cents + excluded.completed_out_sum_usd_cents
         where excluded.completed_out_count > 0
         returning 1
       )
       select (select count(*) from once)::int as recorded, (select count(*) from pair) as pairs, (select count(*) from parties) as parties`,
      [JSON.stringify([...byTransaction.values()])],
    );
    return done?.recorded ?? 0;
  }
}

/** What the history needs of a completed movement (TransactionCompleted's data, or a completed PaymentSettled's). */
export type CompletedMovement = Pick<EventData<'TransactionCompleted'>, 'transactionId' | 'kind' | 'senderId' | 'recipientId' | 'amount' | 'at'>;

interface CompletedRow {
  transaction_id: string;
  completed_at: string;
  sender_id: string;
  recipient_id: string;
  p2p: boolean;
  /** The amount in USD cents (P2P only; 0 otherwise), as text: bigint in JSON. */
  usd: string;
}
