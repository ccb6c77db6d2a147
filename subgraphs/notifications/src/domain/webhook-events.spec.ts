import { describe, expect, it } from '@jest/globals';
import type { EventData, EventType } from '@paygraph/events';
import type { EventEnvelope } from '@paygraph/platform/events';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { deliveryBody, webhookEventFor } from './webhook-events.js';
import { deliveryIdFor, signatureHeader } from './webhook-signature.js';

const envelope = <T extends EventType>(type: T, data: EventData<T>): EventEnvelope<T> => ({
  id: uuidv7(), type, version: 1, source: 'payments', occurredAt: '2026-12-04T10:00:00.000Z', aggregateId: 'x', correlationId: 'c', causationId: null, trace: {}, data,
});

const status = (over: Partial<EventData<'PaymentStatusChanged'>>) =>
  envelope('PaymentStatusChanged', {
    paymentId: newId('pay'), kind: 'ADD_FUNDS', status: 'COMPLETED', previousStatus: 'PROCESSING', failureReason: null,
    senderId: newId('usr'), recipientId: newId('usr'), amount: { minor: '1234', currency: 'USD' }, at: '2026-12-04T10:00:00.000Z', ...over,
  });

describe('webhook events', () => {
  it('when a saga payment ends, then COMPLETED and FAILED are payment events of both parties; other statuses, refunds and withdrawals are not', () => {
    const done = webhookEventFor(status({}))!;
    expect(done.type).toBe('PAYMENT_COMPLETED');
    expect(done.object).toMatchObject({ object: 'payment', amount: { amount: '12.34', currency: 'USD' } });
    expect(webhookEventFor(status({ status: 'FAILED', failureReason: 'CARD_DECLINED' }))!.type).toBe('PAYMENT_FAILED');
    expect(webhookEventFor(status({ status: 'ON_HOLD' }))).toBeNull();
    expect(webhookEventFor(status({ kind: 'REFUND' }))).toBeNull();
    expect(webhookEventFor(status({ kind: 'WITHDRAWAL' }))).toBeNull();
  });

  it('when a withdrawal is paid, failed or returned, then it is a payout event of its owner; its earlier steps are not', () => {
    const w = (s: 'PAID' | 'FAILED' | 'RETURNED' | 'IN_TRANSIT') =>
      envelope('WithdrawalStatusChanged', {
        withdrawalId: newId('wdr'), transactionId: newId('txn'), userId: newId('usr'), walletId: newId('wal'), bankAccountId: newId('fi'),
        bankLast4: '6789', amount: { minor: '500', currency: 'EUR' }, status: s, previousStatus: null, failureReason: null, journalEntryId: null,
        at: '2026-12-04T10:00:00.000Z',
      });
    expect(['PAID', 'FAILED', 'RETURNED', 'IN_TRANSIT'].map((s) => webhookEventFor(w(s as 'PAID'))?.type ?? null)).toEqual(['PAYOUT_PAID', 'PAYOUT_FAILED', 'PAYOUT_RETURNED', null]);
  });

  it('when a body is built twice, then it is the same bytes; the delivery id depends on endpoint and event only', () => {
    const event = status({});
    const webhook = webhookEventFor(event)!;
    const id = deliveryIdFor('whe_1', event.id);
    expect(id).toBe(deliveryIdFor('whe_1', event.id));
    expect(id).not.toBe(deliveryIdFor('whe_2', event.id));
    expect(deliveryBody(event, webhook, id)).toBe(deliveryBody(event, webhook, id));
    expect(JSON.parse(deliveryBody(event, webhook, id))).toMatchObject({ id: event.id, type: 'payment.completed', deliveryId: id });
  });

  it('when signed with two secrets, then the header carries one v1 per secret over "<t>.<body>"', () => {
    const header = signatureHeader('{"a":1}', ['s1', 's2'], new Date(1_764_820_000_123));
    expect(header).toMatch(/^t=1764820000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
  });
});
