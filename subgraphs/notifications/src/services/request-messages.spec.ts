import { describe, expect, it } from '@jest/globals';
import type { EventData, EventType } from '@paygraph/events';
import type { EventEnvelope } from '@paygraph/platform/events';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { draftsFor } from './messages.js';

const REQUESTER = newId('usr');
const PAYER = newId('usr');
const REQUEST = newId('prq');
const at = '2026-12-04T12:00:00.000Z';

function envelope<T extends EventType>(type: T, data: EventData<T>): EventEnvelope<T> {
  return { id: uuidv7(), type, version: 1, source: 'payments', occurredAt: at, aggregateId: REQUEST, correlationId: null, causationId: null, data } as unknown as EventEnvelope<T>;
}

const updated = (status: EventData<'PaymentRequestUpdated'>['status'], paymentId: string | null = null) =>
  envelope('PaymentRequestUpdated', {
    requestId: REQUEST,
    requesterId: REQUESTER,
    payerId: PAYER,
    amount: { minor: '1250', currency: 'USD' },
    status,
    previousStatus: 'OPEN',
    paymentId,
    at,
  });

describe('PaymentRequestCreated', () => {
  it('when a request is made, then only the payer is notified, with the amount, the note and the expiry', () => {
    const event = envelope('PaymentRequestCreated', {
      requestId: REQUEST,
      requesterId: REQUESTER,
      payerId: PAYER,
      amount: { minor: '1250', currency: 'USD' },
      note: 'pizza',
      expiresAt: '2027-01-03T12:00:00.000Z',
      createdAt: at,
    });
    expect(draftsFor(event)).toEqual([
      {
        userId: PAYER,
        kind: 'PAYMENT_REQUEST_RECEIVED',
        title: 'Payment requested',
        body: 'A Paygraph user asked you for 12.50 USD: "pizza". The request is open until 2027-01-03T12:00:00.000Z.',
      },
    ]);
  });
});

describe('PaymentRequestUpdated', () => {
  it('when a request is paid, then the requester is notified, linked to the payment', () => {
    const paymentId = newId('pay');
    expect(draftsFor(updated('PAID', paymentId))).toEqual([
      { userId: REQUESTER, kind: 'PAYMENT_REQUEST_UPDATED', title: 'Payment request paid', body: 'Your request for 12.50 USD was paid.', paymentId },
    ]);
  });

  it('when it is declined, canceled or expires, then the requester is notified and the payer is not', () => {
    const titles = (['DECLINED', 'CANCELED', 'EXPIRED'] as const).map((s) => draftsFor(updated(s)));
    expect(titles.map((d) => d.map((n) => [n.userId, n.kind, n.title]))).toEqual([
      [[REQUESTER, 'PAYMENT_REQUEST_UPDATED', 'Payment request declined']],
      [[REQUESTER, 'PAYMENT_REQUEST_UPDATED', 'Payment request canceled']],
      [[REQUESTER, 'PAYMENT_REQUEST_UPDATED', 'Payment request expired']],
    ]);
  });
});
