import { describe, expect, it } from '@jest/globals';
import { validateEventData } from '@paygraph/platform/events';
import { newId } from '@paygraph/platform/ids';
import {
  SagaContractError,
  isTerminal,
  startSaga,
  transition,
  type Command,
  type CommandType,
  type PaymentInitiatedData,
  type SagaClock,
  type SagaInput,
  type SagaState,
  type StepRecord,
} from '../src/domain/saga/index.js';
/** The kinds a saga runs (a checkout never starts one). */
type PaymentKind = PaymentInitiatedData['kind'];

const T0 = Date.parse('2026-11-26T10:00:00.000Z');
const STEP = 60_000;
const RISK_MAX = 86_400_000;
const at = (ms = 0): SagaClock => ({ now: new Date(T0 + ms), stepTimeoutMs: STEP, riskMaxWaitMs: RISK_MAX });

const HOLD = newId('hld');
const OTHER_HOLD = newId('hld');
const WALLET = newId('wal');
const JOURNAL = newId('jnl');
const CASE = newId('rvc');
const ASSESSMENT = newId('rsk');

function payment(kind: PaymentKind, overrides: Partial<PaymentInitiatedData> = {}): PaymentInitiatedData {
  const sender = newId('usr');
  const self = kind === 'ADD_FUNDS' || kind === 'CONVERSION';
  return {
    paymentId: newId('pay'),
    kind,
    senderId: sender,
    recipientId: self ? sender : newId('usr'),
    amount: { minor: '2500', currency: 'USD' },
    targetAmount: kind === 'CONVERSION' ? { minor: '2290', currency: 'EUR' } : null,
    quoteId: kind === 'CONVERSION' ? newId('fxq') : null,
    fundingInstrumentId: kind === 'ADD_FUNDS' ? newId('fi') : null,
    targetWalletId: kind === 'ADD_FUNDS' ? newId('wal') : null,
    note: null,
    createdAt: new Date(T0 - 5).toISOString(),
    ...overrides,
  };
}

const risk = (decision: 'APPROVE' | 'REVIEW' | 'DECLINE'): SagaInput => ({
  type: 'RiskAssessed',
  decision,
  assessmentId: ASSESSMENT,
  caseId: decision === 'REVIEW' ? CASE : null,
});
const review = (decision: 'APPROVE' | 'DECLINE'): SagaInput => ({ type: 'ReviewResolved', decision, caseId: CASE });
const reserved = (holdId = HOLD): SagaInput => ({ type: 'FundsReserved', holdId, walletId: WALLET });
const reservationFailed = (reason: 'INSUFFICIENT_FUNDS' | 'WALLET_NOT_FOUND' = 'INSUFFICIENT_FUNDS'): SagaInput => ({ type: 'FundsReservationFailed', reason });
const captured = (holdId = HOLD): SagaInput => ({ type: 'FundsCaptured', holdId, journalEntryId: JOURNAL });
/** A one-step transfer's answer: wallets names the wallet the money left (there was no FundsReserved). */
const transferred = (holdId = HOLD): SagaInput => ({ type: 'FundsCaptured', holdId, journalEntryId: JOURNAL, walletId: WALLET });
const captureFailed = (reason: 'HOLD_NOT_ACTIVE' | 'QUOTE_EXPIRED', holdId = HOLD): SagaInput => ({ type: 'FundsCaptureFailed', holdId, reason });
const released = (holdId = HOLD, reason = 'EXPIRED'): SagaInput => ({ type: 'FundsReleased', holdId, reason });
const charged: SagaInput = { type: 'PaymentChargeSucceeded', pspReference: 'psp_ch_123' };
const chargeFailed = (reason: 'CARD_DECLINED' | 'PSP_ERROR' = 'CARD_DECLINED'): SagaInput => ({ type: 'PaymentChargeFailed', reason, message: 'Card declined by issuer' });
const credited: SagaInput = { type: 'FundsCredited', walletId: WALLET, journalEntryId: JOURNAL };
const tick: SagaInput = { type: 'Tick' };

/** Every input of the catalog-facing vocabulary, for "late event" sweeps. */
const EVERY_INPUT: SagaInput[] = [
  risk('APPROVE'),
  risk('REVIEW'),
  risk('DECLINE'),
  review('APPROVE'),
  review('DECLINE'),
  reserved(),
  reservationFailed(),
  captured(),
  captureFailed('HOLD_NOT_ACTIVE'),
  captureFailed('QUOTE_EXPIRED'),
  released(),
  charged,
  chargeFailed(),
  credited,
  tick,
];

interface Run {
  state: SagaState;
  commands: Command[];
  steps: StepRecord[];
  last: ReturnType<typeof transition> | null;
}

/** Starts a saga and feeds it inputs, each at its own offset in ms (default: 1 ms apart). */
function run(p: PaymentInitiatedData, inputs: (SagaInput | [SagaInput, number])[] = []): Run {
  const started = startSaga(newId('txn'), p, at(0));
  const r: Run = { state: started.state, commands: [...started.commands], steps: [...started.steps], last: null };
  inputs.forEach((entry, i) => feed(r, ...(Array.isArray(entry) ? entry : ([entry, i + 1] as const))));
  return r;
}

function feed(r: Run, input: SagaInput, ms: number): ReturnType<typeof transition> {
  const t = transition(r.state, input, at(ms));
  r.state = t.state;
  r.commands.push(...t.commands);
  r.steps.push(...t.steps);
  r.last = t;
  return t;
}

