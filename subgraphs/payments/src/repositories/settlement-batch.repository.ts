import type { EntityManager } from '@paygraph/platform/db';
import { dayLockKey, type BusinessDate } from '../domain/settlement-day.js';
import type { SettlementItemKind } from '../entities/settlement-item.entity.js';

/** Advisory lock class of settlement days (the second key is the day number, domain/settlement-day.ts dayLockKey). */
const SETTLEMENT_LOCK_CLASS = 0x5e771e;

export interface BatchRow {
  id: string;
  merchantAccountId: string;
  merchantId: string;
  currency: string;
  businessDate: string;
  gross: bigint;
  fees: bigint;
  refunds: bigint;
  net: bigint;
  itemCount: number;
  status: 'CLOSED';
  closedAt: Date;
}

export interface ItemRow {
  id: string;
  batchId: string;
  kind: SettlementItemKind;
  sourceId: string;
  paymentId: string;
  /** The batch's currency. */
  currency: string;
  amount: bigint;
  fee: bigint;
  occurredAt: Date;
}

const BATCH_COLUMNS = `id, merchant_account_id, merchant_id, currency, business_date::text as business_date, gross::text, fees::text, refunds::text,
  net::text, item_count, status, closed_at`;

type RawBatch = Record<string, unknown>;
const toBatch = (r: RawBatch): BatchRow => ({
  id: r.id as string,
  merchantAccountId: r.merchant_account_id as string,
  merchantId: r.merchant_id as string,
  currency: r.currency as string,
  businessDate: r.business_date as string,
  gross: BigInt(r.gross as string),
  fees: BigInt(r.fees as string),
  refunds: BigInt(r.refunds as string),
  net: BigInt(r.net as string),
  itemCount: Number(r.item_count),
  status: 'CLOSED',
  closedAt: new Date(r.closed_at as string),
});

/**
 * The SQL of settlement batches. Closing a day is one statement: the day's captures and completed refunds of checkout
 * payments not yet in any batch, grouped into one batch per (business account, currency) with totals computed from
 * the very rows inserted as its items (one snapshot, so a batch's totals are always the sum of its items).
 */
export class SettlementBatchRepository {
  /** Serialises every close of one day (worker replicas, an admin's close) until the transaction ends. */
  async lockDay(em: EntityManager, date: BusinessDate): Promise<void> {
    await em.execute(`select pg_advisory_xact_lock(?, ?)`, [SETTLEMENT_LOCK_CLASS, dayLockKey(date)]);
  }

  async isClosed(em: EntityManager, date: BusinessDate): Promise<boolean> {
    const rows = await em.execute<{ n: number }[]>(`select count(*)::int as n from settlement_day where business_date = cast(? as date)`, [date]);
    return (rows[0]?.n ?? 0) > 0;
  }

  /** Which of these days are closed already. */
  async closedAmong(em: EntityManager, dates: readonly BusinessDate[]): Promise<Set<string>> {
    if (dates.length === 0) return new Set();
    const rows = await em.execute<{ d: string }[]>(
      `select business_date::text as d from settlement_day where business_date = any(cast(? as date[]))`,
      [`{${dates.join(',')}}`],
    );
    return new Set(rows.map((r) => r.d));
  }

