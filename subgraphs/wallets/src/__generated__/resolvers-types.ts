import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { WalletView as WalletEntity } from '../services/wallet.service.js';
import type { FxQuote as FxQuoteEntity } from '../entities/fx-quote.entity.js';
import type { LedgerReport as LedgerReportModel, CurrencyTotals as CurrencyTotalsModel } from '../services/ledger.service.js';
import type { WalletStatementView } from '../services/statement.service.js';
import type { StatementLine as StatementLineModel } from '../domain/statement.js';
import type { UserRef } from '../resolvers/User.js';
import type { WalletsContext } from '../context.js';
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

/**
 * A conversion price. `rate` is target units per source unit after the spread, rounded down to 10 decimals;
 * targetAmount = sourceAmount × rate, rounded down to the target currency's minor unit.
 */
export type FxQuote = {
  __typename?: 'FxQuote';
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** The mid-market rate the quote started from (rounded down to 10 decimals). */
  midRate: Scalars['String']['output'];
  rate: Scalars['String']['output'];
  sourceAmount: Money;
  /** The spread taken off the mid rate, as a fraction ("0.005" = 0.5%). */
  spread: Scalars['String']['output'];
  targetAmount: Money;
};

/** The quote converts sourceAmount of sourceCurrency from the viewer's wallet into targetCurrency. */
export type FxQuoteInput = {
  sourceAmount: Scalars['String']['input'];
  sourceCurrency: Scalars['String']['input'];
  targetCurrency: Scalars['String']['input'];
};

export type InternalFxQuote = {
  __typename?: 'InternalFxQuote';
  /** Past expiresAt now. */
  expired: Scalars['Boolean']['output'];
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  ownerId: Scalars['ID']['output'];
  rate: Scalars['String']['output'];
  sourceAmount: Money;
  targetAmount: Money;
  /** Already settled by a conversion. */
  used: Scalars['Boolean']['output'];
};

export type InternalWallet = {
  __typename?: 'InternalWallet';
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  ownerId: Scalars['ID']['output'];
};

/** Per currency: the sum over every account is zero when the ledger is sound (what came in through PSP clearing is what wallets and FX clearing hold). */
export type LedgerCurrencyTotals = {
  __typename?: 'LedgerCurrencyTotals';
  currency: Scalars['String']['output'];
  fees: Money;
  fxClearing: Money;
  held: Money;
  /** Withdrawals paid out to banks, minus those the banks returned. */
  payoutClearing: Money;
  pspClearing: Money;
  suspense: Money;
  total: Money;
  wallets: Money;
};

export type LedgerReport = {
  __typename?: 'LedgerReport';
  /** No unbalanced entry, every currency sums to zero, every balance row agrees with its postings and holds. */
  balanced: Scalars['Boolean']['output'];
  currencies: Array<LedgerCurrencyTotals>;
  mismatchedAccountIds: Array<Scalars['ID']['output']>;
  unbalancedJournalIds: Array<Scalars['ID']['output']>;
};

/** An exact amount: `amount` is a decimal string in the currency's major unit ("12.34" USD, "1200" JPY). */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Opens the viewer's wallet in a currency; if it is already open, returns it. Unknown or unsupported currency: UNSUPPORTED_CURRENCY. */
  openWallet: OpenWalletPayload;
};


export type MutationOpenWalletArgs = {
  input: OpenWalletInput;
};

export type OpenWalletInput = {
  currency: Scalars['String']['input'];
};

