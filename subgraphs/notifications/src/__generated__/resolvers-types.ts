import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Notification as NotificationEntity } from '../entities/notification.entity.js';
import type { UserRef } from '../resolvers/User.js';
import type { PartnerApplicationRef } from '../resolvers/PartnerApplication.js';
import type { WebhookEndpoint as WebhookEndpointEntity } from '../entities/webhook-endpoint.entity.js';
import type { WebhookDelivery as WebhookDeliveryEntity } from '../entities/webhook-delivery.entity.js';
import type { WebhookAttempt as WebhookAttemptEntity } from '../entities/webhook-attempt.entity.js';
import type { NotificationsContext } from '../context.js';
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

export type CreateWebhookEndpointInput = {
  /** The partner application; an API key's own when left out (people must give it). */
  applicationId?: InputMaybe<Scalars['ID']['input']>;
  /** At most 200 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  eventTypes: Array<WebhookEventType>;
  /** http(s), at most 2048 characters; https only in production. */
  url: Scalars['String']['input'];
};

export type CreateWebhookEndpointPayload = {
  __typename?: 'CreateWebhookEndpointPayload';
  endpoint?: Maybe<WebhookEndpoint>;
  /** The signing secret (`whsec_…`): in this payload only. */
  secret?: Maybe<Scalars['String']['output']>;
  userErrors: Array<UserError>;
};

export type DeleteWebhookEndpointInput = {
  endpointId: Scalars['ID']['input'];
};

export type DeleteWebhookEndpointPayload = {
  __typename?: 'DeleteWebhookEndpointPayload';
  deletedEndpointId?: Maybe<Scalars['ID']['output']>;
  userErrors: Array<UserError>;
};

export type InternalSubscriptionTicket = {
  __typename?: 'InternalSubscriptionTicket';
  /** The pub/sub channel of the viewer's events. */
  channel: Scalars['String']['output'];
  /** More messages than `replay` holds are waiting: ask again after the last one. */
  hasMore: Scalars['Boolean']['output'];
  /** Ordered streams: the viewer's latest sequence number when the ticket was issued; otherwise null. */
  headSeq?: Maybe<Scalars['Int']['output']>;
  /** Ordered streams: the messages after the starting point up to headSeq, oldest first, at most 100 (JSON, as published). */
  replay: Array<Scalars['String']['output']>;
};