const types = (commands: Command[]): CommandType[] => commands.map((c) => c.type);
const stepLog = (steps: StepRecord[]) => steps.map((s) => `${s.name}:${s.status}`);
const count = (commands: Command[], type: CommandType) => commands.filter((c) => c.type === type).length;

/** Every command the machine emits must pass the catalog's schema (the outbox would refuse it otherwise). */
function expectCatalogValid(commands: Command[]) {
  for (const c of commands) expect(() => validateEventData(c.type, c.data as never)).not.toThrow();
}

describe('start', () => {
  it('when a P2P payment is initiated, then the saga starts PROCESSING and asks for risk only (funds move once it has answered)', () => {
    const p = payment('P2P');
    const t = startSaga(newId('txn'), p, at(0));
    expect(t.state).toMatchObject({ status: 'PROCESSING', reservation: 'NONE', capture: 'NONE', charge: 'NOT_NEEDED', hold: 'NONE' });
    expect(types(t.commands)).toEqual(['TransactionStarted', 'RiskAssessmentRequested']);
    expect(stepLog(t.steps)).toEqual(['RISK_ASSESSMENT:PENDING']);
    expect(t.state.deadlineAt).toEqual(new Date(T0 + RISK_MAX));
    expect(t.state.createdAt).toEqual(new Date(p.createdAt));
    expectCatalogValid(t.commands);
  });

  it('when a CONVERSION is initiated, then the saga starts PROCESSING and asks for risk and reservation at once', () => {
    const p = payment('CONVERSION');
    const t = startSaga(newId('txn'), p, at(0));
    expect(t.state).toMatchObject({ status: 'PROCESSING', reservation: 'PENDING', charge: 'NOT_NEEDED', hold: 'NONE' });
    expect(types(t.commands)).toEqual(['TransactionStarted', 'RiskAssessmentRequested', 'FundsReservationRequested']);
    expect(t.commands[2]!.data).toMatchObject({ userId: p.senderId, amount: { minor: '2500', currency: 'USD' }, paymentId: p.paymentId });
    expect(stepLog(t.steps)).toEqual(['RISK_ASSESSMENT:PENDING', 'FUNDS_RESERVATION:PENDING']);
    expect(t.state.deadlineAt).toEqual(new Date(T0 + STEP));
    expect(t.state.createdAt).toEqual(new Date(p.createdAt));
    expectCatalogValid(t.commands);
  });

  it('when ADD_FUNDS is initiated, then only risk is asked for (nothing to reserve) and the deadline is the risk wait', () => {
    const t = startSaga(newId('txn'), payment('ADD_FUNDS'), at(0));
    expect(types(t.commands)).toEqual(['TransactionStarted', 'RiskAssessmentRequested']);
    expect(t.state).toMatchObject({ reservation: 'NOT_NEEDED', charge: 'NONE', credit: 'NONE' });
    expect(t.state.deadlineAt).toEqual(new Date(T0 + RISK_MAX));
    expectCatalogValid(t.commands);
  });

  it('when a payment cannot run (unsupported kind, ADD_FUNDS without card, CONVERSION without quote), then a contract error', () => {
    expect(() => startSaga(newId('txn'), payment('WITHDRAWAL'), at(0))).toThrow(SagaContractError);
    expect(() => startSaga(newId('txn'), payment('REFUND'), at(0))).toThrow(SagaContractError);
    expect(() => startSaga(newId('txn'), payment('ADD_FUNDS', { fundingInstrumentId: null }), at(0))).toThrow(SagaContractError);
    expect(() => startSaga(newId('txn'), payment('CONVERSION', { quoteId: null }), at(0))).toThrow(SagaContractError);
  });
});

