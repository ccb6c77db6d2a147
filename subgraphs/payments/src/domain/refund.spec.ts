import { describe, expect, it } from '@jest/globals';
import { UserErrors } from '@paygraph/platform/errors';
import { requestHash } from './idempotency.js';
import { decideRefund, displayStatus, validateRefund } from './refund.js';

const PAYER = `usr_${'a'.repeat(32)}`;
const PAYEE = `usr_${'b'.repeat(32)}`;
const OTHER = `usr_${'c'.repeat(32)}`;
const payment = (over: Partial<Parameters<typeof decideRefund>[0] & object> = {}) => ({
  kind: 'P2P' as const,
  status: 'COMPLETED' as const,
  senderId: PAYER,
  recipientId: PAYEE,
  amount: 1000n,
  currency: 'USD',
  ...over,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserErrors) return error.list.map((e) => e.code);
    throw error;
  }
  return [];
};
const usd = (amount: bigint) => ({ money: { amount, currency: 'USD' } });

describe('decideRefund', () => {
  it('when the recipient asks for part of what is left, then that amount is refunded', () => {
    expect(decideRefund(payment(), PAYEE, usd(300n), 600n)).toBe(300n);
    expect(decideRefund(payment(), PAYEE, usd(400n), 600n)).toBe(400n);
  });

  it('when no amount is given, then all of what is left is refunded', () => {
    expect(decideRefund(payment(), PAYEE, { money: null }, 0n)).toBe(1000n);
    expect(decideRefund(payment(), PAYEE, { money: null }, 999n)).toBe(1n);
  });

  it('when it asks for more than is left, or nothing is left, then REFUND_EXCEEDS_REMAINING', () => {
    expect(codeOf(() => decideRefund(payment(), PAYEE, usd(401n), 600n))).toEqual(['REFUND_EXCEEDS_REMAINING']);
    expect(codeOf(() => decideRefund(payment(), PAYEE, { money: null }, 1000n))).toEqual(['REFUND_EXCEEDS_REMAINING']);
  });

  it.each(['PENDING', 'PROCESSING', 'ON_HOLD', 'FAILED'] as const)('when the payment is %s, then PAYMENT_NOT_REFUNDABLE', (status) => {
    expect(codeOf(() => decideRefund(payment({ status }), PAYEE, usd(1n), 0n))).toEqual(['PAYMENT_NOT_REFUNDABLE']);
  });

  it('when the sender asks, then REFUND_NOT_ALLOWED; a stranger or a missing payment, PAYMENT_NOT_FOUND', () => {
    expect(codeOf(() => decideRefund(payment(), PAYER, usd(1n), 0n))).toEqual(['REFUND_NOT_ALLOWED']);
    expect(codeOf(() => decideRefund(payment(), OTHER, usd(1n), 0n))).toEqual(['PAYMENT_NOT_FOUND']);
    expect(codeOf(() => decideRefund(null, PAYEE, usd(1n), 0n))).toEqual(['PAYMENT_NOT_FOUND']);
  });

  it.each(['ADD_FUNDS', 'CONVERSION', 'WITHDRAWAL', 'REFUND'] as const)('when the payment is %s, then REFUND_NOT_ALLOWED', (kind) => {
    expect(codeOf(() => decideRefund(payment({ kind, recipientId: PAYEE }), PAYEE, usd(1n), 0n))).toEqual(['REFUND_NOT_ALLOWED']);
  });

  it('when the currency differs, then CURRENCY_MISMATCH', () => {
    expect(codeOf(() => decideRefund(payment(), PAYEE, { money: { amount: 1n, currency: 'EUR' } }, 0n))).toEqual(['CURRENCY_MISMATCH']);
  });
});

describe('displayStatus', () => {
  it('shows a completed payment as partly or wholly refunded from its refunded amount, anything else as stored', () => {
    expect(displayStatus({ status: 'COMPLETED', amount: 1000n, refundedAmount: 0n })).toBe('COMPLETED');
    expect(displayStatus({ status: 'COMPLETED', amount: 1000n, refundedAmount: 1n })).toBe('PARTIALLY_REFUNDED');
    expect(displayStatus({ status: 'COMPLETED', amount: 1000n, refundedAmount: 1000n })).toBe('REFUNDED');
    expect(displayStatus({ status: 'FAILED', amount: 1000n, refundedAmount: 0n })).toBe('FAILED');
  });
});

describe('validateRefund', () => {
  const input = { paymentId: `pay_${'d'.repeat(32)}`, amount: { amount: '1.50', currency: 'USD' }, reason: '  damaged  ', idempotencyKey: 'k1' };

  it('when the same request comes again, then it hashes the same; another amount, reason or payment hashes differently', () => {
    const hash = (i: typeof input | Record<string, unknown>) => requestHash(validateRefund(i as typeof input).canonical);
    expect(validateRefund(input)).toMatchObject({ money: { amount: 150n, currency: 'USD' }, reason: 'damaged' });
    expect(hash({ ...input, reason: 'damaged' })).toBe(hash(input));
    expect(hash({ ...input, idempotencyKey: 'k2' })).toBe(hash(input));
    expect(new Set([hash(input), hash({ ...input, amount: null }), hash({ ...input, reason: null }), hash({ ...input, paymentId: `pay_${'e'.repeat(32)}` })]).size).toBe(4);
  });

  it('when everything is wrong, then every error is listed at its field', () => {
    expect(codeOf(() => validateRefund({ paymentId: 'x', amount: { amount: '-1', currency: 'USD' }, reason: '\u202e', idempotencyKey: '' }))).toEqual([
      'PAYMENT_NOT_FOUND',
      'INVALID_AMOUNT',
      'INVALID_REASON',
      'INVALID_IDEMPOTENCY_KEY',
    ]);
  });
});
