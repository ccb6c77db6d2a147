import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { errors } from '@paygraph/platform/errors';
import type { Outbox } from '@paygraph/platform/events';
import { isId } from '@paygraph/platform/ids';
import type { Logger } from '@paygraph/platform/logger';
import { closableDays, closesAt, dayWindow, isClosable, parseBusinessDate, type BusinessDate } from '../domain/settlement-day.js';
import { SettlementBatchRepository, type BatchRow, type ItemRow } from '../repositories/settlement-batch.repository.js';

export interface MerchantSettlementOptions {
  /** How long after a day's end it may close (late captures of the day are in by then). */
  closeDelayMs: number;
  /** How many past days the worker looks at. */
  lookBackDays: number;
}

export interface CloseDayResult {
  date: BusinessDate;
  batches: BatchRow[];
  /** The batches this call closed (empty when the day was closed before). */
  closedNow: BatchRow[];
}

/**
 * Merchant settlement (domain/settlement-day.ts has the day rules): closing a UTC day writes one batch per business
 * account and currency with the day's captures and completed refunds as its items, and SettlementBatchClosed for each,
 * in one transaction under the day's advisory lock. A day closes once: its `settlement_day` row says it is done, so a
 * second close (the worker on another replica, an admin repeating closeSettlementDay) returns what the first wrote.
 */
export class MerchantSettlementService {
  private readonly sql = new SettlementBatchRepository();

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
    private readonly opts: MerchantSettlementOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** closeSettlementDay: INVALID_DATE and DAY_NOT_CLOSABLE write nothing. */
  async closeDay(input: string, now = this.clock()): Promise<CloseDayResult> {
    const date = parseBusinessDate(input);
    if (!date) throw errors.user('INVALID_DATE', 'Not a date: use YYYY-MM-DD (a real calendar day, in UTC)', 'input.date');
    if (!isClosable(date, now, this.opts.closeDelayMs)) {
      throw errors.user('DAY_NOT_CLOSABLE', `${date} can be closed from ${closesAt(date, this.opts.closeDelayMs).toISOString()}`, 'input.date');
    }
    return this.close(date, now);
  }

  private async close(date: BusinessDate, now: Date): Promise<CloseDayResult> {
    return inTransaction(this.orm, async (tx) => {
      await this.sql.lockDay(tx, date);
      if (await this.sql.isClosed(tx, date)) return { date, batches: await this.sql.ofDay(tx, date), closedNow: [] };
      const closedNow = await this.sql.insertDay(tx, date, dayWindow(date), now);
      await this.sql.markClosed(tx, date, closedNow.length, now);
      for (const b of closedNow) this.emit(tx, b);
      return { date, batches: await this.sql.ofDay(tx, date), closedNow };
    });
  }

  /** The worker's pass: closes every closable day of the look-back not closed yet, oldest first; returns the batches closed. */
  async closeDue(now = this.clock()): Promise<number> {
    const days = closableDays(now, this.opts.closeDelayMs, this.opts.lookBackDays);
    const closed = await this.sql.closedAmong(this.orm.em.fork(), days);
    let batches = 0;
    for (const date of days) {
      if (closed.has(date)) continue;
      const result = await this.close(date, now);
      batches += result.closedNow.length;
      if (result.closedNow.length > 0) this.logger.info({ businessDate: date, batches: result.closedNow.length }, 'settlement day closed');
    }
    return batches;
  }

  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, BatchRow>> {
    const rows = await this.sql.byIds(em, [...new Set(ids.filter((id) => isId('stb', id)))]);
    return new Map(rows.map((b) => [b.id, b]));
  }

  /** A business account's batches, newest day first; only its owner's (admins: all) — for anyone else none. */
  page(em: EntityManager, viewer: { userId: string; admin: boolean }, q: { accountId: string; limit: number; after: string | null }): Promise<BatchRow[]> {
    if (!isId('acc', q.accountId)) return Promise.resolve([]);
    return this.sql.page(em, { ...q, merchantId: viewer.admin ? null : viewer.userId });
  }

  items(em: EntityManager, batchId: string, limit: number, after: string | null): Promise<ItemRow[]> {
    return this.sql.items(em, batchId, limit, after);
  }

  private emit(tx: EntityManager, b: BatchRow): void {
    const money = (minor: bigint) => ({ minor: minor.toString(), currency: b.currency });
    this.outbox.emit(tx, 'SettlementBatchClosed', b.id, {
      batchId: b.id,
      merchantAccountId: b.merchantAccountId,
      merchantId: b.merchantId,
      businessDate: b.businessDate,
      gross: money(b.gross),
      fees: money(b.fees),
      refunds: money(b.refunds),
      net: money(b.net),
      itemCount: b.itemCount,
      closedAt: b.closedAt.toISOString(),
    });
  }
}