  /** Inserts the day's batches and items (on conflict: nothing); returns the batches this call inserted. */
  async insertDay(em: EntityManager, date: BusinessDate, window: { start: Date; end: Date }, closedAt: Date): Promise<BatchRow[]> {
    const rows = await em.execute<RawBatch[]>(
      `with src as (
         select c.merchant_account_id, c.merchant_id, c.currency, 'CAPTURE'::text as kind, c.id as source_id, c.payment_id,
                c.captured_amount as amount, c.fee_amount as fee, c.closed_at as occurred_at
           from checkout c
          where c.status = 'CAPTURED' and c.closed_at >= ? and c.closed_at < ?
         union all
         select c.merchant_account_id, c.merchant_id, c.currency, 'REFUND'::text, r.id, r.refund_of_id, r.amount, 0::bigint, r.updated_at
           from payment r
           join checkout c on c.payment_id = r.refund_of_id
          where r.kind = 'REFUND' and r.status = 'COMPLETED' and r.updated_at >= ? and r.updated_at < ?
       ),
       fresh as (
         select s.* from src s where not exists (select 1 from settlement_item i where i.source_id = s.source_id)
       ),
       sums as (
         select merchant_account_id, min(merchant_id) as merchant_id, currency,
                coalesce(sum(amount) filter (where kind = 'CAPTURE'), 0) as gross,
                coalesce(sum(fee) filter (where kind = 'CAPTURE'), 0) as fees,
                coalesce(sum(amount) filter (where kind = 'REFUND'), 0) as refunds,
                count(*) as item_count
           from fresh
          group by merchant_account_id, currency
       ),
       batches as (
         insert into settlement_batch (id, merchant_account_id, merchant_id, currency, business_date, gross, fees, refunds, net, item_count, status, closed_at)
         select 'stb_' || md5(merchant_account_id || ':' || currency || ':' || cast(? as text)), merchant_account_id, merchant_id, currency,
                cast(? as date), gross, fees, refunds, gross - fees - refunds, item_count, 'CLOSED', ?
           from sums
         on conflict do nothing
         returning *
       ),
       items as (
         insert into settlement_item (id, batch_id, kind, source_id, payment_id, amount, fee, occurred_at)
         select 'sti_' || md5(f.source_id), b.id, f.kind, f.source_id, f.payment_id, f.amount, f.fee, f.occurred_at
           from fresh f
           join batches b on b.merchant_account_id = f.merchant_account_id and b.currency = f.currency
         returning batch_id
       )
       select ${BATCH_COLUMNS} from batches order by merchant_account_id, currency`,
      [window.start, window.end, window.start, window.end, date, date, closedAt],
    );
    return rows.map(toBatch);
  }

  async markClosed(em: EntityManager, date: BusinessDate, batchCount: number, closedAt: Date): Promise<void> {
    await em.execute(`insert into settlement_day (business_date, batch_count, closed_at) values (cast(? as date), ?, ?) on conflict do nothing`, [
      date,
      batchCount,
      closedAt,
    ]);
  }

  async ofDay(em: EntityManager, date: BusinessDate): Promise<BatchRow[]> {
    const rows = await em.execute<RawBatch[]>(
      `select ${BATCH_COLUMNS} from settlement_batch where business_date = cast(? as date) order by merchant_account_id, currency`,
      [date],
    );
    return rows.map(toBatch);
  }

  async byIds(em: EntityManager, ids: readonly string[]): Promise<BatchRow[]> {
    if (ids.length === 0) return [];
    const rows = await em.execute<RawBatch[]>(`select ${BATCH_COLUMNS} from settlement_batch where id = any(?)`, [ids]);
    return rows.map(toBatch);
  }

  /** A business account's batches, newest day first; `limit` rows after the batch `after` (exclusive). */
  async page(em: EntityManager, q: { accountId: string; merchantId: string | null; limit: number; after: string | null }): Promise<BatchRow[]> {
    const rows = await em.execute<RawBatch[]>(
      `select ${BATCH_COLUMNS} from settlement_batch b
        where b.merchant_account_id = ?
          and (cast(? as text) is null or b.merchant_id = ?)
          and (cast(? as text) is null or (b.business_date, b.id) < (select a.business_date, a.id from settlement_batch a where a.id = ?))
        order by b.business_date desc, b.id desc
        limit ?`,
      [q.accountId, q.merchantId, q.merchantId, q.after, q.after, q.limit],
    );
    return rows.map(toBatch);
  }

  /** A batch's items, oldest first; `limit` rows after the item `after` (exclusive). */
  async items(em: EntityManager, batchId: string, limit: number, after: string | null): Promise<ItemRow[]> {
    const rows = await em.execute<Record<string, unknown>[]>(
      `select i.id, i.batch_id, i.kind, i.source_id, i.payment_id, b.currency, i.amount::text, i.fee::text, i.occurred_at
         from settlement_item i join settlement_batch b on b.id = i.batch_id
        where i.batch_id = ?
          and (cast(? as text) is null or (i.occurred_at, i.id) > (select a.occurred_at, a.id from settlement_item a where a.id = ?))
        order by i.occurred_at, i.id
        limit ?`,
      [batchId, after, after, limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      batchId: r.batch_id as string,
      kind: r.kind as SettlementItemKind,
      sourceId: r.source_id as string,
      paymentId: r.payment_id as string,
      currency: r.currency as string,
      amount: BigInt(r.amount as string),
      fee: BigInt(r.fee as string),
      occurredAt: new Date(r.occurred_at as string),
    }));
  }
}