describe('P2P: one step once risk has answered', () => {
  it('when risk approves, then wallets is asked to move the money in one step, and nothing times it out', () => {
    const p = payment('P2P');
    const r = run(p, [risk('APPROVE')]);
    expect(types(r.commands).slice(2)).toEqual(['FundsTransferRequested']);
    expect(r.commands[2]!.data).toMatchObject({ senderId: p.senderId, recipientId: p.recipientId, amount: { minor: '2500', currency: 'USD' }, paymentId: p.paymentId });
    expect(r.state).toMatchObject({ status: 'PROCESSING', reservation: 'PENDING', capture: 'REQUESTED', holdId: null, deadlineAt: null });
    // The money may have moved already: the saga waits for wallets' answer rather than failing it.
    for (const ms of [STEP, STEP * 10, RISK_MAX * 2]) expect(feed(r, tick, ms).changed).toBe(false);
    expectCatalogValid(r.commands);
  });

  it('when the transfer is made, then COMPLETED with its journal entry and wallet, and the step log tells the story', () => {
    const p = payment('P2P');
    const r = run(p, [risk('APPROVE'), transferred()]);
    expect(r.state).toMatchObject({ status: 'COMPLETED', journalEntryId: JOURNAL, holdId: HOLD, hold: 'CAPTURED', sourceWalletId: WALLET, deadlineAt: null });
    expect(types(r.commands)).toEqual(['TransactionStarted', 'RiskAssessmentRequested', 'FundsTransferRequested', 'TransactionCompleted']);
    expect(r.commands.at(-1)).toMatchObject({ data: { journalEntryId: JOURNAL, kind: 'P2P', senderId: p.senderId, recipientId: p.recipientId } });
    expect(stepLog(r.steps)).toEqual([
      'RISK_ASSESSMENT:PENDING',
      'RISK_ASSESSMENT:SUCCEEDED',
      'FUNDS_RESERVATION:PENDING',
      'FUNDS_CAPTURE:PENDING',
      'FUNDS_RESERVATION:SUCCEEDED',
      'FUNDS_CAPTURE:SUCCEEDED',
      'COMPLETION:SUCCEEDED',
    ]);
    expectCatalogValid(r.commands);
  });

  it('when wallets refuses the transfer, then FAILED with its reason and nothing to give back', () => {
    for (const reason of ['INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'] as const) {
      const r = run(payment('P2P'), [risk('APPROVE'), reservationFailed(reason)]);
      expect(r.state).toMatchObject({ status: 'FAILED', failureReason: reason, hold: 'NONE', release: 'NONE', deadlineAt: null });
      expect(types(r.commands).slice(3)).toEqual(['TransactionFailed']);
      expect(stepLog(r.steps).slice(-3)).toEqual(['FUNDS_CAPTURE:SKIPPED', 'FUNDS_RESERVATION:FAILED', 'COMPLETION:FAILED']);
    }
  });

  it('when risk declines, then FAILED RISK_DECLINED and wallets is never asked', () => {
    const r = run(payment('P2P'), [risk('DECLINE')]);
    expect(r.state).toMatchObject({ status: 'FAILED', failureReason: 'RISK_DECLINED', reservation: 'NONE' });
    expect(types(r.commands).slice(2)).toEqual(['TransactionFailed']);
  });

  it('when risk asks for a review, then the money is held (not moved), and the hold\'s timeout counts from the request', () => {
    const r = run(payment('P2P'), [[risk('REVIEW'), 5 * STEP]]);
    expect(types(r.commands).slice(2)).toEqual(['FundsReservationRequested']);
    expect(r.state).toMatchObject({ status: 'PROCESSING', reservation: 'PENDING', capture: 'NONE', deadlineAt: new Date(T0 + 6 * STEP) });
    expect(feed(r, tick, 6 * STEP - 1).changed).toBe(false);
    expect(feed(r, tick, 6 * STEP).state).toMatchObject({ status: 'FAILED', failureReason: 'TIMED_OUT' });
  });

  it('when a hold turns up that the transfer did not ask for, then it is given back and the transfer goes on', () => {
    const r = run(payment('P2P'), [risk('APPROVE')]);
    const t = feed(r, reserved(OTHER_HOLD), 10);
    expect(t.changed).toBe(false);
    expect(t.commands).toEqual([expect.objectContaining({ type: 'FundsReleaseRequested', data: expect.objectContaining({ holdId: OTHER_HOLD }) })]);
    feed(r, transferred(), 11);
    expect(r.state.status).toBe('COMPLETED');
  });
});

describe('CONVERSION: combining risk and reservation in either order', () => {
  const cases: {
    risk: 'APPROVE' | 'REVIEW' | 'DECLINE';
    funds: 'reserved' | 'failed';
    status: string;
    reason: string | null;
    emitted: CommandType[];
  }[] = [
    { risk: 'APPROVE', funds: 'reserved', status: 'PROCESSING', reason: null, emitted: ['FundsCaptureRequested'] },
    { risk: 'REVIEW', funds: 'reserved', status: 'ON_HOLD', reason: null, emitted: ['TransactionOnHold'] },
    { risk: 'DECLINE', funds: 'reserved', status: 'FAILED', reason: 'RISK_DECLINED', emitted: ['TransactionFailed', 'FundsReleaseRequested'] },
    { risk: 'APPROVE', funds: 'failed', status: 'FAILED', reason: 'INSUFFICIENT_FUNDS', emitted: ['TransactionFailed'] },
    { risk: 'REVIEW', funds: 'failed', status: 'FAILED', reason: 'INSUFFICIENT_FUNDS', emitted: ['TransactionFailed'] },
    { risk: 'DECLINE', funds: 'failed', status: 'FAILED', reason: null, emitted: ['TransactionFailed'] },
  ];
  for (const c of cases) {
    for (const order of ['risk first', 'funds first'] as const) {
      it(`when ${c.risk} and reservation ${c.funds} arrive ${order}, then ${c.status}${c.reason ? ` ${c.reason}` : ''}`, () => {
        const fundsInput = c.funds === 'reserved' ? reserved() : reservationFailed();
        const inputs = order === 'risk first' ? [risk(c.risk), fundsInput] : [fundsInput, risk(c.risk)];
        const r = run(payment('CONVERSION'), inputs);
        expect(r.state.status).toBe(c.status);
        // DECLINE + no funds: whichever arrives first decides the reason.
        if (c.reason) expect(r.state.failureReason).toBe(c.reason);
        else if (c.status === 'FAILED') expect(r.state.failureReason).toBe(order === 'risk first' ? 'RISK_DECLINED' : 'INSUFFICIENT_FUNDS');
        expect(types(r.commands).slice(3).sort()).toEqual([...c.emitted].sort());
        // Never a hold left behind by a failed transaction.
        if (r.state.status === 'FAILED' && r.state.hold === 'ACTIVE') expect(r.state.release).toBe('REQUESTED');
        expectCatalogValid(r.commands);
      });
    }
  }

  it('when approved and reserved, then the capture names the hold, the parties and the amount', () => {
    const p = payment('CONVERSION');
    const r = run(p, [reserved(), risk('APPROVE')]);
    const capture = r.commands.find((c) => c.type === 'FundsCaptureRequested')!;
    expect(capture.data).toMatchObject({ holdId: HOLD, kind: 'CONVERSION', senderId: p.senderId, recipientId: p.recipientId, amount: { minor: '2500', currency: 'USD' }, quoteId: p.quoteId });
    expect(r.state.deadlineAt).toEqual(new Date(T0 + 2 + STEP));
  });

  it('when the capture succeeds, then COMPLETED with the journal entry, and the step log tells the story', () => {
    const p = payment('CONVERSION');
    const r = run(p, [risk('APPROVE'), reserved(), captured()]);
    expect(r.state).toMatchObject({ status: 'COMPLETED', journalEntryId: JOURNAL, hold: 'CAPTURED', deadlineAt: null });
    const completed = r.commands.at(-1)!;
    expect(completed).toMatchObject({ type: 'TransactionCompleted', data: { journalEntryId: JOURNAL, kind: 'CONVERSION', senderId: p.senderId, recipientId: p.recipientId } });
    expect(stepLog(r.steps)).toEqual([
      'RISK_ASSESSMENT:PENDING',
      'FUNDS_RESERVATION:PENDING',
      'RISK_ASSESSMENT:SUCCEEDED',
      'FUNDS_RESERVATION:SUCCEEDED',
      'FUNDS_CAPTURE:PENDING',
      'FUNDS_CAPTURE:SUCCEEDED',
      'COMPLETION:SUCCEEDED',
    ]);
    expectCatalogValid(r.commands);
  });

  it('when the risk is DECLINE while the reservation is still pending, then FAILED at once and the late hold is released', () => {
    const r = run(payment('CONVERSION'), [risk('DECLINE')]);
    expect(r.state).toMatchObject({ status: 'FAILED', failureReason: 'RISK_DECLINED' });
    expect(stepLog(r.steps).slice(2)).toEqual(['RISK_ASSESSMENT:FAILED', 'FUNDS_RESERVATION:SKIPPED', 'COMPLETION:FAILED']);
    const late = feed(r, reserved(), 10);
    expect(late.state).toMatchObject({ status: 'FAILED', failureReason: 'RISK_DECLINED', hold: 'ACTIVE', release: 'REQUESTED' });
    expect(late.commands).toEqual([expect.objectContaining({ type: 'FundsReleaseRequested', data: expect.objectContaining({ holdId: HOLD, reason: 'RISK_DECLINED' }) })]);
    expect(types(late.commands)).not.toContain('TransactionFailed');
    // The release confirmation closes the hold and changes nothing else.
    const done = feed(r, released(HOLD, 'RISK_DECLINED'), 11);
    expect(done.state).toMatchObject({ status: 'FAILED', hold: 'RELEASED' });
    expect(done.commands).toEqual([]);
  });
});

