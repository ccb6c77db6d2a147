import type { EventData, EventType } from '@paygraph/events';
import type { EventEnvelope } from '@paygraph/platform/events';
import { formatAmount } from '@paygraph/platform/money';
import type { NotificationKind } from '../entities/notification.entity.js';

/** One notification to create for one user from one event. */
export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  paymentId?: string | null;
  walletId?: string | null;
  /** A link for the email only, sealed by users (see MAILED_TOKEN_KINDS): never in the title or body. */
  sealedLink?: string | null;
}

type Money = { minor: string; currency: string };
const amount = (m: Money) => `${formatAmount(BigInt(m.minor), m.currency)} ${m.currency}`;

const FAILURE_TEXT: Record<string, string> = {
  INSUFFICIENT_FUNDS: 'there were not enough funds in your wallet',
  CARD_DECLINED: 'your card was declined',
  RISK_DECLINED: 'it did not pass our security checks',
  QUOTE_EXPIRED: 'the exchange rate quote expired',
  LIMIT_EXCEEDED: 'it is above your limits',
  WALLET_NOT_FOUND: 'the wallet was not found',
  PSP_ERROR: 'the card processor had a problem',
  TIMED_OUT: 'it took too long to complete',
};

/**
 * Payment texts name the amount but not the other party: notifications only has ids and makes no cross-service reads
 * while consuming (a client that wants names selects `payment { sender { displayName } }`).
 */
function paymentStatusChanged(d: EventData<'PaymentStatusChanged'>): NotificationDraft[] {
  const link = { paymentId: d.paymentId };
  const money = amount(d.amount);
  switch (d.status) {
    case 'COMPLETED':
      switch (d.kind) {
        case 'ADD_FUNDS':
          return [{ userId: d.recipientId, kind: 'PAYMENT_RECEIVED', title: 'Funds added', body: `${money} was added to your wallet.`, ...link }];
        case 'CONVERSION':
          return [{ userId: d.senderId, kind: 'PAYMENT_SENT', title: 'Conversion completed', body: `You converted ${money}.`, ...link }];
        case 'WITHDRAWAL':
          return [{ userId: d.senderId, kind: 'PAYMENT_SENT', title: 'Withdrawal completed', body: `You withdrew ${money}.`, ...link }];
        default:
          return [
            { userId: d.senderId, kind: 'PAYMENT_SENT', title: 'Payment sent', body: `You sent ${money} to a Paygraph user.`, ...link },
            { userId: d.recipientId, kind: 'PAYMENT_RECEIVED', title: 'Payment received', body: `You received ${money}.`, ...link },
          ];
      }
    case 'FAILED': {
      const why = d.failureReason ? FAILURE_TEXT[d.failureReason] : undefined;
      const body = `Your payment of ${money} could not be completed${why ? ` because ${why}` : ''}. No money was moved.`;
      return [{ userId: d.senderId, kind: 'PAYMENT_FAILED', title: 'Payment failed', body, ...link }];
    }
    case 'ON_HOLD':
      return [
        {
          userId: d.senderId,
          kind: 'PAYMENT_ON_HOLD',
          title: 'Payment under review',
          body: `Your payment of ${money} is being reviewed. We will let you know when it is done.`,
          ...link,
        },
      ];
    default:
      // PENDING and PROCESSING are the normal course of a payment: not worth a notification.
      return [];
  }
}

const KYC_TEXT = {
  VERIFIED: ['Identity verified', 'Your identity is verified: higher limits apply from now on.'],
  REJECTED: ['Identity verification unsuccessful', 'We could not verify your identity. You can try again with other documents.'],
  PENDING: ['Identity verification in progress', 'We received your documents and are checking them.'],
  UNVERIFIED: ['Identity verification reset', 'Your identity is no longer verified; the standard limits apply.'],
} as const;

const WITHDRAWAL_FAILURE_TEXT: Record<string, string> = {
  INSUFFICIENT_FUNDS: 'the bank reported insufficient funds',
  ACCOUNT_CLOSED: 'the bank account is closed',
  NO_ACCOUNT: 'the bank could not find the account',
  RAIL_ERROR: 'the bank transfer could not be made',
};

