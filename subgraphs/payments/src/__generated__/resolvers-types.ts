import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Withdrawal as WithdrawalEntity } from '../entities/withdrawal.entity.js';
import type { Payment as PaymentEntity } from '../entities/payment.entity.js';
import type { PaymentRequest as PaymentRequestEntity } from '../entities/payment-request.entity.js';
import type { Checkout as CheckoutEntity } from '../entities/checkout.entity.js';
import type { BatchRow, ItemRow } from '../repositories/settlement-batch.repository.js';
import type { AccountRef } from '../resolvers/Account.js';
import type { UserRef } from '../resolvers/User.js';
import type { PaymentsContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant, ISO 8601 in UTC with milliseconds: `2026-11-26T10:00:00.000Z`. */
  DateTime: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Account = {
  __typename?: 'Account';
  /** A business account's checkouts, newest first, optionally of one status and created in [createdAfter, createdBefore). Its owner and admins see them; for anyone else the list is empty. */
  checkouts: CheckoutConnection;
  id: Scalars['ID']['output'];
  /** A business account's settlement batches, newest day first. Its owner and admins see them; for anyone else the list is empty. */
  settlementBatches: SettlementBatchConnection;
};


export type AccountCheckoutsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<CheckoutStatus>;
};


export type AccountSettlementBatchesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** walletId: the viewer's wallet to credit; when absent, the viewer's wallet in amount.currency (opened if needed). */
export type AddFundsInput = {
  amount: MoneyInput;
  awaitCompletion?: InputMaybe<Scalars['Boolean']['input']>;
  fundingInstrumentId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  walletId?: InputMaybe<Scalars['ID']['input']>;
};

export type AddFundsPayload = {
  __typename?: 'AddFundsPayload';
  payment?: Maybe<Payment>;
  userErrors: Array<UserError>;
};

/**
 * At most one of walletId and cardId. walletId: the viewer's wallet to pay from (in the checkout's currency); cardId: an
 * ACTIVE card the viewer linked (linkCard); neither: their wallet in the checkout's currency.
 */
export type ApproveCheckoutInput = {
  cardId?: InputMaybe<Scalars['ID']['input']>;
  checkoutId: Scalars['ID']['input'];
  walletId?: InputMaybe<Scalars['ID']['input']>;
};

export type ApproveCheckoutPayload = {
  __typename?: 'ApproveCheckoutPayload';
  /** The checkout as it is after this approval (CAPTURED, AUTHORIZED, or still OPEN when it was refused). */
  checkout?: Maybe<Checkout>;
  userErrors: Array<UserError>;
};

export type CancelRequestInput = {
  requestId: Scalars['ID']['input'];
};

export type CancelRequestPayload = {
  __typename?: 'CancelRequestPayload';
  paymentRequest?: Maybe<PaymentRequest>;
  userErrors: Array<UserError>;
};

/** amount: in the checkout's currency, at most what was authorised; absent: all of it. */
export type CaptureCheckoutInput = {
  amount?: InputMaybe<MoneyInput>;
  checkoutId: Scalars['ID']['input'];
};

export type CaptureCheckoutPayload = {
  __typename?: 'CaptureCheckoutPayload';
  checkout?: Maybe<Checkout>;
  userErrors: Array<UserError>;
};

/**
 * A merchant's request to be paid (the merchant: the owner of a BUSINESS account). OPEN → CAPTURED (AUTOMATIC: paid at
 * approval), or OPEN → AUTHORIZED (MANUAL: held in the buyer's wallet or authorised on their card) → CAPTURED (all or part),
 * VOIDED (by the merchant) or EXPIRED (the authorisation's deadline passed). Visible to its merchant, its buyer and admins.
 */
export type Checkout = {
  __typename?: 'Checkout';
  amount: Money;
  /** AUTHORIZED: when the hold is released if the merchant has not captured it. */
  authorizationExpiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** MANUAL: what the approval holds in the buyer's wallet; null before approval and for AUTOMATIC. */
  authorizedAmount?: Maybe<Money>;
  authorizedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who approved it; null while nobody has. */
  buyer?: Maybe<User>;
  captureMode: CheckoutCaptureMode;
  /** CAPTURED: what the buyer paid. */
  capturedAmount?: Maybe<Money>;
  /** CARD: the last 4 digits of the buyer's card. */
  cardLast4?: Maybe<Scalars['String']['output']>;
  /** When it reached CAPTURED, VOIDED or EXPIRED. */
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** CAPTURED: the merchant's fee (feeBasisPoints of capturedAmount, rounded half-up, plus feeFixed; at most capturedAmount). */
  fee?: Maybe<Money>;
  /** The fee rule this checkout is charged by (fixed when it was created). */
  feeBasisPoints: Scalars['Int']['output'];
  feeFixed: Money;
  /** What the buyer's approval pays with; null while nobody has approved it. */
  fundingSource?: Maybe<CheckoutFundingSource>;
  id: Scalars['ID']['output'];
  merchant: User;
  merchantAccount: Account;
  /** CAPTURED: what the merchant received (capturedAmount − fee). */
  net?: Maybe<Money>;
  /** CAPTURED: the payment (kind CHECKOUT, buyer → merchant) that moved the money; the merchant may refund it with refundPayment. */
  payment?: Maybe<Payment>;
  /** The merchant's own reference (an order number). */
  reference: Scalars['String']['output'];
  /** Where the merchant's site wants the buyer sent after approving. */
  returnUrl: Scalars['String']['output'];
  status: CheckoutStatus;
  updatedAt: Scalars['DateTime']['output'];
};

export type CheckoutCaptureMode =
  /** The money moves when the buyer approves. */
  | 'AUTOMATIC'
  /** The buyer's approval holds the money; the merchant captures (or voids) it later. */
  | 'MANUAL';

export type CheckoutConnection = {
  __typename?: 'CheckoutConnection';
  edges: Array<CheckoutEdge>;
  pageInfo: PageInfo;
};

export type CheckoutEdge = {
  __typename?: 'CheckoutEdge';
  cursor: Scalars['String']['output'];
  node: Checkout;
};

export type CheckoutFundingSource =
  /** A linked card, through the PSP: charged (AUTOMATIC) or authorised and then captured or voided (MANUAL); the card's money reaches the merchant through PSP clearing, and refunds go back to the card. */
  | 'CARD'
  /** The buyer's wallet: a hold in it (MANUAL) and one CHECKOUT journal entry out of it. */
  | 'WALLET';

export type CheckoutStatus =
  | 'AUTHORIZED'
  | 'CAPTURED'
  | 'EXPIRED'
  | 'OPEN'
  | 'VOIDED';

/** date: a UTC day, YYYY-MM-DD. */
export type CloseSettlementDayInput = {
  date: Scalars['String']['input'];
};

export type CloseSettlementDayPayload = {
  __typename?: 'CloseSettlementDayPayload';
  /** The day's batches (all of them, whether this call or an earlier one closed the day); empty when refused or the day had no activity. */
  batches: Array<SettlementBatch>;
  userErrors: Array<UserError>;
};

export type ConvertCurrencyInput = {
  awaitCompletion?: InputMaybe<Scalars['Boolean']['input']>;
  idempotencyKey: Scalars['String']['input'];
  quoteId: Scalars['ID']['input'];
};

