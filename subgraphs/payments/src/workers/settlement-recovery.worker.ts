import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import type { SettlementService } from '../services/settlement.service.js';

/**
 * Finishes P2P payments whose request stopped half-way (payments, fraud or wallets crashed or timed out): every
 * `intervalMs`, those still PENDING `afterMs` after they were created are driven again, which repeats the idempotent
 * calls and settles each one exactly once (see SettlementService). One sweep at a time per process; replicas may
 * sweep the same payment, which costs a repeated call and changes nothing.
 */
export class SettlementRecoveryWorker implements Worker {
  readonly name: string = 'settlement-recovery';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;

  constructor(
    /** SettlementService, or anything else that settles in the request the same way (RefundService). */
    private readonly settlement: Pick<SettlementService, 'recover'>,
    private readonly opts: { afterMs: number; intervalMs: number },
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.running = this.runOnce()
        .catch((err: unknown) => this.logger.warn({ err }, 'settlement recovery sweep failed'))
        .finally(() => (this.busy = false));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep; returns how many payments it drove. */
  runOnce(): Promise<number> {
    return this.settlement.recover(new Date(this.clock().getTime() - this.opts.afterMs));
  }
}
