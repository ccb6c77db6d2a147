import type { MikroORM } from '@paygraph/platform/db';
import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import { IdempotencyKeyRepository } from '../repositories/idempotency-key.repository.js';

/**
 * Deletes idempotency keys past their expiry (at least 24 hours after their first use), in small batches so that the
 * delete never holds many row locks. Expired keys that are still there are ignored by the lookup anyway and
 * overwritten on reuse; this only keeps the table small. Every replica may run it: the deletes do not conflict.
 */
export class IdempotencyCleanupWorker implements Worker {
  readonly name = 'idempotency-cleanup';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly keys = new IdempotencyKeyRepository();

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
      const deleted = await this.keys.deleteExpired(this.orm.em.fork(), this.batchSize);
      total += deleted;
      if (deleted < this.batchSize) break;
    }
    if (total > 0) this.logger.info({ deleted: total }, 'expired idempotency keys deleted');
    return total;
  }
}