/** Every step of a withdrawal is its owner's notification (linked to the wallet the money left). */
function withdrawalStatusChanged(d: EventData<'WithdrawalStatusChanged'>): NotificationDraft[] {
  const money = amount(d.amount);
  const to = `your bank account ending in ${d.bankLast4}`;
  const why = d.failureReason ? WITHDRAWAL_FAILURE_TEXT[d.failureReason] : undefined;
  const base = { userId: d.userId, walletId: d.walletId };
  switch (d.status) {
    case 'PENDING':
      return [{ ...base, kind: 'PAYMENT_SENT', title: 'Withdrawal requested', body: `${money} is set aside in your wallet for ${to}.` }];
    case 'IN_TRANSIT':
      return [{ ...base, kind: 'PAYMENT_SENT', title: 'Withdrawal on its way', body: `${money} is on its way to ${to}.` }];
    case 'PAID':
      return [{ ...base, kind: 'PAYMENT_SENT', title: 'Withdrawal paid', body: `${money} was paid to ${to}.` }];
    case 'FAILED':
      return [
        { ...base, kind: 'PAYMENT_FAILED', title: 'Withdrawal failed', body: `Your withdrawal of ${money} to ${to} failed${why ? ` because ${why}` : ''}. The money stays in your wallet.` },
      ];
    case 'RETURNED':
      return [
        { ...base, kind: 'PAYMENT_FAILED', title: 'Withdrawal returned', body: `Your withdrawal of ${money} to ${to} was returned${why ? ` because ${why}` : ''}. The money is back in your wallet.` },
      ];
  }
}

/**
 * A payment request: its payer hears that they were asked, its requester how it ended (paid, declined, canceled — by
 * themself, still worth the record — or expired). A paid one links to the payment that paid it.
 */
function paymentRequestCreated(d: EventData<'PaymentRequestCreated'>): NotificationDraft[] {
  const note = d.note ? `: "${d.note}".` : '.';
  return [
    {
      userId: d.payerId,
      kind: 'PAYMENT_REQUEST_RECEIVED',
      title: 'Payment requested',
      body: `A Paygraph user asked you for ${amount(d.amount)}${note} The request is open until ${d.expiresAt}.`,
    },
  ];
}

const REQUEST_OUTCOME = {
  PAID: ['Payment request paid', (m: string) => `Your request for ${m} was paid.`],
  DECLINED: ['Payment request declined', (m: string) => `Your request for ${m} was declined.`],
  CANCELED: ['Payment request canceled', (m: string) => `You canceled your request for ${m}.`],
  EXPIRED: ['Payment request expired', (m: string) => `Your request for ${m} expired unpaid.`],
} as const;

function paymentRequestUpdated(d: EventData<'PaymentRequestUpdated'>): NotificationDraft[] {
  const [title, body] = REQUEST_OUTCOME[d.status];
  return [{ userId: d.requesterId, kind: 'PAYMENT_REQUEST_UPDATED', title, body: body(amount(d.amount)), paymentId: d.paymentId }];
}

function settlementBatchClosed(d: EventData<'SettlementBatchClosed'>): NotificationDraft[] {
  const items = `${d.itemCount} item${d.itemCount === 1 ? '' : 's'}`;
  return [
    {
      userId: d.merchantId,
      kind: 'SETTLEMENT_BATCH_CLOSED',
      title: `Settlement for ${d.businessDate}`,
      body: `Your ${d.businessDate} settlement is closed: sales ${amount(d.gross)}, fees ${amount(d.fees)}, refunds ${amount(d.refunds)}, net ${amount(d.net)} (${items}).`,
    },
  ];
}

const where = (ip: string | null) => (ip ? ` from ${ip}` : '');

