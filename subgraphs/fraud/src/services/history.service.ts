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
  /** Records that fraud has seen these users (no-op for those it had). Returns the ids, sorted. */
  private async see(em: EntityManager, userIds: string[], at: Date): Promise<string[]> {
    const ids = [...new Set(userIds)].sort();
    // DO NOTHING rather than an update: no row lock is kept, so a sender's assessments never queue behind each other.
    await em.execute(
      `insert into party (user_id, first_seen_at) values ${ids.map(() => '(?, ?)').join(', ')} on conflict (user_id) do nothing`,
      ids.flatMap((id) => [id, at]),
    );
    return ids;
  }

  /** Folds a completed money movement into the history, once per transaction. */
  async recordCompleted(em: EntityManager, data: EventData<'TransactionCompleted'>): Promise<boolean> {
    const at = new Date(data.at);
    if (data.kind !== 'P2P' || data.recipientId === data.senderId) {
      const inserted = await em.execute<{ transaction_id: string }[]>(
        'insert into completed_transaction (transaction_id, completed_at) values (?, ?) on conflict (transaction_id) do nothing returning transaction_id',
        [data.transactionId, at],
      );
      if (inserted.length === 0) return false;
      await this.see(em, [data.senderId, data.recipientId], at);
      return true;
    }

    const usd = toUsdCents(BigInt(data.amount.minor), data.amount.currency);
    // Once per transaction (the completed_transaction row), the pair's count and both parties in one statement: the
    // upserts run only when the row was inserted now. Party rows in id order, so two completions between the same
    // users in opposite directions cannot deadlock; both parties seen (normally already, since the assessment), the
    // sender's totals grown.
    const rows = [
      [data.senderId, 1, usd.toString()],
      [data.recipientId, 0, '0'],
    ].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    const [done] = await em.execute<{ recorded: boolean }[]>(
      `with once as (
         insert into completed_transaction (transaction_id, completed_at) values (?, ?)
         on conflict (transaction_id) do nothing
         returning transaction_id
       ), pair as (
         insert into counterparty (sender_id, recipient_id, first_completed_at, last_completed_at, completed_count)
         select ?, ?, ?::timestamptz, ?::timestamptz, 1 from once
         on conflict (sender_id, recipient_id) do update set
           first_completed_at = least(counterparty.first_completed_at, excluded.first_completed_at),
           last_completed_at = greatest(counterparty.last_completed_at, excluded.last_completed_at),
           completed_count = counterparty.completed_count + 1
         returning 1
       ), parties as (
         insert into party (user_id, first_seen_at, completed_out_count, completed_out_sum_usd_cents)
         select v.user_id, v.first_seen_at, v.completed_out_count, v.completed_out_sum_usd_cents
           from (values (?::text, ?::timestamptz, ?::int, ?::bigint, 1), (?::text, ?::timestamptz, ?::int, ?::bigint, 2))
                  as v(user_id, first_seen_at, completed_out_count, completed_out_sum_usd_cents, ord)
          where exists (select 1 from once)
          order by v.ord
         on conflict (user_id) do update set completed_out_count = party.completed_out_count + excluded.completed_out_count,
                                             completed_out_sum_usd_cents = party.completed_out_sum_usd_cents + excluded.completed_out_sum_usd_cents
         where excluded.completed_out_count > 0
         returning 1
       )
       select exists (select 1 from once) as recorded, (select count(*) from pair) as pairs, (select count(*) from parties) as parties`,
      [data.transactionId, at, data.senderId, data.recipientId, at, at, ...rows.flatMap(([id, count, sum]) => [id, at, count, sum])],
    );
    return done?.recorded === true;
  }
}
