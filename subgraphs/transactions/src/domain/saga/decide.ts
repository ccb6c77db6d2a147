import { effectiveRisk, isTerminal, transferInFlight, type FailureReason, type SagaClock, type SagaState } from './state.js';
import { Output, ref, wire } from './output.js';

/** Looks at all facts and moves the saga on; every command is guarded by the state that records it was sent. */
export function decide(s: SagaState, clock: SagaClock, out: Output): void {
  if (isTerminal(s.status)) {
    compensate(s, out, clock);
    return;
  }
  if (s.kind === 'ADD_FUNDS') decideAddFunds(s, clock, out);
  else decideTransfer(s, clock, out);
}

function decideTransfer(s: SagaState, clock: SagaClock, out: Output): void {
  const risk = effectiveRisk(s);
  if (s.reservation === 'FAILED') return fail(s, s.reservationFailure ?? 'INSUFFICIENT_FUNDS', 'The funds could not be reserved', clock, out);
  if (risk === 'DECLINE') return fail(s, 'RISK_DECLINED', 'Declined by risk screening', clock, out);
  if (s.capture === 'SUCCEEDED') return complete(s, out);
  if (s.capture === 'FAILED') {
    return s.captureFailure === 'QUOTE_EXPIRED'
      ? fail(s, 'QUOTE_EXPIRED', 'The FX quote expired before the conversion', clock, out)
      : fail(s, 'TIMED_OUT', 'The reserved funds were released before they could be moved', clock, out);
  }
  if (s.hold === 'RELEASED') return fail(s, 'TIMED_OUT', 'The reserved funds were released before they could be moved', clock, out);
  if (s.reservation === 'NONE') {
    // A P2P payment reserves once risk has spoken: approved, the money moves in one step; under review, it is held.
    if (risk === 'APPROVE') requestTransfer(s, clock, out);
    else if (risk === 'REVIEW') requestReservation(s, clock, out);
  }
  if (s.reservation === 'RESERVED') {
    if (risk === 'APPROVE') {
      if (s.capture === 'NONE') {
        s.capture = 'REQUESTED';
        s.captureRequestedAt = clock.now;
        out.emit({
          type: 'FundsCaptureRequested',
          data: {
            ...ref(s),
            kind: s.kind,
            holdId: s.holdId!,
            senderId: s.senderId,
            recipientId: s.recipientId,
            amount: wire(s.amount),
            quoteId: s.quoteId,
            at: clock.now.toISOString(),
          },
        });
        out.step('FUNDS_CAPTURE', 'PENDING');
      }
      s.status = 'PROCESSING';
    } else if (risk === 'REVIEW') {
      putOnHold(s, clock, out);
    }
  }
  const now = clock.now.getTime();
  if (s.reservation === 'PENDING' && !transferInFlight(s) && now - reservationClock(s) >= clock.stepTimeoutMs) {
    return fail(s, 'TIMED_OUT', 'No answer to the funds reservation in time', clock, out);
  }
  if (s.capture === 'REQUESTED' && s.holdId !== null && s.release === 'NONE' && now - s.captureRequestedAt!.getTime() >= clock.stepTimeoutMs) {
    // Not failed on the spot: the capture may still be applied. Whichever of capture and release wallets applies to
    // the hold first decides (FundsCaptured → COMPLETED, FundsReleased → FAILED TIMED_OUT), so the ledger and the
    // status can never disagree.
    requestRelease(s, 'CAPTURE_TIMED_OUT', clock, out);
  }
  if (risk === null && now - s.startedAt.getTime() >= clock.riskMaxWaitMs) {
    return fail(s, 'TIMED_OUT', 'No risk decision in time', clock, out);
  }
}

function requestTransfer(s: SagaState, clock: SagaClock, out: Output): void {
  s.reservation = 'PENDING';
  s.reservationRequestedAt = clock.now;
  s.capture = 'REQUESTED';
  s.captureRequestedAt = clock.now;
  out.emit({
    type: 'FundsTransferRequested',
    data: { ...ref(s), senderId: s.senderId, recipientId: s.recipientId, amount: wire(s.amount), at: clock.now.toISOString() },
  });
  out.step('FUNDS_RESERVATION', 'PENDING');
  out.step('FUNDS_CAPTURE', 'PENDING');
}

function requestReservation(s: SagaState, clock: SagaClock, out: Output): void {
  s.reservation = 'PENDING';
  s.reservationRequestedAt = clock.now;
  out.emit({ type: 'FundsReservationRequested', data: { ...ref(s), userId: s.senderId, amount: wire(s.amount), at: clock.now.toISOString() } });
  out.step('FUNDS_RESERVATION', 'PENDING');
}

