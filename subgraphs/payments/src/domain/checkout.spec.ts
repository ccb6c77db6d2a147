import { describe, expect, it } from '@jest/globals';
import { UserErrors } from '@paygraph/platform/errors';
import { newId } from '@paygraph/platform/ids';
import { isCurrency } from '@paygraph/platform/money';
import type { Checkout } from '../entities/checkout.entity.js';
import { checkoutFee, decideApprove, decideCapture, decideVoid, parseFixedFees, validateApproveCheckout, validateCreateCheckout } from './checkout.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserErrors) return error.list.map((e) => e.code).join(',');
    throw error;
  }
  return undefined;
};

const MERCHANT = newId('usr');
const BUYER = newId('usr');
const NOW = new Date('2026-12-04T12:00:00.000Z');

function checkout(over: Partial<Checkout> = {}): Checkout {
  return {
    id: newId('chk'),
    merchantId: MERCHANT,
    merchantAccountId: newId('acc'),
    reference: 'order-1',
    returnUrl: 'https://shop.example/',
    amount: 2_000n,
    currency: 'USD',
    captureMode: 'MANUAL',
    status: 'OPEN',
    feeBps: 290,
    feeFixed: 30n,
    buyerId: null,
    transactionId: null,
    paymentId: null,
    approvingSince: null,
    step: null,
    stepSince: null,
    fundingSource: null,
    cardId: null,
    pspToken: null,
    cardLast4: null,
    pspReference: null,
    holdId: null,
    authorizedAmount: null,
    authorizedAt: null,
    authorizationExpiresAt: null,
    capturedAmount: null,
    feeAmount: null,
    journalEntryId: null,
    closedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...over,
  } as Checkout;
}
const authorized = (over: Partial<Checkout> = {}) =>
  checkout({ status: 'AUTHORIZED', buyerId: BUYER, authorizedAmount: 2_000n, authorizationExpiresAt: new Date(NOW.getTime() + 1_000), holdId: newId('hld'), ...over });

describe('the checkout fee', () => {
  it('when the bps part has a half minor unit, then it rounds half up, and the fixed part is added', () => {
    expect(checkoutFee(1_500n, 290, 30n)).toBe(44n + 30n); // 43.5 → 44
    expect(checkoutFee(1_000n, 290, 30n)).toBe(29n + 30n);
    expect(checkoutFee(1_499n, 290, 0n)).toBe(43n); // 43.471 → 43
    expect(checkoutFee(1n, 5_000, 0n)).toBe(1n); // 0.5 → 1
    expect(checkoutFee(1n, 4_999, 0n)).toBe(0n);
  });
  it('when the fee would exceed the amount, then it is the amount (the merchant receives nothing, never less)', () => {
    expect(checkoutFee(20n, 290, 30n)).toBe(20n);
    expect(checkoutFee(10n ** 15n, 10_000, 0n)).toBe(10n ** 15n);
  });
  it('when there is no fee configured, then it is zero', () => {
    expect(checkoutFee(12_345n, 0, 0n)).toBe(0n);
  });
  it('when the fixed table is parsed, then unknown currencies and bad amounts are refused', () => {
    expect(parseFixedFees('USD=30, EUR=25', isCurrency)).toEqual({ USD: 30n, EUR: 25n });
    expect(parseFixedFees('', isCurrency)).toEqual({});
    expect(() => parseFixedFees('ZZZ=1', isCurrency)).toThrow();
    expect(() => parseFixedFees('USD=-1', isCurrency)).toThrow();
  });
});

describe('creating a checkout', () => {
  const input = { accountId: newId('acc'), amount: { amount: '10.00', currency: 'USD' }, reference: ' order-9 ', returnUrl: 'https://shop.example/r', idempotencyKey: 'k' };
  it('when the input is good, then it is normalised with AUTOMATIC capture by default', () => {
    expect(validateCreateCheckout(input)).toMatchObject({ money: { amount: 1_000n, currency: 'USD' }, reference: 'order-9', captureMode: 'AUTOMATIC' });
  });
  it('when several fields are bad, then every error is listed', () => {
    expect(codeOf(() => validateCreateCheckout({ ...input, accountId: 'x', reference: '', returnUrl: 'ftp://x', idempotencyKey: '' }))).toBe(
      'NOT_A_BUSINESS_ACCOUNT,INVALID_REFERENCE,INVALID_RETURN_URL,INVALID_IDEMPOTENCY_KEY',
    );
    expect(codeOf(() => validateCreateCheckout({ ...input, returnUrl: 'https://user:pw@shop.example/' }))).toBe('INVALID_RETURN_URL');
    expect(codeOf(() => validateCreateCheckout({ ...input, returnUrl: 'http://localhost:3000/done' }))).toBeUndefined();
  });
});

