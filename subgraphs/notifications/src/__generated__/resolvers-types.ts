import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Notification as NotificationEntity } from '../entities/notification.entity.js';
import type { UserRef } from '../resolvers/User.js';
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
   * Marks the viewer's notifications read: the listed ids, or all of them with `all: true` (exactly one of the two).
   * Ids that are not the viewer's, unknown or malformed are ignored; `count` is how many became read by this call
   * (already read ones are not counted again).
   */
  markNotificationsRead: MarkNotificationsReadPayload;
  /**
   * Chooses the external channels (email, SMS, push) of one kind of notification for the viewer; an omitted channel keeps
   * its current setting. In-app notifications are always kept.
   */
  updateNotificationPreferences: UpdateNotificationPreferencesPayload;
};


export type MutationMarkNotificationsReadArgs = {
  input: MarkNotificationsReadInput;
};


export type MutationUpdateNotificationPreferencesArgs = {
  input: UpdateNotificationPreferencesInput;
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
  | 'FUNDING_INSTRUMENT_LINKED'
  | 'KYC_UPDATED'
  | 'NEW_LOGIN'
  | 'PAYMENT_FAILED'
  | 'PAYMENT_ON_HOLD'
  | 'PAYMENT_RECEIVED'
  | 'PAYMENT_SENT'
  | 'SESSION_REVOKED';

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
};


export type Query_SubscriptionArgs = {
  afterSeq?: InputMaybe<Scalars['Int']['input']>;
  arguments: Scalars['String']['input'];
  field: Scalars['String']['input'];
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
   * that is not the viewer's: FORBIDDEN; unknown: NOT_FOUND.
   */
  paymentUpdated: PaymentUpdate;
  /**
   * Changes of the balance, available or held amount of the viewer's wallets (all, or the one `walletId` names). A
   * wallet that is not the viewer's: FORBIDDEN; unknown: NOT_FOUND.
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
  User: User;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Notification:
    ( { __typename: 'Notification' }
    & GraphQLRecursivePick<FederationTypes['Notification'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  InternalSubscriptionTicket: ResolverTypeWrapper<InternalSubscriptionTicket>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MarkNotificationsReadInput: MarkNotificationsReadInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  MarkNotificationsReadPayload: ResolverTypeWrapper<MarkNotificationsReadPayload>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Notification: ResolverTypeWrapper<NotificationEntity>;
  NotificationConnection: ResolverTypeWrapper<Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversTypes['NotificationEdge']> }>;
  NotificationEdge: ResolverTypeWrapper<Omit<NotificationEdge, 'node'> & { node: ResolversTypes['Notification'] }>;
  NotificationKind: NotificationKind;
  NotificationPreference: ResolverTypeWrapper<NotificationPreference>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Payment: ResolverTypeWrapper<Payment>;
  PaymentUpdate: ResolverTypeWrapper<PaymentUpdate>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  UpdateNotificationPreferencesInput: UpdateNotificationPreferencesInput;
  UpdateNotificationPreferencesPayload: ResolverTypeWrapper<UpdateNotificationPreferencesPayload>;
  User: ResolverTypeWrapper<UserRef>;
  UserError: ResolverTypeWrapper<UserError>;
  Wallet: ResolverTypeWrapper<Wallet>;
  WalletBalanceChange: ResolverTypeWrapper<WalletBalanceChange>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  InternalSubscriptionTicket: InternalSubscriptionTicket;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  MarkNotificationsReadInput: MarkNotificationsReadInput;
  ID: Scalars['ID']['output'];
  MarkNotificationsReadPayload: MarkNotificationsReadPayload;
  Mutation: Record<PropertyKey, never>;
  Notification: NotificationEntity;
  NotificationConnection: Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversParentTypes['NotificationEdge']> };
  NotificationEdge: Omit<NotificationEdge, 'node'> & { node: ResolversParentTypes['Notification'] };
  NotificationPreference: NotificationPreference;
  PageInfo: PageInfo;
  Payment: Payment;
  PaymentUpdate: PaymentUpdate;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  UpdateNotificationPreferencesInput: UpdateNotificationPreferencesInput;
  UpdateNotificationPreferencesPayload: UpdateNotificationPreferencesPayload;
  User: UserRef;
  UserError: UserError;
  Wallet: Wallet;
  WalletBalanceChange: WalletBalanceChange;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

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
  markNotificationsRead?: Resolver<ResolversTypes['MarkNotificationsReadPayload'], ParentType, ContextType, RequireFields<MutationMarkNotificationsReadArgs, 'input'>>;
  updateNotificationPreferences?: Resolver<ResolversTypes['UpdateNotificationPreferencesPayload'], ParentType, ContextType, RequireFields<MutationUpdateNotificationPreferencesArgs, 'input'>>;
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

export type PaymentResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PaymentUpdateResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['PaymentUpdate'] = ResolversParentTypes['PaymentUpdate']> = {
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  payment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = NotificationsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  _subscription?: Resolver<Maybe<ResolversTypes['InternalSubscriptionTicket']>, ParentType, ContextType, RequireFields<Query_SubscriptionArgs, 'arguments' | 'field'>>;
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

export type Resolvers<ContextType = NotificationsContext> = {
  DateTime?: GraphQLScalarType;
  InternalSubscriptionTicket?: InternalSubscriptionTicketResolvers<ContextType>;
  MarkNotificationsReadPayload?: MarkNotificationsReadPayloadResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Notification?: NotificationResolvers<ContextType>;
  NotificationConnection?: NotificationConnectionResolvers<ContextType>;
  NotificationEdge?: NotificationEdgeResolvers<ContextType>;
  NotificationPreference?: NotificationPreferenceResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentUpdate?: PaymentUpdateResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  UpdateNotificationPreferencesPayload?: UpdateNotificationPreferencesPayloadResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  Wallet?: WalletResolvers<ContextType>;
  WalletBalanceChange?: WalletBalanceChangeResolvers<ContextType>;
};

