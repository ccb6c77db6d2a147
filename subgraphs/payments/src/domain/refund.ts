import { UserErrors } from '@paygraph/platform/errors';
import { isId } from '@paygraph/platform/ids';
import { parseMoney, type Money } from '@paygraph/platform/money';
import type { CanonicalRequest } from './idempotency.js';
import { Collector, checkKey, parseNote, present } from './payment-input.js';
import type { Payment, PaymentStatus } from '../entities/payment.entity.js';

/**
 * The rules of refunds, without I/O. A refund returns money of a COMPLETED payment from the one who received it to the
 * one who paid: a payment of kind REFUND whose sender is the refunded payment's recipient and whose recipient is its
 * payer, in its currency. Several partial refunds may follow each other; what they reserve (COMPLETED and PENDING
 * ones: a PENDING refund may still move its money) never exceeds the payment.
 */

/**
 * Kinds whose recipient may refund them: a merchant checkout's merchant is its recipient. A checkout paid from the
 * buyer's wallet refunds to it like a P2P payment (the gross amount; the fee is not returned to the merchant).
 */
export const REFUNDABLE_KINDS = ['P2P', 'CHECKOUT'] as const satisfies readonly Payment['kind'][];

export interface RefundPaymentInput {
  paymentId: string;
  amount?: { amount: string; currency: string } | null;
  reason?: string | null;
  idempotencyKey: string;
}

export interface ValidRefund {
  paymentId: string;
  /** null: all of what is left. */
  money: Money | null;
  reason: string | null;
  key: string;
  canonical: CanonicalRequest;
}

export function validateRefund(input: RefundPaymentInput): ValidRefund {
  const c = new Collector();
  if (!isId('pay', input.paymentId)) c.add('PAYMENT_NOT_FOUND', ['input', 'paymentId'], 'No such payment');
  const money = input.amount ? c.attempt(() => parseMoney(input.amount!, 'input.amount')) : null;
  const reason = parseNote(c, input.reason, 'reason', 'INVALID_REASON');
  checkKey(c, input.idempotencyKey);
  c.done();
  return {
    paymentId: input.paymentId,
    money: money ?? null,
    reason,
    key: input.idempotencyKey,
    canonical: {
      operation: 'refundPayment',
      fields: {
        paymentId: input.paymentId,
        amount: money ? money.amount.toString() : null,
        currency: money ? money.currency : null,
        reason,
      },
    },
  };
}

/**
 * Decides a refund of `payment` asked by `userId`, given what its earlier refunds reserve (`reserved`, minor units):
 * the amount to refund, or the user errors. The caller holds the payment's row lock, so `reserved` cannot change
 * until the refund it creates is committed.
 */
export function decideRefund(
  payment: Pick<Payment, 'kind' | 'status' | 'senderId' | 'recipientId' | 'amount' | 'currency'> | null,
  userId: string,
  req: Pick<ValidRefund, 'money'>,
  reserved: bigint,
): bigint {
  const fail = (code: string, field: string[], message: string): never => {
    throw new UserErrors([{ code, field, message }]);
  };
  // Someone who took no part in it does not learn that it exists.
  if (!payment || (payment.senderId !== userId && payment.recipientId !== userId)) fail('PAYMENT_NOT_FOUND', ['input', 'paymentId'], 'No such payment');
  const p = payment!;
  if (!(REFUNDABLE_KINDS as readonly string[]).includes(p.kind)) {
    fail('REFUND_NOT_ALLOWED', ['input', 'paymentId'], 'Only payments received from another user can be refunded');
  }
  if (p.recipientId !== userId) fail('REFUND_NOT_ALLOWED', ['input', 'paymentId'], 'Only the recipient of a payment can refund it');
  if (p.status !== 'COMPLETED') fail('PAYMENT_NOT_REFUNDABLE', ['input', 'paymentId'], `A ${p.status} payment cannot be refunded; only a completed one`);
  const remaining = p.amount - reserved;
  if (req.money && req.money.currency !== p.currency) {
    fail('CURRENCY_MISMATCH', ['input', 'amount', 'currency'], `The payment is in ${p.currency}; refund it in ${p.currency}`);
  }
  if (remaining <= 0n) fail('REFUND_EXCEEDS_REMAINING', ['input', 'amount'], 'This payment has been refunded in full already');
  const amount = req.money?.amount ?? remaining;
  if (amount > remaining) fail('REFUND_EXCEEDS_REMAINING', ['input', 'amount', 'amount'], 'That is more than is left to refund of this payment');
  return amount;
}

/** The status a client sees: a COMPLETED payment that refunds returned money of shows how much of it. */
export function displayStatus(payment: Pick<Payment, 'status' | 'amount' | 'refundedAmount'>): PaymentStatus | 'PARTIALLY_REFUNDED' | 'REFUNDED' {
  if (payment.status !== 'COMPLETED' || payment.refundedAmount <= 0n) return payment.status;
  return payment.refundedAmount >= payment.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}
