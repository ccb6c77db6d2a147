import type { MikroORM } from '@paygraph/platform/db';
import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';

/**
 * Deletes idempotency keys past their expiry (at least 24 hours after their first use), in small batches so that the
 * delete never holds many row locks. Expired keys that are still there are ignored by the lookup anyway and
 * overwritten on reuse; this only keeps the table small. Every replica may run it: the deletes do not conflict.
 */
export class IdempotencyCleanupWorker implements Worker {
  readonly name = 'idempotency-cleanup';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly batchSize = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.runOnce().catch((err: unknown) => this.logger.warn({ err }, 'idempotency key cleanup failed'));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Deletes every expired key; returns how many. */
  async runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const result: { affectedRows?: number } = await this.orm.em.fork().execute(
        `delete from idempotency_key where ctid in (
           select ctid from idempotency_key where expires_at <= now() limit ? for update skip locked)`,
        [this.batchSize],
        'run',
      );
      const deleted = result.affectedRows ?? 0;
      total += deleted;
      if (deleted < this.batchSize) break;
    }
    if (total > 0) this.logger.info({ deleted: total }, 'expired idempotency keys deleted');
    return total;
  }
}
