import { FAILURE_REASONS, PAYMENT_KINDS, PAYMENT_STATUSES, RISK_DECISIONS } from '@paygraph/events';
import type { EventData } from '@paygraph/events';

/**
 * The payment saga as a pure state machine: `(state, input, clock) → (state, commands, steps)`. No I/O, no clock of
 * its own: the consumer loads the row FOR UPDATE, calls `transition`, and writes back the state, the step log and the
 * commands (outbox) in the same database transaction.
 *
 * It is written to be indifferent to order and repetition. Every input only records a fact it has not seen yet
 * (`absorb`), and then `decide` looks at all the facts together and emits each command at most once, guarded by the
 * state that records it was requested. Hence risk and reservation results may arrive in either order, a duplicated
 * event changes nothing, and a late event after COMPLETED/FAILED changes nothing — except that a hold which turns up
 * after the transaction failed is released, because money must never stay reserved for a dead payment.
 */

export { FAILURE_REASONS, PAYMENT_KINDS, RISK_DECISIONS };
/** A transaction follows its payment's statuses. */
export const TRANSACTION_STATUSES = PAYMENT_STATUSES;
export const REVIEW_DECISIONS = ['APPROVE', 'DECLINE'] as const;
/**
 * NOT_NEEDED: ADD_FUNDS reserves nothing. NONE: a P2P payment before risk has answered (it reserves only once risk
 * has spoken: a one-step transfer on APPROVE, a hold on REVIEW).
 */
export const RESERVATION_STATES = ['NOT_NEEDED', 'NONE', 'PENDING', 'RESERVED', 'FAILED'] as const;
export const RESERVATION_FAILURES = ['INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'] as const;
/** RELEASED: the hold ended without moving money (released on request, expired, or found inactive by a capture). */
export const HOLD_STATES = ['NONE', 'ACTIVE', 'CAPTURED', 'RELEASED'] as const;
export const CAPTURE_STATES = ['NONE', 'REQUESTED', 'SUCCEEDED', 'FAILED'] as const;
export const CAPTURE_FAILURES = ['HOLD_NOT_ACTIVE', 'QUOTE_EXPIRED'] as const;
export const RELEASE_STATES = ['NONE', 'REQUESTED'] as const;
/** NOT_NEEDED: only ADD_FUNDS charges a card and credits a wallet. */
export const CHARGE_STATES = ['NOT_NEEDED', 'NONE', 'REQUESTED', 'SUCCEEDED', 'FAILED'] as const;
export const CHARGE_FAILURES = ['CARD_DECLINED', 'PSP_ERROR'] as const;
export const CREDIT_STATES = ['NOT_NEEDED', 'NONE', 'REQUESTED', 'SUCCEEDED'] as const;
export const STEP_NAMES = [
  'RISK_ASSESSMENT',
  'RISK_REVIEW',
  'FUNDS_RESERVATION',
  'FUNDS_CAPTURE',
  'FUNDS_RELEASE',
  'CARD_CHARGE',
  'WALLET_CREDIT',
  'COMPLETION',
] as const;
export const STEP_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'SKIPPED'] as const;

export type PaymentKind = (typeof PAYMENT_KINDS)[number];
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
export type FailureReason = (typeof FAILURE_REASONS)[number];
export type RiskDecision = (typeof RISK_DECISIONS)[number];
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export type ReservationState = (typeof RESERVATION_STATES)[number];
export type ReservationFailure = (typeof RESERVATION_FAILURES)[number];
export type HoldState = (typeof HOLD_STATES)[number];
export type CaptureState = (typeof CAPTURE_STATES)[number];
export type CaptureFailure = (typeof CAPTURE_FAILURES)[number];
export type ReleaseState = (typeof RELEASE_STATES)[number];
export type ChargeState = (typeof CHARGE_STATES)[number];
export type ChargeFailure = (typeof CHARGE_FAILURES)[number];
export type CreditState = (typeof CREDIT_STATES)[number];
export type StepName = (typeof STEP_NAMES)[number];
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface Money {
  minor: bigint;
  currency: string;
}