describe('P2P: review', () => {
  it('when REVIEW and reserved, then ON_HOLD once, the hold stays, and nothing is timed out while parked', () => {
    const r = run(payment('P2P'), [risk('REVIEW'), reserved()]);
    expect(r.state).toMatchObject({ status: 'ON_HOLD', hold: 'ACTIVE', release: 'NONE', deadlineAt: null });
    expect(count(r.commands, 'TransactionOnHold')).toBe(1);
    expect(r.commands.find((c) => c.type === 'TransactionOnHold')!.data).toMatchObject({ reason: 'RISK_REVIEW', caseId: CASE });
    const later = feed(r, tick, RISK_MAX * 10);
    expect(later.changed).toBe(false);
    expect(later.commands).toEqual([]);
  });

  it('when the admin approves, then the capture is requested and the transaction moves on to COMPLETED', () => {
    const r = run(payment('P2P'), [risk('REVIEW'), reserved(), review('APPROVE')]);
    expect(r.state.status).toBe('PROCESSING');
    expect(count(r.commands, 'FundsCaptureRequested')).toBe(1);
    feed(r, captured(), 10);
    expect(r.state.status).toBe('COMPLETED');
    expect(stepLog(r.steps)).toContain('RISK_REVIEW:SUCCEEDED');
  });

  it('when the admin declines, then FAILED RISK_DECLINED and the hold is released', () => {
    const r = run(payment('P2P'), [risk('REVIEW'), reserved(), review('DECLINE')]);
    expect(r.state).toMatchObject({ status: 'FAILED', failureReason: 'RISK_DECLINED', release: 'REQUESTED' });
    expect(types(r.commands).slice(-2)).toEqual(['TransactionFailed', 'FundsReleaseRequested']);
  });

  it('when the review is resolved before the assessment arrives (events crossed), then the admin decision counts', () => {
    const r = run(payment('CONVERSION'), [review('APPROVE'), reserved(), risk('REVIEW')]);
    expect(r.state.status).toBe('PROCESSING');
    expect(count(r.commands, 'FundsCaptureRequested')).toBe(1);
    expect(count(r.commands, 'TransactionOnHold')).toBe(0);
    // P2P: nothing was held yet, so the approval moves the money in one step.
    const p2p = run(payment('P2P'), [review('APPROVE'), risk('REVIEW'), transferred()]);
    expect(p2p.state.status).toBe('COMPLETED');
    expect(count(p2p.commands, 'FundsTransferRequested')).toBe(1);
    expect(count(p2p.commands, 'FundsReservationRequested') + count(p2p.commands, 'TransactionOnHold')).toBe(0);
  });

  it('when the hold expires while ON_HOLD, then FAILED TIMED_OUT and no release is asked for (it is gone)', () => {
    const r = run(payment('P2P'), [risk('REVIEW'), reserved(), released(HOLD, 'EXPIRED')]);
    expect(r.state).toMatchObject({ status: 'FAILED', failureReason: 'TIMED_OUT', hold: 'RELEASED', release: 'NONE' });
    expect(count(r.commands, 'FundsReleaseRequested')).toBe(0);
    // The admin's late approval changes nothing.
    expect(feed(r, review('APPROVE'), 100).changed).toBe(false);
  });

  it('when a review resolution arrives for an automatically approved transaction, then it is ignored with a note', () => {
    const r = run(payment('P2P'), [risk('APPROVE')]);
    const t = feed(r, review('DECLINE'), 10);
    expect(t.changed).toBe(false);
    expect(t.notes).toHaveLength(1);
  });
});

