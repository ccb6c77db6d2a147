import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import type { MerchantSettlementService } from '../services/merchant-settlement.service.js';

/**
 * Every `intervalMs`: closes each past day of the look-back that is over plus the close delay and not closed yet
 * (services/merchant-settlement.service.ts). Replicas may run it at once: a day's close takes the day's advisory
 * lock and a closed day is never closed again.
 */
export class MerchantSettlementWorker implements Worker {
  readonly name = 'merchant-settlement';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly settlement: Pick<MerchantSettlementService, 'closeDue'>,
    private readonly opts: { intervalMs: number },
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.running = this.runOnce()
        .catch((err: unknown) => this.logger.warn({ err }, 'merchant settlement pass failed'))
        .finally(() => (this.busy = false));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; returns how many batches it closed. */
  runOnce(): Promise<number> {
    return this.settlement.closeDue();
  }
}