/** When the pending reservation was asked for (rows of an earlier version: the saga's start). */
export const reservationClock = (s: SagaState): number => (s.reservationRequestedAt ?? s.startedAt).getTime();

function decideAddFunds(s: SagaState, clock: SagaClock, out: Output): void {
  const risk = effectiveRisk(s);
  if (risk === 'DECLINE') return fail(s, 'RISK_DECLINED', 'Declined by risk screening', clock, out);
  if (s.credit === 'SUCCEEDED') return complete(s, out);
  if (s.charge === 'FAILED') return fail(s, s.chargeFailure ?? 'PSP_ERROR', s.failureMessage ?? 'The card charge failed', clock, out);
  const at = clock.now.toISOString();
  if (s.charge === 'SUCCEEDED') {
    if (s.credit === 'NONE') {
      s.credit = 'REQUESTED';
      out.emit({
        type: 'FundsCreditRequested',
        data: { ...ref(s), userId: s.senderId, walletId: s.targetWalletId, amount: wire(s.amount), pspReference: s.pspReference!, at },
      });
      out.step('WALLET_CREDIT', 'PENDING');
    }
    s.status = 'PROCESSING';
    return;
  }
  if (risk === 'APPROVE') {
    if (s.charge === 'NONE') {
      s.charge = 'REQUESTED';
      out.emit({
        type: 'ChargeRequested',
        data: { ...ref(s), userId: s.senderId, fundingInstrumentId: s.fundingInstrumentId!, amount: wire(s.amount), at },
      });
      out.step('CARD_CHARGE', 'PENDING');
    }
    s.status = 'PROCESSING';
  } else if (risk === 'REVIEW') {
    putOnHold(s, clock, out);
  }
  if (risk === null && clock.now.getTime() - s.startedAt.getTime() >= clock.riskMaxWaitMs) {
    return fail(s, 'TIMED_OUT', 'No risk decision in time', clock, out);
  }
}

function putOnHold(s: SagaState, clock: SagaClock, out: Output): void {
  if (s.status === 'ON_HOLD') return;
  s.status = 'ON_HOLD';
  out.emit({ type: 'TransactionOnHold', data: { ...ref(s), reason: 'RISK_REVIEW', caseId: s.reviewCaseId, at: clock.now.toISOString() } });
}

function complete(s: SagaState, out: Output): void {
  s.status = 'COMPLETED';
  out.step('COMPLETION', 'SUCCEEDED');
  out.emit({
    type: 'TransactionCompleted',
    data: {
      ...ref(s),
      kind: s.kind,
      senderId: s.senderId,
      recipientId: s.recipientId,
      amount: wire(s.amount),
      journalEntryId: s.journalEntryId!,
      at: out.at,
    },
  });
}

function fail(s: SagaState, reason: FailureReason, message: string, clock: SagaClock, out: Output): void {
  s.status = 'FAILED';
  s.failureReason = reason;
  s.failureMessage = message.slice(0, 300);
  // What the saga was still waiting for will not be waited for any more.
  if (s.riskDecision === null && s.reviewDecision === null) out.step('RISK_ASSESSMENT', 'SKIPPED');
  else if (s.riskDecision === 'REVIEW' && s.reviewDecision === null) out.step('RISK_REVIEW', 'SKIPPED');
  if (s.reservation === 'PENDING') out.step('FUNDS_RESERVATION', 'SKIPPED');
  out.step('COMPLETION', 'FAILED');
  out.emit({ type: 'TransactionFailed', data: { ...ref(s), reason, message: s.failureMessage, at: clock.now.toISOString() } });
  compensate(s, out, clock);
}

/** A failed transaction keeps no money reserved, including a hold that arrives after it failed. */
function compensate(s: SagaState, out: Output, clock: SagaClock): void {
  if (s.status === 'FAILED' && s.hold === 'ACTIVE' && s.release === 'NONE' && s.capture !== 'SUCCEEDED') {
    requestRelease(s, s.failureReason ?? 'FAILED', clock, out);
  }
}

function requestRelease(s: SagaState, reason: string, clock: SagaClock, out: Output): void {
  s.release = 'REQUESTED';
  out.emit({ type: 'FundsReleaseRequested', data: { ...ref(s), holdId: s.holdId!, reason, at: clock.now.toISOString() } });
  out.step('FUNDS_RELEASE', 'PENDING');
}