export type ConvertCurrencyPayload = {
  __typename?: 'ConvertCurrencyPayload';
  payment?: Maybe<Payment>;
  userErrors: Array<UserError>;
};

/**
 * accountId: the viewer's ACTIVE BUSINESS account that is paid. reference: 1-200 printable ASCII characters. returnUrl: an
 * absolute https URL (http only for localhost), at most 2048 characters. captureMode: AUTOMATIC when absent.
 * idempotencyKey: 1-255 printable ASCII characters.
 */
export type CreateCheckoutInput = {
  accountId: Scalars['ID']['input'];
  amount: MoneyInput;
  captureMode?: InputMaybe<CheckoutCaptureMode>;
  idempotencyKey: Scalars['String']['input'];
  reference: Scalars['String']['input'];
  returnUrl: Scalars['String']['input'];
};

export type CreateCheckoutPayload = {
  __typename?: 'CreateCheckoutPayload';
  checkout?: Maybe<Checkout>;
  userErrors: Array<UserError>;
};

export type DeclineRequestInput = {
  requestId: Scalars['ID']['input'];
};

export type DeclineRequestPayload = {
  __typename?: 'DeclineRequestPayload';
  paymentRequest?: Maybe<PaymentRequest>;
  userErrors: Array<UserError>;
};

export type FundingInstrument = {
  __typename?: 'FundingInstrument';
  id: Scalars['ID']['output'];
};

export type InternalPayment = {
  __typename?: 'InternalPayment';
  id: Scalars['ID']['output'];
  recipientId: Scalars['ID']['output'];
  senderId: Scalars['ID']['output'];
};

/** An exact amount: `amount` is a decimal string in the currency's major unit ("12.34" USD, "1200" JPY). */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currency: Scalars['String']['output'];
};

export type MoneyInput = {
  amount: Scalars['String']['input'];
  currency: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Pulls money from one of the viewer's linked cards through the PSP into a wallet of the viewer's. */
  addFunds: AddFundsPayload;
  /**
   * The buyer pays an OPEN checkout from their wallet in its currency, or with a linked card (cardId) through the PSP.
   * AUTOMATIC: the money moves at once (CAPTURED; a card is charged); MANUAL: the amount is held in the buyer's wallet or
   * authorised on the card (AUTHORIZED) for the merchant to capture. Paid at most once: a repeat by the same buyer returns
   * the checkout as it is (and finishes an approval that stopped half-way, with what that approval chose to pay with).
   * Refused: CHECKOUT_NOT_FOUND, CANNOT_PAY_SELF, CHECKOUT_NOT_OPEN (another buyer approved it, or it is closed),
   * INVALID_FUNDING_SOURCE (both walletId and cardId), CURRENCY_MISMATCH, WALLET_NOT_FOUND, CARD_NOT_FOUND, and with
   * nothing moved and the checkout still OPEN: INSUFFICIENT_FUNDS, CARD_DECLINED.
   */
  approveCheckout: ApproveCheckoutPayload;
  /** The requester withdraws an OPEN request (CANCELED). REQUEST_PAYMENT_IN_PROGRESS while it is being paid. */
  cancelRequest: CancelRequestPayload;
  /**
   * The merchant captures an AUTHORIZED checkout: all of the authorisation (no amount) or part of it, once; what is not
   * captured is released to the buyer. Repeating the same capture returns the checkout. Refused: CHECKOUT_NOT_FOUND,
   * CHECKOUT_NOT_ALLOWED (the buyer), CHECKOUT_NOT_AUTHORIZED, AUTHORIZATION_EXPIRED, CAPTURE_EXCEEDS_AUTHORIZED,
   * CURRENCY_MISMATCH, INVALID_AMOUNT.
   */
  captureCheckout: CaptureCheckoutPayload;
  /**
   * Admin only: closes a UTC day's merchant settlement now (the merchant-settlement worker does it on its own once the day
   * is over plus the close delay): one batch per business account and currency with that day's captures and completed
   * refunds. Idempotent: a day closes once, and closing it again returns the same batches. Refused (nothing written):
   * INVALID_DATE (not YYYY-MM-DD, or not a real day), DAY_NOT_CLOSABLE (the day is not over plus the close delay yet).
   */
  closeSettlementDay: CloseSettlementDayPayload;
  /** Converts at a quote's rate from the viewer's source-currency wallet into their target-currency wallet. */
  convertCurrency: ConvertCurrencyPayload;
  /**
   * A merchant (the owner of an ACTIVE BUSINESS account) asks to be paid: the checkout is OPEN until a buyer approves it.
   * Refused (userErrors, nothing stored): NOT_A_BUSINESS_ACCOUNT, INVALID_AMOUNT, UNSUPPORTED_CURRENCY, INVALID_REFERENCE,
   * INVALID_RETURN_URL, INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED (same key and input: the same checkout).
   */
  createCheckout: CreateCheckoutPayload;
  /** The payer refuses an OPEN request (DECLINED); the requester is notified. REQUEST_PAYMENT_IN_PROGRESS while it is being paid. */
  declineRequest: DeclineRequestPayload;
  /**
   * Pays a request the viewer was asked to pay: a P2P payment (as sendMoney) from the viewer's wallet in its currency to
   * the requester, settled in the request. COMPLETED: the request is PAID. FAILED (failureReason, e.g. INSUFFICIENT_FUNDS):
   * the request stays OPEN and may be paid again. Held for review (PROCESSING): the request stays OPEN with the payment
   * linked, and becomes PAID if the review lets it through. A request is paid at most once: concurrent payRequests join
   * the one payment. Refused: REQUEST_NOT_FOUND, REQUEST_NOT_ALLOWED (the requester), REQUEST_NOT_OPEN, REQUEST_EXPIRED,
   * and sendMoney's refusals (limits). idempotencyKey as for sendMoney.
   */
  payRequest: PayRequestPayload;
  /**
   * Returns money of a COMPLETED P2P or CHECKOUT payment the viewer received to its payer's wallet — or, for a checkout
   * paid by card, to that card through the PSP — all of what is left or part of it (several partial refunds may follow
   * each other; together they never exceed the payment). Settles in the request: the refund is a payment of kind REFUND
   * from the viewer to the payer, COMPLETED or FAILED (INSUFFICIENT_FUNDS when the viewer's wallet cannot cover it, with
   * that userError). idempotencyKey: as for sendMoney.
   */
  refundPayment: RefundPaymentPayload;
  /**
   * Asks another user (`from`, the payer) for money: the request is OPEN until they pay it, decline it, the viewer
   * cancels it or it expires (default 30 days, at most 90). The payer is notified. Refused (userErrors, nothing stored):
   * PAYER_NOT_FOUND, CANNOT_REQUEST_FROM_SELF, INVALID_AMOUNT, UNSUPPORTED_CURRENCY, INVALID_NOTE, INVALID_EXPIRY,
   * INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED (same key and input: the same request).
   */
  requestMoney: RequestMoneyPayload;
  /**
   * P2P: pays another user, found by email or id (exactly one of them). Amounts are exact decimals in the currency's major
   * unit. Settles in the request: the payment comes back COMPLETED or FAILED (with failureReason); PROCESSING when it is
   * held for review (awaitCompletion then waits, bounded, for ON_HOLD); PENDING only when the platform could not finish
   * it in the request, and then it is finished within seconds (retrying with the same key finishes it too).
   * idempotencyKey: same key and same input returns the same payment; same key with other input: IDEMPOTENCY_KEY_REUSED.
   */
  sendMoney: SendMoneyPayload;
  /** The merchant releases an AUTHORIZED checkout's hold without taking anything (VOIDED). Refused as captureCheckout. */
  voidCheckout: VoidCheckoutPayload;
  /**
   * Pays out from one of the viewer's wallets to one of their VERIFIED bank accounts, in the wallet's (and the account's)
   * currency, within their limits. The amount is held at once: the withdrawal comes back PENDING, then moves on its own
   * (IN_TRANSIT, PAID or FAILED, perhaps RETURNED), each step a notification. Refused (userErrors, nothing stored):
   * BANK_ACCOUNT_NOT_VERIFIED, WITHDRAWAL_LIMIT_EXCEEDED, INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, WALLET_NOT_FOUND,
   * BANK_ACCOUNT_NOT_FOUND, INVALID_AMOUNT. idempotencyKey as for sendMoney (IDEMPOTENCY_KEY_REUSED). With two-factor
   * sign-in on, a TOTP code must have been checked within 5 minutes (login or verifyTotp): STEP_UP_REQUIRED otherwise.
   */
  withdraw: WithdrawPayload;
};


