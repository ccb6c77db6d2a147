import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { RiskAssessment as RiskAssessmentEntity } from '../entities/risk-assessment.entity.js';
import type { ReviewCase as ReviewCaseEntity } from '../entities/review-case.entity.js';
import type { BlocklistEntry as BlocklistEntryEntity } from '../entities/blocklist-entry.entity.js';
import type { PaymentRef } from '../resolvers/Payment.js';
import type { TransactionRef } from '../resolvers/Transaction.js';
import type { FraudContext } from '../context.js';
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

/** id: usr_… for USER, fi_… for FUNDING_INSTRUMENT; reason: 1 to 200 characters. */
export type BlockEntityInput = {
  id: Scalars['ID']['input'];
  kind: BlockedEntityKind;
  reason: Scalars['String']['input'];
};

export type BlockEntityPayload = {
  __typename?: 'BlockEntityPayload';
  entry?: Maybe<BlocklistEntry>;
  userErrors: Array<UserError>;
};

export type BlockedEntityKind =
  | 'FUNDING_INSTRUMENT'
  | 'USER';

/** A user or a funding instrument whose money movements are declined. */
export type BlocklistEntry = {
  __typename?: 'BlocklistEntry';
  createdAt: Scalars['DateTime']['output'];
  createdBy: User;
  /** The blocked user's id (usr_…) or funding instrument's id (fi_…). */
  entityId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  kind: BlockedEntityKind;
  reason: Scalars['String']['output'];
};

/** An exact amount: `amount` is a decimal string in the currency's major unit ("12.34" USD, "1200" JPY). */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Admins only. Every later money movement by, to or funded from the entity is declined. Blocking twice keeps the first entry. */
  blockEntity: BlockEntityPayload;
  /**
   * Admins only. Decides an OPEN review case; the parked payment continues (APPROVE) or fails (DECLINE). Repeating the
   * same decision returns the case unchanged; a different decision on a resolved case: CASE_ALREADY_RESOLVED.
   */
  resolveReview: ResolveReviewPayload;
  /** Admins only. Lifts a block; later money movements are scored normally again. */
  unblockEntity: UnblockEntityPayload;
};


export type MutationBlockEntityArgs = {
  input: BlockEntityInput;
};


export type MutationResolveReviewArgs = {
  input: ResolveReviewInput;
};


export type MutationUnblockEntityArgs = {
  input: UnblockEntityInput;
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
  /** The payment's risk assessment; null until fraud has scored it. */
  risk?: Maybe<RiskAssessment>;
};

export type PaymentKind =
  | 'ADD_FUNDS'
  /** A buyer paying a merchant's checkout (never screened: it moves through wallets' checkout commands, not the saga). */
  | 'CHECKOUT'
  | 'CONVERSION'
  | 'P2P'
  | 'REFUND'
  | 'WITHDRAWAL';

export type Query = {
  __typename?: 'Query';
  /** Admins only: the OPEN review cases, oldest first. */
  reviewQueue: ReviewCaseConnection;
};


export type QueryReviewQueueArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** note: at most 500 characters. */
export type ResolveReviewInput = {
  caseId: Scalars['ID']['input'];
  decision: ReviewDecision;
  note?: InputMaybe<Scalars['String']['input']>;
};

export type ResolveReviewPayload = {
  __typename?: 'ResolveReviewPayload';
  reviewCase?: Maybe<ReviewCase>;
  userErrors: Array<UserError>;
};

/** A payment that scored REVIEW, parked ON_HOLD until an admin decides. */
export type ReviewCase = {
  __typename?: 'ReviewCase';
  assessment: RiskAssessment;
  id: Scalars['ID']['output'];
  /** The admin's note with the decision. */
  note?: Maybe<Scalars['String']['output']>;
  openedAt: Scalars['DateTime']['output'];
  payment: Payment;
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  resolvedBy?: Maybe<User>;
  status: ReviewStatus;
};

export type ReviewCaseConnection = {
  __typename?: 'ReviewCaseConnection';
  edges: Array<ReviewCaseEdge>;
  pageInfo: PageInfo;
  /** OPEN cases in all. */
  totalCount: Scalars['Int']['output'];
};

export type ReviewCaseEdge = {
  __typename?: 'ReviewCaseEdge';
  cursor: Scalars['String']['output'];
  node: ReviewCase;
};

export type ReviewDecision =
  | 'APPROVE'
  | 'DECLINE';

export type ReviewStatus =
  | 'APPROVED'
  | 'DECLINED'
  | 'OPEN';

/**
 * The fraud screening of one money movement, made before any funds move. Visible to the payment's sender and recipient
 * and to admins.
 */
