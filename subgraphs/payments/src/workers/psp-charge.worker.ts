import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import type { ChargeService, ClaimedCharge, PspResult, Recorded } from '../services/charge.service.js';
import { PspRequestError, type PaymentServiceProvider } from '../adapters/psp.js';

export interface PspChargeWorkerOptions {
  pollMs: number;
  /** Charges in flight at once. */
  concurrency: number;
  /** A PSP call that takes longer is abandoned (and retried later with the same idempotency key). */
  timeoutMs: number;
}

/**
 * Sends claimed charges to the PSP, outside any database transaction, and records the answers. Charges run
 * concurrently up to `concurrency`, so a slow approval does not hold up the others. A ChargeRequested committed in
 * this process wakes it at once (`nudge`); otherwise it polls.
 */
export class PspChargeWorker implements Worker {
  readonly name = 'psp-charge-worker';
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private wake: (() => void) | null = null;
  private nudged = false;

  constructor(
    private readonly charges: ChargeService,
    private readonly psp: PaymentServiceProvider,
    private readonly opts: PspChargeWorkerOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming, lets the charges in flight finish (their answers are recorded), then returns. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await Promise.all(this.inFlight);
  }

  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Claims what is due (up to the free slots) and processes it to the end; for tests and the loop. */
  async runOnce(): Promise<number> {
    const claimed = await this.charges.claim(this.opts.concurrency);
    await Promise.all(claimed.map((charge) => this.process(charge)));
    return claimed.length;
  }

  /** Step 2 of a charge: one PSP call; never throws. */
  async call(charge: ClaimedCharge): Promise<PspResult> {
    try {
      const outcome = await this.psp.charge(
        { idempotencyKey: charge.paymentId, amount: charge.amount, currency: charge.currency, token: charge.pspToken, last4: charge.last4 },
        AbortSignal.timeout(this.opts.timeoutMs),
      );
      return { kind: 'outcome', outcome };
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof PspRequestError) return { kind: 'rejected', error: message };
      return { kind: 'transient', error: message };
    }
  }

  /** Steps 2 and 3: call, then record. Errors in recording leave the charge to be claimed again after its lease. */
  async process(charge: ClaimedCharge): Promise<Recorded | null> {
    const result = await this.call(charge);
    try {
      const recorded = await this.charges.record(charge, result);
      this.logger.debug({ paymentId: charge.paymentId, attempts: charge.attempts, recorded }, 'charge processed');
      return recorded;
    } catch (error) {
      this.logger.error({ err: error, paymentId: charge.paymentId }, 'recording a PSP answer failed; the charge will be retried');
      return null;
    }
  }

  private async run(): Promise<void> {
    let consecutiveErrors = 0;
    while (this.running) {
      this.nudged = false;
      const free = this.opts.concurrency - this.inFlight.size;
      if (free > 0) {
        try {
          const claimed = await this.charges.claim(free);
          consecutiveErrors = 0;
          for (const charge of claimed) {
            const task: Promise<void> = this.process(charge).then(
              () => {
                this.inFlight.delete(task);
                this.wake?.();
              },
              () => {
                this.inFlight.delete(task);
              },
            );
            this.inFlight.add(task);
          }
          if (claimed.length === free) continue; // more may be due
        } catch (error) {
          consecutiveErrors++;
          this.logger.error({ err: error }, 'claiming charges failed');
          await this.sleep(Math.min(30_000, this.opts.pollMs * 2 ** Math.min(consecutiveErrors, 8)));
          continue;
        }
      }
      if (!this.nudged) await this.sleep(this.opts.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }
}