describe('capture failures (a held payment: CONVERSION, or P2P after a review)', () => {
  it('when the capture fails because the hold is not active, then FAILED TIMED_OUT without a release', () => {
    const r = run(payment('CONVERSION'), [risk('APPROVE'), reserved(), captureFailed('HOLD_NOT_ACTIVE')]);
    expect(r.state).toMatchObject({ status: 'FAILED', failureReason: 'TIMED_OUT', hold: 'RELEASED' });
    expect(count(r.commands, 'FundsReleaseRequested')).toBe(0);
  });

  it('when a conversion capture fails on an expired quote, then FAILED QUOTE_EXPIRED and the hold is released', () => {
    const r = run(payment('CONVERSION'), [risk('APPROVE'), reserved(), captureFailed('QUOTE_EXPIRED')]);
    expect(r.state).toMatchObject({ status: 'FAILED', failureReason: 'QUOTE_EXPIRED', release: 'REQUESTED' });
    expect(count(r.commands, 'FundsReleaseRequested')).toBe(1);
  });

  it('when a capture result names another hold, then it is ignored', () => {
    const r = run(payment('CONVERSION'), [risk('APPROVE'), reserved()]);
    expect(feed(r, captured(OTHER_HOLD), 10).changed).toBe(false);
    expect(feed(r, captureFailed('HOLD_NOT_ACTIVE', OTHER_HOLD), 11).changed).toBe(false);
    expect(r.state.status).toBe('PROCESSING');
  });

  it('when wallets reserves twice (another hold), then the extra hold is released and the first one kept', () => {
    const r = run(payment('CONVERSION'), [reserved()]);
    const t = feed(r, reserved(OTHER_HOLD), 10);
    expect(t.state.holdId).toBe(HOLD);
    expect(t.commands).toEqual([expect.objectContaining({ type: 'FundsReleaseRequested', data: expect.objectContaining({ holdId: OTHER_HOLD }) })]);
    expectCatalogValid(t.commands);
  });
});

describe('timeouts', () => {
  it('when the reservation is not answered within the step timeout, then FAILED TIMED_OUT; a hold arriving later is released', () => {
    const r = run(payment('CONVERSION'), [risk('APPROVE')]);
    expect(feed(r, tick, STEP - 1).changed).toBe(false);
    const t = feed(r, tick, STEP);
    expect(t.state).toMatchObject({ status: 'FAILED', failureReason: 'TIMED_OUT', deadlineAt: null });
    expect(types(t.commands)).toEqual(['TransactionFailed']);
    expect(stepLog(t.steps)).toEqual(['FUNDS_RESERVATION:SKIPPED', 'COMPLETION:FAILED']);
    const late = feed(r, reserved(), STEP + 5_000);
    expect(types(late.commands)).toEqual(['FundsReleaseRequested']);
    expect(late.state.status).toBe('FAILED');
  });

  it('when reserved but fraud has not answered, then it keeps waiting past the step timeout (never approved blindly)', () => {
    const r = run(payment('CONVERSION'), [reserved()]);
    expect(r.state.deadlineAt).toEqual(new Date(T0 + RISK_MAX));
    for (const ms of [STEP, STEP * 10, RISK_MAX - 1]) {
      const t = feed(r, tick, ms);
      expect(t.changed).toBe(false);
      expect(t.state.status).toBe('PROCESSING');
    }
    expect(count(r.commands, 'FundsCaptureRequested')).toBe(0);
  });

  it('when fraud never answers for the maximum wait, then FAILED TIMED_OUT (fail closed) and the hold is released', () => {
    const r = run(payment('CONVERSION'), [reserved()]);
    const t = feed(r, tick, RISK_MAX);
    expect(t.state).toMatchObject({ status: 'FAILED', failureReason: 'TIMED_OUT' });
    expect(types(t.commands)).toEqual(['TransactionFailed', 'FundsReleaseRequested']);
    expect(stepLog(t.steps)).toEqual(['RISK_ASSESSMENT:SKIPPED', 'COMPLETION:FAILED', 'FUNDS_RELEASE:PENDING']);
    // The verdict arriving after that changes nothing.
    expect(feed(r, risk('APPROVE'), RISK_MAX + 1).changed).toBe(false);
  });

  it('when an ADD_FUNDS waits for fraud for the maximum wait, then FAILED TIMED_OUT with nothing to release', () => {
    const r = run(payment('ADD_FUNDS'));
    expect(feed(r, tick, RISK_MAX - 1).changed).toBe(false);
    const t = feed(r, tick, RISK_MAX);
    expect(types(t.commands)).toEqual(['TransactionFailed']);
  });

  it('when the capture is not answered in time, then the hold is asked back and the release decides: FAILED TIMED_OUT', () => {
    const r = run(payment('CONVERSION'), [[risk('APPROVE'), 1], [reserved(), 2]]);
    const t = feed(r, tick, 2 + STEP);
    expect(t.state).toMatchObject({ status: 'PROCESSING', release: 'REQUESTED', deadlineAt: null });
    expect(t.commands).toEqual([expect.objectContaining({ type: 'FundsReleaseRequested', data: expect.objectContaining({ reason: 'CAPTURE_TIMED_OUT' }) })]);
    expect(feed(r, tick, 10 * STEP).changed).toBe(false);
    feed(r, released(HOLD, 'CAPTURE_TIMED_OUT'), 10 * STEP + 1);
    expect(r.state).toMatchObject({ status: 'FAILED', failureReason: 'TIMED_OUT', hold: 'RELEASED' });
    expect(stepLog(r.steps).slice(-4)).toEqual(['FUNDS_RELEASE:PENDING', 'FUNDS_RELEASE:SUCCEEDED', 'FUNDS_CAPTURE:FAILED', 'COMPLETION:FAILED']);
    // A capture that fails afterwards (wallets found the hold released) is late and changes nothing.
    expect(feed(r, captureFailed('HOLD_NOT_ACTIVE'), 10 * STEP + 2).changed).toBe(false);
  });

  it('when the capture wins the race against the timeout release, then COMPLETED (the ledger and the status agree)', () => {
    const r = run(payment('CONVERSION'), [[risk('APPROVE'), 1], [reserved(), 2]]);
    feed(r, tick, 2 + STEP);
    feed(r, captured(), 3 + STEP);
    expect(r.state).toMatchObject({ status: 'COMPLETED', hold: 'CAPTURED' });
    expect(stepLog(r.steps).slice(-3)).toEqual(['FUNDS_CAPTURE:SUCCEEDED', 'FUNDS_RELEASE:SKIPPED', 'COMPLETION:SUCCEEDED']);
    // wallets ignores the release of a captured hold; if a FundsReleased came anyway it would change nothing.
    expect(feed(r, released(), 4 + STEP).changed).toBe(false);
  });

  it('when an ADD_FUNDS card charge takes long, then it is not timed out (the card may have been charged)', () => {
    const r = run(payment('ADD_FUNDS'), [risk('APPROVE')]);
    expect(r.state.deadlineAt).toBeNull();
    expect(feed(r, tick, RISK_MAX * 2).changed).toBe(false);
  });

  it('when a tick comes before any deadline, then nothing changes', () => {
    const r = run(payment('P2P'));
    const t = feed(r, tick, 1);
    expect(t).toMatchObject({ changed: false, commands: [], steps: [] });
    expect(t.state).toBe(r.state);
  });
});