export type RiskAssessment = {
  __typename?: 'RiskAssessment';
  amount: Money;
  createdAt: Scalars['DateTime']['output'];
  decision: RiskDecision;
  id: Scalars['ID']['output'];
  kind: PaymentKind;
  payment: Payment;
  /** Which rules contributed, and why. Admins only: anyone else gets an empty list (rule details would teach evasion). */
  reasons: Array<Scalars['String']['output']>;
  recipient: User;
  /** The review a REVIEW decision opened. Admins only: null for anyone else. */
  reviewCase?: Maybe<ReviewCase>;
  /** 0 (no risk signal) to 100. */
  score: Scalars['Int']['output'];
  sender: User;
};

export type RiskDecision =
  | 'APPROVE'
  | 'DECLINE'
  | 'REVIEW';

export type Transaction = {
  __typename?: 'Transaction';
  id: Scalars['ID']['output'];
  /** The risk assessment of the money movement; null until fraud has scored it. */
  risk?: Maybe<RiskAssessment>;
};

export type UnblockEntityInput = {
  id: Scalars['ID']['input'];
  kind: BlockedEntityKind;
};

export type UnblockEntityPayload = {
  __typename?: 'UnblockEntityPayload';
  /** The entry that was lifted; null when the entity was not blocked. */
  removed?: Maybe<BlocklistEntry>;
  userErrors: Array<UserError>;
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
};