export type MutationAddFundsArgs = {
  input: AddFundsInput;
};


export type MutationApproveCheckoutArgs = {
  input: ApproveCheckoutInput;
};


export type MutationCancelRequestArgs = {
  input: CancelRequestInput;
};


export type MutationCaptureCheckoutArgs = {
  input: CaptureCheckoutInput;
};


export type MutationCloseSettlementDayArgs = {
  input: CloseSettlementDayInput;
};


export type MutationConvertCurrencyArgs = {
  input: ConvertCurrencyInput;
};


export type MutationCreateCheckoutArgs = {
  input: CreateCheckoutInput;
};


export type MutationDeclineRequestArgs = {
  input: DeclineRequestInput;
};


export type MutationPayRequestArgs = {
  input: PayRequestInput;
};


export type MutationRefundPaymentArgs = {
  input: RefundPaymentInput;
};


export type MutationRequestMoneyArgs = {
  input: RequestMoneyInput;
};


export type MutationSendMoneyArgs = {
  input: SendMoneyInput;
};


export type MutationVoidCheckoutArgs = {
  input: VoidCheckoutInput;
};


export type MutationWithdrawArgs = {
  input: WithdrawInput;
};

/** Relay cursor pagination. Declared identically in every subgraph that pages (a shareable value type). */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** The payment is made from the viewer's wallet in the request's currency (as sendMoney does). */
export type PayRequestInput = {
  idempotencyKey: Scalars['String']['input'];
  requestId: Scalars['ID']['input'];
};

export type PayRequestPayload = {
  __typename?: 'PayRequestPayload';
  payment?: Maybe<Payment>;
  /** The request as it is after this payment (PAID, or still OPEN when the payment failed or is held for review). */
  paymentRequest?: Maybe<PaymentRequest>;
  userErrors: Array<UserError>;
};

/** What a user asked for: one money movement and where it stands. Visible to its sender, its recipient and admins. */
export type Payment = {
  __typename?: 'Payment';
  /** What the sender pays, in the sender's currency (for a conversion: the source amount). */
  amount: Money;
  /** The card's last 4 digits: the card an ADD_FUNDS or a CHECKOUT payment was paid with, or the card a REFUND went back to; null for anything else. */
  cardLast4?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** Why a FAILED payment failed; null otherwise. */
  failureReason?: Maybe<PaymentFailureReason>;
  id: Scalars['ID']['output'];
  kind: PaymentKind;
  /** For a REFUND: the reason its sender gave. */
  note?: Maybe<Scalars['String']['output']>;
  /** Who receives the money: for ADD_FUNDS and CONVERSION the sender themself. */
  recipient: User;
  /** For a REFUND: the payment it returns money of; null for other kinds. */
  refundOf?: Maybe<Payment>;
  /** What COMPLETED refunds have returned of this payment, in its currency (zero when none). */
  refundedAmount: Money;
  /** The refunds of this payment (payments of kind REFUND), oldest first, failed and pending ones included. */
  refunds: Array<Payment>;
  /** For a P2P payment that paid (or tried to pay) a payment request: that request. */
  request?: Maybe<PaymentRequest>;
  sender: User;
  status: PaymentStatus;
  updatedAt: Scalars['DateTime']['output'];
};

export type PaymentConnection = {
  __typename?: 'PaymentConnection';
  edges: Array<PaymentEdge>;
  pageInfo: PageInfo;
};

