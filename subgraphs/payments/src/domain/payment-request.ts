import { UserErrors } from '@paygraph/platform/errors';
import { isId } from '@paygraph/platform/ids';
import { parseMoney, type Money } from '@paygraph/platform/money';
import type { CanonicalRequest } from './idempotency.js';
import { Collector, checkKey, parseNote } from './payment-input.js';
import type { PaymentRequestStatus } from '../entities/payment-request.entity.js';
import type { PaymentStatus } from '../entities/payment.entity.js';

/**
 * The rules of payment requests, without I/O. A requester asks a payer for an amount; the request is OPEN until
 *   OPEN ── the payer's payment COMPLETED ──▶ PAID
 *   OPEN ── the payer declines ────────────▶ DECLINED
 *   OPEN ── the requester cancels ─────────▶ CANCELED
 *   OPEN ── expiresAt passes, unpaid ──────▶ EXPIRED   (on read at once; the expiry worker stores it)
 * Every other transition is refused. While a payment of it is under way (`payingSince`: from the moment a payer starts
 * paying until that payment COMPLETED or FAILED, fraud review included) it stays OPEN and cannot be declined, canceled
 * or expire: money may be moving. A FAILED payment leaves it OPEN, to be paid again.
 */
export const DEFAULT_EXPIRY_DAYS = 30;
export const MAX_EXPIRY_DAYS = 90;
const DAY_MS = 86_400_000;

export type RequestOutcome = Exclude<PaymentRequestStatus, 'OPEN'>;

export interface RequestMoneyInput {
  from: string;
  amount: { amount: string; currency: string };
  note?: string | null;
  expiresAt?: string | null;
  idempotencyKey: string;
}

export interface ValidRequestMoney {
  payerId: string;
  money: Money;
  note: string | null;
  expiresAt: Date;
  key: string;
  canonical: CanonicalRequest;
}