/** The notifications one event makes (empty for events that make none, such as WalletBalanceChanged). */
export function draftsFor(event: EventEnvelope<EventType>): NotificationDraft[] {
  switch (event.type) {
    case 'PaymentStatusChanged':
      return paymentStatusChanged(event.data as EventData<'PaymentStatusChanged'>);
    case 'PaymentSettled': {
      // A P2P payment settled in the request: the same texts as its saga's final status change would give.
      const d = event.data as EventData<'PaymentSettled'>;
      return paymentStatusChanged({ ...d, previousStatus: 'PENDING' });
    }
    case 'RefundSettled': {
      const d = event.data as EventData<'RefundSettled'>;
      const link = { paymentId: d.refundId };
      const money = amount(d.amount);
      if (d.status === 'COMPLETED') {
        return [
          { userId: d.senderId, kind: 'PAYMENT_SENT', title: 'Refund sent', body: `You refunded ${money}.`, ...link },
          { userId: d.recipientId, kind: 'PAYMENT_RECEIVED', title: 'Refund received', body: `You received a refund of ${money}.`, ...link },
        ];
      }
      // Nothing moved: only the one who tried to refund has something to do (the payer never knew of it).
      const why = d.failureReason ? FAILURE_TEXT[d.failureReason] : undefined;
      const body = `Your refund of ${money} could not be completed${why ? ` because ${why}` : ''}. No money was moved.`;
      return [{ userId: d.senderId, kind: 'PAYMENT_FAILED', title: 'Refund failed', body, ...link }];
    }
    case 'WithdrawalStatusChanged':
      return withdrawalStatusChanged(event.data as EventData<'WithdrawalStatusChanged'>);
    case 'PaymentRequestCreated':
      return paymentRequestCreated(event.data as EventData<'PaymentRequestCreated'>);
    case 'PaymentRequestUpdated':
      return paymentRequestUpdated(event.data as EventData<'PaymentRequestUpdated'>);
    case 'SettlementBatchClosed':
      return settlementBatchClosed(event.data as EventData<'SettlementBatchClosed'>);
    case 'KycStatusChanged': {
      const d = event.data as EventData<'KycStatusChanged'>;
      const [title, body] = KYC_TEXT[d.status];
      return [{ userId: d.userId, kind: 'KYC_UPDATED', title, body }];
    }
    case 'UserLoggedIn': {
      const d = event.data as EventData<'UserLoggedIn'>;
      return [
        {
          userId: d.userId,
          kind: 'NEW_LOGIN',
          title: 'New sign-in to your account',
          body: `Someone signed in to your account${where(d.ip)} at ${d.at}. If this was not you, change your password now.`,
        },
      ];
    }
    case 'RefreshTokenReuseDetected': {
      const d = event.data as EventData<'RefreshTokenReuseDetected'>;
      return [
        {
          userId: d.userId,
          kind: 'SESSION_REVOKED',
          title: 'We signed you out for your security',
          body: `An old sign-in token was used again${where(d.ip)}, so we ended that session everywhere. Sign in again; if you did not expect this, change your password.`,
        },
      ];
    }
    case 'EmailVerificationRequested': {
      const d = event.data as EventData<'EmailVerificationRequested'>;
      return [
        {
          userId: d.userId,
          kind: 'EMAIL_VERIFICATION',
          title: 'Confirm your email address',
          body: `We emailed you a link to confirm your address. It works once, until ${d.expiresAt}.`,
          sealedLink: d.sealedLink,
        },
      ];
    }
    case 'PasswordResetRequested': {
      const d = event.data as EventData<'PasswordResetRequested'>;
      return [
        {
          userId: d.userId,
          kind: 'PASSWORD_RESET',
          title: 'Password reset requested',
          body: `Someone asked to reset your password${where(d.ip)}. We emailed you a link that works once, until ${d.expiresAt}. If this was not you, ignore it: your password stays as it is.`,
          sealedLink: d.sealedLink,
        },
      ];
    }
    case 'PasswordChanged': {
      const d = event.data as EventData<'PasswordChanged'>;
      return [
        {
          userId: d.userId,
          kind: 'PASSWORD_CHANGED',
          title: 'Your password was changed',
          body: `Your password was reset${where(d.ip)} at ${d.at} and every sign-in was ended. If this was not you, reset it again now and contact us.`,
        },
      ];
    }
    case 'TwoFactorChanged': {
      const d = event.data as EventData<'TwoFactorChanged'>;
      return [
        {
          userId: d.userId,
          kind: 'TWO_FACTOR_CHANGED',
          title: d.enabled ? 'Two-factor sign-in is on' : 'Two-factor sign-in is off',
          body: d.enabled
            ? `Signing in to your account now needs a code from your authenticator app (turned on${where(d.ip)} at ${d.at}). If this was not you, contact us now.`
            : d.via === 'OPERATOR_RESET'
              ? `Our support team turned off two-factor sign-in at ${d.at}, as you asked after losing your authenticator app, and signed you out everywhere. Sign in with your password and turn it on again. If you did not ask for this, contact us now.`
              : `Signing in no longer needs a code from your authenticator app (turned off${where(d.ip)} at ${d.at}${d.via === 'RECOVERY_CODE' ? ', with a recovery code' : ''}). If this was not you, change your password and turn it on again.`,
        },
      ];
    }
    case 'FundingInstrumentLinked': {
      const d = event.data as EventData<'FundingInstrumentLinked'>;
      const what = d.kind === 'CARD' ? `${d.brand ? `${d.brand} ` : ''}card` : 'bank account';
      return [
        {
          userId: d.userId,
          kind: 'FUNDING_INSTRUMENT_LINKED',
          title: d.kind === 'CARD' ? 'Card linked' : 'Bank account linked',
          body: `A ${what} ending in ${d.last4} was linked to your account. If this was not you, remove it and contact us.`,
        },
      ];
    }
    default:
      return [];
  }
}