/** An expected failure of a mutation: validation, conflicts, business rules. `field` is the path to the input field. */
export type UserError = {
  __typename?: 'UserError';
  code: Scalars['String']['output'];
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
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
  Payment: Payment;
  RiskAssessment: RiskAssessment;
  Transaction: Transaction;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Payment:
    ( { __typename: 'Payment' }
    & GraphQLRecursivePick<FederationTypes['Payment'], {"id":true}> );
  RiskAssessment:
    ( { __typename: 'RiskAssessment' }
    & GraphQLRecursivePick<FederationTypes['RiskAssessment'], {"id":true}> );
  Transaction:
    ( { __typename: 'Transaction' }
    & GraphQLRecursivePick<FederationTypes['Transaction'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  BlockEntityInput: BlockEntityInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  BlockEntityPayload: ResolverTypeWrapper<Omit<BlockEntityPayload, 'entry'> & { entry?: Maybe<ResolversTypes['BlocklistEntry']> }>;
  BlockedEntityKind: BlockedEntityKind;
  BlocklistEntry: ResolverTypeWrapper<BlocklistEntryEntity>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Payment: ResolverTypeWrapper<PaymentRef>;
  PaymentKind: PaymentKind;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ResolveReviewInput: ResolveReviewInput;
  ResolveReviewPayload: ResolverTypeWrapper<Omit<ResolveReviewPayload, 'reviewCase'> & { reviewCase?: Maybe<ResolversTypes['ReviewCase']> }>;
  ReviewCase: ResolverTypeWrapper<ReviewCaseEntity>;
  ReviewCaseConnection: ResolverTypeWrapper<Omit<ReviewCaseConnection, 'edges'> & { edges: Array<ResolversTypes['ReviewCaseEdge']> }>;
  ReviewCaseEdge: ResolverTypeWrapper<Omit<ReviewCaseEdge, 'node'> & { node: ResolversTypes['ReviewCase'] }>;
  ReviewDecision: ReviewDecision;
  ReviewStatus: ReviewStatus;
  RiskAssessment: ResolverTypeWrapper<RiskAssessmentEntity>;
  RiskDecision: RiskDecision;
  Transaction: ResolverTypeWrapper<TransactionRef>;
  UnblockEntityInput: UnblockEntityInput;
  UnblockEntityPayload: ResolverTypeWrapper<Omit<UnblockEntityPayload, 'removed'> & { removed?: Maybe<ResolversTypes['BlocklistEntry']> }>;
  User: ResolverTypeWrapper<User>;
  UserError: ResolverTypeWrapper<UserError>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  BlockEntityInput: BlockEntityInput;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  BlockEntityPayload: Omit<BlockEntityPayload, 'entry'> & { entry?: Maybe<ResolversParentTypes['BlocklistEntry']> };
  BlocklistEntry: BlocklistEntryEntity;
  DateTime: Scalars['DateTime']['output'];
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Payment: PaymentRef;
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  ResolveReviewInput: ResolveReviewInput;
  ResolveReviewPayload: Omit<ResolveReviewPayload, 'reviewCase'> & { reviewCase?: Maybe<ResolversParentTypes['ReviewCase']> };
  ReviewCase: ReviewCaseEntity;
  ReviewCaseConnection: Omit<ReviewCaseConnection, 'edges'> & { edges: Array<ResolversParentTypes['ReviewCaseEdge']> };
  ReviewCaseEdge: Omit<ReviewCaseEdge, 'node'> & { node: ResolversParentTypes['ReviewCase'] };
  RiskAssessment: RiskAssessmentEntity;
  Transaction: TransactionRef;
  UnblockEntityInput: UnblockEntityInput;
  UnblockEntityPayload: Omit<UnblockEntityPayload, 'removed'> & { removed?: Maybe<ResolversParentTypes['BlocklistEntry']> };
  User: User;
  UserError: UserError;
};

export type BlockEntityPayloadResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['BlockEntityPayload'] = ResolversParentTypes['BlockEntityPayload']> = {
  entry?: Resolver<Maybe<ResolversTypes['BlocklistEntry']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type BlocklistEntryResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['BlocklistEntry'] = ResolversParentTypes['BlocklistEntry']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  entityId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['BlockedEntityKind'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MoneyResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  blockEntity?: Resolver<ResolversTypes['BlockEntityPayload'], ParentType, ContextType, RequireFields<MutationBlockEntityArgs, 'input'>>;
  resolveReview?: Resolver<ResolversTypes['ResolveReviewPayload'], ParentType, ContextType, RequireFields<MutationResolveReviewArgs, 'input'>>;
  unblockEntity?: Resolver<ResolversTypes['UnblockEntityPayload'], ParentType, ContextType, RequireFields<MutationUnblockEntityArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PaymentResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment'], FederationReferenceType extends FederationReferenceTypes['Payment'] = FederationReferenceTypes['Payment']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Payment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  risk?: Resolver<Maybe<ResolversTypes['RiskAssessment']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  reviewQueue?: Resolver<ResolversTypes['ReviewCaseConnection'], ParentType, ContextType, RequireFields<QueryReviewQueueArgs, 'first'>>;
};

export type ResolveReviewPayloadResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['ResolveReviewPayload'] = ResolversParentTypes['ResolveReviewPayload']> = {
  reviewCase?: Resolver<Maybe<ResolversTypes['ReviewCase']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type ReviewCaseResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['ReviewCase'] = ResolversParentTypes['ReviewCase']> = {
  assessment?: Resolver<ResolversTypes['RiskAssessment'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  openedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  payment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  resolvedBy?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ReviewStatus'], ParentType, ContextType>;
};

export type ReviewCaseConnectionResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['ReviewCaseConnection'] = ResolversParentTypes['ReviewCaseConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ReviewCaseEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ReviewCaseEdgeResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['ReviewCaseEdge'] = ResolversParentTypes['ReviewCaseEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ReviewCase'], ParentType, ContextType>;
};

export type RiskAssessmentResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['RiskAssessment'] = ResolversParentTypes['RiskAssessment'], FederationReferenceType extends FederationReferenceTypes['RiskAssessment'] = FederationReferenceTypes['RiskAssessment']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['RiskAssessment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['RiskDecision'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['PaymentKind'], ParentType, ContextType>;
  payment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType>;
  reasons?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  recipient?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  reviewCase?: Resolver<Maybe<ResolversTypes['ReviewCase']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sender?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type TransactionResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['Transaction'] = ResolversParentTypes['Transaction'], FederationReferenceType extends FederationReferenceTypes['Transaction'] = FederationReferenceTypes['Transaction']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Transaction']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  risk?: Resolver<Maybe<ResolversTypes['RiskAssessment']>, ParentType, ContextType>;
};

export type UnblockEntityPayloadResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['UnblockEntityPayload'] = ResolversParentTypes['UnblockEntityPayload']> = {
  removed?: Resolver<Maybe<ResolversTypes['BlocklistEntry']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type UserResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type UserErrorResolvers<ContextType = FraudContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = FraudContext> = {
  BlockEntityPayload?: BlockEntityPayloadResolvers<ContextType>;
  BlocklistEntry?: BlocklistEntryResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ResolveReviewPayload?: ResolveReviewPayloadResolvers<ContextType>;
  ReviewCase?: ReviewCaseResolvers<ContextType>;
  ReviewCaseConnection?: ReviewCaseConnectionResolvers<ContextType>;
  ReviewCaseEdge?: ReviewCaseEdgeResolvers<ContextType>;
  RiskAssessment?: RiskAssessmentResolvers<ContextType>;
  Transaction?: TransactionResolvers<ContextType>;
  UnblockEntityPayload?: UnblockEntityPayloadResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
};

