import { describe, expect, it } from '@jest/globals';
import type { EventData } from '@paygraph/events';
import type { EventEnvelope } from '@paygraph/platform/events';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { draftsFor } from './messages.js';
import { streamMessages } from './realtime.service.js';

function refundSettled(over: Partial<EventData<'RefundSettled'>> = {}): EventEnvelope<'RefundSettled'> {
  const senderId = newId('usr');
  const recipientId = newId('usr');
  const data: EventData<'RefundSettled'> = {
    refundId: newId('pay'),
    transactionId: newId('txn'),
    paymentId: newId('pay'),
    status: 'COMPLETED',
    failureReason: null,
    senderId,
    recipientId,
    amount: { minor: '500', currency: 'USD' },
    reason: null,
    journalEntryId: newId('jnl'),
    refundedAmount: { minor: '500', currency: 'USD' },
    paymentAmount: { minor: '1000', currency: 'USD' },
    wallets: [
      { walletId: newId('wal'), ownerId: senderId },
      { walletId: newId('wal'), ownerId: recipientId },
    ],
    createdAt: new Date().toISOString(),
    at: new Date().toISOString(),
    ...over,
  };
  return { id: uuidv7(), type: 'RefundSettled', version: 1, source: 'payments', occurredAt: data.at, aggregateId: data.refundId, correlationId: null, causationId: null, data } as unknown as EventEnvelope<'RefundSettled'>;
}

describe('RefundSettled', () => {
  it('when a refund completes, then the refunder and the payer each get a notification linked to the refund', () => {
    const event = refundSettled();
    expect(draftsFor(event)).toEqual([
      { userId: event.data.senderId, kind: 'PAYMENT_SENT', title: 'Refund sent', body: 'You refunded 5.00 USD.', paymentId: event.data.refundId },
      { userId: event.data.recipientId, kind: 'PAYMENT_RECEIVED', title: 'Refund received', body: 'You received a refund of 5.00 USD.', paymentId: event.data.refundId },
    ]);
  });

  it('when a refund fails, then only the refunder is told, with the reason, and that nothing moved', () => {
    const event = refundSettled({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS', journalEntryId: null, wallets: [] });
    expect(draftsFor(event)).toEqual([
      {
        userId: event.data.senderId,
        kind: 'PAYMENT_FAILED',
        title: 'Refund failed',
        body: 'Your refund of 5.00 USD could not be completed because there were not enough funds in your wallet. No money was moved.',
        paymentId: event.data.refundId,
      },
    ]);
  });

  it('then both parties get updates of the refund and of the refunded payment, and each moved wallet its balance', () => {
    const event = refundSettled();
    const messages = streamMessages(event as unknown as EventEnvelope);
    const updates = messages.filter((m) => m.field === 'paymentUpdated').map((m) => `${m.userId}:${JSON.stringify(m.match)}`);
    for (const userId of [event.data.senderId, event.data.recipientId]) {
      for (const paymentId of [event.data.refundId, event.data.paymentId]) expect(updates.some((u) => u.startsWith(userId) && u.includes(paymentId))).toBe(true);
    }
    expect(messages.filter((m) => m.field === 'walletBalanceChanged').map((m) => m.userId)).toEqual([event.data.senderId, event.data.recipientId]);
  });
});
