import type { EventType } from '@paygraph/events';
import type { EventEnvelope } from '@paygraph/platform/events';
import { formatAmount } from '@paygraph/platform/money';

/**
 * What partners can subscribe to, as GraphQL names them (WebhookEventType) and as the delivery says them (`type` in
 * the body, the Paygraph-Event-Type header). Checkout events are not here: the backbone has none yet.
 */
export const WEBHOOK_EVENT_TYPES = {
  PAYMENT_COMPLETED: 'payment.completed',
  PAYMENT_FAILED: 'payment.failed',
  REFUND_COMPLETED: 'refund.completed',
  REFUND_FAILED: 'refund.failed',
  PAYOUT_PAID: 'payout.paid',
  PAYOUT_FAILED: 'payout.failed',
  PAYOUT_RETURNED: 'payout.returned',
} as const;
export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;
export const WEBHOOK_EVENT_TYPE_NAMES = Object.keys(WEBHOOK_EVENT_TYPES) as WebhookEventType[];

/** The backbone events the webhooks consumer is routed (packages/events/src/routing.ts). */
export const WEBHOOK_SOURCE_EVENTS = ['PaymentSettled', 'PaymentStatusChanged', 'RefundSettled', 'WithdrawalStatusChanged'] as const satisfies readonly EventType[];

/** One backbone event as partners see it: its type, whose it is (the users whose endpoints get it) and the object. */
export interface WebhookEvent {
  type: WebhookEventType;
  /** The users party to it; every enabled endpoint of theirs subscribed to `type` gets one delivery. */
  parties: string[];
  object: Record<string, unknown>;
}

const money = (m: { minor: string; currency: string }) => ({ amount: formatAmount(BigInt(m.minor), m.currency), currency: m.currency });
const unique = (ids: string[]) => [...new Set(ids)];

/**
 * The webhook event a backbone event is, or null. Pure: the body must be the same whenever it is built, and nothing
 * is asked of other services (as for notifications' texts, only what the event carries).
 */
export function webhookEventFor(event: EventEnvelope): WebhookEvent | null {
  switch (event.type) {
    case 'PaymentSettled': {
      const d = (event as EventEnvelope<'PaymentSettled'>).data;
      return {
        type: d.status === 'COMPLETED' ? 'PAYMENT_COMPLETED' : 'PAYMENT_FAILED',
        parties: unique([d.senderId, d.recipientId]),
        object: payment(d),
      };
    }
    case 'PaymentStatusChanged': {
      // Payments that waited (review, add funds, conversions). Refunds and withdrawals have events of their own.
      const d = (event as EventEnvelope<'PaymentStatusChanged'>).data;
      if (d.kind === 'REFUND' || d.kind === 'WITHDRAWAL') return null;
      if (d.status !== 'COMPLETED' && d.status !== 'FAILED') return null;
      return { type: d.status === 'COMPLETED' ? 'PAYMENT_COMPLETED' : 'PAYMENT_FAILED', parties: unique([d.senderId, d.recipientId]), object: payment(d) };
    }
    case 'RefundSettled': {
      const d = (event as EventEnvelope<'RefundSettled'>).data;
      return {
        type: d.status === 'COMPLETED' ? 'REFUND_COMPLETED' : 'REFUND_FAILED',
        parties: unique([d.senderId, d.recipientId]),
        object: {
          object: 'refund',
          id: d.refundId,
          paymentId: d.paymentId,
          status: d.status,
          failureReason: d.failureReason,
          amount: money(d.amount),
          refundedAmount: money(d.refundedAmount),
          senderId: d.senderId,
          recipientId: d.recipientId,
          reason: d.reason,
        },
      };
    }
    case 'WithdrawalStatusChanged': {
      const d = (event as EventEnvelope<'WithdrawalStatusChanged'>).data;
      const type = ({ PAID: 'PAYOUT_PAID', FAILED: 'PAYOUT_FAILED', RETURNED: 'PAYOUT_RETURNED' } as const)[d.status as 'PAID'];
      if (!type) return null;
      return {
        type,
        parties: [d.userId],
        object: {
          object: 'payout',
          id: d.withdrawalId,
          status: d.status,
          failureReason: d.failureReason,
          amount: money(d.amount),
          walletId: d.walletId,
          bankAccountId: d.bankAccountId,
          bankLast4: d.bankLast4,
          userId: d.userId,
        },
      };
    }
    default:
      return null;
  }
}

function payment(d: {
  paymentId: string;
  kind: string;
  status: string;
  failureReason: string | null;
  senderId: string;
  recipientId: string;
  amount: { minor: string; currency: string };
}) {
  return {
    object: 'payment',
    id: d.paymentId,
    kind: d.kind,
    status: d.status,
    failureReason: d.failureReason,
    amount: money(d.amount),
    senderId: d.senderId,
    recipientId: d.recipientId,
  };
}

/**
 * The exact bytes POSTed for one delivery, fixed when the delivery is created so that every retry and redelivery sends
 * the same body (only the signature's timestamp changes).
 */
export function deliveryBody(event: EventEnvelope, webhook: WebhookEvent, deliveryId: string): string {
  return JSON.stringify({
    id: event.id,
    type: WEBHOOK_EVENT_TYPES[webhook.type],
    createdAt: event.occurredAt,
    deliveryId,
    data: { object: webhook.object },
  });
}