export type MarkNotificationsReadInput = {
  all?: InputMaybe<Scalars['Boolean']['input']>;
  /** At most 100 ids. */
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type MarkNotificationsReadPayload = {
  __typename?: 'MarkNotificationsReadPayload';
  count: Scalars['Int']['output'];
  userErrors: Array<UserError>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Registers a URL to which Paygraph POSTs the given event types of the application's business account owner, signed
   * with a new secret (`whsec_…`) that is in this payload only. An API key registers for its own application
   * (`applicationId` may be left out); a person for one of their applications. Refused: APPLICATION_NOT_FOUND,
   * INVALID_URL (not http(s), credentials, an internal address; https only in production), INVALID_EVENT_TYPES (none),
   * TOO_MANY_ENDPOINTS (at most 16 per application).
   */
  createWebhookEndpoint: CreateWebhookEndpointPayload;
  /** Deletes an endpoint and its delivery log; nothing more is sent to it, retries included. */
  deleteWebhookEndpoint: DeleteWebhookEndpointPayload;
  /**
   * Marks the viewer's notifications read: the listed ids, or all of them with `all: true` (exactly one of the two).
   * Ids that are not the viewer's, unknown or malformed are ignored; `count` is how many became read by this call
   * (already read ones are not counted again).
   */
  markNotificationsRead: MarkNotificationsReadPayload;
  /**
   * Sends a delivery again now, whatever its status, with the same delivery id and body (a new signature timestamp),
   * and a new retry window should it fail. Another application's or an unknown delivery: WEBHOOK_DELIVERY_NOT_FOUND.
   */
  redeliverWebhook: RedeliverWebhookPayload;
  /**
   * Replaces the signing secret with a new one, shown in this payload only. For `overlapSeconds` (default 0, at most
   * 86400) deliveries carry a signature with each secret (two `v1=` in Paygraph-Signature), so the receiver can switch.
   */
  rotateWebhookSecret: RotateWebhookSecretPayload;
  /**
   * Chooses the external channels (email, SMS, push) of one kind of notification for the viewer; an omitted channel keeps
   * its current setting. In-app notifications are always kept.
   */
  updateNotificationPreferences: UpdateNotificationPreferencesPayload;
  /**
   * Changes an endpoint's URL, event types, description or enabled state (omitted fields stay). A disabled endpoint gets
   * no new deliveries and sends none of those waiting until enabled again (their retry window still runs). Another
   * application's or an unknown endpoint: WEBHOOK_ENDPOINT_NOT_FOUND.
   */
  updateWebhookEndpoint: UpdateWebhookEndpointPayload;
};


export type MutationCreateWebhookEndpointArgs = {
  input: CreateWebhookEndpointInput;
};


export type MutationDeleteWebhookEndpointArgs = {
  input: DeleteWebhookEndpointInput;
};


export type MutationMarkNotificationsReadArgs = {
  input: MarkNotificationsReadInput;
};


export type MutationRedeliverWebhookArgs = {
  input: RedeliverWebhookInput;
};


export type MutationRotateWebhookSecretArgs = {
  input: RotateWebhookSecretInput;
};


export type MutationUpdateNotificationPreferencesArgs = {
  input: UpdateNotificationPreferencesInput;
};


export type MutationUpdateWebhookEndpointArgs = {
  input: UpdateWebhookEndpointInput;
};

/** Something that happened to the viewer, in the order it happened. Visible to its user and to admins. */
export type Notification = {
  __typename?: 'Notification';
  body: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The notification's position in its user's list (opaque): the same cursor as in User.notifications. */
  cursor: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: NotificationKind;
  /** The payment it is about, if any. */
  payment?: Maybe<Payment>;
  /** When the user marked it read; null while unread. */
  readAt?: Maybe<Scalars['DateTime']['output']>;
  title: Scalars['String']['output'];
  /** The wallet it is about, if any. */
  wallet?: Maybe<Wallet>;
};

export type NotificationConnection = {
  __typename?: 'NotificationConnection';
  edges: Array<NotificationEdge>;
  pageInfo: PageInfo;
};

export type NotificationEdge = {
  __typename?: 'NotificationEdge';
  cursor: Scalars['String']['output'];
  node: Notification;
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

/** Which external channels carry one kind of notification to the user (in-app always does). */
export type NotificationPreference = {
  __typename?: 'NotificationPreference';
  email: Scalars['Boolean']['output'];
  kind: NotificationKind;
  push: Scalars['Boolean']['output'];
  sms: Scalars['Boolean']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type PartnerApplication = {
  __typename?: 'PartnerApplication';
  id: Scalars['ID']['output'];
  /** The application's webhook endpoints, oldest first. */
  webhookEndpoints: Array<WebhookEndpoint>;
};

export type Payment = {
  __typename?: 'Payment';
  id: Scalars['ID']['output'];
};

/** A payment of the viewer changed status. */
export type PaymentUpdate = {
  __typename?: 'PaymentUpdate';
  /** When the change happened. */
  occurredAt: Scalars['DateTime']['output'];
  payment: Payment;
};

export type Query = {
  __typename?: 'Query';
  /**
   * Internal (the gateway, for a subscriber): checks a subscription's arguments for the viewer and says where its
   * events arrive and, for an ordered stream, what the viewer missed after `since` (or after `afterSeq`).
   */
  _subscription?: Maybe<InternalSubscriptionTicket>;
  /** The signed-in user (for an API key: the owner of its business account). */
  me?: Maybe<User>;
  /** One delivery of a webhook endpoint the caller may see (as webhookEndpoint); null otherwise. */
  webhookDelivery?: Maybe<WebhookDelivery>;
  /** A webhook endpoint its application's key, its owner or an admin may see; null otherwise. */
  webhookEndpoint?: Maybe<WebhookEndpoint>;
  /**
   * The webhook endpoints of a partner application, oldest first: for an API key its own application (`applicationId`
   * may be left out; another application's id gives an empty list), for a person an application of theirs (admins:
   * any). `applicationId` is required for people.
   */
  webhookEndpoints: Array<WebhookEndpoint>;
};


export type Query_SubscriptionArgs = {
  afterSeq?: InputMaybe<Scalars['Int']['input']>;
  arguments: Scalars['String']['input'];
  field: Scalars['String']['input'];
};


export type QueryWebhookDeliveryArgs = {
  id: Scalars['ID']['input'];
};


export type QueryWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};


export type QueryWebhookEndpointsArgs = {
  applicationId?: InputMaybe<Scalars['ID']['input']>;
};

export type RedeliverWebhookInput = {
  deliveryId: Scalars['ID']['input'];
};

export type RedeliverWebhookPayload = {
  __typename?: 'RedeliverWebhookPayload';
  delivery?: Maybe<WebhookDelivery>;
  userErrors: Array<UserError>;
};

export type RotateWebhookSecretInput = {
  endpointId: Scalars['ID']['input'];
  /** How long the old secret keeps signing too (default 0: it stops now; at most 86400). */
  overlapSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type RotateWebhookSecretPayload = {
  __typename?: 'RotateWebhookSecretPayload';
  endpoint?: Maybe<WebhookEndpoint>;
  /** The new signing secret: in this payload only. */
  secret?: Maybe<Scalars['String']['output']>;
  userErrors: Array<UserError>;
};

/**
 * Real time over graphql-ws on the gateway's `/graphql` (connectionParams `{ "authorization": "Bearer <access token>" }`).
 * Each field streams the viewer's own events only; fields of the payload owned by other services are resolved when the
 * event is delivered, with the viewer's identity.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * The viewer's notifications as they are created, in cursor order. With `since` (a cursor from `Notification.cursor`
   * or `User.notifications`, exclusive), first replays every later notification, then continues live, with no gap and
   * no duplicate at the seam. A malformed `since`: BAD_USER_INPUT.
   */
  notificationReceived: Notification;
  /**
   * Status changes of the viewer's payments, as sender or recipient (all of them, or the one `paymentId` names). The
   * payment's fields are read when the event is delivered, so an event may already show a later status than the change
   * that caused it; it never shows an earlier one, and the last event of a payment shows its final status. A payment
   * that is not the viewer's, or unknown: NOT_FOUND (the same answer, so its existence is not revealed).
   */
  paymentUpdated: PaymentUpdate;
  /**
   * Changes of the balance, available or held amount of the viewer's wallets (all, or the one `walletId` names). A
   * wallet that is not the viewer's, or unknown: NOT_FOUND (the same answer).
   */
  walletBalanceChanged: WalletBalanceChange;
};


/**
 * Real time over graphql-ws on the gateway's `/graphql` (connectionParams `{ "authorization": "Bearer <access token>" }`).
 * Each field streams the viewer's own events only; fields of the payload owned by other services are resolved when the
 * event is delivered, with the viewer's identity.
 */
export type SubscriptionNotificationReceivedArgs = {
  since?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Real time over graphql-ws on the gateway's `/graphql` (connectionParams `{ "authorization": "Bearer <access token>" }`).
 * Each field streams the viewer's own events only; fields of the payload owned by other services are resolved when the
 * event is delivered, with the viewer's identity.
 */
export type SubscriptionPaymentUpdatedArgs = {
  paymentId?: InputMaybe<Scalars['ID']['input']>;
};


/**
 * Real time over graphql-ws on the gateway's `/graphql` (connectionParams `{ "authorization": "Bearer <access token>" }`).
 * Each field streams the viewer's own events only; fields of the payload owned by other services are resolved when the
 * event is delivered, with the viewer's identity.
 */
export type SubscriptionWalletBalanceChangedArgs = {
  walletId?: InputMaybe<Scalars['ID']['input']>;
};

export type UpdateNotificationPreferencesInput = {
  email?: InputMaybe<Scalars['Boolean']['input']>;
  kind: NotificationKind;
  push?: InputMaybe<Scalars['Boolean']['input']>;
  sms?: InputMaybe<Scalars['Boolean']['input']>;
};

export type UpdateNotificationPreferencesPayload = {
  __typename?: 'UpdateNotificationPreferencesPayload';
  preference?: Maybe<NotificationPreference>;
  userErrors: Array<UserError>;
};

export type UpdateWebhookEndpointInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  endpointId: Scalars['ID']['input'];
  eventTypes?: InputMaybe<Array<WebhookEventType>>;
  url?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateWebhookEndpointPayload = {
  __typename?: 'UpdateWebhookEndpointPayload';
  endpoint?: Maybe<WebhookEndpoint>;
  userErrors: Array<UserError>;
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  /** The user's channel choice for every kind (defaults where never changed). The user themself or an admin. */
  notificationPreferences: Array<NotificationPreference>;
  /**
   * The user's notifications, newest first (`first` default 20, at most 100; `unread: true` only unread ones). The user
   * themself or an admin; anyone else: FORBIDDEN.
   */
  notifications: NotificationConnection;
};


export type UserNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  unread?: InputMaybe<Scalars['Boolean']['input']>;
};

export type UserError = {
  __typename?: 'UserError';
  code: Scalars['String']['output'];
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type Wallet = {
  __typename?: 'Wallet';
  id: Scalars['ID']['output'];
};

/** A wallet of the viewer changed balance. */
export type WalletBalanceChange = {
  __typename?: 'WalletBalanceChange';
  /** When the change happened. */
  occurredAt: Scalars['DateTime']['output'];
  wallet: Wallet;
};

/** One POST of a delivery. */
export type WebhookAttempt = {
  __typename?: 'WebhookAttempt';
  /** Why it failed, when it did. */
  error?: Maybe<Scalars['String']['output']>;
  /** Milliseconds until the answer's status line (or the failure). */
  latencyMs: Scalars['Int']['output'];
  /** Asked for with redeliverWebhook. */
  manual: Scalars['Boolean']['output'];
  /** 1, 2, 3… */
  number: Scalars['Int']['output'];
  /** The HTTP status the endpoint answered; null when it did not answer (timeout, connection refused, blocked). */
  responseStatus?: Maybe<Scalars['Int']['output']>;
  startedAt: Scalars['DateTime']['output'];
  succeeded: Scalars['Boolean']['output'];
};

/** One event sent to one endpoint. The same event reaches the same endpoint always under the same id. */
export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  /** Attempts made so far, oldest first. */
  attempts: Array<WebhookAttempt>;
  /** When it succeeded or finally failed. */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  endpoint: WebhookEndpoint;
  /** The event's id (the body's `id`). */
  eventId: Scalars['ID']['output'];
  eventType: WebhookEventType;
  /** Sent as the Paygraph-Delivery-Id header, the same on every attempt: the receiver's idempotency key. */
  id: Scalars['ID']['output'];
  /** When the next attempt is due, while PENDING. */
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** The JSON body POSTed, byte for byte. */
  payload: Scalars['String']['output'];
  status: WebhookDeliveryStatus;
};

export type WebhookDeliveryConnection = {
  __typename?: 'WebhookDeliveryConnection';
  edges: Array<WebhookDeliveryEdge>;
  pageInfo: PageInfo;
};

export type WebhookDeliveryEdge = {
  __typename?: 'WebhookDeliveryEdge';
  cursor: Scalars['String']['output'];
  node: WebhookDelivery;
};

export type WebhookDeliveryStatus =
  /** No 2xx within the retry window (3 days by default); redeliverWebhook sends it again. */
  | 'FAILED'
  /** Waiting for its first attempt or its next retry. */
  | 'PENDING'
  /** The endpoint answered 2xx. */
  | 'SUCCEEDED';

/** A URL to which Paygraph POSTs events of a partner application's business account, signed (docs/partners.md). */
export type WebhookEndpoint = {
  __typename?: 'WebhookEndpoint';
  /** The partner application it belongs to. */
  applicationId: Scalars['ID']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The deliveries to it, newest first (`first` default 20, at most 100), optionally only those with `status`. */
  deliveries: WebhookDeliveryConnection;
  description?: Maybe<Scalars['String']['output']>;
  enabled: Scalars['Boolean']['output'];
  eventTypes: Array<WebhookEventType>;
  id: Scalars['ID']['output'];
  updatedAt: Scalars['DateTime']['output'];
  url: Scalars['String']['output'];
};


/** A URL to which Paygraph POSTs events of a partner application's business account, signed (docs/partners.md). */
export type WebhookEndpointDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<WebhookDeliveryStatus>;
};

/** What a webhook endpoint can subscribe to; the delivery's `type` is the lower-case dotted form (`payment.completed`). */
export type WebhookEventType =
  /** A payment to or from the owner completed (P2P, funds added, a conversion). */
  | 'PAYMENT_COMPLETED'
  /** A payment of the owner failed (with its failureReason). */
  | 'PAYMENT_FAILED'
  | 'PAYOUT_FAILED'
  /** A withdrawal to the owner's bank account was paid out. */
  | 'PAYOUT_PAID'
  /** The bank sent a paid withdrawal back (the wallet was credited again). */
  | 'PAYOUT_RETURNED'
  /** A refund to or from the owner completed. */
  | 'REFUND_COMPLETED'
  | 'REFUND_FAILED';



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
  Notification: Notification;
  PartnerApplication: PartnerApplication;
  User: User;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Notification:
    ( { __typename: 'Notification' }
    & GraphQLRecursivePick<FederationTypes['Notification'], {"id":true}> );
  PartnerApplication:
    ( { __typename: 'PartnerApplication' }
    & GraphQLRecursivePick<FederationTypes['PartnerApplication'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  CreateWebhookEndpointInput: CreateWebhookEndpointInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CreateWebhookEndpointPayload: ResolverTypeWrapper<Omit<CreateWebhookEndpointPayload, 'endpoint'> & { endpoint?: Maybe<ResolversTypes['WebhookEndpoint']> }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteWebhookEndpointInput: DeleteWebhookEndpointInput;
  DeleteWebhookEndpointPayload: ResolverTypeWrapper<DeleteWebhookEndpointPayload>;
  InternalSubscriptionTicket: ResolverTypeWrapper<InternalSubscriptionTicket>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MarkNotificationsReadInput: MarkNotificationsReadInput;
  MarkNotificationsReadPayload: ResolverTypeWrapper<MarkNotificationsReadPayload>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Notification: ResolverTypeWrapper<NotificationEntity>;
  NotificationConnection: ResolverTypeWrapper<Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversTypes['NotificationEdge']> }>;
  NotificationEdge: ResolverTypeWrapper<Omit<NotificationEdge, 'node'> & { node: ResolversTypes['Notification'] }>;
  NotificationKind: NotificationKind;
  NotificationPreference: ResolverTypeWrapper<NotificationPreference>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PartnerApplication: ResolverTypeWrapper<PartnerApplicationRef>;
  Payment: ResolverTypeWrapper<Payment>;
  PaymentUpdate: ResolverTypeWrapper<PaymentUpdate>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RedeliverWebhookInput: RedeliverWebhookInput;
  RedeliverWebhookPayload: ResolverTypeWrapper<Omit<RedeliverWebhookPayload, 'delivery'> & { delivery?: Maybe<ResolversTypes['WebhookDelivery']> }>;
  RotateWebhookSecretInput: RotateWebhookSecretInput;
  RotateWebhookSecretPayload: ResolverTypeWrapper<Omit<RotateWebhookSecretPayload, 'endpoint'> & { endpoint?: Maybe<ResolversTypes['WebhookEndpoint']> }>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  UpdateNotificationPreferencesInput: UpdateNotificationPreferencesInput;
  UpdateNotificationPreferencesPayload: ResolverTypeWrapper<UpdateNotificationPreferencesPayload>;
  UpdateWebhookEndpointInput: UpdateWebhookEndpointInput;
  UpdateWebhookEndpointPayload: ResolverTypeWrapper<Omit<UpdateWebhookEndpointPayload, 'endpoint'> & { endpoint?: Maybe<ResolversTypes['WebhookEndpoint']> }>;
  User: ResolverTypeWrapper<UserRef>;
  UserError: ResolverTypeWrapper<UserError>;
  Wallet: ResolverTypeWrapper<Wallet>;
  WalletBalanceChange: ResolverTypeWrapper<WalletBalanceChange>;
  WebhookAttempt: ResolverTypeWrapper<WebhookAttemptEntity>;
  WebhookDelivery: ResolverTypeWrapper<WebhookDeliveryEntity>;
  WebhookDeliveryConnection: ResolverTypeWrapper<Omit<WebhookDeliveryConnection, 'edges'> & { edges: Array<ResolversTypes['WebhookDeliveryEdge']> }>;
  WebhookDeliveryEdge: ResolverTypeWrapper<Omit<WebhookDeliveryEdge, 'node'> & { node: ResolversTypes['WebhookDelivery'] }>;
  WebhookDeliveryStatus: WebhookDeliveryStatus;
  WebhookEndpoint: ResolverTypeWrapper<WebhookEndpointEntity>;
  WebhookEventType: WebhookEventType;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  CreateWebhookEndpointInput: CreateWebhookEndpointInput;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  CreateWebhookEndpointPayload: Omit<CreateWebhookEndpointPayload, 'endpoint'> & { endpoint?: Maybe<ResolversParentTypes['WebhookEndpoint']> };
  DateTime: Scalars['DateTime']['output'];
  DeleteWebhookEndpointInput: DeleteWebhookEndpointInput;
  DeleteWebhookEndpointPayload: DeleteWebhookEndpointPayload;
  InternalSubscriptionTicket: InternalSubscriptionTicket;
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  MarkNotificationsReadInput: MarkNotificationsReadInput;
  MarkNotificationsReadPayload: MarkNotificationsReadPayload;
  Mutation: Record<PropertyKey, never>;
  Notification: NotificationEntity;
  NotificationConnection: Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversParentTypes['NotificationEdge']> };
  NotificationEdge: Omit<NotificationEdge, 'node'> & { node: ResolversParentTypes['Notification'] };
  NotificationPreference: NotificationPreference;
  PageInfo: PageInfo;
  PartnerApplication: PartnerApplicationRef;
  Payment: Payment;
  PaymentUpdate: PaymentUpdate;
  Query: Record<PropertyKey, never>;
  RedeliverWebhookInput: RedeliverWebhookInput;
  RedeliverWebhookPayload: Omit<RedeliverWebhookPayload, 'delivery'> & { delivery?: Maybe<ResolversParentTypes['WebhookDelivery']> };
  RotateWebhookSecretInput: RotateWebhookSecretInput;
  RotateWebhookSecretPayload: Omit<RotateWebhookSecretPayload, 'endpoint'> & { endpoint?: Maybe<ResolversParentTypes['WebhookEndpoint']> };
  Subscription: Record<PropertyKey, never>;
  UpdateNotificationPreferencesInput: UpdateNotificationPreferencesInput;
  UpdateNotificationPreferencesPayload: UpdateNotificationPreferencesPayload;
  UpdateWebhookEndpointInput: UpdateWebhookEndpointInput;
  UpdateWebhookEndpointPayload: Omit<UpdateWebhookEndpointPayload, 'endpoint'> & { endpoint?: Maybe<ResolversParentTypes['WebhookEndpoint']> };
  User: UserRef;
  UserError: UserError;
  Wallet: Wallet;
  WalletBalanceChange: WalletBalanceChange;
  WebhookAttempt: WebhookAttemptEntity;
  WebhookDelivery: WebhookDeliveryEntity;
  WebhookDeliveryConnection: Omit<WebhookDeliveryConnection, 'edges'> & { edges: Array<ResolversParentTypes['WebhookDeliveryEdge']> };
  WebhookDeliveryEdge: Omit<WebhookDeliveryEdge, 'node'> & { node: ResolversParentTypes['WebhookDelivery'] };
  WebhookEndpoint: WebhookEndpointEntity;
};

export type CreateWebhookEndpointPayloadResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['CreateWebhookEndpointPayload'] = ResolversParentTypes['CreateWebhookEndpointPayload']> = {
  endpoint?: Resolver<Maybe<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType>;
  secret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeleteWebhookEndpointPayloadResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['DeleteWebhookEndpointPayload'] = ResolversParentTypes['DeleteWebhookEndpointPayload']> = {
  deletedEndpointId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type InternalSubscriptionTicketResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['InternalSubscriptionTicket'] = ResolversParentTypes['InternalSubscriptionTicket']> = {
  channel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hasMore?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  headSeq?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  replay?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MarkNotificationsReadPayloadResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['MarkNotificationsReadPayload'] = ResolversParentTypes['MarkNotificationsReadPayload']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createWebhookEndpoint?: Resolver<ResolversTypes['CreateWebhookEndpointPayload'], ParentType, ContextType, RequireFields<MutationCreateWebhookEndpointArgs, 'input'>>;
  deleteWebhookEndpoint?: Resolver<ResolversTypes['DeleteWebhookEndpointPayload'], ParentType, ContextType, RequireFields<MutationDeleteWebhookEndpointArgs, 'input'>>;
  markNotificationsRead?: Resolver<ResolversTypes['MarkNotificationsReadPayload'], ParentType, ContextType, RequireFields<MutationMarkNotificationsReadArgs, 'input'>>;
  redeliverWebhook?: Resolver<ResolversTypes['RedeliverWebhookPayload'], ParentType, ContextType, RequireFields<MutationRedeliverWebhookArgs, 'input'>>;
  rotateWebhookSecret?: Resolver<ResolversTypes['RotateWebhookSecretPayload'], ParentType, ContextType, RequireFields<MutationRotateWebhookSecretArgs, 'input'>>;
  updateNotificationPreferences?: Resolver<ResolversTypes['UpdateNotificationPreferencesPayload'], ParentType, ContextType, RequireFields<MutationUpdateNotificationPreferencesArgs, 'input'>>;
  updateWebhookEndpoint?: Resolver<ResolversTypes['UpdateWebhookEndpointPayload'], ParentType, ContextType, RequireFields<MutationUpdateWebhookEndpointArgs, 'input'>>;
};

export type NotificationResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['Notification'] = ResolversParentTypes['Notification'], FederationReferenceType extends FederationReferenceTypes['Notification'] = FederationReferenceTypes['Notification']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Notification']> | FederationReferenceType, FederationReferenceType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['NotificationKind'], ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  readAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  wallet?: Resolver<Maybe<ResolversTypes['Wallet']>, ParentType, ContextType>;
};

export type NotificationConnectionResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['NotificationConnection'] = ResolversParentTypes['NotificationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['NotificationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type NotificationEdgeResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['NotificationEdge'] = ResolversParentTypes['NotificationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Notification'], ParentType, ContextType>;
};

export type NotificationPreferenceResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['NotificationPreference'] = ResolversParentTypes['NotificationPreference']> = {
  email?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['NotificationKind'], ParentType, ContextType>;
  push?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sms?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PartnerApplicationResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['PartnerApplication'] = ResolversParentTypes['PartnerApplication'], FederationReferenceType extends FederationReferenceTypes['PartnerApplication'] = FederationReferenceTypes['PartnerApplication']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['PartnerApplication']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  webhookEndpoints?: Resolver<Array<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType>;
};

export type PaymentResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PaymentUpdateResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['PaymentUpdate'] = ResolversParentTypes['PaymentUpdate']> = {
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  payment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  _subscription?: Resolver<Maybe<ResolversTypes['InternalSubscriptionTicket']>, ParentType, ContextType, RequireFields<Query_SubscriptionArgs, 'arguments' | 'field'>>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  webhookDelivery?: Resolver<Maybe<ResolversTypes['WebhookDelivery']>, ParentType, ContextType, RequireFields<QueryWebhookDeliveryArgs, 'id'>>;
  webhookEndpoint?: Resolver<Maybe<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType, RequireFields<QueryWebhookEndpointArgs, 'id'>>;
  webhookEndpoints?: Resolver<Array<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType, Partial<QueryWebhookEndpointsArgs>>;
};

export type RedeliverWebhookPayloadResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['RedeliverWebhookPayload'] = ResolversParentTypes['RedeliverWebhookPayload']> = {
  delivery?: Resolver<Maybe<ResolversTypes['WebhookDelivery']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RotateWebhookSecretPayloadResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['RotateWebhookSecretPayload'] = ResolversParentTypes['RotateWebhookSecretPayload']> = {
  endpoint?: Resolver<Maybe<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType>;
  secret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  notificationReceived?: SubscriptionResolver<ResolversTypes['Notification'], "notificationReceived", ParentType, ContextType, Partial<SubscriptionNotificationReceivedArgs>>;
  paymentUpdated?: SubscriptionResolver<ResolversTypes['PaymentUpdate'], "paymentUpdated", ParentType, ContextType, Partial<SubscriptionPaymentUpdatedArgs>>;
  walletBalanceChanged?: SubscriptionResolver<ResolversTypes['WalletBalanceChange'], "walletBalanceChanged", ParentType, ContextType, Partial<SubscriptionWalletBalanceChangedArgs>>;
};

export type UpdateNotificationPreferencesPayloadResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['UpdateNotificationPreferencesPayload'] = ResolversParentTypes['UpdateNotificationPreferencesPayload']> = {
  preference?: Resolver<Maybe<ResolversTypes['NotificationPreference']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type UpdateWebhookEndpointPayloadResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['UpdateWebhookEndpointPayload'] = ResolversParentTypes['UpdateWebhookEndpointPayload']> = {
  endpoint?: Resolver<Maybe<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type UserResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  notificationPreferences?: Resolver<Array<ResolversTypes['NotificationPreference']>, ParentType, ContextType>;
  notifications?: Resolver<ResolversTypes['NotificationConnection'], ParentType, ContextType, Partial<UserNotificationsArgs>>;
};

export type UserErrorResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WalletResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['Wallet'] = ResolversParentTypes['Wallet']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type WalletBalanceChangeResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['WalletBalanceChange'] = ResolversParentTypes['WalletBalanceChange']> = {
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  wallet?: Resolver<ResolversTypes['Wallet'], ParentType, ContextType>;
};

export type WebhookAttemptResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['WebhookAttempt'] = ResolversParentTypes['WebhookAttempt']> = {
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  latencyMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  manual?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  responseStatus?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  succeeded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type WebhookDeliveryResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['WebhookDelivery'] = ResolversParentTypes['WebhookDelivery']> = {
  attempts?: Resolver<Array<ResolversTypes['WebhookAttempt']>, ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  endpoint?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['WebhookEventType'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WebhookDeliveryStatus'], ParentType, ContextType>;
};

export type WebhookDeliveryConnectionResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['WebhookDeliveryConnection'] = ResolversParentTypes['WebhookDeliveryConnection']> = {
  edges?: Resolver<Array<ResolversTypes['WebhookDeliveryEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type WebhookDeliveryEdgeResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['WebhookDeliveryEdge'] = ResolversParentTypes['WebhookDeliveryEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType>;
};

export type WebhookEndpointResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['WebhookEndpoint'] = ResolversParentTypes['WebhookEndpoint']> = {
  applicationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveries?: Resolver<ResolversTypes['WebhookDeliveryConnection'], ParentType, ContextType, Partial<WebhookEndpointDeliveriesArgs>>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  eventTypes?: Resolver<Array<ResolversTypes['WebhookEventType']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = NotificationsContext> = {
  CreateWebhookEndpointPayload?: CreateWebhookEndpointPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeleteWebhookEndpointPayload?: DeleteWebhookEndpointPayloadResolvers<ContextType>;
  InternalSubscriptionTicket?: InternalSubscriptionTicketResolvers<ContextType>;
  MarkNotificationsReadPayload?: MarkNotificationsReadPayloadResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Notification?: NotificationResolvers<ContextType>;
  NotificationConnection?: NotificationConnectionResolvers<ContextType>;
  NotificationEdge?: NotificationEdgeResolvers<ContextType>;
  NotificationPreference?: NotificationPreferenceResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PartnerApplication?: PartnerApplicationResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentUpdate?: PaymentUpdateResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RedeliverWebhookPayload?: RedeliverWebhookPayloadResolvers<ContextType>;
  RotateWebhookSecretPayload?: RotateWebhookSecretPayloadResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  UpdateNotificationPreferencesPayload?: UpdateNotificationPreferencesPayloadResolvers<ContextType>;
  UpdateWebhookEndpointPayload?: UpdateWebhookEndpointPayloadResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  Wallet?: WalletResolvers<ContextType>;
  WalletBalanceChange?: WalletBalanceChangeResolvers<ContextType>;
  WebhookAttempt?: WebhookAttemptResolvers<ContextType>;
  WebhookDelivery?: WebhookDeliveryResolvers<ContextType>;
  WebhookDeliveryConnection?: WebhookDeliveryConnectionResolvers<ContextType>;
  WebhookDeliveryEdge?: WebhookDeliveryEdgeResolvers<ContextType>;
  WebhookEndpoint?: WebhookEndpointResolvers<ContextType>;
};

