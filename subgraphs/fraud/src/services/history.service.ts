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
  /**
   * Records that fraud has seen these users (no-op for those it had) and returns what it knows about them. One
   * statement, rows in id order: two movements between the same new users in opposite directions cannot deadlock.
   */
  async touch(em: EntityManager, userIds: string[], at: Date): Promise<Map<string, PartyFacts>> {
    const ids = await this.see(em, userIds, at);
    // Plain SQL on the scoring path (one per payment): what the rules read, without hydrating entities.
    const rows = await em.execute<{ user_id: string; first_seen_at: Date; completed_out_count: number; completed_out_sum_usd_cents: string }[]>(
      `select user_id, first_seen_at, completed_out_count, completed_out_sum_usd_cents::text from party where user_id in (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    return new Map(
      rows.map((r) => [
        r.user_id,
        { userId: r.user_id, firstSeenAt: new Date(r.first_seen_at), completedOutCount: Number(r.completed_out_count), completedOutSumUsdCents: BigInt(r.completed_out_sum_usd_cents) },
      ]),
    );
  }

  /** `touch` without reading the rows back. Returns the ids, sorted. */
  private async see(em: EntityManager, userIds: string[], at: Date): Promise<string[]> {
    const ids = [...new Set(userIds)].sort();
    // DO NOTHING rather than an update: no row lock is kept, so a sender's assessments never queue behind each other.
    await em.execute(
      `insert into party (user_id, first_seen_at) values ${ids.map(() => '(?, ?)').join(', ')} on conflict (user_id) do nothing`,
      ids.flatMap((id) => [id, at]),
    );
    return ids;
  }

  async isKnownRecipient(em: EntityManager, senderId: string, recipientId: string): Promise<boolean> {
    const [row] = await em.execute<{ known: boolean }[]>(
      'select exists (select 1 from counterparty where sender_id = ? and recipient_id = ?) as known',
      [senderId, recipientId],
    );
    return row?.known === true;
  }

  /** Folds a completed money movement into the history, once per transaction. */
  async recordCompleted(em: EntityManager, data: EventData<'TransactionCompleted'>): Promise<boolean> {
    const at = new Date(data.at);
    const inserted = await em.execute<{ transaction_id: string }[]>(
      'insert into completed_transaction (transaction_id, completed_at) values (?, ?) on conflict (transaction_id) do nothing returning transaction_id',
      [data.transactionId, at],
    );
    if (inserted.length === 0) return false;

    if (data.kind !== 'P2P' || data.recipientId === data.senderId) {
      await this.see(em, [data.senderId, data.recipientId], at);
      return true;
    }

    const usd = toUsdCents(BigInt(data.amount.minor), data.amount.currency);
    await em.execute(
      `insert into counterparty (sender_id, recipient_id, first_completed_at, last_completed_at, completed_count)
       values (?, ?, ?, ?, 1)
       on conflict (sender_id, recipient_id) do update set
         first_completed_at = least(counterparty.first_completed_at, excluded.first_completed_at),
         last_completed_at = greatest(counterparty.last_completed_at, excluded.last_completed_at),
         completed_count = counterparty.completed_count + 1`,
      [data.senderId, data.recipientId, at, at],
    );
    // Both parties seen (normally already, since the assessment) and the sender's totals grown, in one statement; rows
    // in id order, so two completions between the same users in opposite directions cannot deadlock.
    const rows = [
      [data.senderId, 1, usd.toString()],
      [data.recipientId, 0, '0'],
    ].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    await em.execute(
      `insert into party (user_id, first_seen_at, completed_out_count, completed_out_sum_usd_cents) values (?, ?, ?, ?), (?, ?, ?, ?)
       on conflict (user_id) do update set completed_out_count = party.completed_out_count + excluded.completed_out_count,
                                           completed_out_sum_usd_cents = party.completed_out_sum_usd_cents + excluded.completed_out_sum_usd_cents
       where excluded.completed_out_count > 0`,
      rows.flatMap(([id, count, sum]) => [id, at, count, sum]),
    );
    return true;
  }
}
