import { describe, expect, it } from '@jest/globals';
import { UserErrors } from '@paygraph/platform/errors';
import { requestHash } from './idempotency.js';
import {
  MAX_EXPIRY_DAYS,
  afterPayment,
  attemptKey,
  checkCommand,
  effectiveStatus,
  transition,
  validatePayRequest,
  validateRequestMoney,
  type Command,
  type RequestState,
} from './payment-request.js';

const REQUESTER = `usr_${'a'.repeat(32)}`;
const PAYER = `usr_${'b'.repeat(32)}`;
const OTHER = `usr_${'c'.repeat(32)}`;
const NOW = new Date('2026-12-04T12:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const request = (over: Partial<RequestState> = {}): RequestState => ({
  status: 'OPEN',
  requesterId: REQUESTER,
  payerId: PAYER,
  expiresAt: later(60_000),
  payingSince: null,
  ...over,
});
const codesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserErrors) return error.list.map((e) => e.code);
    throw error;
  }
  return [];
};
const input = (over: Record<string, unknown> = {}) => ({ from: PAYER, amount: { amount: '12.50', currency: 'USD' }, idempotencyKey: 'k-1', ...over });

describe('validateRequestMoney', () => {
  it('when the input is good, then the request is normalised with a 30-day default expiry', () => {
    const v = validateRequestMoney(REQUESTER, input({ note: '  dinner  ' }), NOW);
    expect(v).toMatchObject({ payerId: PAYER, money: { amount: 1250n, currency: 'USD' }, note: 'dinner', key: 'k-1' });
    expect(v.expiresAt.toISOString()).toBe('2027-01-03T12:00:00.000Z');
  });

  it('when the same request comes again later without an expiry, then its canonical form (and key hash) is the same', () => {
    const a = validateRequestMoney(REQUESTER, input(), NOW);
    const b = validateRequestMoney(REQUESTER, input(), later(5_000));
    expect(requestHash(a.canonical)).toBe(requestHash(b.canonical));
  });

  it('when the payer is the requester, unknown-shaped, or the amount, currency, note or key is bad, then every error is listed', () => {
    expect(codesOf(() => validateRequestMoney(REQUESTER, input({ from: REQUESTER }), NOW))).toEqual(['CANNOT_REQUEST_FROM_SELF']);
    expect(codesOf(() => validateRequestMoney(REQUESTER, input({ from: 'acc_1' }), NOW))).toEqual(['PAYER_NOT_FOUND']);
    expect(codesOf(() => validateRequestMoney(REQUESTER, input({ amount: { amount: '0.00', currency: 'USD' } }), NOW))).toEqual(['INVALID_AMOUNT']);
    expect(codesOf(() => validateRequestMoney(REQUESTER, input({ amount: { amount: '-1.00', currency: 'USD' } }), NOW))).toEqual(['INVALID_AMOUNT']);
    expect(codesOf(() => validateRequestMoney(REQUESTER, input({ amount: { amount: '1.00', currency: 'XXX' } }), NOW))).toEqual(['UNSUPPORTED_CURRENCY']);
    expect(
      codesOf(() => validateRequestMoney(REQUESTER, input({ from: REQUESTER, note: 'x'.repeat(281), idempotencyKey: '' }), NOW)),
    ).toEqual(['CANNOT_REQUEST_FROM_SELF', 'INVALID_NOTE', 'INVALID_IDEMPOTENCY_KEY']);
  });

  it('when expiresAt is in the past, now, beyond the horizon or not an instant, then INVALID_EXPIRY', () => {
    for (const expiresAt of [later(-1).toISOString(), NOW.toISOString(), later((MAX_EXPIRY_DAYS + 1) * 86_400_000).toISOString(), 'tomorrow', '2026-12-05']) {
      expect(codesOf(() => validateRequestMoney(REQUESTER, input({ expiresAt }), NOW))).toEqual(['INVALID_EXPIRY']);
    }
    expect(validateRequestMoney(REQUESTER, input({ expiresAt: later(1_000).toISOString() }), NOW).expiresAt).toEqual(later(1_000));
  });
});

describe('validatePayRequest', () => {
  it('when the id is not a request id or the key is bad, then REQUEST_NOT_FOUND and INVALID_IDEMPOTENCY_KEY', () => {
    expect(codesOf(() => validatePayRequest({ requestId: 'pay_1', idempotencyKey: '' }))).toEqual(['REQUEST_NOT_FOUND', 'INVALID_IDEMPOTENCY_KEY']);
  });
});