describe('ADD_FUNDS', () => {
  it('when approved, charged and credited, then COMPLETED with the credit journal entry', () => {
    const p = payment('ADD_FUNDS');
    const r = run(p, [risk('APPROVE'), charged, credited]);
    expect(r.state).toMatchObject({ status: 'COMPLETED', journalEntryId: JOURNAL, creditedWalletId: WALLET, pspReference: 'psp_ch_123' });
    expect(types(r.commands)).toEqual(['TransactionStarted', 'RiskAssessmentRequested', 'ChargeRequested', 'FundsCreditRequested', 'TransactionCompleted']);
    expect(r.commands[2]!.data).toMatchObject({ userId: p.senderId, fundingInstrumentId: p.fundingInstrumentId, amount: p.amount });
    expect(r.commands[3]!.data).toMatchObject({ userId: p.senderId, walletId: p.targetWalletId, pspReference: 'psp_ch_123', amount: p.amount });
    expect(stepLog(r.steps)).toEqual([
      'RISK_ASSESSMENT:PENDING',
      'RISK_ASSESSMENT:SUCCEEDED',
      'CARD_CHARGE:PENDING',
      'CARD_CHARGE:SUCCEEDED',
      'WALLET_CREDIT:PENDING',
      'WALLET_CREDIT:SUCCEEDED',
      'COMPLETION:SUCCEEDED',
    ]);
    expectCatalogValid(r.commands);
  });

  it('when the card is declined, then FAILED CARD_DECLINED with the PSP message; a PSP error is PSP_ERROR', () => {
    const declined = run(payment('ADD_FUNDS'), [risk('APPROVE'), chargeFailed('CARD_DECLINED')]);
    expect(declined.state).toMatchObject({ status: 'FAILED', failureReason: 'CARD_DECLINED', failureMessage: 'Card declined by issuer' });
    expect(declined.commands.at(-1)).toMatchObject({ type: 'TransactionFailed', data: { reason: 'CARD_DECLINED', message: 'Card declined by issuer' } });
    const pspError = run(payment('ADD_FUNDS'), [risk('APPROVE'), chargeFailed('PSP_ERROR')]);
    expect(pspError.state.failureReason).toBe('PSP_ERROR');
  });

  it('when REVIEW, then ON_HOLD; an approval starts the charge, a decline fails it', () => {
    const approved = run(payment('ADD_FUNDS'), [risk('REVIEW')]);
    expect(approved.state.status).toBe('ON_HOLD');
    feed(approved, review('APPROVE'), 5);
    expect(approved.state.status).toBe('PROCESSING');
    expect(count(approved.commands, 'ChargeRequested')).toBe(1);
    const declined = run(payment('ADD_FUNDS'), [risk('REVIEW'), review('DECLINE')]);
    expect(declined.state).toMatchObject({ status: 'FAILED', failureReason: 'RISK_DECLINED' });
    expect(count(declined.commands, 'ChargeRequested')).toBe(0);
  });

  it('when DECLINE, then FAILED RISK_DECLINED and no card is charged', () => {
    const r = run(payment('ADD_FUNDS'), [risk('DECLINE')]);
    expect(r.state.failureReason).toBe('RISK_DECLINED');
    expect(types(r.commands).slice(2)).toEqual(['TransactionFailed']);
  });

  it('when a hold arrives for an ADD_FUNDS (nothing was reserved), then it is released', () => {
    const r = run(payment('ADD_FUNDS'), [risk('APPROVE')]);
    const t = feed(r, reserved(), 10);
    expect(types(t.commands)).toEqual(['FundsReleaseRequested']);
    expect(t.state.reservation).toBe('NOT_NEEDED');
  });

  it('when no target wallet was named, then the credit asks for the user\'s wallet in the currency (walletId null)', () => {
    const r = run(payment('ADD_FUNDS', { targetWalletId: null }), [risk('APPROVE'), charged]);
    expect(r.commands.at(-1)).toMatchObject({ type: 'FundsCreditRequested', data: { walletId: null } });
  });
});

