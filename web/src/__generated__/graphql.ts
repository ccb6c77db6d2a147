/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** All given conditions must hold; a list matches any of its values. */
export type ActivityFilter = {
  /** Created at or after this instant. */
  createdAfter?: string | null | undefined;
  /** Created strictly before this instant. */
  createdBefore?: string | null | undefined;
  /** ISO 4217 code: movements in that currency (for CONVERSION: from or into it). */
  currency?: string | null | undefined;
  kinds?: Array<PaymentKind> | null | undefined;
  statuses?: Array<PaymentStatus> | null | undefined;
};

/** walletId: the viewer's wallet to credit; when absent, the viewer's wallet in amount.currency (opened if needed). */
export type AddFundsInput = {
  amount: MoneyInput;
  awaitCompletion?: boolean | null | undefined;
  fundingInstrumentId: string | number;
  idempotencyKey: string;
  walletId?: string | number | null | undefined;
};

export type ConvertCurrencyInput = {
  awaitCompletion?: boolean | null | undefined;
  idempotencyKey: string;
  quoteId: string | number;
};

export type Direction =
  | 'IN'
  | 'OUT';

export type FundingInstrumentKind =
  | 'BANK_ACCOUNT'
  | 'CARD';

/** The quote converts sourceAmount of sourceCurrency from the viewer's wallet into targetCurrency. */
export type FxQuoteInput = {
  sourceAmount: string;
  sourceCurrency: string;
  targetCurrency: string;
};

export type KycStatus =
  | 'PENDING'
  | 'REJECTED'
  | 'UNVERIFIED'
  | 'VERIFIED';

export type KycTier =
  | 'UNVERIFIED'
  | 'VERIFIED';

export type LinkCardInput = {
  cvc: string;
  expMonth: number;
  expYear: number;
  holderName?: string | null | undefined;
  number: string;
};

export type LoginInput = {
  email: string;
  password: string;
  /** Instead of `totpCode`: one of the recovery codes confirmTotp answered (`xxxxx-xxxxx`); it works once. */
  recoveryCode?: string | null | undefined;
  /** The 6-digit code of the authenticator app: needed when two-factor sign-in is on. */
  totpCode?: string | null | undefined;
};

export type LogoutInput = {
  refreshToken: string;
};

export type MarkNotificationsReadInput = {
  all?: boolean | null | undefined;
  /** At most 100 ids. */
  ids?: Array<string | number> | null | undefined;
};

export type MoneyInput = {
  amount: string;
  currency: string;
};

export type NotificationKind =
  /** A verification link was emailed to the viewer (the link is in the email only). */
  | 'EMAIL_VERIFICATION'
  | 'FUNDING_INSTRUMENT_LINKED'
  | 'KYC_UPDATED'
  | 'NEW_LOGIN'
  /** The viewer's password was reset and every session ended (security). */
  | 'PASSWORD_CHANGED'
  /** A password reset link was emailed to the viewer (the link is in the email only). */
  | 'PASSWORD_RESET'
  | 'PAYMENT_FAILED'
  | 'PAYMENT_ON_HOLD'
  | 'PAYMENT_RECEIVED'
  /** Someone asked the viewer for money (a PaymentRequest they can pay or decline). */
  | 'PAYMENT_REQUEST_RECEIVED'
  /** A payment request of the viewer's was paid, declined, canceled or expired. */
  | 'PAYMENT_REQUEST_UPDATED'
  | 'PAYMENT_SENT'
  | 'SESSION_REVOKED'
  /** A day's settlement batch of one of the viewer's business accounts was closed (gross, fees, refunds, net). */
  | 'SETTLEMENT_BATCH_CLOSED'
  /** Two-factor sign-in (TOTP) was turned on or off for the viewer (security). */
  | 'TWO_FACTOR_CHANGED';

export type OpenWalletInput = {
  currency: string;
};

export type PaymentFailureReason =
  | 'CARD_DECLINED'
  | 'INSUFFICIENT_FUNDS'
  | 'LIMIT_EXCEEDED'
  | 'PSP_ERROR'
  | 'QUOTE_EXPIRED'
  | 'RISK_DECLINED'
  | 'TIMED_OUT'
  | 'WALLET_NOT_FOUND';

export type PaymentKind =
  | 'ADD_FUNDS'
  /** A buyer paying a merchant's checkout (the merchant is its recipient; the fee is on the Checkout). */
  | 'CHECKOUT'
  | 'CONVERSION'
  | 'P2P'
  | 'REFUND'
  | 'WITHDRAWAL';

