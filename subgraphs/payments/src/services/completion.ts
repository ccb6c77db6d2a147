import type { PaymentStatus } from '../entities/payment.entity.js';

/** Where `awaitCompletion` stops waiting: final, or parked for review. */
export const SETTLED: readonly PaymentStatus[] = ['COMPLETED', 'FAILED', 'ON_HOLD'];

/**
 * Lets a request wait until its payment settles. A status change committed in this process wakes the waiters of that
 * payment at once (PaymentStatusService calls `notify` after its commit); a poll covers changes committed by another
 * replica's consumer. The poll starts at `pollMs` and backs off by half each time up to four times that: a payment
 * that settles quickly is seen quickly, and the many waiters of a busy moment do not each read every `pollMs`.
 */
export class CompletionWaiter {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly opts: { timeoutMs: number; pollMs: number }) {}

  /**
   * Wakes the requests waiting for this payment once it has settled; they re-read it. A change to a status that does
   * not settle it (PROCESSING) wakes nobody: the waiters would only read it and sleep again.
   */
  notify(paymentId: string, status: PaymentStatus): void {
    if (!SETTLED.includes(status)) return;
    const set = this.waiters.get(paymentId);
    if (!set) return;
    this.waiters.delete(paymentId);
    for (const wake of set) wake();
  }

  /**
   * Reads the payment until it is settled or the deadline passes, and returns the last read. `current` is the payment
   * as the caller has it (just created): it is not read again before the first wake-up or poll.
   */
  async wait<T extends { status: PaymentStatus }>(paymentId: string, read: () => Promise<T>, current?: T): Promise<T> {
    const deadline = Date.now() + this.opts.timeoutMs;
    let interval = this.opts.pollMs;
    let known = current;
    for (;;) {
      const payment = known ?? (await read());
      known = undefined;
      const left = deadline - Date.now();
      if (SETTLED.includes(payment.status) || left <= 0) return payment;
      await this.sleep(paymentId, Math.min(left, interval));
      interval = Math.min(this.opts.pollMs * 4, Math.round(interval * 1.5));
    }
  }

  private sleep(paymentId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(paymentId);
      if (!set) this.waiters.set(paymentId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        this.waiters.get(paymentId)?.delete(done);
        if (this.waiters.get(paymentId)?.size === 0) this.waiters.delete(paymentId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }
}
