import { isTerminal, transferInFlight, type SagaInput, type SagaState } from './state.js';
import { ref, type Output } from './output.js';

/** Records the fact an input brings, once. Decisions are left to `decide`. */
export function absorb(s: SagaState, input: SagaInput, out: Output): void {
  const terminal = isTerminal(s.status);
  switch (input.type) {
    case 'RiskAssessed': {
      if (terminal || s.riskDecision !== null) return;
      s.riskDecision = input.decision;
      s.riskAssessmentId = input.assessmentId;
      s.reviewCaseId ??= input.caseId;
      // An admin's decision that overtook the assessment already closed the risk steps.
      if (s.reviewDecision !== null) return;
      out.step('RISK_ASSESSMENT', input.decision === 'DECLINE' ? 'FAILED' : 'SUCCEEDED');
      if (input.decision === 'REVIEW') out.step('RISK_REVIEW', 'PENDING');
      return;
    }
    case 'ReviewResolved': {
      if (terminal || s.reviewDecision !== null) return;
      if (s.riskDecision === 'APPROVE' || s.riskDecision === 'DECLINE') {
        out.note(`review ${input.caseId} resolved for a transaction fraud had already decided (${s.riskDecision}); ignored`);
        return;
      }
      if (s.riskDecision === null) out.step('RISK_ASSESSMENT', 'SUCCEEDED');
      s.reviewDecision = input.decision;
      s.reviewCaseId = input.caseId;
      out.step('RISK_REVIEW', input.decision === 'APPROVE' ? 'SUCCEEDED' : 'FAILED');
      return;
    }
    case 'FundsReserved': {
      if (s.holdId === input.holdId) return;
      if (s.reservation === 'NOT_NEEDED' || s.reservation === 'NONE' || s.holdId !== null || s.reservation === 'FAILED' || transferInFlight(s)) {
        // A hold nobody will capture (wallets answered twice, for a payment that reserves nothing, or one that asked
        // for no hold: not yet, or a one-step transfer): give it back.
        out.note(`unexpected hold ${input.holdId} (reservation ${s.reservation}, hold ${s.holdId ?? 'none'}); releasing it`);
        out.emit({ type: 'FundsReleaseRequested', data: { ...ref(s), holdId: input.holdId, reason: 'UNEXPECTED_HOLD', at: out.at } });
        return;
      }
      // Also after FAILED (declined or timed out meanwhile): recorded so that `decide` releases it.
      s.reservation = 'RESERVED';
      s.holdId = input.holdId;
      s.hold = 'ACTIVE';
      s.sourceWalletId = input.walletId;
      out.step('FUNDS_RESERVATION', 'SUCCEEDED');
      return;
    }
    case 'FundsReservationFailed': {
      if (terminal || s.reservation !== 'PENDING') return;
      if (transferInFlight(s)) {
        s.capture = 'FAILED';
        out.step('FUNDS_CAPTURE', 'SKIPPED');
      }
      s.reservation = 'FAILED';
      s.reservationFailure = input.reason;
      out.step('FUNDS_RESERVATION', 'FAILED');
      return;
    }
    case 'FundsCaptured': {
      if (s.capture === 'SUCCEEDED') return;
      if (!terminal && transferInFlight(s)) {
        // The one-step transfer: wallets reserved and captured at once.
        s.reservation = 'RESERVED';
        s.holdId = input.holdId;
        s.hold = 'CAPTURED';
        s.sourceWalletId = input.walletId ?? null;
        s.capture = 'SUCCEEDED';
        s.journalEntryId = input.journalEntryId;
        out.step('FUNDS_RESERVATION', 'SUCCEEDED');
        out.step('FUNDS_CAPTURE', 'SUCCEEDED');
        return;
      }
      if (terminal || s.capture !== 'REQUESTED' || input.holdId !== s.holdId) {
        out.note(`FundsCaptured for hold ${input.holdId} contradicts the state (status ${s.status}, capture ${s.capture}, hold ${s.holdId ?? 'none'})`);
        return;
      }
      s.capture = 'SUCCEEDED';
      s.hold = 'CAPTURED';
      s.journalEntryId = input.journalEntryId;
      out.step('FUNDS_CAPTURE', 'SUCCEEDED');
      // A release asked for after a capture timeout lost the race: wallets captured first.
      if (s.release === 'REQUESTED') out.step('FUNDS_RELEASE', 'SKIPPED');
      return;
    }
    case 'FundsCaptureFailed': {
      if (terminal || s.capture !== 'REQUESTED' || input.holdId !== s.holdId) return;
      s.capture = 'FAILED';
      s.captureFailure = input.reason;
      if (input.reason === 'HOLD_NOT_ACTIVE' && s.hold === 'ACTIVE') s.hold = 'RELEASED';
      out.step('FUNDS_CAPTURE', 'FAILED');
      return;
    }
    case 'FundsReleased': {
      if (input.holdId !== s.holdId || s.hold !== 'ACTIVE') return;
      s.hold = 'RELEASED';
      out.step('FUNDS_RELEASE', 'SUCCEEDED');
      if (!terminal && s.capture === 'REQUESTED') {
        // Released before wallets could capture (after a capture timeout, or the hold expired): it never will.
        s.capture = 'FAILED';
        s.captureFailure = 'HOLD_NOT_ACTIVE';
        out.step('FUNDS_CAPTURE', 'FAILED');
      }
      return;
    }
    case 'PaymentChargeSucceeded': {
      if (s.charge === 'SUCCEEDED') return;
      if (terminal || s.charge !== 'REQUESTED') {
        out.note(`card charge succeeded (${input.pspReference}) for a transaction that did not ask for one (status ${s.status}, charge ${s.charge})`);
        return;
      }
      s.charge = 'SUCCEEDED';
      s.pspReference = input.pspReference;
      out.step('CARD_CHARGE', 'SUCCEEDED');
      return;
    }
    case 'PaymentChargeFailed': {
      if (terminal || s.charge !== 'REQUESTED') return;
      s.charge = 'FAILED';
      s.chargeFailure = input.reason;
      s.failureMessage = input.message.slice(0, 300) || null;
      out.step('CARD_CHARGE', 'FAILED');
      return;
    }
    case 'FundsCredited': {
      if (s.credit === 'SUCCEEDED') return;
      if (terminal || s.credit !== 'REQUESTED') {
        out.note(`FundsCredited for a transaction that did not ask for a credit (status ${s.status}, credit ${s.credit})`);
        return;
      }
      s.credit = 'SUCCEEDED';
      s.creditedWalletId = input.walletId;
      s.journalEntryId = input.journalEntryId;
      out.step('WALLET_CREDIT', 'SUCCEEDED');
      return;
    }
    case 'Tick':
      return;
  }
}