describe('choosing what pays an approval', () => {
  const checkoutId = newId('chk');
  it("when neither a wallet nor a card is named, then the buyer's wallet in the currency pays", () => {
    expect(validateApproveCheckout({ checkoutId })).toEqual({ checkoutId, funding: { source: 'WALLET', walletId: null } });
  });
  it('when a card is named, then the card pays', () => {
    const cardId = newId('fi');
    expect(validateApproveCheckout({ checkoutId, cardId, walletId: null })).toEqual({ checkoutId, funding: { source: 'CARD', cardId } });
  });
  it('when both are named or an id is malformed, then it is refused', () => {
    expect(codeOf(() => validateApproveCheckout({ checkoutId, cardId: newId('fi'), walletId: newId('wal') }))).toBe('INVALID_FUNDING_SOURCE');
    expect(codeOf(() => validateApproveCheckout({ checkoutId, cardId: 'card-1' }))).toBe('CARD_NOT_FOUND');
    expect(codeOf(() => validateApproveCheckout({ checkoutId, walletId: 'wallet-1' }))).toBe('WALLET_NOT_FOUND');
    expect(codeOf(() => validateApproveCheckout({ checkoutId: 'chk_x', cardId: newId('fi') }))).toBe('CHECKOUT_NOT_FOUND');
  });
});

describe('the state machine', () => {
  it('when a buyer approves, then an OPEN checkout starts, the same buyer joins or gets it back, anyone else is refused', () => {
    expect(decideApprove(checkout(), BUYER)).toBe('START');
    expect(decideApprove(checkout({ buyerId: BUYER, approvingSince: NOW }), BUYER)).toBe('JOIN');
    expect(decideApprove(authorized(), BUYER)).toBe('DONE');
    expect(codeOf(() => decideApprove(checkout({ buyerId: BUYER, approvingSince: NOW }), newId('usr')))).toBe('CHECKOUT_NOT_OPEN');
    expect(codeOf(() => decideApprove(authorized(), newId('usr')))).toBe('CHECKOUT_NOT_OPEN');
    expect(codeOf(() => decideApprove(checkout(), MERCHANT))).toBe('CANNOT_PAY_SELF');
    expect(codeOf(() => decideApprove(null, BUYER))).toBe('CHECKOUT_NOT_FOUND');
  });
  it('when the merchant captures, then only an AUTHORIZED one with nothing under way and within its amount and deadline', () => {
    const money = (minor: bigint) => ({ amount: minor, currency: 'USD' });
    expect(decideCapture(authorized(), MERCHANT, null, NOW)).toEqual({ action: 'START', amount: 2_000n });
    expect(decideCapture(authorized(), MERCHANT, money(500n), NOW)).toEqual({ action: 'START', amount: 500n });
    expect(decideCapture(authorized({ step: 'CAPTURE', capturedAmount: 500n }), MERCHANT, money(500n), NOW).action).toBe('JOIN');
    expect(decideCapture(authorized({ status: 'CAPTURED', capturedAmount: 500n }), MERCHANT, null, NOW).action).toBe('DONE');
    expect(codeOf(() => decideCapture(authorized({ step: 'VOID' }), MERCHANT, null, NOW))).toBe('CHECKOUT_NOT_AUTHORIZED');
    expect(codeOf(() => decideCapture(authorized({ step: 'CAPTURE', capturedAmount: 500n }), MERCHANT, money(600n), NOW))).toBe('CHECKOUT_NOT_AUTHORIZED');
    expect(codeOf(() => decideCapture(authorized(), MERCHANT, money(2_001n), NOW))).toBe('CAPTURE_EXCEEDS_AUTHORIZED');
    expect(codeOf(() => decideCapture(authorized(), MERCHANT, { amount: 1n, currency: 'EUR' }, NOW))).toBe('CURRENCY_MISMATCH');
    expect(codeOf(() => decideCapture(authorized({ authorizationExpiresAt: NOW }), MERCHANT, null, NOW))).toBe('AUTHORIZATION_EXPIRED');
    expect(codeOf(() => decideCapture(authorized(), BUYER, null, NOW))).toBe('CHECKOUT_NOT_ALLOWED');
    expect(codeOf(() => decideCapture(authorized(), newId('usr'), null, NOW))).toBe('CHECKOUT_NOT_FOUND');
    expect(codeOf(() => decideCapture(checkout({ captureMode: 'AUTOMATIC', status: 'CAPTURED', buyerId: BUYER }), MERCHANT, null, NOW))).toBe('CHECKOUT_NOT_AUTHORIZED');
  });
  it('when the merchant voids, then only an AUTHORIZED one with nothing under way; a repeat gets it back', () => {
    expect(decideVoid(authorized(), MERCHANT)).toBe('START');
    expect(decideVoid(authorized({ step: 'VOID' }), MERCHANT)).toBe('JOIN');
    expect(decideVoid(authorized({ status: 'VOIDED' }), MERCHANT)).toBe('DONE');
    expect(codeOf(() => decideVoid(authorized({ step: 'CAPTURE' }), MERCHANT))).toBe('CHECKOUT_NOT_AUTHORIZED');
    expect(codeOf(() => decideVoid(checkout(), MERCHANT))).toBe('CHECKOUT_NOT_AUTHORIZED');
    expect(codeOf(() => decideVoid(authorized({ status: 'EXPIRED' }), MERCHANT))).toBe('CHECKOUT_NOT_AUTHORIZED');
  });
});
