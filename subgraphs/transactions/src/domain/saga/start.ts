import { movesHeldFunds, SagaContractError, type PaymentInitiatedData, type SagaClock, type SagaState, type Transition } from './state.js';
import { nextDeadline } from './deadline.js';
import { Output, ref, wire } from './output.js';

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
  // A payment handed over with fraud's decision (payments asked in the request) is not assessed again.
  if (!payment.risk) out.emit({
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
