import type { EventEnvelope } from '@paygraph/platform/events';
import type { EntityManager } from '@paygraph/platform/db';
import { errors } from '@paygraph/platform/errors';
import { isId } from '@paygraph/platform/ids';
import type { Identity } from '@paygraph/platform/identity';
import { userChannel, type RealtimeBus, type RealtimeMessage } from '@paygraph/platform/realtime';
import type { Logger } from '@paygraph/platform/logger';
import { Notification } from '../entities/notification.entity.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/** The Subscription root fields this subgraph feeds, and the messages that feed them. */
export const SUBSCRIPTION_FIELDS = ['notificationReceived', 'paymentUpdated', 'walletBalanceChanged'] as const;
export type SubscriptionField = (typeof SUBSCRIPTION_FIELDS)[number];

export const REPLAY_PAGE = 100;

/** Who owns a payment or a wallet, asked of its owner service (payments, wallets) when a subscription names one. */
export interface ParticipantDirectory {
  paymentParticipants(paymentId: string): Promise<{ senderId: string; recipientId: string } | null>;
  walletOwner(walletId: string): Promise<string | null>;
}

export interface SubscriptionTicket {
  channel: string;
  headSeq: number | null;
  replay: string[];
  hasMore: boolean;
}

/** The snapshot of a notification as the subgraph itself would answer it (what the gateway's primary fetch reads). */
export function notificationMessage(n: Notification, at: number): RealtimeMessage {
  return {
    field: 'notificationReceived',
    userId: n.userId,
    seq: n.seq,
    at,
    data: {
      __typename: 'Notification',
      id: n.id,
      cursor: encodeCursor(n.seq),
      kind: n.kind,
      title: n.title,
      body: n.body,
      readAt: n.readAt?.toISOString() ?? null,
      createdAt: n.createdAt.toISOString(),
      payment: n.paymentId ? { __typename: 'Payment', id: n.paymentId } : null,
      wallet: n.walletId ? { __typename: 'Wallet', id: n.walletId } : null,
    },
  };
}

const paymentMessage = (userId: string, paymentId: string, at: number, occurredAt: string): RealtimeMessage => ({
  field: 'paymentUpdated',
  userId,
  match: { paymentId },
  at,
  data: { __typename: 'PaymentUpdate', payment: { __typename: 'Payment', id: paymentId }, occurredAt },
});

const balanceMessage = (walletId: string, ownerId: string, occurredAt: string): RealtimeMessage => ({
  field: 'walletBalanceChanged',
  userId: ownerId,
  match: { walletId },
  at: Date.parse(occurredAt),
  data: { __typename: 'WalletBalanceChange', wallet: { __typename: 'Wallet', id: walletId }, occurredAt },
});

/** The messages one backbone event causes besides its notifications: payment status and wallet balance streams. */
export function streamMessages(event: EventEnvelope): RealtimeMessage[] {
  switch (event.type) {
    case 'PaymentInitiated':
    case 'PaymentStatusChanged': {
      const d = (event as EventEnvelope<'PaymentInitiated' | 'PaymentStatusChanged'>).data;
      const occurredAt = 'at' in d ? d.at : d.createdAt;
      const at = Date.parse(occurredAt);
      return [...new Set([d.senderId, d.recipientId])].map((userId) => paymentMessage(userId, d.paymentId, at, occurredAt));
    }
    case 'WalletBalanceChanged': {
      const d = (event as EventEnvelope<'WalletBalanceChanged'>).data;
      return [balanceMessage(d.walletId, d.ownerId, d.at)];
    }
    case 'PaymentSettled': {
      // One event for the whole payment: its update for both parties, and the balance of every wallet it moved.
      const d = (event as EventEnvelope<'PaymentSettled'>).data;
      const at = Date.parse(d.at);
      return [
        ...[...new Set([d.senderId, d.recipientId])].map((userId) => paymentMessage(userId, d.paymentId, at, d.at)),
        ...d.wallets.map((w) => balanceMessage(w.walletId, w.ownerId, d.at)),
      ];
    }
    case 'RefundSettled': {
      // The refund and the refunded payment (its status and refunded amount moved) for both parties, and the wallets.
      const d = (event as EventEnvelope<'RefundSettled'>).data;
      const at = Date.parse(d.at);
      const parties = [...new Set([d.senderId, d.recipientId])];
      return [
        ...parties.flatMap((userId) => [paymentMessage(userId, d.refundId, at, d.at), paymentMessage(userId, d.paymentId, at, d.at)]),
        ...d.wallets.map((w) => balanceMessage(w.walletId, w.ownerId, d.at)),
      ];
    }
    default:
      return [];
  }
}