export type OpenWalletPayload = {
  __typename?: 'OpenWalletPayload';
  userErrors: Array<UserError>;
  wallet?: Maybe<Wallet>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Internal (service identity only): a quote as the payments service needs it to accept a conversion. */
  _fxQuote?: Maybe<InternalFxQuote>;
  /** Internal (service identity only): `amount` minor units of `currency` in USD minor units at the mid rate, rounded up. */
  _usdEquivalent?: Maybe<Scalars['String']['output']>;
  /** Internal (service identity only): a wallet's owner and currency. */
  _wallet?: Maybe<InternalWallet>;
  /**
   * A price for converting `sourceAmount` of `sourceCurrency` from the viewer's wallet into `targetCurrency`, valid until
   * `expiresAt` (accept it with convertCurrency). Invalid input is a GraphQL error with extensions.code INVALID_AMOUNT,
   * UNSUPPORTED_CURRENCY or BAD_USER_INPUT and extensions.field.
   */
  fxQuote?: Maybe<FxQuote>;
  /** Admins: the ledger's invariants checked over all its entries (reconciliation). */
  ledgerBalances: LedgerReport;
  /** The signed-in user (for an API key: the owner of its business account). */
  me?: Maybe<User>;
  /** One of the viewer's wallets (admins: anyone's); null for an unknown id or someone else's wallet. */
  wallet?: Maybe<Wallet>;
};


export type Query_FxQuoteArgs = {
  id: Scalars['ID']['input'];
};


export type Query_UsdEquivalentArgs = {
  amount: Scalars['String']['input'];
  currency: Scalars['String']['input'];
};


export type Query_WalletArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFxQuoteArgs = {
  input: FxQuoteInput;
};


export type QueryWalletArgs = {
  id: Scalars['ID']['input'];
};

/** One posting to the wallet. */
export type StatementLine = {
  __typename?: 'StatementLine';
  /** Signed: positive into the wallet. */
  amount: Money;
  balanceAfter: Money;
  description: Scalars['String']['output'];
  journalEntryId: Scalars['ID']['output'];
  /** The journal entry's kind: P2P, CONVERSION, ADD_FUNDS, ADJUSTMENT, WITHDRAWAL, WITHDRAWAL_RETURN, CHECKOUT, CHECKOUT_REFUND. */
  kind: Scalars['String']['output'];
  postedAt: Scalars['DateTime']['output'];
};

export type StatementLineConnection = {
  __typename?: 'StatementLineConnection';
  edges: Array<StatementLineEdge>;
  pageInfo: PageInfo;
};

export type StatementLineEdge = {
  __typename?: 'StatementLineEdge';
  cursor: Scalars['String']['output'];
  node: StatementLine;
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  /** The user's wallets, oldest first. Visible to the user and admins (FORBIDDEN for anyone else). */
  wallets: Array<Wallet>;
};

