import type { EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { plainSql } from '../plain-sql.js';
import type { Logger } from '../logger.js';
import type { Worker } from '../server.js';
import type { EventEnvelope } from './envelope.js';
import { OutboxEventSchema } from './outbox.entity.js';
import { openSpan } from '../tracing.js';
import { observePublished } from './event-metrics.js';

import { errorMessage, PublishError, type Publisher } from './publisher.js';

const OUTBOX_TABLE = OutboxEventSchema.meta.tableName;

export interface OutboxRelayOptions {
  orm: MikroORM;
  publisher: Publisher;
  logger: Logger;
  /**
   * How often an idle relay looks for rows it was not told about (written by another process, a retry coming due):
   * every `pollIntervalMs` (default 100) after its last batch, twice as long after each poll that found nothing, up
   * to `maxPollIntervalMs` (default 1 s, or pollIntervalMs if longer).
   */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** Rows claimed per transaction. Default 100. */
  batchSize?: number;
  /** Backoff of a row after a failed publish: min(max, base · 2^(attempts−1)). Defaults 200 ms and 30 s. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A publish call that takes longer is abandoned (and its rows retried). Default 15 s. */
  publishTimeoutMs?: number;
  /**
   * How long claimed rows stay reserved for this relay (published and marked within it, or due again). Longer than
   * the publish timeout. Default publishTimeoutMs + 15 s.
   */
  leaseMs?: number;
  name?: string;
}

export interface BatchResult {
  claimed: number;
  published: number;
  failed: number;
}

interface ClaimedRow {
  id: string;
  aggregate_id: string;
  envelope: EventEnvelope;
  attempts: number;
}

/**
 * Claims due rows in id order by leasing them: their `next_attempt_at` moves `leaseMs` ahead, so that no relay (this
 * one's next batch, another replica's) takes them while they are being published, and a relay that dies with them
 * leaves them due again once the lease runs out (published twice then: the SQS deduplication id and the consumers'
 * inboxes absorb it). One autocommitted statement: no transaction is held while SQS is called. `FOR UPDATE SKIP
 * LOCKED` keeps concurrent claims off each other's rows. A row whose aggregate has an older unpublished row outside
 * this claim (leased by another relay, or waiting out a backoff after a failure) is left alone, so that an
 * aggregate's events never overtake each other, even across relays and retries.
 */
const CLAIM_SQL = `
with candidates as (
  select id, aggregate_id from outbox
  where published_at is null and next_attempt_at <= now()
  order by id
  limit ?
  for update skip locked
), eligible as (
  select c.id from candidates c
  where not exists (
    select 1 from outbox earlier
    where earlier.aggregate_id = c.aggregate_id and earlier.published_at is null and earlier.id < c.id
      and not exists (select 1 from candidates mine where mine.id = earlier.id)
  )
), leased as (
  update outbox o set next_attempt_at = now() + (?::int * interval '1 millisecond')
  from eligible e
  where o.id = e.id
  returning o.id, o.aggregate_id, o.envelope, o.attempts
)
select id, aggregate_id, envelope, attempts from leased order by id`;

/**
 * Moves outbox rows to the publisher (SQS fan-out or EventBridge) and marks them published, in a loop.
 *
 * Latency without triggers or a LISTEN connection: the relay watches its own process's ORM and wakes up as soon as a
 * transaction that inserted outbox rows commits (MikroORM flush/commit events), so an event emitted in this process
 * leaves within a few milliseconds. Rows written by other processes (every replica runs its own relay, so that is
 * rare) are found by polling every `pollIntervalMs`, backing off to `maxPollIntervalMs` while the polls find nothing,
 * each one indexed query on a tiny partial index: a relay of a service with nothing to publish costs ~1 statement a
 * second, not 10. `nudge()` wakes it by hand.
 *
 * Delivery is at-least-once: a crash between publishing and the statement that marks the rows publishes them again
 * once their lease ends, which the SQS deduplication id (5 minutes) and the consumers' inbox absorb. A row that fails to publish stays, with `attempts`,
 * `last_error` and a growing backoff; later rows of its aggregate wait for it.
 */
export class OutboxRelay implements Worker {
  readonly name: string;
  private readonly orm: MikroORM;
  private readonly publisher: Publisher;
  private readonly logger: Logger;
  private readonly pollIntervalMs: number;
  private readonly maxPollIntervalMs: number;
  /** Timer polls in a row that found nothing (see `pollIntervalMs`). */
  private emptyPolls = 0;
  private readonly batchSize: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly publishTimeoutMs: number;
  private readonly leaseMs: number;

  private running = false;
  private loop: Promise<void> | null = null;
  /** Batches of one relay run one at a time (the loop and `flush` share it). */
  private exclusive: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | null = null;
  private nudged = false;
  private subscribed = false;
  /** Transactions that flushed outbox rows and have not committed yet. */
  private readonly pendingTx = new WeakSet<object>();

  constructor(opts: OutboxRelayOptions) {
    this.orm = opts.orm;
    this.publisher = opts.publisher;
    this.logger = opts.logger;
    this.pollIntervalMs = opts.pollIntervalMs ?? 100;
    this.maxPollIntervalMs = Math.max(this.pollIntervalMs, opts.maxPollIntervalMs ?? 1_000);
    this.batchSize = opts.batchSize ?? 100;
    this.retryBaseMs = opts.retryBaseMs ?? 200;
    this.retryMaxMs = opts.retryMaxMs ?? 30_000;
    this.publishTimeoutMs = opts.publishTimeoutMs ?? 15_000;
    this.leaseMs = opts.leaseMs ?? this.publishTimeoutMs + 15_000;
    if (!(this.leaseMs > this.publishTimeoutMs)) throw new Error('leaseMs must be longer than publishTimeoutMs');
    this.name = opts.name ?? 'outbox-relay';
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error('batchSize must be a positive integer');
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.subscribe();
    this.running = true;
    this.loop = this.run();
  }

  /** Lets the current batch finish (its rows are marked), then stops. */
  /** Finishes the batch in progress, then publishes what the last requests committed, so a shutdown leaves no delay. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await this.flush().catch((error: unknown) => this.logger.warn({ err: error, relay: this.name }, 'final outbox flush failed'));
  }

  /** Wakes the loop now instead of at the next poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /**
   * Publishes everything that can be published now (after the batch in progress, if any) and returns how many rows
   * it published. Stops early when a batch publishes nothing (failures back off; rows locked by another relay are
   * that relay's). For graceful shutdown and tests; works whether or not the loop runs.
   */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await this.runExclusive();
      total += result.published;
      if (result.claimed === 0 || result.published === 0) return total;
    }
  }

  private async run(): Promise<void> {
    let consecutiveErrors = 0;
    let polling = false;
    while (this.running) {
      // Woken by the timer rather than by a commit of this process: usually nothing is there (see `probe`).
      const probeFirst = polling && !this.nudged;
      this.nudged = false;
      let result: BatchResult;
      try {
        result = probeFirst && !(await this.probe()) ? { claimed: 0, published: 0, failed: 0 } : await this.runExclusive();
        consecutiveErrors = 0;
      } catch (error) {
        // The database is unreachable or the claim failed: nothing was marked, so nothing is lost.
        consecutiveErrors++;
        this.logger.error({ err: error, relay: this.name }, 'outbox relay batch failed');
        await this.sleep(Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(consecutiveErrors, 10)));
        continue;
      }
      this.emptyPolls = probeFirst && result.claimed === 0 ? this.emptyPolls + 1 : 0;
      polling = false;
      if (result.claimed >= this.batchSize && result.published > 0) continue; // more are waiting
      if (!this.nudged) {
        await this.sleep(Math.min(this.maxPollIntervalMs, this.pollIntervalMs * 2 ** Math.min(this.emptyPolls, 16)));
        polling = true;
      }
    }
  }

  /**
   * Whether any row is due, in one indexed read outside a transaction. The timer's polls are for rows this process
   * was not told about (another process's, a failed publish's retry), which are rare; an empty poll then costs one
   * query instead of a claim transaction's three.
   */
  private async probe(): Promise<boolean> {
    const rows = await plainSql(this.orm).query(`select 1 as due from ${OUTBOX_TABLE} where published_at is null and next_attempt_at <= now() limit 1`);
    return rows.length > 0;
  }

  private runExclusive(): Promise<BatchResult> {
    const next = this.exclusive.then(() => this.runBatch());
    this.exclusive = next.catch(() => undefined);
    return next;
  }

  /**
   * Claim (a lease, one statement), publish, mark (one statement): no transaction spans the SQS call. The rows are
   * published once they are marked; until then a crash, or a mark that fails, leaves them to come due again when the
   * lease ends.
   */
  private async runBatch(): Promise<BatchResult> {
    const query = plainSql(this.orm).query;
    const rows = await query<ClaimedRow>(CLAIM_SQL, [this.batchSize, this.leaseMs]);
    if (rows.length === 0) return { claimed: 0, published: 0, failed: 0 };

    // One span per event, in the trace of the request that emitted it; the SQS/EventBridge calls are made within
    // the first one's (dd-trace's AWS integration traces them and puts that context on the messages as well).
    const spans = rows.map((row) =>
      openSpan('paygraph.outbox.publish', row.envelope.trace, {
        'service.name': row.envelope.source,
        'event.type': row.envelope.type,
        'event.id': row.id,
        'aggregate.id': row.aggregate_id,
      }),
    );
    let failures = new Map<string, string>();
    try {
      const publish = () => this.publisher.publish(
        rows.map((row) => row.envelope),
        { signal: AbortSignal.timeout(this.publishTimeoutMs) },
      );
      await (spans[0] ? spans[0].within(publish) : publish());
    } catch (error) {
      if (error instanceof PublishError) failures = error.failures;
      else for (const row of rows) failures.set(row.id, errorMessage(error));
    }
    rows.forEach((row, i) => {
      const reason = failures.get(row.id);
      if (reason !== undefined) spans[i]?.fail(new Error(reason));
      spans[i]?.finish();
    });
    const sent = rows.filter((row) => !failures.has(row.id));
    const unsent = rows.filter((row) => failures.has(row.id));
    if (sent.length > 0) {
      await query('update outbox set published_at = now(), attempts = attempts + 1 where id = any (?::uuid[])', [sent.map((row) => row.id)]);
      this.logger.debug({ relay: this.name, published: sent.length }, 'events published');
    }
    for (const row of unsent) {
      const reason = failures.get(row.id)!;
      const attempts = row.attempts + 1;
      const delayMs = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(attempts - 1, 20));
      await query(
        `update outbox set attempts = ?, last_error = ?, next_attempt_at = now() + (?::int * interval '1 millisecond') where id = ?::uuid`,
        [attempts, reason.slice(0, 2000), delayMs, row.id],
      );
      this.logger[attempts >= 10 ? 'error' : 'warn'](
        { relay: this.name, eventId: row.id, type: row.envelope.type, aggregateId: row.aggregate_id, attempts, retryInMs: delayMs, reason },
        'event not published; will retry',
      );
    }
    // Counted once marked (rows whose mark is lost are published and counted again: at-least-once).
    observePublished(
      sent.map((row) => row.envelope),
      unsent.map((row) => row.envelope),
      Date.now(),
    );
    return { claimed: rows.length, published: sent.length, failed: unsent.length };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  /**
   * Hooks the ORM's event manager (shared by every fork of `orm.em`): a flush that inserted outbox rows marks its
   * transaction; when that transaction commits, the relay wakes. A flush outside an explicit transaction has
   * committed by the time `afterFlush` runs, so it wakes the relay directly. Rows written inside a nested
   * (savepoint) transaction are picked up by the poll.
   */
  private subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    const subscriber: EventSubscriber = {
      afterFlush: (args: FlushEventArgs) => {
        if (!this.running) return;
        const wroteOutbox = args.uow.getChangeSets().some((cs) => cs.type === 'create' && cs.meta.tableName === OUTBOX_TABLE);
        if (!wroteOutbox) return;
        const tx = args.em.getTransactionContext<object>();
        if (tx && args.em.isInTransaction()) this.pendingTx.add(tx);
        else this.nudge();
      },
      afterTransactionCommit: (args: TransactionEventArgs) => {
        const tx = args.transaction as object | undefined;
        if (!this.running || !tx || !this.pendingTx.has(tx)) return;
        this.pendingTx.delete(tx);
        this.nudge();
      },
    };
    this.orm.em.getEventManager().registerSubscriber(subscriber);
  }
}