/**
 * Publishes real-time messages to the viewers' channels and answers the gateway's subscription tickets. Publishing is
 * live only: the ordered stream (notifications) is repaired from the table by the gateway (`afterSeq`) when it sees a
 * gap or a client comes back with `since`; the other two carry no state of their own (the gateway reads the payment
 * or wallet when it delivers).
 */
export class RealtimeService {
  constructor(
    private readonly bus: RealtimeBus,
    private readonly channelPrefix: string,
    private readonly participants: ParticipantDirectory,
    private readonly logger: Logger,
  ) {}

  channelOf(userId: string): string {
    return userChannel(this.channelPrefix, userId);
  }

  /** Never throws: a message that cannot be published now is one the subscriber repairs or does not need. */
  async publish(messages: readonly RealtimeMessage[]): Promise<void> {
    await Promise.all(
      messages.map((m) =>
        this.bus.publish(this.channelOf(m.userId), JSON.stringify(m)).catch((err) => {
          this.logger.warn({ err, field: m.field }, 'real-time publish failed');
        }),
      ),
    );
  }

  /** The gateway opens a subscription for the viewer: arguments checked, channel named, missed messages returned. */
  async open(em: EntityManager, identity: Identity, field: string, argumentsJson: string, afterSeq: number | null): Promise<SubscriptionTicket> {
    const userId = identity.userId;
    if (!userId) throw errors.unauthenticated();
    let args: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(argumentsJson);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      args = parsed as Record<string, unknown>;
    } catch {
      throw errors.user('BAD_USER_INPUT', 'arguments must be a JSON object', 'arguments');
    }
    const channel = this.channelOf(userId);
    switch (field) {
      case 'notificationReceived': {
        const since = args.since;
        if (since !== undefined && since !== null && typeof since !== 'string') throw errors.user('BAD_USER_INPUT', 'Invalid cursor', 'since');
        const start = afterSeq ?? (typeof since === 'string' ? decodeCursor(since, 'since') : null);
        return this.replay(em, userId, channel, start);
      }
      case 'paymentUpdated': {
        const paymentId = optionalId(args.paymentId, 'pay', 'paymentId');
        if (paymentId) {
          const payment = await this.participants.paymentParticipants(paymentId);
          // Another user's payment is NOT_FOUND, as one that does not exist: a stranger cannot learn that it does.
          if (!payment || (payment.senderId !== userId && payment.recipientId !== userId)) throw errors.notFound('Payment');
        }
        return { channel, headSeq: null, replay: [], hasMore: false };
      }
      case 'walletBalanceChanged': {
        const walletId = optionalId(args.walletId, 'wal', 'walletId');
        if (walletId) {
          const owner = await this.participants.walletOwner(walletId);
          if (!owner || owner !== userId) throw errors.notFound('Wallet');
        }
        return { channel, headSeq: null, replay: [], hasMore: false };
      }
      default:
        throw errors.user('BAD_USER_INPUT', `Unknown subscription field ${field}`, 'field');
    }
  }

  /** The user's head seq now, and the notifications after `start` (null: none, live from the head) up to it. */
  private async replay(em: EntityManager, userId: string, channel: string, start: number | null): Promise<SubscriptionTicket> {
    const [counter] = await em.execute<{ last_seq: string }[]>('select last_seq from notification_counter where user_id = ?', [userId]);
    const headSeq = counter ? Number(counter.last_seq) : 0;
    if (start === null || start >= headSeq) return { channel, headSeq, replay: [], hasMore: false };
    const rows = await em.find(
      Notification,
      { userId, seq: { $gt: start, $lte: headSeq } },
      { orderBy: { seq: 'asc' }, limit: REPLAY_PAGE + 1 },
    );
    const page = rows.slice(0, REPLAY_PAGE);
    return {
      channel,
      headSeq,
      replay: page.map((n) => JSON.stringify(notificationMessage(n, n.createdAt.getTime()))),
      hasMore: rows.length > REPLAY_PAGE,
    };
  }
}

function optionalId(value: unknown, prefix: string, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !isId(prefix, value)) throw errors.user('BAD_USER_INPUT', `${field} is not a valid id`, field);
  return value;
}
