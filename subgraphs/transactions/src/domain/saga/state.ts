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
