import { effectiveRisk, isTerminal, transferInFlight, type Money, type SagaClock, type SagaState } from './state.js';
import { reservationClock } from './decide.js';

/**
 * When the timeout worker should look at this transaction again. Nothing is timed while ON_HOLD (an admin decides;
 * the wallet hold's own expiry ends it), nor while a card charge or a wallet credit is under way (money may already
 * have moved: payments and wallets own those outcomes).
 */
export function nextDeadline(s: SagaState, clock: Pick<SagaClock, 'stepTimeoutMs' | 'riskMaxWaitMs'>): Date | null {
  if (isTerminal(s.status) || s.status === 'ON_HOLD') return null;
  const candidates: number[] = [];
  if (s.reservation === 'PENDING' && !transferInFlight(s)) candidates.push(reservationClock(s) + clock.stepTimeoutMs);
  if (s.capture === 'REQUESTED' && s.holdId !== null && s.release === 'NONE' && s.captureRequestedAt) {
    candidates.push(s.captureRequestedAt.getTime() + clock.stepTimeoutMs);
  }
  if (effectiveRisk(s) === null) candidates.push(s.startedAt.getTime() + clock.riskMaxWaitMs);
  return candidates.length === 0 ? null : new Date(Math.min(...candidates));
}

export function sameState(a: SagaState, b: SagaState): boolean {
  for (const key of Object.keys(a) as (keyof SagaState)[]) {
    if (key === 'updatedAt') continue;
    const x = a[key];
    const y = b[key];
    if (x instanceof Date || y instanceof Date) {
      if ((x as Date | null)?.getTime() !== (y as Date | null)?.getTime()) return false;
    } else if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object') {
      const m = x as Money;
      const n = y as Money;
      if (m.minor !== n.minor || m.currency !== n.currency) return false;
    } else if (x !== y) {
      return false;
    }
  }
  return true;
}