describe('CONVERSION', () => {
  it('when approved, reserved and captured, then the capture carries the quote and the transaction completes', () => {
    const p = payment('CONVERSION');
    const r = run(p, [reserved(), risk('APPROVE'), captured()]);
    const capture = r.commands.find((c) => c.type === 'FundsCaptureRequested')!;
    expect(capture.data).toMatchObject({ kind: 'CONVERSION', quoteId: p.quoteId, senderId: p.senderId, recipientId: p.senderId });
    expect(r.state).toMatchObject({ status: 'COMPLETED', targetAmount: { minor: 2290n, currency: 'EUR' } });
    expectCatalogValid(r.commands);
  });
});

describe('duplicates and late events', () => {
  const flows: { name: string; kind: PaymentKind; inputs: SagaInput[] }[] = [
    { name: 'P2P approved', kind: 'P2P', inputs: [risk('APPROVE'), transferred()] },
    { name: 'P2P reviewed', kind: 'P2P', inputs: [risk('REVIEW'), reserved(), review('APPROVE'), captured()] },
    { name: 'P2P declined', kind: 'P2P', inputs: [risk('DECLINE')] },
    { name: 'P2P unfunded', kind: 'P2P', inputs: [risk('APPROVE'), reservationFailed()] },
    { name: 'CONVERSION approved', kind: 'CONVERSION', inputs: [risk('APPROVE'), reserved(), captured()] },
    { name: 'CONVERSION reserved first', kind: 'CONVERSION', inputs: [reserved(), risk('APPROVE'), captured()] },
    { name: 'CONVERSION declined', kind: 'CONVERSION', inputs: [reserved(), risk('DECLINE'), released()] },
    { name: 'CONVERSION unfunded', kind: 'CONVERSION', inputs: [reservationFailed(), risk('APPROVE')] },
    { name: 'CONVERSION expired quote', kind: 'CONVERSION', inputs: [risk('APPROVE'), reserved(), captureFailed('QUOTE_EXPIRED'), released()] },
    { name: 'ADD_FUNDS', kind: 'ADD_FUNDS', inputs: [risk('APPROVE'), charged, credited] },
    { name: 'ADD_FUNDS reviewed then declined card', kind: 'ADD_FUNDS', inputs: [risk('REVIEW'), review('APPROVE'), chargeFailed()] },
  ];

  for (const flow of flows) {
    it(`when every event of "${flow.name}" is delivered twice in a row, then each copy changes nothing`, () => {
      const once = run(payment(flow.kind), flow.inputs);
      const r = run(payment(flow.kind));
      flow.inputs.forEach((input, i) => {
        feed(r, input, i + 1);
        const copy = feed(r, input, i + 1);
        expect(copy).toMatchObject({ changed: false, commands: [], steps: [] });
      });
      expect(types(r.commands)).toEqual(types(once.commands));
      expect(r.state.status).toBe(once.state.status);
    });

    it(`when any earlier event of "${flow.name}" is replayed at any later point, then it changes nothing`, () => {
      for (let upTo = 1; upTo <= flow.inputs.length; upTo++) {
        for (let replay = 0; replay < upTo; replay++) {
          const r = run(payment(flow.kind), flow.inputs.slice(0, upTo));
          const t = feed(r, flow.inputs[replay]!, 1_000);
          expect({ upTo, replay, changed: t.changed, commands: t.commands }).toEqual({ upTo, replay, changed: false, commands: [] });
        }
      }
    });
  }

  it('when any event arrives after COMPLETED, then nothing changes (a hold nobody asked for is only given back)', () => {
    for (const kind of ['P2P', 'ADD_FUNDS'] as const) {
      const r = run(payment(kind), kind === 'P2P' ? [risk('APPROVE'), transferred()] : [risk('APPROVE'), charged, credited]);
      expect(r.state.status).toBe('COMPLETED');
      for (const input of [...EVERY_INPUT, released(OTHER_HOLD)]) {
        const t = feed({ ...r }, input, RISK_MAX * 3);
        expect(t.state).toBe(r.state);
        if (kind === 'ADD_FUNDS' && input.type === 'FundsReserved') expect(types(t.commands)).toEqual(['FundsReleaseRequested']);
        else expect({ input: input.type, changed: t.changed }).toEqual({ input: input.type, changed: false });
      }
    }
  });

  it('when any event arrives after FAILED, then only a hold that appears is released; status and reason never change', () => {
    const failed = run(payment('P2P'), [risk('DECLINE')]);
    for (const input of EVERY_INPUT) {
      const copy: Run = { ...failed, commands: [], steps: [] };
      const t = feed(copy, input, 10);
      expect(t.state).toMatchObject({ status: 'FAILED', failureReason: 'RISK_DECLINED' });
      if (input.type === 'FundsReserved') expect(types(t.commands)).toEqual(['FundsReleaseRequested']);
      else expect({ input: input.type, changed: t.changed }).toEqual({ input: input.type, changed: false });
    }
  });
});

