import type { MikroORM } from '@paygraph/platform/db';
import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import type { LedgerService } from '../services/ledger.service.js';

/** Releases holds past their expiry (FundsReleased, reason EXPIRED), every `intervalMs`. */
export class HoldExpiryWorker implements Worker {
  readonly name = 'hold-expiry';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly orm: MikroORM,
    private readonly ledger: LedgerService,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep now (tests; and what the timer runs). */
  async sweep(): Promise<number> {
    const count = await this.ledger.expireDue(this.orm);
    if (count > 0) this.logger.info({ count }, 'expired holds released');
    return count;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.error({ err }, 'hold expiry sweep failed'))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }
}