describe('effectiveStatus', () => {
  it('when an OPEN request is past its expiry with no payment under way, then it reads EXPIRED', () => {
    expect(effectiveStatus(request({ expiresAt: NOW }), NOW)).toBe('EXPIRED');
    expect(effectiveStatus(request(), NOW)).toBe('OPEN');
  });

  it('when its payment is under way (e.g. a fraud review), then it stays OPEN past its expiry', () => {
    expect(effectiveStatus(request({ expiresAt: later(-1), payingSince: later(-10) }), NOW)).toBe('OPEN');
  });

  it('when it is closed, then its stored status is what it reads, whatever the clock', () => {
    for (const status of ['PAID', 'DECLINED', 'CANCELED', 'EXPIRED'] as const) expect(effectiveStatus(request({ status, expiresAt: later(-1) }), NOW)).toBe(status);
  });
});

describe('checkCommand', () => {
  const ok: [Command, string][] = [
    ['PAY', PAYER],
    ['DECLINE', PAYER],
    ['CANCEL', REQUESTER],
  ];

  it('when the right party acts on an OPEN request, then it is allowed', () => {
    for (const [command, by] of ok) expect(codesOf(() => checkCommand(request(), command, by, NOW))).toEqual([]);
  });

  it('when a third party acts, or the request is unknown, then REQUEST_NOT_FOUND (it does not learn the request exists)', () => {
    for (const [command] of ok) {
      expect(codesOf(() => checkCommand(request(), command, OTHER, NOW))).toEqual(['REQUEST_NOT_FOUND']);
      expect(codesOf(() => checkCommand(null, command, PAYER, NOW))).toEqual(['REQUEST_NOT_FOUND']);
      // Even a closed request: nothing about its state leaks.
      expect(codesOf(() => checkCommand(request({ status: 'PAID' }), command, OTHER, NOW))).toEqual(['REQUEST_NOT_FOUND']);
    }
  });

  it('when the other party acts, then REQUEST_NOT_ALLOWED', () => {
    expect(codesOf(() => checkCommand(request(), 'PAY', REQUESTER, NOW))).toEqual(['REQUEST_NOT_ALLOWED']);
    expect(codesOf(() => checkCommand(request(), 'DECLINE', REQUESTER, NOW))).toEqual(['REQUEST_NOT_ALLOWED']);
    expect(codesOf(() => checkCommand(request(), 'CANCEL', PAYER, NOW))).toEqual(['REQUEST_NOT_ALLOWED']);
  });

  it('when the request is not OPEN, then every command is refused: REQUEST_NOT_OPEN, or REQUEST_EXPIRED', () => {
    for (const [command, by] of ok) {
      for (const status of ['PAID', 'DECLINED', 'CANCELED'] as const) expect(codesOf(() => checkCommand(request({ status }), command, by, NOW))).toEqual(['REQUEST_NOT_OPEN']);
      expect(codesOf(() => checkCommand(request({ status: 'EXPIRED' }), command, by, NOW))).toEqual(['REQUEST_EXPIRED']);
      // Past its expiry but not swept yet: expired all the same.
      expect(codesOf(() => checkCommand(request({ expiresAt: later(-1) }), command, by, NOW))).toEqual(['REQUEST_EXPIRED']);
    }
  });

  it('when a payment of it is under way, then paying joins it but declining and canceling wait', () => {
    const paying = request({ payingSince: later(-10) });
    expect(codesOf(() => checkCommand(paying, 'PAY', PAYER, NOW))).toEqual([]);
    expect(codesOf(() => checkCommand(paying, 'DECLINE', PAYER, NOW))).toEqual(['REQUEST_PAYMENT_IN_PROGRESS']);
    expect(codesOf(() => checkCommand(paying, 'CANCEL', REQUESTER, NOW))).toEqual(['REQUEST_PAYMENT_IN_PROGRESS']);
  });
});

describe('transition', () => {
  it('when a request is OPEN, then it may go to each outcome; from any outcome, to none', () => {
    const outcomes = ['PAID', 'DECLINED', 'CANCELED', 'EXPIRED'] as const;
    for (const to of outcomes) expect(transition('OPEN', to)).toBe(to);
    for (const from of outcomes) for (const to of outcomes) expect(() => transition(from, to)).toThrow(`cannot go from ${from} to ${to}`);
  });
});

describe('afterPayment', () => {
  it('when the payment COMPLETED the request is PAID; FAILED allows another attempt; anything else is still under way', () => {
    expect(afterPayment('COMPLETED')).toBe('PAID');
    expect(afterPayment('FAILED')).toBe('RETRY');
    for (const s of ['PENDING', 'PROCESSING', 'ON_HOLD'] as const) expect(afterPayment(s)).toBe('UNDER_WAY');
  });
});

describe('attemptKey', () => {
  it('when the attempt is the same, then the key is the same (concurrent payers share the payment); a new attempt gets a new key', () => {
    const id = `prq_${'d'.repeat(32)}`;
    expect(attemptKey(id, 0)).toBe(attemptKey(id, 0));
    expect(attemptKey(id, 1)).not.toBe(attemptKey(id, 0));
    expect(attemptKey(id, 12).length).toBeLessThanOrEqual(255);
  });
});