describe('any order of the events of a transfer (P2P and CONVERSION)', () => {
  /** Heap's algorithm: every ordering of the inputs. */
  function permutations<T>(items: T[]): T[][] {
    const result: T[][] = [];
    const a = [...items];
    const c = new Array(a.length).fill(0);
    result.push([...a]);
    let i = 0;
    while (i < a.length) {
      if (c[i] < i) {
        const j = i % 2 === 0 ? 0 : c[i];
        [a[j], a[i]] = [a[i]!, a[j]!];
        result.push([...a]);
        c[i]++;
        i = 0;
      } else {
        c[i] = 0;
        i++;
      }
    }
    return result;
  }

  // A hold reported before it was asked for is a stray one; P2P asks for a hold only on review, so the orders where
  // wallets reports our hold before that request cannot happen for it: those scenarios run for CONVERSION only.
  const scenarios: { name: string; kinds: PaymentKind[]; inputs: SagaInput[] }[] = [
    { name: 'approve / reserve / capture / expire', kinds: ['CONVERSION'], inputs: [risk('APPROVE'), reserved(), captured(), released(), tick] },
    { name: 'approve / transfer / refused / stray hold', kinds: ['P2P', 'CONVERSION'], inputs: [risk('APPROVE'), transferred(), reservationFailed(), reserved(OTHER_HOLD), tick] },
    { name: 'review / reserve / resolve / capture', kinds: ['CONVERSION'], inputs: [risk('REVIEW'), reserved(), review('APPROVE'), captured(), tick] },
    { name: 'decline / reserve / release / refused', kinds: ['P2P', 'CONVERSION'], inputs: [risk('DECLINE'), reserved(), released(), reservationFailed(), review('DECLINE')] },
    { name: 'review / unfunded / resolve / stray hold', kinds: ['P2P', 'CONVERSION'], inputs: [risk('REVIEW'), reservationFailed(), review('APPROVE'), reserved(OTHER_HOLD), captured()] },
  ];


  for (const scenario of scenarios) {
    it(`when "${scenario.name}" arrive in every possible order (each twice, ${scenario.kinds.join(' and ')}), then the saga's invariants hold`, () => {
      for (const [kind, order] of scenario.kinds.flatMap((k) => permutations(scenario.inputs).map((o) => [k, o] as const))) {
        const r = run(payment(kind));
        const statuses: string[] = [];
        order.forEach((input, i) => {
          feed(r, input, (i + 1) * 1_000);
          feed(r, input, (i + 1) * 1_000 + 1);
          statuses.push(r.state.status);
        });
        const kinds = types(r.commands);
        // One start, at most one end, never both ends.
        expect(count(r.commands, 'TransactionStarted')).toBe(1);
        expect(count(r.commands, 'TransactionCompleted') + count(r.commands, 'TransactionFailed')).toBeLessThanOrEqual(1);
        expect(count(r.commands, 'FundsCaptureRequested')).toBeLessThanOrEqual(1);
        // Money is asked to move once: one transfer, or one reservation then one capture — never both kinds.
        expect(count(r.commands, 'FundsTransferRequested')).toBeLessThanOrEqual(kind === 'P2P' ? 1 : 0);
        expect(count(r.commands, 'FundsReservationRequested')).toBeLessThanOrEqual(1);
        expect(count(r.commands, 'FundsTransferRequested') + count(r.commands, 'FundsReservationRequested')).toBeLessThanOrEqual(1);
        if (r.state.status === 'COMPLETED') expect(r.state.journalEntryId).toBe(JOURNAL);
        expect(count(r.commands, 'TransactionOnHold')).toBeLessThanOrEqual(1);
        // A terminal status never changes afterwards.
        const firstTerminal = statuses.findIndex((s) => isTerminal(s as never));
        if (firstTerminal >= 0) expect(new Set(statuses.slice(firstTerminal)).size).toBe(1);
        // COMPLETED only with money moved; capture only once approved and reserved.
        if (r.state.status === 'COMPLETED') expect(r.state.capture).toBe('SUCCEEDED');
        if (kinds.includes('FundsCaptureRequested')) expect(r.state.reservation).toBe('RESERVED');
        // A failed transaction keeps no hold: ours is released or asked back, a stray one always asked back.
        if (r.state.status === 'FAILED' && r.state.hold === 'ACTIVE') expect(r.state.release).toBe('REQUESTED');
        // Our hold is asked back at most once (a stray hold is not part of the state: each report of it asks again,
        // which wallets' idempotent release absorbs).
        const released = r.commands.filter((c) => c.type === 'FundsReleaseRequested').map((c) => (c.data as { holdId: string }).holdId);
        if (r.state.holdId) expect(released.filter((h) => h === r.state.holdId).length).toBeLessThanOrEqual(1);
        if (order.some((i) => i.type === 'FundsReserved' && i.holdId === OTHER_HOLD) && r.state.holdId !== OTHER_HOLD) {
          expect(released).toContain(OTHER_HOLD);
        }
        expectCatalogValid(r.commands);
      }
    });
  }
});