/** An ISO 8601 instant with an explicit offset (the DateTime scalar); null when it is not one. */
function parseInstant(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

export function validateRequestMoney(requesterId: string, input: RequestMoneyInput, now: Date): ValidRequestMoney {
  const c = new Collector();
  if (!isId('usr', input.from)) c.add('PAYER_NOT_FOUND', ['input', 'from'], 'No such user');
  else if (input.from === requesterId) c.add('CANNOT_REQUEST_FROM_SELF', ['input', 'from'], 'You cannot request money from yourself');
  const money = c.attempt(() => parseMoney(input.amount, 'input.amount'));
  const note = parseNote(c, input.note, 'note', 'INVALID_NOTE');
  let expiresAt: Date | null = new Date(now.getTime() + DEFAULT_EXPIRY_DAYS * DAY_MS);
  if (input.expiresAt !== null && input.expiresAt !== undefined) {
    expiresAt = parseInstant(input.expiresAt);
    if (!expiresAt) c.add('INVALID_EXPIRY', ['input', 'expiresAt'], 'Give an ISO 8601 instant such as 2026-12-31T23:59:59.000Z');
    else if (expiresAt.getTime() <= now.getTime()) c.add('INVALID_EXPIRY', ['input', 'expiresAt'], 'The expiry must be in the future');
    else if (expiresAt.getTime() > now.getTime() + MAX_EXPIRY_DAYS * DAY_MS) {
      c.add('INVALID_EXPIRY', ['input', 'expiresAt'], `A request can stay open at most ${MAX_EXPIRY_DAYS} days`);
    }
  }
  checkKey(c, input.idempotencyKey);
  c.done();
  return {
    payerId: input.from,
    money: money!,
    note,
    expiresAt: expiresAt!,
    key: input.idempotencyKey,
    canonical: {
      operation: 'requestMoney',
      fields: {
        from: input.from,
        amount: money!.amount.toString(),
        currency: money!.currency,
        note,
        // The default expiry depends on when the request came: a repeat must not differ by it.
        expiresAt: input.expiresAt ? expiresAt!.toISOString() : null,
      },
    },
  };
}

export interface ValidPayRequest {
  requestId: string;
  key: string;
  canonical: CanonicalRequest;
}

export function validatePayRequest(input: { requestId: string; idempotencyKey: string }): ValidPayRequest {
  const c = new Collector();
  if (!isId('prq', input.requestId)) c.add('REQUEST_NOT_FOUND', ['input', 'requestId'], 'No such payment request');
  checkKey(c, input.idempotencyKey);
  c.done();
  return { requestId: input.requestId, key: input.idempotencyKey, canonical: { operation: 'payRequest', fields: { requestId: input.requestId } } };
}

export function validateRequestId(input: { requestId: string }): string {
  if (!isId('prq', input.requestId)) throw notFound();
  return input.requestId;
}

export interface RequestState {
  status: PaymentRequestStatus;
  requesterId: string;
  payerId: string;
  expiresAt: Date;
  payingSince?: Date | null;
}

/** What a reader sees: an OPEN request past its expiry with no payment under way is EXPIRED before the worker stores it. */
export function effectiveStatus(r: Pick<RequestState, 'status' | 'expiresAt' | 'payingSince'>, now: Date): PaymentRequestStatus {
  return r.status === 'OPEN' && !r.payingSince && r.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : r.status;
}

/** A request's parties and the admins see it; to anyone else it does not exist. */
export function isParty(r: Pick<RequestState, 'requesterId' | 'payerId'>, userId: string): boolean {
  return r.requesterId === userId || r.payerId === userId;
}

export type Command = 'PAY' | 'DECLINE' | 'CANCEL';
const ACTOR: Record<Command, 'payerId' | 'requesterId'> = { PAY: 'payerId', DECLINE: 'payerId', CANCEL: 'requesterId' };
const VERB: Record<Command, string> = { PAY: 'pay', DECLINE: 'decline', CANCEL: 'cancel' };

const fail = (code: string, message: string): never => {
  throw new UserErrors([{ code, field: ['input', 'requestId'], message }]);
};
const notFound = () => new UserErrors([{ code: 'REQUEST_NOT_FOUND', field: ['input', 'requestId'], message: 'No such payment request' }]);

/**
 * Whether `userId` may run `command` on the request now. Refusals: REQUEST_NOT_FOUND (unknown, or not theirs: a third
 * party must not learn it exists), REQUEST_NOT_ALLOWED (the other party: only the payer pays or declines, only the
 * requester cancels), REQUEST_EXPIRED, REQUEST_NOT_OPEN (paid, declined or canceled already), REQUEST_PAYMENT_IN_PROGRESS
 * (decline or cancel while a payment of it is under way). PAY during a payment under way is allowed: it joins that
 * payment instead of starting another (services/payment-request.service.ts).
 */
export function checkCommand(r: RequestState | null, command: Command, userId: string, now: Date): void {
  if (!r || !isParty(r, userId)) throw notFound();
  if (r[ACTOR[command]] !== userId) {
    fail('REQUEST_NOT_ALLOWED', command === 'CANCEL' ? 'Only the requester can cancel a payment request' : `Only the payer can ${VERB[command]} a payment request`);
  }
  const status = effectiveStatus(r, now);
  if (status === 'EXPIRED') fail('REQUEST_EXPIRED', 'This payment request has expired');
  if (status !== 'OPEN') fail('REQUEST_NOT_OPEN', `This payment request is ${status.toLowerCase()} already`);
  if (command !== 'PAY' && r.payingSince) fail('REQUEST_PAYMENT_IN_PROGRESS', 'A payment of this request is under way');
}

/** The only transitions there are: from OPEN to each outcome. */
export function transition(from: PaymentRequestStatus, to: RequestOutcome): RequestOutcome {
  if (from !== 'OPEN') throw new Error(`payment request cannot go from ${from} to ${to}`);
  return to;
}

/** What a payment attempt's status means for its request: PAID, another attempt allowed, or still under way. */
export function afterPayment(status: PaymentStatus): 'PAID' | 'RETRY' | 'UNDER_WAY' {
  if (status === 'COMPLETED') return 'PAID';
  if (status === 'FAILED') return 'RETRY';
  return 'UNDER_WAY';
}

/**
 * The idempotency key (the payer's) of attempt `n` at paying a request: every payRequest of that attempt, whatever
 * the client's own key, lands on the same payment through sendMoney's idempotency, so concurrent payers pay once.
 */
export function attemptKey(requestId: string, attempt: number): string {
  return `payment-request:${requestId}:${attempt}`;
}
