import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import type { PaymentRequestService } from '../services/payment-request.service.js';

/**
 * Every `intervalMs`: stores EXPIRED on OPEN payment requests past their expiry (readers see them EXPIRED already; the
 * stored status is what makes the requester's notification), and drives again the payments of requests under way for
 * longer than `underWayAfterMs` (a fraud review that ended, a request that stopped half-way), so that a request whose
 * payment completed later becomes PAID. Replicas may sweep at once: expiry skips locked rows, the rest is idempotent.
 */
export class PaymentRequestExpiryWorker implements Worker {
  readonly name = 'payment-request-expiry';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly requests: Pick<PaymentRequestService, 'sweep'>,
    private readonly opts: { intervalMs: number; underWayAfterMs: number },
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.running = this.runOnce()
        .catch((err: unknown) => this.logger.warn({ err }, 'payment request sweep failed'))
        .finally(() => (this.busy = false));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep; returns how many requests it expired. */
  runOnce(): Promise<number> {
    return this.requests.sweep(this.opts.underWayAfterMs);
  }
}