/** An expected failure of a mutation: validation, conflicts, business rules. `field` is the path to the input field. */
export type UserError = {
  __typename?: 'UserError';
  code: Scalars['String']['output'];
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

/** A user's money in one currency. `available = balance - held`, never below zero. */
export type Wallet = {
  __typename?: 'Wallet';
  /** What can be spent now: balance minus held. */
  available: Money;
  /** Everything posted to the wallet, held funds included. */
  balance: Money;
  /** The balance at an instant, from the ledger's postings. */
  balanceAt: Money;
  createdAt: Scalars['DateTime']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
  /** Reserved by payments in progress (and by payments parked for review). */
  held: Money;
  id: Scalars['ID']['output'];
  owner: User;
  /**
   * The wallet's statement for a month (`YYYY-MM`, UTC): opening balance, every movement, closing balance. A malformed
   * month or one that has not started is a GraphQL error with extensions.code INVALID_MONTH (and the field null); a month
   * before the wallet existed is an empty statement with zero balances. The current month runs until now.
   */
  statement?: Maybe<WalletStatement>;
};


/** A user's money in one currency. `available = balance - held`, never below zero. */
export type WalletBalanceAtArgs = {
  at: Scalars['DateTime']['input'];
};


/** A user's money in one currency. `available = balance - held`, never below zero. */
export type WalletStatementArgs = {
  month: Scalars['String']['input'];
};

/**
 * A wallet's month. It covers the postings after its first instant up to and including the next month's first instant
 * (`end`; now for the current month), so closingBalance = openingBalance + totalCredits - totalDebits = balanceAt(end).
 */
export type WalletStatement = {
  __typename?: 'WalletStatement';
  closingBalance: Money;
  /**
   * The whole statement as CSV (RFC 4180, CRLF line ends): `posted_at,journal_entry_id,description,amount,currency,balance_after`,
   * an opening line, one line per movement, a closing line. More than 10000 movements: STATEMENT_TOO_LARGE (page movements instead).
   */
  csv: Scalars['String']['output'];
  currency: Scalars['String']['output'];
  end: Scalars['DateTime']['output'];
  /** `YYYY-MM`. */
  month: Scalars['String']['output'];
  /** The month's movements in posting order; `first` at most 500. */
  movements: StatementLineConnection;
  openingBalance: Money;
  start: Scalars['DateTime']['output'];
  /** What came in during the month. */
  totalCredits: Money;
  /** What went out during the month (a positive amount). */
  totalDebits: Money;
  walletId: Scalars['ID']['output'];
};


/**
 * A wallet's month. It covers the postings after its first instant up to and including the next month's first instant
 * (`end`; now for the current month), so closingBalance = openingBalance + totalCredits - totalDebits = balanceAt(end).
 */
export type WalletStatementMovementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
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
  User: User;
  Wallet: Wallet;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
  Wallet:
    ( { __typename: 'Wallet' }
    & GraphQLRecursivePick<FederationTypes['Wallet'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  FxQuote: ResolverTypeWrapper<FxQuoteEntity>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  FxQuoteInput: FxQuoteInput;
  InternalFxQuote: ResolverTypeWrapper<FxQuoteEntity>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  InternalWallet: ResolverTypeWrapper<WalletEntity>;
  LedgerCurrencyTotals: ResolverTypeWrapper<CurrencyTotalsModel>;
  LedgerReport: ResolverTypeWrapper<LedgerReportModel>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OpenWalletInput: OpenWalletInput;
  OpenWalletPayload: ResolverTypeWrapper<Omit<OpenWalletPayload, 'wallet'> & { wallet?: Maybe<ResolversTypes['Wallet']> }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  StatementLine: ResolverTypeWrapper<StatementLineModel>;
  StatementLineConnection: ResolverTypeWrapper<Omit<StatementLineConnection, 'edges'> & { edges: Array<ResolversTypes['StatementLineEdge']> }>;
  StatementLineEdge: ResolverTypeWrapper<Omit<StatementLineEdge, 'node'> & { node: ResolversTypes['StatementLine'] }>;
  User: ResolverTypeWrapper<UserRef>;
  UserError: ResolverTypeWrapper<UserError>;
  Wallet: ResolverTypeWrapper<WalletEntity>;
  WalletStatement: ResolverTypeWrapper<WalletStatementView>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  FxQuote: FxQuoteEntity;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  FxQuoteInput: FxQuoteInput;
  InternalFxQuote: FxQuoteEntity;
  Boolean: Scalars['Boolean']['output'];
  InternalWallet: WalletEntity;
  LedgerCurrencyTotals: CurrencyTotalsModel;
  LedgerReport: LedgerReportModel;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  OpenWalletInput: OpenWalletInput;
  OpenWalletPayload: Omit<OpenWalletPayload, 'wallet'> & { wallet?: Maybe<ResolversParentTypes['Wallet']> };
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  StatementLine: StatementLineModel;
  StatementLineConnection: Omit<StatementLineConnection, 'edges'> & { edges: Array<ResolversParentTypes['StatementLineEdge']> };
  StatementLineEdge: Omit<StatementLineEdge, 'node'> & { node: ResolversParentTypes['StatementLine'] };
  User: UserRef;
  UserError: UserError;
  Wallet: WalletEntity;
  WalletStatement: WalletStatementView;
  Int: Scalars['Int']['output'];
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type FxQuoteResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['FxQuote'] = ResolversParentTypes['FxQuote']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  midRate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  spread?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  targetAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type InternalFxQuoteResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['InternalFxQuote'] = ResolversParentTypes['InternalFxQuote']> = {
  expired?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ownerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  rate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  targetAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  used?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type InternalWalletResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['InternalWallet'] = ResolversParentTypes['InternalWallet']> = {
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ownerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type LedgerCurrencyTotalsResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['LedgerCurrencyTotals'] = ResolversParentTypes['LedgerCurrencyTotals']> = {
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fees?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  fxClearing?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  held?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  payoutClearing?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  pspClearing?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  suspense?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  wallets?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type LedgerReportResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['LedgerReport'] = ResolversParentTypes['LedgerReport']> = {
  balanced?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  currencies?: Resolver<Array<ResolversTypes['LedgerCurrencyTotals']>, ParentType, ContextType>;
  mismatchedAccountIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  unbalancedJournalIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  openWallet?: Resolver<ResolversTypes['OpenWalletPayload'], ParentType, ContextType, RequireFields<MutationOpenWalletArgs, 'input'>>;
};

export type OpenWalletPayloadResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['OpenWalletPayload'] = ResolversParentTypes['OpenWalletPayload']> = {
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
  wallet?: Resolver<Maybe<ResolversTypes['Wallet']>, ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  _fxQuote?: Resolver<Maybe<ResolversTypes['InternalFxQuote']>, ParentType, ContextType, RequireFields<Query_FxQuoteArgs, 'id'>>;
  _usdEquivalent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType, RequireFields<Query_UsdEquivalentArgs, 'amount' | 'currency'>>;
  _wallet?: Resolver<Maybe<ResolversTypes['InternalWallet']>, ParentType, ContextType, RequireFields<Query_WalletArgs, 'id'>>;
  fxQuote?: Resolver<Maybe<ResolversTypes['FxQuote']>, ParentType, ContextType, RequireFields<QueryFxQuoteArgs, 'input'>>;
  ledgerBalances?: Resolver<ResolversTypes['LedgerReport'], ParentType, ContextType>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  wallet?: Resolver<Maybe<ResolversTypes['Wallet']>, ParentType, ContextType, RequireFields<QueryWalletArgs, 'id'>>;
};

export type StatementLineResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['StatementLine'] = ResolversParentTypes['StatementLine']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  balanceAfter?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  journalEntryId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  postedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type StatementLineConnectionResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['StatementLineConnection'] = ResolversParentTypes['StatementLineConnection']> = {
  edges?: Resolver<Array<ResolversTypes['StatementLineEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type StatementLineEdgeResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['StatementLineEdge'] = ResolversParentTypes['StatementLineEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['StatementLine'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  wallets?: Resolver<Array<ResolversTypes['Wallet']>, ParentType, ContextType>;
};

export type UserErrorResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WalletResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['Wallet'] = ResolversParentTypes['Wallet'], FederationReferenceType extends FederationReferenceTypes['Wallet'] = FederationReferenceTypes['Wallet']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Wallet']> | FederationReferenceType, FederationReferenceType, ContextType>;
  available?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  balance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  balanceAt?: Resolver<ResolversTypes['Money'], ParentType, ContextType, RequireFields<WalletBalanceAtArgs, 'at'>>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  held?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  statement?: Resolver<Maybe<ResolversTypes['WalletStatement']>, ParentType, ContextType, RequireFields<WalletStatementArgs, 'month'>>;
};

export type WalletStatementResolvers<ContextType = WalletsContext, ParentType extends ResolversParentTypes['WalletStatement'] = ResolversParentTypes['WalletStatement']> = {
  closingBalance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  csv?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  end?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  month?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  movements?: Resolver<ResolversTypes['StatementLineConnection'], ParentType, ContextType, RequireFields<WalletStatementMovementsArgs, 'first'>>;
  openingBalance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  totalCredits?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  totalDebits?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  walletId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type Resolvers<ContextType = WalletsContext> = {
  DateTime?: GraphQLScalarType;
  FxQuote?: FxQuoteResolvers<ContextType>;
  InternalFxQuote?: InternalFxQuoteResolvers<ContextType>;
  InternalWallet?: InternalWalletResolvers<ContextType>;
  LedgerCurrencyTotals?: LedgerCurrencyTotalsResolvers<ContextType>;
  LedgerReport?: LedgerReportResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OpenWalletPayload?: OpenWalletPayloadResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  StatementLine?: StatementLineResolvers<ContextType>;
  StatementLineConnection?: StatementLineConnectionResolvers<ContextType>;
  StatementLineEdge?: StatementLineEdgeResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  Wallet?: WalletResolvers<ContextType>;
  WalletStatement?: WalletStatementResolvers<ContextType>;
};