/**
 * PENDING → PROCESSING → COMPLETED / FAILED, or ON_HOLD (parked for review) on the way. COMPLETED and FAILED are final
 * for the money movement (a Transaction ends there). A COMPLETED payment then shows PARTIALLY_REFUNDED once refunds
 * returned part of it and REFUNDED once they returned all of it (each refund is a payment of kind REFUND of its own).
 */
export type PaymentStatus =
  | 'COMPLETED'
  | 'FAILED'
  | 'ON_HOLD'
  | 'PARTIALLY_REFUNDED'
  | 'PENDING'
  | 'PROCESSING'
  | 'REFUNDED';

export type RefreshSessionInput = {
  refreshToken: string;
};

export type RegisterInput = {
  displayName: string;
  email: string;
  password: string;
};

export type RiskDecision =
  | 'APPROVE'
  | 'DECLINE'
  | 'REVIEW';

/** Exactly one of recipientEmail / recipientId. note: at most 280 characters. idempotencyKey: 1-255 printable ASCII characters. */
export type SendMoneyInput = {
  amount: MoneyInput;
  awaitCompletion?: boolean | null | undefined;
  idempotencyKey: string;
  note?: string | null | undefined;
  recipientEmail?: string | null | undefined;
  recipientId?: string | number | null | undefined;
};

export type StepStatus =
  | 'FAILED'
  | 'PENDING'
  | 'SKIPPED'
  | 'SUCCEEDED';

/** dateOfBirth: YYYY-MM-DD; country: ISO 3166-1 alpha-2. */
export type SubmitKycInput = {
  addressLine1: string;
  city: string;
  country: string;
  dateOfBirth: string;
  documentNumber: string;
  legalName: string;
  postalCode: string;
};

export type ConsoleActivityQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ActivityFilter | null | undefined;
}>;


