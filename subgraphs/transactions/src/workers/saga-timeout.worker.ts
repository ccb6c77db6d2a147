import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import type { SagaService } from '../services/saga.service.js';

export interface SagaTimeoutWorkerOptions {
  saga: SagaService;
  logger: Logger;
  intervalMs: number;
  batchSize: number;
}

/**
 * Gives every transaction whose deadline passed a Tick (services/saga.ts decides what a timeout means for it). Runs in
 * every replica: rows are claimed with SKIP LOCKED, so replicas split the work and never block an event handler.
 */
export class SagaTimeoutWorker implements Worker {
  readonly name = 'saga-timeouts';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(private readonly opts: SagaTimeoutWorkerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.opts.intervalMs);
  }

  /** Sweeps until no full batch is left, so a backlog (after an outage) drains at once rather than one batch a tick. */
  private async sweep(): Promise<void> {
    try {
      while (!this.stopped) {
        const { claimed, changed } = await this.opts.saga.sweepTimeouts(this.opts.batchSize);
        if (claimed < this.opts.batchSize || changed === 0) return;
      }
    } catch (error) {
      this.opts.logger.error({ err: error }, 'saga timeout sweep failed; retrying at the next interval');
    }
  }
}
