import { SettlementRecoveryWorker } from './settlement-recovery.worker.js';

/**
 * Finishes refunds whose request stopped half-way, as SettlementRecoveryWorker does for P2P payments (same timing
 * settings): each refund PENDING past the delay is driven again through RefundService, whose transfer is idempotent
 * on the refund's transaction id and whose outcome is written only while it is PENDING.
 */
export class RefundRecoveryWorker extends SettlementRecoveryWorker {
  override readonly name = 'refund-recovery';
}