export type PaymentEdge = {
  __typename?: 'PaymentEdge';
  cursor: Scalars['String']['output'];
  node: Payment;
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
 * One user (the requester) asking another (the payer) for an amount. OPEN → PAID (its payment COMPLETED), DECLINED (by the
 * payer), CANCELED (by the requester) or EXPIRED (past expiresAt, unpaid); nothing leaves those. Visible to both parties and
 * admins.
 */
export type PaymentRequest = {
  __typename?: 'PaymentRequest';
  amount: Money;
  /** When it left OPEN; null while OPEN. */
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  note?: Maybe<Scalars['String']['output']>;
  payer: User;
  /** The payment that paid it, or the one paying it now (e.g. held for review); null otherwise. */
  payment?: Maybe<Payment>;
  requester: User;
  status: PaymentRequestStatus;
  updatedAt: Scalars['DateTime']['output'];
};

export type PaymentRequestConnection = {
  __typename?: 'PaymentRequestConnection';
  edges: Array<PaymentRequestEdge>;
  pageInfo: PageInfo;
};

export type PaymentRequestDirection =
  | 'ALL'
  /** Requests the user was asked to pay. */
  | 'INCOMING'
  /** Requests the user made. */
  | 'OUTGOING';

export type PaymentRequestEdge = {
  __typename?: 'PaymentRequestEdge';
  cursor: Scalars['String']['output'];
  node: PaymentRequest;
};

/**
 * OPEN until one of the others; an OPEN request past its expiry shows EXPIRED at once. While a payment of it is under way
 * (a fraud review) it stays OPEN and cannot be declined, canceled or expire.
 */
export type PaymentRequestStatus =
  | 'CANCELED'
  | 'DECLINED'
  | 'EXPIRED'
  | 'OPEN'
  | 'PAID';

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

export type Query = {
  __typename?: 'Query';
  /** Internal (service identity only): who takes part in a payment (notifications checks real-time subscriptions with it). */
  _payment?: Maybe<InternalPayment>;
  /** A checkout of the viewer's business account, or one the viewer approved (admins: any); null for anyone else and for unknown ids. */
  checkout?: Maybe<Checkout>;
  /** The signed-in user (for an API key: the owner of its business account). */
  me?: Maybe<User>;
  /** A payment the viewer sent or received (admins: any); null for anyone else and for unknown ids. */
  payment?: Maybe<Payment>;
  /** A payment request the viewer made or was asked to pay (admins: any); null for anyone else and for unknown ids. */
  paymentRequest?: Maybe<PaymentRequest>;
  /** A business account's settlement batches, newest day first (as Account.settlementBatches): its owner's and admins'; empty for anyone else. */
  settlementBatches: SettlementBatchConnection;
  /** A withdrawal of the viewer's (admins: any); null for anyone else and for unknown ids. */
  withdrawal?: Maybe<Withdrawal>;
};


export type Query_PaymentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCheckoutArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPaymentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPaymentRequestArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySettlementBatchesArgs = {
  accountId: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryWithdrawalArgs = {
  id: Scalars['ID']['input'];
};

/**
 * paymentId: a COMPLETED P2P payment the viewer received. amount: in the payment's currency, at most what is left to
 * refund; absent: all of what is left. reason: at most 280 characters. idempotencyKey: 1-255 printable ASCII characters.
 */
export type RefundPaymentInput = {
  amount?: InputMaybe<MoneyInput>;
  idempotencyKey: Scalars['String']['input'];
  paymentId: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type RefundPaymentPayload = {
  __typename?: 'RefundPaymentPayload';
  /** The refunded payment as it is after this refund. */
  payment?: Maybe<Payment>;
  /** The refund (a payment of kind REFUND); null when the request was refused. */
  refund?: Maybe<Payment>;
  userErrors: Array<UserError>;
};

/**
 * from: the user asked to pay. amount: as for sendMoney. note: at most 280 characters. expiresAt: in the future, at most 90
 * days away; default 30 days. idempotencyKey: 1-255 printable ASCII characters.
 */
export type RequestMoneyInput = {
  amount: MoneyInput;
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  from: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
};

export type RequestMoneyPayload = {
  __typename?: 'RequestMoneyPayload';
  paymentRequest?: Maybe<PaymentRequest>;
  userErrors: Array<UserError>;
};

/** Exactly one of recipientEmail / recipientId. note: at most 280 characters. idempotencyKey: 1-255 printable ASCII characters. */
export type SendMoneyInput = {
  amount: MoneyInput;
  awaitCompletion?: InputMaybe<Scalars['Boolean']['input']>;
  idempotencyKey: Scalars['String']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  recipientEmail?: InputMaybe<Scalars['String']['input']>;
  recipientId?: InputMaybe<Scalars['ID']['input']>;
};

export type SendMoneyPayload = {
  __typename?: 'SendMoneyPayload';
  payment?: Maybe<Payment>;
  userErrors: Array<UserError>;
};

/**
 * What one business account earned in one currency on one UTC day: its captured checkouts (gross, and their fees) less the
 * completed refunds of checkout payments, net = gross − fees − refunds (negative when refunds exceed the day's sales).
 * Closed once, after the day is over; never changes. Visible to the account's owner and admins.
 */
export type SettlementBatch = {
  __typename?: 'SettlementBatch';
  accountId: Scalars['ID']['output'];
  /** The UTC day, YYYY-MM-DD. */
  businessDate: Scalars['String']['output'];
  closedAt: Scalars['DateTime']['output'];
  currency: Scalars['String']['output'];
  fees: Money;
  gross: Money;
  id: Scalars['ID']['output'];
  itemCount: Scalars['Int']['output'];
  /** Its captures and refunds, oldest first. */
  items: SettlementItemConnection;
  net: Money;
  refunds: Money;
  status: SettlementBatchStatus;
};


/**
 * What one business account earned in one currency on one UTC day: its captured checkouts (gross, and their fees) less the
 * completed refunds of checkout payments, net = gross − fees − refunds (negative when refunds exceed the day's sales).
 * Closed once, after the day is over; never changes. Visible to the account's owner and admins.
 */
export type SettlementBatchItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type SettlementBatchConnection = {
  __typename?: 'SettlementBatchConnection';
  edges: Array<SettlementBatchEdge>;
  pageInfo: PageInfo;
};

export type SettlementBatchEdge = {
  __typename?: 'SettlementBatchEdge';
  cursor: Scalars['String']['output'];
  node: SettlementBatch;
};

export type SettlementBatchStatus =
  | 'CLOSED';

/** One capture or one refund in a settlement batch. */
export type SettlementItem = {
  __typename?: 'SettlementItem';
  /** What was captured or refunded. */
  amount: Money;
  /** CAPTURE: the checkout captured; null for a refund. */
  checkoutId?: Maybe<Scalars['ID']['output']>;
  /** CAPTURE: the merchant's fee; zero for a refund. */
  fee: Money;
  id: Scalars['ID']['output'];
  kind: SettlementItemKind;
  occurredAt: Scalars['DateTime']['output'];
  /** CAPTURE: the checkout's payment; REFUND: the refunded checkout payment. */
  paymentId: Scalars['ID']['output'];
  /** REFUND: the refund (a payment of kind REFUND); null for a capture. */
  refundId?: Maybe<Scalars['ID']['output']>;
};

export type SettlementItemConnection = {
  __typename?: 'SettlementItemConnection';
  edges: Array<SettlementItemEdge>;
  pageInfo: PageInfo;
};

export type SettlementItemEdge = {
  __typename?: 'SettlementItemEdge';
  cursor: Scalars['String']['output'];
  node: SettlementItem;
};

export type SettlementItemKind =
  | 'CAPTURE'
  | 'REFUND';

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  /** Payment requests the user was asked to pay (INCOMING), made (OUTGOING) or both (ALL, the default), newest first. Visible to the user and admins. */
  paymentRequests: PaymentRequestConnection;
  /** Payments the user sent or received, newest first. Visible to the user and admins. */
  payments: PaymentConnection;
  /** The user's withdrawals, newest first, optionally of one status. Visible to the user and admins. */
  withdrawals: WithdrawalConnection;
};


export type UserPaymentRequestsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  direction?: InputMaybe<PaymentRequestDirection>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<PaymentRequestStatus>;
};


export type UserPaymentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type UserWithdrawalsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<WithdrawalStatus>;
};