export type ConsoleActivityQuery = { me: { id: string, activity: { edges: Array<{ cursor: string, node: { id: string, kind: PaymentKind, status: PaymentStatus, direction: Direction, failureReason: PaymentFailureReason | null, createdAt: string, amount: { amount: string, currency: string }, targetAmount: { amount: string, currency: string } | null, counterparty: { id: string, displayName: string } | null, payment: { id: string, note: string | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ConsolePaymentQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsolePaymentQuery = { payment: { id: string, kind: PaymentKind, status: PaymentStatus, failureReason: PaymentFailureReason | null, note: string | null, createdAt: string, updatedAt: string, amount: { amount: string, currency: string }, sender: { id: string, displayName: string }, recipient: { id: string, displayName: string }, risk: { score: number, decision: RiskDecision } | null, transaction: { id: string, status: PaymentStatus, direction: Direction, targetAmount: { amount: string, currency: string } | null, steps: Array<{ name: string, status: StepStatus, at: string }> } | null } | null };

export type ConsolePaymentProgressSubscriptionVariables = Exact<{
  paymentId: string | number;
}>;


export type ConsolePaymentProgressSubscription = { paymentUpdated: { occurredAt: string, payment: { id: string, status: PaymentStatus, failureReason: PaymentFailureReason | null, risk: { score: number, decision: RiskDecision } | null, transaction: { id: string, status: PaymentStatus, steps: Array<{ name: string, status: StepStatus, at: string }> } | null } } };

export type ConsoleBalanceHistoryQueryVariables = Exact<{
  walletId: string | number;
  t0: string;
  t1: string;
  t2: string;
  t3: string;
  t4: string;
  t5: string;
  t6: string;
  t7: string;
  t8: string;
  t9: string;
  t10: string;
  t11: string;
}>;


export type ConsoleBalanceHistoryQuery = { wallet: { id: string, currency: string, createdAt: string, b0: { amount: string }, b1: { amount: string }, b2: { amount: string }, b3: { amount: string }, b4: { amount: string }, b5: { amount: string }, b6: { amount: string }, b7: { amount: string }, b8: { amount: string }, b9: { amount: string }, b10: { amount: string }, b11: { amount: string } } | null };

export type ConsoleNotificationsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleNotificationsQuery = { me: { id: string, notifications: { edges: Array<{ cursor: string, node: { id: string, kind: NotificationKind, title: string, body: string, readAt: string | null, createdAt: string, payment: { id: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, unread: { edges: Array<{ node: { id: string } }>, pageInfo: { hasNextPage: boolean } } } | null };

export type ConsoleMarkNotificationsReadMutationVariables = Exact<{
  input: MarkNotificationsReadInput;
}>;


export type ConsoleMarkNotificationsReadMutation = { markNotificationsRead: { count: number, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type ConsoleNotificationFeedSubscriptionVariables = Exact<{
  since?: string | null | undefined;
}>;


export type ConsoleNotificationFeedSubscription = { notificationReceived: { cursor: string, id: string, kind: NotificationKind, title: string, body: string, readAt: string | null, createdAt: string, payment: { id: string } | null } };

export type RegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type RegisterMutation = { register: { accessToken: string | null, refreshToken: string | null, expiresIn: number | null, user: { id: string, email: string | null, displayName: string } | null, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { accessToken: string | null, refreshToken: string | null, expiresIn: number | null, user: { id: string } | null, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type RefreshSessionMutationVariables = Exact<{
  input: RefreshSessionInput;
}>;


export type RefreshSessionMutation = { refreshSession: { accessToken: string | null, refreshToken: string | null, expiresIn: number | null, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type LogoutMutationVariables = Exact<{
  input: LogoutInput;
}>;


export type LogoutMutation = { logout: { ok: boolean, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string | null, displayName: string, kyc: { status: KycStatus, tier: KycTier }, fundingInstruments: Array<{ id: string, kind: FundingInstrumentKind, last4: string }>, wallets: Array<{ id: string, currency: string, balance: { amount: string, currency: string }, available: { amount: string, currency: string }, held: { amount: string, currency: string } }> } | null };

export type SubmitKycMutationVariables = Exact<{
  input: SubmitKycInput;
}>;


export type SubmitKycMutation = { submitKyc: { kyc: { status: KycStatus, tier: KycTier } | null, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type LinkCardMutationVariables = Exact<{
  input: LinkCardInput;
}>;


export type LinkCardMutation = { linkCard: { fundingInstrument: { id: string, kind: FundingInstrumentKind, last4: string } | null, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type OpenWalletMutationVariables = Exact<{
  input: OpenWalletInput;
}>;


export type OpenWalletMutation = { openWallet: { wallet: { id: string, currency: string, balance: { amount: string, currency: string } } | null, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type AddFundsMutationVariables = Exact<{
  input: AddFundsInput;
}>;


export type AddFundsMutation = { addFunds: { payment: { id: string, status: PaymentStatus, amount: { amount: string, currency: string } } | null, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type SendMoneyMutationVariables = Exact<{
  input: SendMoneyInput;
}>;


export type SendMoneyMutation = { sendMoney: { payment: { id: string, status: PaymentStatus, amount: { amount: string, currency: string }, sender: { id: string, displayName: string }, recipient: { id: string, displayName: string } } | null, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type PaymentQueryVariables = Exact<{
  id: string | number;
}>;


export type PaymentQuery = { payment: { id: string, kind: PaymentKind, status: PaymentStatus, failureReason: PaymentFailureReason | null, amount: { amount: string, currency: string }, risk: { score: number, decision: RiskDecision } | null, transaction: { id: string, status: PaymentStatus, steps: Array<{ name: string, status: StepStatus, at: string }> } | null } | null };

export type FxQuoteQueryVariables = Exact<{
  input: FxQuoteInput;
}>;


export type FxQuoteQuery = { fxQuote: { id: string, rate: string, expiresAt: string, sourceAmount: { amount: string, currency: string }, targetAmount: { amount: string, currency: string } } | null };

export type ConvertCurrencyMutationVariables = Exact<{
  input: ConvertCurrencyInput;
}>;


export type ConvertCurrencyMutation = { convertCurrency: { payment: { id: string, status: PaymentStatus, amount: { amount: string, currency: string } } | null, userErrors: Array<{ code: string, field: Array<string> | null, message: string }> } };

export type ActivityQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ActivityQuery = { me: { activity: { edges: Array<{ cursor: string, node: { id: string, kind: PaymentKind, status: PaymentStatus, direction: Direction, createdAt: string, amount: { amount: string, currency: string }, counterparty: { id: string, displayName: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type NotificationsSubscriptionVariables = Exact<{
  since?: string | null | undefined;
}>;


export type NotificationsSubscription = { notificationReceived: { cursor: string, id: string, kind: NotificationKind, title: string, createdAt: string, payment: { id: string, status: PaymentStatus, amount: { amount: string, currency: string }, sender: { displayName: string } } | null } };

export type PaymentUpdatesSubscriptionVariables = Exact<{
  paymentId?: string | number | null | undefined;
}>;


export type PaymentUpdatesSubscription = { paymentUpdated: { payment: { id: string, status: PaymentStatus, amount: { amount: string, currency: string }, risk: { decision: RiskDecision } | null } } };

export type WalletBalanceSubscriptionVariables = Exact<{
  walletId?: string | number | null | undefined;
}>;


export type WalletBalanceSubscription = { walletBalanceChanged: { wallet: { id: string, currency: string, balance: { amount: string, currency: string }, available: { amount: string, currency: string } } } };

export type NotificationHistoryQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type NotificationHistoryQuery = { me: { notifications: { edges: Array<{ cursor: string, node: { id: string, kind: NotificationKind, title: string, readAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ConsoleActivityDocument = new TypedDocumentString(`
    query ConsoleActivity($first: Int, $after: String, $filter: ActivityFilter) {
  me {
    id
    activity(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          kind
          status
          direction
          failureReason
          amount {
            amount
            currency
          }
          targetAmount {
            amount
            currency
          }
          counterparty {
            id
            displayName
          }
          payment {
            id
            note
          }
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleActivityQuery, ConsoleActivityQueryVariables>;
export const ConsolePaymentDocument = new TypedDocumentString(`
    query ConsolePayment($id: ID!) {
  payment(id: $id) {
    id
    kind
    status
    failureReason
    note
    amount {
      amount
      currency
    }
    sender {
      id
      displayName
    }
    recipient {
      id
      displayName
    }
    risk {
      score
      decision
    }
    createdAt
    updatedAt
    transaction {
      id
      status
      direction
      targetAmount {
        amount
        currency
      }
      steps {
        name
        status
        at
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsolePaymentQuery, ConsolePaymentQueryVariables>;
export const ConsolePaymentProgressDocument = new TypedDocumentString(`
    subscription ConsolePaymentProgress($paymentId: ID!) {
  paymentUpdated(paymentId: $paymentId) {
    occurredAt
    payment {
      id
      status
      failureReason
      risk {
        score
        decision
      }
      transaction {
        id
        status
        steps {
          name
          status
          at
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsolePaymentProgressSubscription, ConsolePaymentProgressSubscriptionVariables>;
export const ConsoleBalanceHistoryDocument = new TypedDocumentString(`
    query ConsoleBalanceHistory($walletId: ID!, $t0: DateTime!, $t1: DateTime!, $t2: DateTime!, $t3: DateTime!, $t4: DateTime!, $t5: DateTime!, $t6: DateTime!, $t7: DateTime!, $t8: DateTime!, $t9: DateTime!, $t10: DateTime!, $t11: DateTime!) {
  wallet(id: $walletId) {
    id
    currency
    createdAt
    b0: balanceAt(at: $t0) {
      amount
    }
    b1: balanceAt(at: $t1) {
      amount
    }
    b2: balanceAt(at: $t2) {
      amount
    }
    b3: balanceAt(at: $t3) {
      amount
    }
    b4: balanceAt(at: $t4) {
      amount
    }
    b5: balanceAt(at: $t5) {
      amount
    }
    b6: balanceAt(at: $t6) {
      amount
    }
    b7: balanceAt(at: $t7) {
      amount
    }
    b8: balanceAt(at: $t8) {
      amount
    }
    b9: balanceAt(at: $t9) {
      amount
    }
    b10: balanceAt(at: $t10) {
      amount
    }
    b11: balanceAt(at: $t11) {
      amount
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleBalanceHistoryQuery, ConsoleBalanceHistoryQueryVariables>;
export const ConsoleNotificationsDocument = new TypedDocumentString(`
    query ConsoleNotifications($first: Int, $after: String) {
  me {
    id
    notifications(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          kind
          title
          body
          readAt
          createdAt
          payment {
            id
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    unread: notifications(first: 100, unread: true) {
      edges {
        node {
          id
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleNotificationsQuery, ConsoleNotificationsQueryVariables>;
export const ConsoleMarkNotificationsReadDocument = new TypedDocumentString(`
    mutation ConsoleMarkNotificationsRead($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) {
    count
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleMarkNotificationsReadMutation, ConsoleMarkNotificationsReadMutationVariables>;
export const ConsoleNotificationFeedDocument = new TypedDocumentString(`
    subscription ConsoleNotificationFeed($since: String) {
  notificationReceived(since: $since) {
    cursor
    id
    kind
    title
    body
    readAt
    createdAt
    payment {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleNotificationFeedSubscription, ConsoleNotificationFeedSubscriptionVariables>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($input: RegisterInput!) {
  register(input: $input) {
    user {
      id
      email
      displayName
    }
    accessToken
    refreshToken
    expiresIn
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($input: LoginInput!) {
  login(input: $input) {
    user {
      id
    }
    accessToken
    refreshToken
    expiresIn
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const RefreshSessionDocument = new TypedDocumentString(`
    mutation RefreshSession($input: RefreshSessionInput!) {
  refreshSession(input: $input) {
    accessToken
    refreshToken
    expiresIn
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RefreshSessionMutation, RefreshSessionMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout($input: LogoutInput!) {
  logout(input: $input) {
    ok
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    email
    displayName
    kyc {
      status
      tier
    }
    fundingInstruments {
      id
      kind
      last4
    }
    wallets {
      id
      currency
      balance {
        amount
        currency
      }
      available {
        amount
        currency
      }
      held {
        amount
        currency
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const SubmitKycDocument = new TypedDocumentString(`
    mutation SubmitKyc($input: SubmitKycInput!) {
  submitKyc(input: $input) {
    kyc {
      status
      tier
    }
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SubmitKycMutation, SubmitKycMutationVariables>;
export const LinkCardDocument = new TypedDocumentString(`
    mutation LinkCard($input: LinkCardInput!) {
  linkCard(input: $input) {
    fundingInstrument {
      id
      kind
      last4
    }
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<LinkCardMutation, LinkCardMutationVariables>;
export const OpenWalletDocument = new TypedDocumentString(`
    mutation OpenWallet($input: OpenWalletInput!) {
  openWallet(input: $input) {
    wallet {
      id
      currency
      balance {
        amount
        currency
      }
    }
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<OpenWalletMutation, OpenWalletMutationVariables>;
export const AddFundsDocument = new TypedDocumentString(`
    mutation AddFunds($input: AddFundsInput!) {
  addFunds(input: $input) {
    payment {
      id
      status
      amount {
        amount
        currency
      }
    }
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AddFundsMutation, AddFundsMutationVariables>;
export const SendMoneyDocument = new TypedDocumentString(`
    mutation SendMoney($input: SendMoneyInput!) {
  sendMoney(input: $input) {
    payment {
      id
      status
      amount {
        amount
        currency
      }
      sender {
        id
        displayName
      }
      recipient {
        id
        displayName
      }
    }
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SendMoneyMutation, SendMoneyMutationVariables>;
export const PaymentDocument = new TypedDocumentString(`
    query Payment($id: ID!) {
  payment(id: $id) {
    id
    kind
    status
    failureReason
    amount {
      amount
      currency
    }
    risk {
      score
      decision
    }
    transaction {
      id
      status
      steps {
        name
        status
        at
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PaymentQuery, PaymentQueryVariables>;
export const FxQuoteDocument = new TypedDocumentString(`
    query FxQuote($input: FxQuoteInput!) {
  fxQuote(input: $input) {
    id
    rate
    sourceAmount {
      amount
      currency
    }
    targetAmount {
      amount
      currency
    }
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<FxQuoteQuery, FxQuoteQueryVariables>;
export const ConvertCurrencyDocument = new TypedDocumentString(`
    mutation ConvertCurrency($input: ConvertCurrencyInput!) {
  convertCurrency(input: $input) {
    payment {
      id
      status
      amount {
        amount
        currency
      }
    }
    userErrors {
      code
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ConvertCurrencyMutation, ConvertCurrencyMutationVariables>;
export const ActivityDocument = new TypedDocumentString(`
    query Activity($first: Int, $after: String) {
  me {
    activity(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          kind
          status
          direction
          amount {
            amount
            currency
          }
          counterparty {
            id
            displayName
          }
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ActivityQuery, ActivityQueryVariables>;
export const NotificationsDocument = new TypedDocumentString(`
    subscription Notifications($since: String) {
  notificationReceived(since: $since) {
    cursor
    id
    kind
    title
    createdAt
    payment {
      id
      status
      amount {
        amount
        currency
      }
      sender {
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NotificationsSubscription, NotificationsSubscriptionVariables>;
export const PaymentUpdatesDocument = new TypedDocumentString(`
    subscription PaymentUpdates($paymentId: ID) {
  paymentUpdated(paymentId: $paymentId) {
    payment {
      id
      status
      amount {
        amount
        currency
      }
      risk {
        decision
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PaymentUpdatesSubscription, PaymentUpdatesSubscriptionVariables>;
export const WalletBalanceDocument = new TypedDocumentString(`
    subscription WalletBalance($walletId: ID) {
  walletBalanceChanged(walletId: $walletId) {
    wallet {
      id
      currency
      balance {
        amount
        currency
      }
      available {
        amount
        currency
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WalletBalanceSubscription, WalletBalanceSubscriptionVariables>;
export const NotificationHistoryDocument = new TypedDocumentString(`
    query NotificationHistory($first: Int, $after: String) {
  me {
    notifications(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          kind
          title
          readAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NotificationHistoryQuery, NotificationHistoryQueryVariables>;