import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import type { CheckoutService } from '../services/checkout.service.js';

/**
 * Every `intervalMs`: releases MANUAL checkouts' authorisations past their deadline (EXPIRED), and drives again the
 * approvals, captures, voids and expiries under way for longer than `underWayAfterMs` (their request stopped
 * half-way: a crash, a peer out of reach). Replicas may sweep at once: expiry skips locked rows, the rest is idempotent.
 */
export class CheckoutWorker implements Worker {
  readonly name = 'checkout';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly checkouts: Pick<CheckoutService, 'sweep'>,
    private readonly opts: { intervalMs: number; underWayAfterMs: number },
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.running = this.runOnce()
        .catch((err: unknown) => this.logger.warn({ err }, 'checkout sweep failed'))
        .finally(() => (this.busy = false));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep; returns how many checkouts it drove. */
  runOnce(): Promise<number> {
    return this.checkouts.sweep(this.opts.underWayAfterMs);
  }
}