/** An expected failure of a mutation: validation, conflicts, business rules. `field` is the path to the input field. */
export type UserError = {
  __typename?: 'UserError';
  code: Scalars['String']['output'];
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type VoidCheckoutInput = {
  checkoutId: Scalars['ID']['input'];
};

export type VoidCheckoutPayload = {
  __typename?: 'VoidCheckoutPayload';
  checkout?: Maybe<Checkout>;
  userErrors: Array<UserError>;
};

export type Wallet = {
  __typename?: 'Wallet';
  id: Scalars['ID']['output'];
};

/** walletId: the viewer's wallet to pay out from; bankAccountId: their VERIFIED bank account; amount in the wallet's currency. */
export type WithdrawInput = {
  amount: MoneyInput;
  bankAccountId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  walletId: Scalars['ID']['input'];
};

export type WithdrawPayload = {
  __typename?: 'WithdrawPayload';
  userErrors: Array<UserError>;
  withdrawal?: Maybe<Withdrawal>;
};

/**
 * Money paid out of a wallet to a linked bank account. PENDING (held in the wallet) → IN_TRANSIT (sent to the bank) →
 * PAID (left the wallet) or FAILED (the hold released: nothing left); a PAID withdrawal the bank sends back becomes
 * RETURNED (credited to the wallet again). Visible to its owner and admins.
 */
export type Withdrawal = {
  __typename?: 'Withdrawal';
  amount: Money;
  bankAccount: FundingInstrument;
  createdAt: Scalars['DateTime']['output'];
  /** Why the bank refused (FAILED) or sent it back (RETURNED); null otherwise. */
  failureReason?: Maybe<WithdrawalFailureReason>;
  id: Scalars['ID']['output'];
  owner: User;
  paidAt?: Maybe<Scalars['DateTime']['output']>;
  returnedAt?: Maybe<Scalars['DateTime']['output']>;
  status: WithdrawalStatus;
  updatedAt: Scalars['DateTime']['output'];
  wallet: Wallet;
};

export type WithdrawalConnection = {
  __typename?: 'WithdrawalConnection';
  edges: Array<WithdrawalEdge>;
  pageInfo: PageInfo;
};

export type WithdrawalEdge = {
  __typename?: 'WithdrawalEdge';
  cursor: Scalars['String']['output'];
  node: Withdrawal;
};

export type WithdrawalFailureReason =
  | 'ACCOUNT_CLOSED'
  | 'INSUFFICIENT_FUNDS'
  | 'NO_ACCOUNT'
  | 'RAIL_ERROR';

export type WithdrawalStatus =
  | 'FAILED'
  | 'IN_TRANSIT'
  | 'PAID'
  | 'PENDING'
  | 'RETURNED';



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Account: Account;
  Checkout: Checkout;
  Payment: Payment;
  PaymentRequest: PaymentRequest;
  User: User;
  Withdrawal: Withdrawal;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Account:
    ( { __typename: 'Account' }
    & GraphQLRecursivePick<FederationTypes['Account'], {"id":true}> );
  Checkout:
    ( { __typename: 'Checkout' }
    & GraphQLRecursivePick<FederationTypes['Checkout'], {"id":true}> );
  Payment:
    ( { __typename: 'Payment' }
    & GraphQLRecursivePick<FederationTypes['Payment'], {"id":true}> );
  PaymentRequest:
    ( { __typename: 'PaymentRequest' }
    & GraphQLRecursivePick<FederationTypes['PaymentRequest'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
  Withdrawal:
    ( { __typename: 'Withdrawal' }
    & GraphQLRecursivePick<FederationTypes['Withdrawal'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Account: ResolverTypeWrapper<AccountRef>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AddFundsInput: AddFundsInput;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  AddFundsPayload: ResolverTypeWrapper<Omit<AddFundsPayload, 'payment'> & { payment?: Maybe<ResolversTypes['Payment']> }>;
  ApproveCheckoutInput: ApproveCheckoutInput;
  ApproveCheckoutPayload: ResolverTypeWrapper<Omit<ApproveCheckoutPayload, 'checkout'> & { checkout?: Maybe<ResolversTypes['Checkout']> }>;
  CancelRequestInput: CancelRequestInput;
  CancelRequestPayload: ResolverTypeWrapper<Omit<CancelRequestPayload, 'paymentRequest'> & { paymentRequest?: Maybe<ResolversTypes['PaymentRequest']> }>;
  CaptureCheckoutInput: CaptureCheckoutInput;
  CaptureCheckoutPayload: ResolverTypeWrapper<Omit<CaptureCheckoutPayload, 'checkout'> & { checkout?: Maybe<ResolversTypes['Checkout']> }>;
  Checkout: ResolverTypeWrapper<CheckoutEntity>;
  CheckoutCaptureMode: CheckoutCaptureMode;
  CheckoutConnection: ResolverTypeWrapper<Omit<CheckoutConnection, 'edges'> & { edges: Array<ResolversTypes['CheckoutEdge']> }>;
  CheckoutEdge: ResolverTypeWrapper<Omit<CheckoutEdge, 'node'> & { node: ResolversTypes['Checkout'] }>;
  CheckoutFundingSource: CheckoutFundingSource;
  CheckoutStatus: CheckoutStatus;
  CloseSettlementDayInput: CloseSettlementDayInput;
  CloseSettlementDayPayload: ResolverTypeWrapper<Omit<CloseSettlementDayPayload, 'batches'> & { batches: Array<ResolversTypes['SettlementBatch']> }>;
  ConvertCurrencyInput: ConvertCurrencyInput;
  ConvertCurrencyPayload: ResolverTypeWrapper<Omit<ConvertCurrencyPayload, 'payment'> & { payment?: Maybe<ResolversTypes['Payment']> }>;
  CreateCheckoutInput: CreateCheckoutInput;
  CreateCheckoutPayload: ResolverTypeWrapper<Omit<CreateCheckoutPayload, 'checkout'> & { checkout?: Maybe<ResolversTypes['Checkout']> }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeclineRequestInput: DeclineRequestInput;
  DeclineRequestPayload: ResolverTypeWrapper<Omit<DeclineRequestPayload, 'paymentRequest'> & { paymentRequest?: Maybe<ResolversTypes['PaymentRequest']> }>;
  FundingInstrument: ResolverTypeWrapper<FundingInstrument>;
  InternalPayment: ResolverTypeWrapper<InternalPayment>;
  Money: ResolverTypeWrapper<Money>;
  MoneyInput: MoneyInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PayRequestInput: PayRequestInput;
  PayRequestPayload: ResolverTypeWrapper<Omit<PayRequestPayload, 'payment' | 'paymentRequest'> & { payment?: Maybe<ResolversTypes['Payment']>, paymentRequest?: Maybe<ResolversTypes['PaymentRequest']> }>;
  Payment: ResolverTypeWrapper<PaymentEntity>;
  PaymentConnection: ResolverTypeWrapper<Omit<PaymentConnection, 'edges'> & { edges: Array<ResolversTypes['PaymentEdge']> }>;
  PaymentEdge: ResolverTypeWrapper<Omit<PaymentEdge, 'node'> & { node: ResolversTypes['Payment'] }>;
  PaymentFailureReason: PaymentFailureReason;
  PaymentKind: PaymentKind;
  PaymentRequest: ResolverTypeWrapper<PaymentRequestEntity>;
  PaymentRequestConnection: ResolverTypeWrapper<Omit<PaymentRequestConnection, 'edges'> & { edges: Array<ResolversTypes['PaymentRequestEdge']> }>;
  PaymentRequestDirection: PaymentRequestDirection;
  PaymentRequestEdge: ResolverTypeWrapper<Omit<PaymentRequestEdge, 'node'> & { node: ResolversTypes['PaymentRequest'] }>;
  PaymentRequestStatus: PaymentRequestStatus;
  PaymentStatus: PaymentStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RefundPaymentInput: RefundPaymentInput;
  RefundPaymentPayload: ResolverTypeWrapper<Omit<RefundPaymentPayload, 'payment' | 'refund'> & { payment?: Maybe<ResolversTypes['Payment']>, refund?: Maybe<ResolversTypes['Payment']> }>;
  RequestMoneyInput: RequestMoneyInput;
  RequestMoneyPayload: ResolverTypeWrapper<Omit<RequestMoneyPayload, 'paymentRequest'> & { paymentRequest?: Maybe<ResolversTypes['PaymentRequest']> }>;
  SendMoneyInput: SendMoneyInput;
  SendMoneyPayload: ResolverTypeWrapper<Omit<SendMoneyPayload, 'payment'> & { payment?: Maybe<ResolversTypes['Payment']> }>;
  SettlementBatch: ResolverTypeWrapper<BatchRow>;
  SettlementBatchConnection: ResolverTypeWrapper<Omit<SettlementBatchConnection, 'edges'> & { edges: Array<ResolversTypes['SettlementBatchEdge']> }>;
  SettlementBatchEdge: ResolverTypeWrapper<Omit<SettlementBatchEdge, 'node'> & { node: ResolversTypes['SettlementBatch'] }>;
  SettlementBatchStatus: SettlementBatchStatus;
  SettlementItem: ResolverTypeWrapper<ItemRow>;
  SettlementItemConnection: ResolverTypeWrapper<Omit<SettlementItemConnection, 'edges'> & { edges: Array<ResolversTypes['SettlementItemEdge']> }>;
  SettlementItemEdge: ResolverTypeWrapper<Omit<SettlementItemEdge, 'node'> & { node: ResolversTypes['SettlementItem'] }>;
  SettlementItemKind: SettlementItemKind;
  User: ResolverTypeWrapper<UserRef>;
  UserError: ResolverTypeWrapper<UserError>;
  VoidCheckoutInput: VoidCheckoutInput;
  VoidCheckoutPayload: ResolverTypeWrapper<Omit<VoidCheckoutPayload, 'checkout'> & { checkout?: Maybe<ResolversTypes['Checkout']> }>;
  Wallet: ResolverTypeWrapper<Wallet>;
  WithdrawInput: WithdrawInput;
  WithdrawPayload: ResolverTypeWrapper<Omit<WithdrawPayload, 'withdrawal'> & { withdrawal?: Maybe<ResolversTypes['Withdrawal']> }>;
  Withdrawal: ResolverTypeWrapper<WithdrawalEntity>;
  WithdrawalConnection: ResolverTypeWrapper<Omit<WithdrawalConnection, 'edges'> & { edges: Array<ResolversTypes['WithdrawalEdge']> }>;
  WithdrawalEdge: ResolverTypeWrapper<Omit<WithdrawalEdge, 'node'> & { node: ResolversTypes['Withdrawal'] }>;
  WithdrawalFailureReason: WithdrawalFailureReason;
  WithdrawalStatus: WithdrawalStatus;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Account: AccountRef;
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  AddFundsInput: AddFundsInput;
  Boolean: Scalars['Boolean']['output'];
  AddFundsPayload: Omit<AddFundsPayload, 'payment'> & { payment?: Maybe<ResolversParentTypes['Payment']> };
  ApproveCheckoutInput: ApproveCheckoutInput;
  ApproveCheckoutPayload: Omit<ApproveCheckoutPayload, 'checkout'> & { checkout?: Maybe<ResolversParentTypes['Checkout']> };
  CancelRequestInput: CancelRequestInput;
  CancelRequestPayload: Omit<CancelRequestPayload, 'paymentRequest'> & { paymentRequest?: Maybe<ResolversParentTypes['PaymentRequest']> };
  CaptureCheckoutInput: CaptureCheckoutInput;
  CaptureCheckoutPayload: Omit<CaptureCheckoutPayload, 'checkout'> & { checkout?: Maybe<ResolversParentTypes['Checkout']> };
  Checkout: CheckoutEntity;
  CheckoutConnection: Omit<CheckoutConnection, 'edges'> & { edges: Array<ResolversParentTypes['CheckoutEdge']> };
  CheckoutEdge: Omit<CheckoutEdge, 'node'> & { node: ResolversParentTypes['Checkout'] };
  CloseSettlementDayInput: CloseSettlementDayInput;
  CloseSettlementDayPayload: Omit<CloseSettlementDayPayload, 'batches'> & { batches: Array<ResolversParentTypes['SettlementBatch']> };
  ConvertCurrencyInput: ConvertCurrencyInput;
  ConvertCurrencyPayload: Omit<ConvertCurrencyPayload, 'payment'> & { payment?: Maybe<ResolversParentTypes['Payment']> };
  CreateCheckoutInput: CreateCheckoutInput;
  CreateCheckoutPayload: Omit<CreateCheckoutPayload, 'checkout'> & { checkout?: Maybe<ResolversParentTypes['Checkout']> };
  DateTime: Scalars['DateTime']['output'];
  DeclineRequestInput: DeclineRequestInput;
  DeclineRequestPayload: Omit<DeclineRequestPayload, 'paymentRequest'> & { paymentRequest?: Maybe<ResolversParentTypes['PaymentRequest']> };
  FundingInstrument: FundingInstrument;
  InternalPayment: InternalPayment;
  Money: Money;
  MoneyInput: MoneyInput;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  PayRequestInput: PayRequestInput;
  PayRequestPayload: Omit<PayRequestPayload, 'payment' | 'paymentRequest'> & { payment?: Maybe<ResolversParentTypes['Payment']>, paymentRequest?: Maybe<ResolversParentTypes['PaymentRequest']> };
  Payment: PaymentEntity;
  PaymentConnection: Omit<PaymentConnection, 'edges'> & { edges: Array<ResolversParentTypes['PaymentEdge']> };
  PaymentEdge: Omit<PaymentEdge, 'node'> & { node: ResolversParentTypes['Payment'] };
  PaymentRequest: PaymentRequestEntity;
  PaymentRequestConnection: Omit<PaymentRequestConnection, 'edges'> & { edges: Array<ResolversParentTypes['PaymentRequestEdge']> };
  PaymentRequestEdge: Omit<PaymentRequestEdge, 'node'> & { node: ResolversParentTypes['PaymentRequest'] };
  Query: Record<PropertyKey, never>;
  RefundPaymentInput: RefundPaymentInput;
  RefundPaymentPayload: Omit<RefundPaymentPayload, 'payment' | 'refund'> & { payment?: Maybe<ResolversParentTypes['Payment']>, refund?: Maybe<ResolversParentTypes['Payment']> };
  RequestMoneyInput: RequestMoneyInput;
  RequestMoneyPayload: Omit<RequestMoneyPayload, 'paymentRequest'> & { paymentRequest?: Maybe<ResolversParentTypes['PaymentRequest']> };
  SendMoneyInput: SendMoneyInput;
  SendMoneyPayload: Omit<SendMoneyPayload, 'payment'> & { payment?: Maybe<ResolversParentTypes['Payment']> };
  SettlementBatch: BatchRow;
  SettlementBatchConnection: Omit<SettlementBatchConnection, 'edges'> & { edges: Array<ResolversParentTypes['SettlementBatchEdge']> };
  SettlementBatchEdge: Omit<SettlementBatchEdge, 'node'> & { node: ResolversParentTypes['SettlementBatch'] };
  SettlementItem: ItemRow;
  SettlementItemConnection: Omit<SettlementItemConnection, 'edges'> & { edges: Array<ResolversParentTypes['SettlementItemEdge']> };
  SettlementItemEdge: Omit<SettlementItemEdge, 'node'> & { node: ResolversParentTypes['SettlementItem'] };
  User: UserRef;
  UserError: UserError;
  VoidCheckoutInput: VoidCheckoutInput;
  VoidCheckoutPayload: Omit<VoidCheckoutPayload, 'checkout'> & { checkout?: Maybe<ResolversParentTypes['Checkout']> };
  Wallet: Wallet;
  WithdrawInput: WithdrawInput;
  WithdrawPayload: Omit<WithdrawPayload, 'withdrawal'> & { withdrawal?: Maybe<ResolversParentTypes['Withdrawal']> };
  Withdrawal: WithdrawalEntity;
  WithdrawalConnection: Omit<WithdrawalConnection, 'edges'> & { edges: Array<ResolversParentTypes['WithdrawalEdge']> };
  WithdrawalEdge: Omit<WithdrawalEdge, 'node'> & { node: ResolversParentTypes['Withdrawal'] };
};

export type AccountResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  checkouts?: Resolver<ResolversTypes['CheckoutConnection'], ParentType, ContextType, Partial<AccountCheckoutsArgs>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  settlementBatches?: Resolver<ResolversTypes['SettlementBatchConnection'], ParentType, ContextType, RequireFields<AccountSettlementBatchesArgs, 'first'>>;
};

export type AddFundsPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['AddFundsPayload'] = ResolversParentTypes['AddFundsPayload']> = {
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type ApproveCheckoutPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['ApproveCheckoutPayload'] = ResolversParentTypes['ApproveCheckoutPayload']> = {
  checkout?: Resolver<Maybe<ResolversTypes['Checkout']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type CancelRequestPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['CancelRequestPayload'] = ResolversParentTypes['CancelRequestPayload']> = {
  paymentRequest?: Resolver<Maybe<ResolversTypes['PaymentRequest']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type CaptureCheckoutPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['CaptureCheckoutPayload'] = ResolversParentTypes['CaptureCheckoutPayload']> = {
  checkout?: Resolver<Maybe<ResolversTypes['Checkout']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type CheckoutResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Checkout'] = ResolversParentTypes['Checkout'], FederationReferenceType extends FederationReferenceTypes['Checkout'] = FederationReferenceTypes['Checkout']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Checkout']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  authorizationExpiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  authorizedAmount?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  authorizedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  buyer?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  captureMode?: Resolver<ResolversTypes['CheckoutCaptureMode'], ParentType, ContextType>;
  capturedAmount?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  cardLast4?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  fee?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  feeBasisPoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  feeFixed?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  fundingSource?: Resolver<Maybe<ResolversTypes['CheckoutFundingSource']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  merchant?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  merchantAccount?: Resolver<ResolversTypes['Account'], ParentType, ContextType>;
  net?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  reference?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  returnUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CheckoutStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type CheckoutConnectionResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['CheckoutConnection'] = ResolversParentTypes['CheckoutConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CheckoutEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CheckoutEdgeResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['CheckoutEdge'] = ResolversParentTypes['CheckoutEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Checkout'], ParentType, ContextType>;
};

export type CloseSettlementDayPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['CloseSettlementDayPayload'] = ResolversParentTypes['CloseSettlementDayPayload']> = {
  batches?: Resolver<Array<ResolversTypes['SettlementBatch']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type ConvertCurrencyPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['ConvertCurrencyPayload'] = ResolversParentTypes['ConvertCurrencyPayload']> = {
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type CreateCheckoutPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['CreateCheckoutPayload'] = ResolversParentTypes['CreateCheckoutPayload']> = {
  checkout?: Resolver<Maybe<ResolversTypes['Checkout']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeclineRequestPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['DeclineRequestPayload'] = ResolversParentTypes['DeclineRequestPayload']> = {
  paymentRequest?: Resolver<Maybe<ResolversTypes['PaymentRequest']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type FundingInstrumentResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['FundingInstrument'] = ResolversParentTypes['FundingInstrument']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type InternalPaymentResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['InternalPayment'] = ResolversParentTypes['InternalPayment']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  recipientId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  senderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addFunds?: Resolver<ResolversTypes['AddFundsPayload'], ParentType, ContextType, RequireFields<MutationAddFundsArgs, 'input'>>;
  approveCheckout?: Resolver<ResolversTypes['ApproveCheckoutPayload'], ParentType, ContextType, RequireFields<MutationApproveCheckoutArgs, 'input'>>;
  cancelRequest?: Resolver<ResolversTypes['CancelRequestPayload'], ParentType, ContextType, RequireFields<MutationCancelRequestArgs, 'input'>>;
  captureCheckout?: Resolver<ResolversTypes['CaptureCheckoutPayload'], ParentType, ContextType, RequireFields<MutationCaptureCheckoutArgs, 'input'>>;
  closeSettlementDay?: Resolver<ResolversTypes['CloseSettlementDayPayload'], ParentType, ContextType, RequireFields<MutationCloseSettlementDayArgs, 'input'>>;
  convertCurrency?: Resolver<ResolversTypes['ConvertCurrencyPayload'], ParentType, ContextType, RequireFields<MutationConvertCurrencyArgs, 'input'>>;
  createCheckout?: Resolver<ResolversTypes['CreateCheckoutPayload'], ParentType, ContextType, RequireFields<MutationCreateCheckoutArgs, 'input'>>;
  declineRequest?: Resolver<ResolversTypes['DeclineRequestPayload'], ParentType, ContextType, RequireFields<MutationDeclineRequestArgs, 'input'>>;
  payRequest?: Resolver<ResolversTypes['PayRequestPayload'], ParentType, ContextType, RequireFields<MutationPayRequestArgs, 'input'>>;
  refundPayment?: Resolver<ResolversTypes['RefundPaymentPayload'], ParentType, ContextType, RequireFields<MutationRefundPaymentArgs, 'input'>>;
  requestMoney?: Resolver<ResolversTypes['RequestMoneyPayload'], ParentType, ContextType, RequireFields<MutationRequestMoneyArgs, 'input'>>;
  sendMoney?: Resolver<ResolversTypes['SendMoneyPayload'], ParentType, ContextType, RequireFields<MutationSendMoneyArgs, 'input'>>;
  voidCheckout?: Resolver<ResolversTypes['VoidCheckoutPayload'], ParentType, ContextType, RequireFields<MutationVoidCheckoutArgs, 'input'>>;
  withdraw?: Resolver<ResolversTypes['WithdrawPayload'], ParentType, ContextType, RequireFields<MutationWithdrawArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PayRequestPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PayRequestPayload'] = ResolversParentTypes['PayRequestPayload']> = {
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  paymentRequest?: Resolver<Maybe<ResolversTypes['PaymentRequest']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type PaymentResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment'], FederationReferenceType extends FederationReferenceTypes['Payment'] = FederationReferenceTypes['Payment']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Payment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  cardLast4?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  failureReason?: Resolver<Maybe<ResolversTypes['PaymentFailureReason']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['PaymentKind'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recipient?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  refundOf?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  refundedAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  refunds?: Resolver<Array<ResolversTypes['Payment']>, ParentType, ContextType>;
  request?: Resolver<Maybe<ResolversTypes['PaymentRequest']>, ParentType, ContextType>;
  sender?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type PaymentConnectionResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PaymentConnection'] = ResolversParentTypes['PaymentConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PaymentEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type PaymentEdgeResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PaymentEdge'] = ResolversParentTypes['PaymentEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Payment'], ParentType, ContextType>;
};

export type PaymentRequestResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PaymentRequest'] = ResolversParentTypes['PaymentRequest'], FederationReferenceType extends FederationReferenceTypes['PaymentRequest'] = FederationReferenceTypes['PaymentRequest']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['PaymentRequest']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  payer?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  requester?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaymentRequestStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type PaymentRequestConnectionResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PaymentRequestConnection'] = ResolversParentTypes['PaymentRequestConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PaymentRequestEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type PaymentRequestEdgeResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PaymentRequestEdge'] = ResolversParentTypes['PaymentRequestEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['PaymentRequest'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  _payment?: Resolver<Maybe<ResolversTypes['InternalPayment']>, ParentType, ContextType, RequireFields<Query_PaymentArgs, 'id'>>;
  checkout?: Resolver<Maybe<ResolversTypes['Checkout']>, ParentType, ContextType, RequireFields<QueryCheckoutArgs, 'id'>>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType, RequireFields<QueryPaymentArgs, 'id'>>;
  paymentRequest?: Resolver<Maybe<ResolversTypes['PaymentRequest']>, ParentType, ContextType, RequireFields<QueryPaymentRequestArgs, 'id'>>;
  settlementBatches?: Resolver<ResolversTypes['SettlementBatchConnection'], ParentType, ContextType, RequireFields<QuerySettlementBatchesArgs, 'accountId' | 'first'>>;
  withdrawal?: Resolver<Maybe<ResolversTypes['Withdrawal']>, ParentType, ContextType, RequireFields<QueryWithdrawalArgs, 'id'>>;
};

export type RefundPaymentPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['RefundPaymentPayload'] = ResolversParentTypes['RefundPaymentPayload']> = {
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  refund?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RequestMoneyPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['RequestMoneyPayload'] = ResolversParentTypes['RequestMoneyPayload']> = {
  paymentRequest?: Resolver<Maybe<ResolversTypes['PaymentRequest']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type SendMoneyPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['SendMoneyPayload'] = ResolversParentTypes['SendMoneyPayload']> = {
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type SettlementBatchResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['SettlementBatch'] = ResolversParentTypes['SettlementBatch']> = {
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  businessDate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  closedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fees?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  gross?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  itemCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  items?: Resolver<ResolversTypes['SettlementItemConnection'], ParentType, ContextType, RequireFields<SettlementBatchItemsArgs, 'first'>>;
  net?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  refunds?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SettlementBatchStatus'], ParentType, ContextType>;
};

export type SettlementBatchConnectionResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['SettlementBatchConnection'] = ResolversParentTypes['SettlementBatchConnection']> = {
  edges?: Resolver<Array<ResolversTypes['SettlementBatchEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type SettlementBatchEdgeResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['SettlementBatchEdge'] = ResolversParentTypes['SettlementBatchEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['SettlementBatch'], ParentType, ContextType>;
};

export type SettlementItemResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['SettlementItem'] = ResolversParentTypes['SettlementItem']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  checkoutId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  fee?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SettlementItemKind'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  paymentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  refundId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type SettlementItemConnectionResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['SettlementItemConnection'] = ResolversParentTypes['SettlementItemConnection']> = {
  edges?: Resolver<Array<ResolversTypes['SettlementItemEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type SettlementItemEdgeResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['SettlementItemEdge'] = ResolversParentTypes['SettlementItemEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['SettlementItem'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  paymentRequests?: Resolver<ResolversTypes['PaymentRequestConnection'], ParentType, ContextType, Partial<UserPaymentRequestsArgs>>;
  payments?: Resolver<ResolversTypes['PaymentConnection'], ParentType, ContextType, Partial<UserPaymentsArgs>>;
  withdrawals?: Resolver<ResolversTypes['WithdrawalConnection'], ParentType, ContextType, Partial<UserWithdrawalsArgs>>;
};

export type UserErrorResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VoidCheckoutPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['VoidCheckoutPayload'] = ResolversParentTypes['VoidCheckoutPayload']> = {
  checkout?: Resolver<Maybe<ResolversTypes['Checkout']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type WalletResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Wallet'] = ResolversParentTypes['Wallet']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type WithdrawPayloadResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['WithdrawPayload'] = ResolversParentTypes['WithdrawPayload']> = {
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
  withdrawal?: Resolver<Maybe<ResolversTypes['Withdrawal']>, ParentType, ContextType>;
};

export type WithdrawalResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Withdrawal'] = ResolversParentTypes['Withdrawal'], FederationReferenceType extends FederationReferenceTypes['Withdrawal'] = FederationReferenceTypes['Withdrawal']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Withdrawal']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  bankAccount?: Resolver<ResolversTypes['FundingInstrument'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  failureReason?: Resolver<Maybe<ResolversTypes['WithdrawalFailureReason']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  paidAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  returnedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WithdrawalStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  wallet?: Resolver<ResolversTypes['Wallet'], ParentType, ContextType>;
};

export type WithdrawalConnectionResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['WithdrawalConnection'] = ResolversParentTypes['WithdrawalConnection']> = {
  edges?: Resolver<Array<ResolversTypes['WithdrawalEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type WithdrawalEdgeResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['WithdrawalEdge'] = ResolversParentTypes['WithdrawalEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Withdrawal'], ParentType, ContextType>;
};

export type Resolvers<ContextType = PaymentsContext> = {
  Account?: AccountResolvers<ContextType>;
  AddFundsPayload?: AddFundsPayloadResolvers<ContextType>;
  ApproveCheckoutPayload?: ApproveCheckoutPayloadResolvers<ContextType>;
  CancelRequestPayload?: CancelRequestPayloadResolvers<ContextType>;
  CaptureCheckoutPayload?: CaptureCheckoutPayloadResolvers<ContextType>;
  Checkout?: CheckoutResolvers<ContextType>;
  CheckoutConnection?: CheckoutConnectionResolvers<ContextType>;
  CheckoutEdge?: CheckoutEdgeResolvers<ContextType>;
  CloseSettlementDayPayload?: CloseSettlementDayPayloadResolvers<ContextType>;
  ConvertCurrencyPayload?: ConvertCurrencyPayloadResolvers<ContextType>;
  CreateCheckoutPayload?: CreateCheckoutPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeclineRequestPayload?: DeclineRequestPayloadResolvers<ContextType>;
  FundingInstrument?: FundingInstrumentResolvers<ContextType>;
  InternalPayment?: InternalPaymentResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PayRequestPayload?: PayRequestPayloadResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentConnection?: PaymentConnectionResolvers<ContextType>;
  PaymentEdge?: PaymentEdgeResolvers<ContextType>;
  PaymentRequest?: PaymentRequestResolvers<ContextType>;
  PaymentRequestConnection?: PaymentRequestConnectionResolvers<ContextType>;
  PaymentRequestEdge?: PaymentRequestEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RefundPaymentPayload?: RefundPaymentPayloadResolvers<ContextType>;
  RequestMoneyPayload?: RequestMoneyPayloadResolvers<ContextType>;
  SendMoneyPayload?: SendMoneyPayloadResolvers<ContextType>;
  SettlementBatch?: SettlementBatchResolvers<ContextType>;
  SettlementBatchConnection?: SettlementBatchConnectionResolvers<ContextType>;
  SettlementBatchEdge?: SettlementBatchEdgeResolvers<ContextType>;
  SettlementItem?: SettlementItemResolvers<ContextType>;
  SettlementItemConnection?: SettlementItemConnectionResolvers<ContextType>;
  SettlementItemEdge?: SettlementItemEdgeResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  VoidCheckoutPayload?: VoidCheckoutPayloadResolvers<ContextType>;
  Wallet?: WalletResolvers<ContextType>;
  WithdrawPayload?: WithdrawPayloadResolvers<ContextType>;
  Withdrawal?: WithdrawalResolvers<ContextType>;
  WithdrawalConnection?: WithdrawalConnectionResolvers<ContextType>;
  WithdrawalEdge?: WithdrawalEdgeResolvers<ContextType>;
};