export interface SagaState {
  transactionId: string;
  paymentId: string;
  kind: PaymentKind;
  senderId: string;
  recipientId: string;
  amount: Money;
  targetAmount: Money | null;
  quoteId: string | null;
  fundingInstrumentId: string | null;
  targetWalletId: string | null;
  status: TransactionStatus;
  failureReason: FailureReason | null;
  failureMessage: string | null;
  /** Fraud's automatic decision (null: not assessed yet). */
  riskDecision: RiskDecision | null;
  riskAssessmentId: string | null;
  reviewCaseId: string | null;
  /** An admin's decision on a REVIEW; when set it is the one that counts. */
  reviewDecision: ReviewDecision | null;
  reservation: ReservationState;
  reservationFailure: ReservationFailure | null;
  /** When the reservation (or the one-step transfer) was requested; a plain reservation's timeout counts from here. */
  reservationRequestedAt: Date | null;
  holdId: string | null;
  hold: HoldState;
  /** The wallet the hold is in (from FundsReserved). */
  sourceWalletId: string | null;
  capture: CaptureState;
  captureFailure: CaptureFailure | null;
  captureRequestedAt: Date | null;
  release: ReleaseState;
  charge: ChargeState;
  chargeFailure: ChargeFailure | null;
  pspReference: string | null;
  credit: CreditState;
  /** The wallet an ADD_FUNDS was credited to (from FundsCredited). */
  creditedWalletId: string | null;
  journalEntryId: string | null;
  /** When the payment was created (the history's order). */
  createdAt: Date;
  /** When this service started the saga (timeouts count from here). */
  startedAt: Date;
  updatedAt: Date;
  /** The earliest instant at which a timeout may apply; null when nothing is timed (terminal, ON_HOLD, charge/credit). */
  deadlineAt: Date | null;
}

/** What the saga reacts to: the events routed to transactions, and the timeout worker's tick. */
export type SagaInput =
  | { type: 'RiskAssessed'; decision: RiskDecision; assessmentId: string; caseId: string | null }
  | { type: 'ReviewResolved'; decision: ReviewDecision; caseId: string }
  | { type: 'FundsReserved'; holdId: string; walletId: string }
  | { type: 'FundsReservationFailed'; reason: ReservationFailure }
  | { type: 'FundsCaptured'; holdId: string; journalEntryId: string; walletId?: string | null }
  | { type: 'FundsCaptureFailed'; holdId: string; reason: CaptureFailure }
  | { type: 'FundsReleased'; holdId: string; reason: string }
  | { type: 'PaymentChargeSucceeded'; pspReference: string }
  | { type: 'PaymentChargeFailed'; reason: ChargeFailure; message: string }
  | { type: 'FundsCredited'; walletId: string; journalEntryId: string }
  | { type: 'Tick' };

export type CommandType =
  | 'TransactionStarted'
  | 'RiskAssessmentRequested'
  | 'FundsReservationRequested'
  | 'FundsTransferRequested'
  | 'FundsCaptureRequested'
  | 'FundsReleaseRequested'
  | 'FundsCreditRequested'
  | 'ChargeRequested'
  | 'TransactionCompleted'
  | 'TransactionFailed'
  | 'TransactionOnHold';

/** An event this service emits (aggregate: the transaction), with its catalog data. */
export type Command = { [T in CommandType]: { type: T; data: EventData<T> } }[CommandType];

export interface StepRecord {
  name: StepName;
  status: StepStatus;
  at: Date;
}

export interface SagaClock {
  now: Date;
  stepTimeoutMs: number;
  riskMaxWaitMs: number;
}

export interface Transition {
  state: SagaState;
  commands: Command[];
  steps: StepRecord[];
  /**
   * Whether the transaction (state or step log) changed. False for a duplicate or a late event: then nothing is written,
   * except `commands` when there are some (a stray hold is given back without touching the transaction).
   */
  changed: boolean;
  /** Anomalies worth a log line (an event that contradicts the state); never a reason to fail the handler. */
  notes: string[];
}

/** The catalog's data for PaymentInitiated. */
export type PaymentInitiatedData = EventData<'PaymentInitiated'>;

/** A PaymentInitiated this version cannot run (a producer bug): the handler fails and the event goes to the DLQ. */
export class SagaContractError extends Error {
  override name = 'SagaContractError';
}

export const isTerminal = (status: TransactionStatus): boolean => status === 'COMPLETED' || status === 'FAILED';

/** The decision that counts: the admin's on a review, else fraud's; null while neither has spoken. */
export function effectiveRisk(s: SagaState): RiskDecision | null {
  return s.reviewDecision ?? s.riskDecision;
}

/** Transfers (P2P, CONVERSION) reserve and capture; ADD_FUNDS charges a card and credits a wallet. */
export const movesHeldFunds = (kind: PaymentKind): boolean => kind === 'P2P' || kind === 'CONVERSION';

/**
 * A one-step transfer is with wallets: requested (P2P, risk approved) and not answered yet. Wallets either moves the
 * money (FundsCaptured) or refuses (FundsReservationFailed); the saga waits for the answer, without a timeout of its
 * own, because the money may already have moved when a timeout would fire (as it waits for fraud, nothing is decided
 * blindly).
 */
export const transferInFlight = (s: SagaState): boolean => s.reservation === 'PENDING' && s.capture === 'REQUESTED' && s.holdId === null;

