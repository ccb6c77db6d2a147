import type { EntityManager } from '@paygraph/platform/db';
import type { StatementLine, StatementTotals } from '../domain/statement.js';

/**
 * The SQL of a wallet's statement, over the posting index (account_id, created_at). A month is
 * `start < created_at <= end` (see domain/statement.ts).
 */
export class StatementRepository {
  /** Opening, credits and debits in one statement: the closing is computed from the same postings. */
  async totals(em: EntityManager, walletId: string, start: Date, end: Date): Promise<StatementTotals> {
    const [row] = await em.execute<{ opening: string; credits: string; debits: string }[]>(
      `select coalesce(sum(amount) filter (where created_at <= ?), 0)::text as opening,
              coalesce(sum(amount) filter (where created_at > ? and amount > 0), 0)::text as credits,
              coalesce(-sum(amount) filter (where created_at > ? and amount < 0), 0)::text as debits
         from posting
        where account_id = ? and created_at <= ?`,
      [start, start, start, walletId, end],
    );
    return { opening: BigInt(row?.opening ?? 0), credits: BigInt(row?.credits ?? 0), debits: BigInt(row?.debits ?? 0) };
  }

  /**
   * Up to `limit` movements of the month in posting order (time, then posting id), after the posting `afterId`
   * when given, each with the balance after it (opening + running sum over the whole month).
   */
  async lines(
    em: EntityManager,
    walletId: string,
    period: { start: Date; end: Date },
    opening: bigint,
    page: { afterId: string | null; limit: number },
  ): Promise<StatementLine[]> {
    const rows = await em.execute<{ id: string; created_at: string | Date; journal_entry_id: string; kind: string; currency: string; amount: string; balance_after: string }[]>(
      `select m.id::text as id, m.created_at, m.journal_entry_id, j.kind, m.currency, m.amount::text as amount, m.balance_after::text as balance_after
         from (select p.id, p.created_at, p.journal_entry_id, p.currency, p.amount,
                      ?::bigint + sum(p.amount) over (order by p.created_at, p.id) as balance_after
                 from posting p
                where p.account_id = ? and p.created_at > ? and p.created_at <= ?) m
         join journal_entry j on j.id = m.journal_entry_id
        where ?::bigint is null
           or (m.created_at, m.id) > (select a.created_at, a.id from posting a where a.id = ?::bigint and a.account_id = ?)
        order by m.created_at, m.id
        limit ?`,
      [opening, walletId, period.start, period.end, page.afterId, page.afterId, walletId, page.limit],
    );
    return rows.map((r) => ({
      postingId: r.id,
      postedAt: new Date(r.created_at),
      journalEntryId: r.journal_entry_id,
      kind: r.kind,
      currency: r.currency,
      amount: BigInt(r.amount),
      balanceAfter: BigInt(r.balance_after),
    }));
  }
}
