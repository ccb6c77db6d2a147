import type { EventData } from '@paygraph/events';
import type { SagaState, StepRecord } from './state.js';

export type PaymentSettledData = EventData<'PaymentSettled'>;

/**
 * A P2P payment that payments settled inside the request (DESIGN.md §4), as the history's transaction row and step
 * log: the state a saga would have ended in for the same outcome, without the saga having run. Pure.
 */
export function settledTransaction(d: PaymentSettledData, kind: 'P2P' | 'REFUND' | 'CHECKOUT' = 'P2P'): { state: SagaState; steps: StepRecord[] } {
  const at = new Date(d.at);
  const createdAt = new Date(d.createdAt);
  const completed = d.status === 'COMPLETED';
  const risk = d.risk?.decision ?? null;
  const reservationFailure = d.failureReason === 'INSUFFICIENT_FUNDS' || d.failureReason === 'WALLET_NOT_FOUND' ? d.failureReason : null;
  const state: SagaState = {
    transactionId: d.transactionId,
    paymentId: d.paymentId,
    kind,
    senderId: d.senderId,
    recipientId: d.recipientId,
    amount: { minor: BigInt(d.amount.minor), currency: d.amount.currency },
    targetAmount: null,
    quoteId: null,
    fundingInstrumentId: null,
    targetWalletId: null,
    status: d.status,
    failureReason: d.failureReason,
    failureMessage: completed ? null : (FAILURE_MESSAGES[d.failureReason ?? ''] ?? 'The payment failed'),
    riskDecision: risk,
    riskAssessmentId: d.risk?.assessmentId ?? null,
    reviewCaseId: null,
    reviewDecision: null,
    reservation: completed ? 'RESERVED' : reservationFailure ? 'FAILED' : 'NONE',
    reservationFailure,
    reservationRequestedAt: null,
    holdId: null,
    hold: completed ? 'CAPTURED' : 'NONE',
    sourceWalletId: completed ? (d.wallets.find((w) => w.ownerId === d.senderId)?.walletId ?? null) : null,
    capture: completed ? 'SUCCEEDED' : 'NONE',
    captureFailure: null,
    captureRequestedAt: null,
    release: 'NONE',
    charge: 'NOT_NEEDED',
    chargeFailure: null,
    pspReference: null,
    credit: 'NOT_NEEDED',
    creditedWalletId: null,
    journalEntryId: d.journalEntryId,
    createdAt,
    startedAt: createdAt,
    updatedAt: at,
    deadlineAt: null,
  };
  const steps: StepRecord[] = [];
  const step = (name: StepRecord['name'], status: StepRecord['status']) => steps.push({ name, status, at });
  if (risk === null) step('RISK_ASSESSMENT', 'SKIPPED');
  else step('RISK_ASSESSMENT', risk === 'DECLINE' ? 'FAILED' : 'SUCCEEDED');
  if (completed) {
    step('FUNDS_RESERVATION', 'SUCCEEDED');
    step('FUNDS_CAPTURE', 'SUCCEEDED');
  } else if (reservationFailure) {
    step('FUNDS_RESERVATION', 'FAILED');
  }
  step('COMPLETION', completed ? 'SUCCEEDED' : 'FAILED');
  return { state, steps };
}

/**
 * A refund settled in its request (RefundSettled): a movement of its own (kind REFUND, from the refunded payment's
 * recipient back to its payer), recorded like a settled P2P payment with no risk assessment.
 */
export function refundTransaction(d: EventData<'RefundSettled'>): { state: SagaState; steps: StepRecord[] } {
  return settledTransaction(
    {
      paymentId: d.refundId,
      transactionId: d.transactionId,
      kind: 'P2P',
      status: d.status,
      failureReason: d.failureReason,
      senderId: d.senderId,
      recipientId: d.recipientId,
      amount: d.amount,
      note: d.reason,
      risk: null,
      journalEntryId: d.journalEntryId,
      wallets: d.wallets,
      createdAt: d.createdAt,
      at: d.at,
    },
    'REFUND',
  );
}

/**
 * A merchant checkout's capture (CheckoutUpdated CAPTURED): its payment (kind CHECKOUT) is a movement of its own from
 * the buyer to the merchant, COMPLETED with the CHECKOUT journal entry, recorded like a settled P2P payment with no risk
 * assessment. `amount` is what the buyer paid (the fee is the merchant's cost, on the checkout). Null for any other
 * status: nothing moved, so history has no row for it.
 */
export function checkoutTransaction(d: EventData<'CheckoutUpdated'>): { state: SagaState; steps: StepRecord[] } | null {
  if (d.status !== 'CAPTURED' || !d.paymentId || !d.capturedAmount) return null;
  return settledTransaction(
    {
      paymentId: d.paymentId,
      transactionId: d.transactionId,
      kind: 'P2P',
      status: 'COMPLETED',
      failureReason: null,
      senderId: d.buyerId,
      recipientId: d.merchantId,
      amount: d.capturedAmount,
      note: d.reference,
      risk: null,
      journalEntryId: d.journalEntryId,
      wallets: d.wallets,
      createdAt: d.at,
      at: d.at,
    },
    'CHECKOUT',
  );
}

const FAILURE_MESSAGES: Record<string, string> = {
  INSUFFICIENT_FUNDS: 'The funds could not be reserved',
  WALLET_NOT_FOUND: 'The funds could not be reserved',
  RISK_DECLINED: 'Declined by risk screening',
  TIMED_OUT: 'The payment could not be completed in time',
};