/** Collects what one transition emits. */
class Output {
  readonly commands: Command[] = [];
  readonly steps: StepRecord[] = [];
  readonly notes: string[] = [];
  /** The instant of this transition, as commands carry it. */
  readonly at: string;
  constructor(private readonly now: Date) {
    this.at = now.toISOString();
  }
  step(name: StepName, status: StepStatus): void {
    this.steps.push({ name, status, at: this.now });
  }
  emit(command: Command): void {
    this.commands.push(command);
  }
  note(text: string): void {
    this.notes.push(text);
  }
}

const wire = (m: Money) => ({ minor: m.minor.toString(), currency: m.currency });
const ref = (s: SagaState) => ({ transactionId: s.transactionId, paymentId: s.paymentId });

export function startSaga(transactionId: string, payment: PaymentInitiatedData, clock: SagaClock): Transition {
  const { kind } = payment;
  if (!movesHeldFunds(kind) && kind !== 'ADD_FUNDS') throw new SagaContractError(`${kind} payments are not supported yet`);
  if (kind === 'ADD_FUNDS' && !payment.fundingInstrumentId) throw new SagaContractError('ADD_FUNDS without a funding instrument');
  if (kind === 'CONVERSION' && (!payment.quoteId || !payment.targetAmount)) throw new SagaContractError('CONVERSION without a quote');
  const now = clock.now;
  const state: SagaState = {
    transactionId,
    paymentId: payment.paymentId,
    kind,
    senderId: payment.senderId,
    recipientId: payment.recipientId,
    amount: { minor: BigInt(payment.amount.minor), currency: payment.amount.currency },
    targetAmount: payment.targetAmount ? { minor: BigInt(payment.targetAmount.minor), currency: payment.targetAmount.currency } : null,
    quoteId: payment.quoteId,
    fundingInstrumentId: payment.fundingInstrumentId,
    targetWalletId: payment.targetWalletId,
    status: 'PROCESSING',
    failureReason: null,
    failureMessage: null,
    riskDecision: null,
    riskAssessmentId: null,
    reviewCaseId: null,
    reviewDecision: null,
    reservation: kind === 'CONVERSION' ? 'PENDING' : kind === 'P2P' ? 'NONE' : 'NOT_NEEDED',
    reservationFailure: null,
    reservationRequestedAt: kind === 'CONVERSION' ? now : null,
    holdId: null,
    hold: 'NONE',
    sourceWalletId: null,
    capture: 'NONE',
    captureFailure: null,
    captureRequestedAt: null,
    release: 'NONE',
    charge: kind === 'ADD_FUNDS' ? 'NONE' : 'NOT_NEEDED',
    chargeFailure: null,
    pspReference: null,
    credit: kind === 'ADD_FUNDS' ? 'NONE' : 'NOT_NEEDED',
    creditedWalletId: null,
    journalEntryId: null,
    createdAt: new Date(payment.createdAt),
    startedAt: now,
    updatedAt: now,
    deadlineAt: null,
  };
  const out = new Output(now);
  const at = now.toISOString();
  out.emit({ type: 'TransactionStarted', data: { ...ref(state), at } });
  out.emit({
    type: 'RiskAssessmentRequested',
    data: {
      ...ref(state),
      kind,
      senderId: state.senderId,
      recipientId: state.recipientId,
      amount: wire(state.amount),
      fundingInstrumentId: state.fundingInstrumentId,
      at,
    },
  });
  out.step('RISK_ASSESSMENT', 'PENDING');
  if (kind === 'CONVERSION') {
    // Requested together with the assessment: the two answers come back in any order and `decide` combines them. (A
    // P2P payment waits for risk: see decideTransfer.)
    out.emit({ type: 'FundsReservationRequested', data: { ...ref(state), userId: state.senderId, amount: wire(state.amount), at } });
    out.step('FUNDS_RESERVATION', 'PENDING');
  }
  state.deadlineAt = nextDeadline(state, clock);
  return { state, commands: out.commands, steps: out.steps, changed: true, notes: out.notes };
}

export function transition(previous: SagaState, input: SagaInput, clock: SagaClock): Transition {
  const state: SagaState = { ...previous };
  const out = new Output(clock.now);
  absorb(state, input, out);
  decide(state, clock, out);
  state.deadlineAt = nextDeadline(state, clock);
  // Commands alone (giving back a stray hold) leave the transaction as it was.
  const changed = out.steps.length > 0 || !sameState(previous, state);
  if (changed) state.updatedAt = clock.now;
  return { state: changed ? state : previous, commands: out.commands, steps: out.steps, changed, notes: out.notes };
}

/** Records the fact an input brings, once. Decisions are left to `decide`. */
function absorb(s: SagaState, input: SagaInput, out: Output): void {
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

/** Looks at all facts and moves the saga on; every command is guarded by the state that records it was sent. */
function decide(s: SagaState, clock: SagaClock, out: Output): void {
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
const reservationClock = (s: SagaState): number => (s.reservationRequestedAt ?? s.startedAt).getTime();

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
