import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import type { WithdrawalService } from '../services/withdrawal.service.js';

/**
 * Drives withdrawals through the bank rail (WithdrawalService.work): every `intervalMs`, or at once when a commit in
 * this process queued one, it holds those whose request stopped before the hold (older than `unheldAfterMs`), submits
 * held ones, and asks the rail about those due. State lives in the withdrawal rows, so a restart loses nothing, and
 * every step is idempotent, so replicas sweeping the same withdrawal repeat a call and change nothing.
 */
export class PayoutWorker implements Worker {
  readonly name = 'payouts';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;
  private again = false;

  constructor(
    private readonly withdrawals: WithdrawalService,
    private readonly opts: { intervalMs: number; unheldAfterMs: number },
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.timer = setInterval(() => this.nudge(), this.opts.intervalMs);
    this.timer.unref();
  }

  /** Runs a pass now (after the current one, if one is running). */
  nudge(): void {
    if (!this.timer) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.running = this.runOnce()
      .catch((err: unknown) => this.logger.warn({ err }, 'payout pass failed'))
      .finally(() => {
        this.busy = false;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  runOnce(): Promise<number> {
    return this.withdrawals.work(new Date(this.clock().getTime() - this.opts.unheldAfterMs));
  }
}
