import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Account as AccountEntity } from '../entities/account.entity.js';
import type { FundingInstrument as FundingInstrumentEntity } from '../entities/funding-instrument.entity.js';
import type { KycView } from '../services/kyc.service.js';
import type { UserRef } from '../resolvers/User.js';
import type { AccountsContext } from '../context.js';
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
  /** Legal name of a business account; null for personal accounts. */
  businessName?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  owner: User;
  status: AccountStatus;
  type: AccountType;
};

export type AccountStatus =
  | 'ACTIVE'
  | 'CLOSED'
  | 'FROZEN';

export type AccountType =
  | 'BUSINESS'
  | 'PERSONAL';

export type BankAccountDetails = {
  __typename?: 'BankAccountDetails';
  /** Bank routing number (US) or the IBAN's bank code. */
  bankCode?: Maybe<Scalars['String']['output']>;
  country: Scalars['String']['output'];
  /** ISO 4217 code withdrawals to this account are paid in (from its country). */
  currency: Scalars['String']['output'];
  holderName: Scalars['String']['output'];
  verificationStatus: BankAccountVerificationStatus;
};

/** PENDING until the micro-deposits are confirmed; only VERIFIED accounts receive withdrawals. */
export type BankAccountVerificationStatus =
  | 'FAILED'
  | 'PENDING'
  | 'VERIFIED';

export type CardBrand =
  | 'AMEX'
  | 'DISCOVER'
  | 'MASTERCARD'
  | 'UNKNOWN'
  | 'VISA';

export type CardDetails = {
  __typename?: 'CardDetails';
  brand: CardBrand;
  expMonth: Scalars['Int']['output'];
  expYear: Scalars['Int']['output'];
  /** Same card, same fingerprint, across users: lets fraud rules spot a card shared between accounts. */
  fingerprint: Scalars['String']['output'];
  holderName?: Maybe<Scalars['String']['output']>;
};

export type FundingInstrument = {
  __typename?: 'FundingInstrument';
  bankAccount?: Maybe<BankAccountDetails>;
  card?: Maybe<CardDetails>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  kind: FundingInstrumentKind;
  /** Last four digits of the card number, or of the bank account number / IBAN. */
  last4: Scalars['String']['output'];
  owner: User;
  status: FundingInstrumentStatus;
};

export type FundingInstrumentKind =
  | 'BANK_ACCOUNT'
  | 'CARD';

export type FundingInstrumentStatus =
  | 'ACTIVE'
  | 'REMOVED';

/** What payments needs to charge an instrument: never the number, only the PSP token and the last 4. */
export type InternalFundingInstrument = {
  __typename?: 'InternalFundingInstrument';
  /** Bank accounts: the currency they are paid in; null for cards. */
  bankCurrency?: Maybe<Scalars['String']['output']>;
  /** Bank accounts: PENDING, VERIFIED or FAILED; null for cards. */
  bankVerification?: Maybe<BankAccountVerificationStatus>;
  id: Scalars['ID']['output'];
  kind: FundingInstrumentKind;
  last4: Scalars['String']['output'];
  pspToken: Scalars['String']['output'];
  status: FundingInstrumentStatus;
  userId: Scalars['ID']['output'];
};

/** A user's outgoing limits as payments enforces them: USD minor units as decimal strings; null where a limit does not apply. */
export type InternalLimits = {
  __typename?: 'InternalLimits';
  /** Always USD: the limits are USD equivalents. */
  currency: Scalars['String']['output'];
  daily?: Maybe<Scalars['String']['output']>;
  monthly?: Maybe<Scalars['String']['output']>;
  singlePayment?: Maybe<Scalars['String']['output']>;
  tier: KycTier;
  userId: Scalars['ID']['output'];
};

export type KycStatus =
  | 'PENDING'
  | 'REJECTED'
  | 'UNVERIFIED'
  | 'VERIFIED';

export type KycTier =
  | 'UNVERIFIED'
  | 'VERIFIED';

export type KycVerification = {
  __typename?: 'KycVerification';
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  limits: Limits;
  /** Why a verification was rejected. */
  rejectionReason?: Maybe<Scalars['String']['output']>;
  status: KycStatus;
  submittedAt?: Maybe<Scalars['DateTime']['output']>;
  tier: KycTier;
};

/** Outgoing limits of a KYC tier, in USD equivalent. A null limit does not apply at that tier. */
export type Limits = {
  __typename?: 'Limits';
  daily?: Maybe<Money>;
  monthly?: Maybe<Money>;
  singlePayment?: Maybe<Money>;
};

/** Either `iban`, or (`country: "US"`) `routingNumber` and `accountNumber`. */
export type LinkBankAccountInput = {
  accountNumber?: InputMaybe<Scalars['String']['input']>;
  country: Scalars['String']['input'];
  holderName: Scalars['String']['input'];
  iban?: InputMaybe<Scalars['String']['input']>;
  routingNumber?: InputMaybe<Scalars['String']['input']>;
};

export type LinkBankAccountPayload = {
  __typename?: 'LinkBankAccountPayload';
  fundingInstrument?: Maybe<FundingInstrument>;
  userErrors: Array<UserError>;
};

export type LinkCardInput = {
  cvc: Scalars['String']['input'];
  expMonth: Scalars['Int']['input'];
  expYear: Scalars['Int']['input'];
  holderName?: InputMaybe<Scalars['String']['input']>;
  number: Scalars['String']['input'];
};

export type LinkCardPayload = {
  __typename?: 'LinkCardPayload';
  fundingInstrument?: Maybe<FundingInstrument>;
  userErrors: Array<UserError>;
};

/** An exact amount: `amount` is a decimal string in the currency's major unit ("12.34" USD, "1200" JPY). */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * IBAN (checksum) or US routing number (checksum) and account number; only the last 4 digits are kept in clear. The
   * account starts PENDING verification: the sandbox sends two micro-deposits (always 0.32 and 0.45) to confirm with
   * verifyBankAccount before withdrawals may go there. With two-factor sign-in on, a TOTP code must have been checked
   * within 5 minutes (login or verifyTotp): STEP_UP_REQUIRED otherwise (nothing is linked).
   */
  linkBankAccount: LinkBankAccountPayload;
  /** Card number, CVC and expiry are validated (Luhn, not expired) and never stored; only a token, brand and last4 are. */
  linkCard: LinkCardPayload;
  /** Opens a business account beside the personal one. */
  openBusinessAccount: OpenBusinessAccountPayload;
  removeFundingInstrument: RemoveFundingInstrumentPayload;
  /** Sandbox identity verification: completes synchronously with VERIFIED unless the legal name contains "REJECT". */
  submitKyc: SubmitKycPayload;
  /** Confirms a linked bank account with the two micro-deposit amounts; 3 wrong answers leave it FAILED (BANK_VERIFICATION_FAILED). */
  verifyBankAccount: VerifyBankAccountPayload;
};


export type MutationLinkBankAccountArgs = {
  input: LinkBankAccountInput;
};


export type MutationLinkCardArgs = {
  input: LinkCardInput;
};


export type MutationOpenBusinessAccountArgs = {
  input: OpenBusinessAccountInput;
};


export type MutationRemoveFundingInstrumentArgs = {
  input: RemoveFundingInstrumentInput;
};


export type MutationSubmitKycArgs = {
  input: SubmitKycInput;
};


export type MutationVerifyBankAccountArgs = {
  input: VerifyBankAccountInput;
};

export type OpenBusinessAccountInput = {
  businessName: Scalars['String']['input'];
};

export type OpenBusinessAccountPayload = {
  __typename?: 'OpenBusinessAccountPayload';
  account?: Maybe<Account>;
  userErrors: Array<UserError>;
};

export type Query = {
  __typename?: 'Query';
  /** Internal (service-to-service, hidden from the API): the instrument if it is this user's (any status), else null. */
  _fundingInstrument?: Maybe<InternalFundingInstrument>;
  /** Internal (service-to-service, hidden from the API): a user's KYC tier and outgoing limits. */
  _limits?: Maybe<InternalLimits>;
  /** One of the viewer's accounts (admins: anyone's). */
  account?: Maybe<Account>;
  /** One of the viewer's funding instruments (admins: anyone's). */
  fundingInstrument?: Maybe<FundingInstrument>;
  /** The signed-in user (for an API key: the owner of its business account). */
  me?: Maybe<User>;
};


export type Query_FundingInstrumentArgs = {
  id: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type Query_LimitsArgs = {
  userId: Scalars['ID']['input'];
};


export type QueryAccountArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFundingInstrumentArgs = {
  id: Scalars['ID']['input'];
};

export type RemoveFundingInstrumentInput = {
  id: Scalars['ID']['input'];
};

export type RemoveFundingInstrumentPayload = {
  __typename?: 'RemoveFundingInstrumentPayload';
  removedId?: Maybe<Scalars['ID']['output']>;
  userErrors: Array<UserError>;
};

/** dateOfBirth: YYYY-MM-DD; country: ISO 3166-1 alpha-2. */
export type SubmitKycInput = {
  addressLine1: Scalars['String']['input'];
  city: Scalars['String']['input'];
  country: Scalars['String']['input'];
  dateOfBirth: Scalars['String']['input'];
  documentNumber: Scalars['String']['input'];
  legalName: Scalars['String']['input'];
  postalCode: Scalars['String']['input'];
};

export type SubmitKycPayload = {
  __typename?: 'SubmitKycPayload';
  kyc?: Maybe<KycVerification>;
  userErrors: Array<UserError>;
};

export type User = {
  __typename?: 'User';
  /** The user's accounts, personal first. Visible to the user and admins. */
  accounts: Array<Account>;
  /** Linked cards and bank accounts, newest first. Visible to the user and admins. */
  fundingInstruments: Array<FundingInstrument>;
  id: Scalars['ID']['output'];
  /** Identity verification state and the limits that follow from it. Visible to the user and admins. */
  kyc: KycVerification;
};

/** An expected failure of a mutation: validation, conflicts, business rules. `field` is the path to the input field. */
export type UserError = {
  __typename?: 'UserError';
  code: Scalars['String']['output'];
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

/** amounts: the two micro-deposits as decimals in the account's currency ("0.32"), in any order. */
export type VerifyBankAccountInput = {
  amounts: Array<Scalars['String']['input']>;
  fundingInstrumentId: Scalars['ID']['input'];
};

export type VerifyBankAccountPayload = {
  __typename?: 'VerifyBankAccountPayload';
  fundingInstrument?: Maybe<FundingInstrument>;
  userErrors: Array<UserError>;
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
  Account: Account;
  FundingInstrument: FundingInstrument;
  User: User;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Account:
    ( { __typename: 'Account' }
    & GraphQLRecursivePick<FederationTypes['Account'], {"id":true}> );
  FundingInstrument:
    ( { __typename: 'FundingInstrument' }
    & GraphQLRecursivePick<FederationTypes['FundingInstrument'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Account: ResolverTypeWrapper<AccountEntity>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AccountStatus: AccountStatus;
  AccountType: AccountType;
  BankAccountDetails: ResolverTypeWrapper<BankAccountDetails>;
  BankAccountVerificationStatus: BankAccountVerificationStatus;
  CardBrand: CardBrand;
  CardDetails: ResolverTypeWrapper<CardDetails>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  FundingInstrument: ResolverTypeWrapper<FundingInstrumentEntity>;
  FundingInstrumentKind: FundingInstrumentKind;
  FundingInstrumentStatus: FundingInstrumentStatus;
  InternalFundingInstrument: ResolverTypeWrapper<InternalFundingInstrument>;
  InternalLimits: ResolverTypeWrapper<InternalLimits>;
  KycStatus: KycStatus;
  KycTier: KycTier;
  KycVerification: ResolverTypeWrapper<KycView>;
  Limits: ResolverTypeWrapper<Limits>;
  LinkBankAccountInput: LinkBankAccountInput;
  LinkBankAccountPayload: ResolverTypeWrapper<Omit<LinkBankAccountPayload, 'fundingInstrument'> & { fundingInstrument?: Maybe<ResolversTypes['FundingInstrument']> }>;
  LinkCardInput: LinkCardInput;
  LinkCardPayload: ResolverTypeWrapper<Omit<LinkCardPayload, 'fundingInstrument'> & { fundingInstrument?: Maybe<ResolversTypes['FundingInstrument']> }>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OpenBusinessAccountInput: OpenBusinessAccountInput;
  OpenBusinessAccountPayload: ResolverTypeWrapper<Omit<OpenBusinessAccountPayload, 'account'> & { account?: Maybe<ResolversTypes['Account']> }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RemoveFundingInstrumentInput: RemoveFundingInstrumentInput;
  RemoveFundingInstrumentPayload: ResolverTypeWrapper<RemoveFundingInstrumentPayload>;
  SubmitKycInput: SubmitKycInput;
  SubmitKycPayload: ResolverTypeWrapper<Omit<SubmitKycPayload, 'kyc'> & { kyc?: Maybe<ResolversTypes['KycVerification']> }>;
  User: ResolverTypeWrapper<UserRef>;
  UserError: ResolverTypeWrapper<UserError>;
  VerifyBankAccountInput: VerifyBankAccountInput;
  VerifyBankAccountPayload: ResolverTypeWrapper<Omit<VerifyBankAccountPayload, 'fundingInstrument'> & { fundingInstrument?: Maybe<ResolversTypes['FundingInstrument']> }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Account: AccountEntity;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  BankAccountDetails: BankAccountDetails;
  CardDetails: CardDetails;
  Int: Scalars['Int']['output'];
  DateTime: Scalars['DateTime']['output'];
  FundingInstrument: FundingInstrumentEntity;
  InternalFundingInstrument: InternalFundingInstrument;
  InternalLimits: InternalLimits;
  KycVerification: KycView;
  Limits: Limits;
  LinkBankAccountInput: LinkBankAccountInput;
  LinkBankAccountPayload: Omit<LinkBankAccountPayload, 'fundingInstrument'> & { fundingInstrument?: Maybe<ResolversParentTypes['FundingInstrument']> };
  LinkCardInput: LinkCardInput;
  LinkCardPayload: Omit<LinkCardPayload, 'fundingInstrument'> & { fundingInstrument?: Maybe<ResolversParentTypes['FundingInstrument']> };
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  OpenBusinessAccountInput: OpenBusinessAccountInput;
  OpenBusinessAccountPayload: Omit<OpenBusinessAccountPayload, 'account'> & { account?: Maybe<ResolversParentTypes['Account']> };
  Query: Record<PropertyKey, never>;
  RemoveFundingInstrumentInput: RemoveFundingInstrumentInput;
  RemoveFundingInstrumentPayload: RemoveFundingInstrumentPayload;
  SubmitKycInput: SubmitKycInput;
  SubmitKycPayload: Omit<SubmitKycPayload, 'kyc'> & { kyc?: Maybe<ResolversParentTypes['KycVerification']> };
  User: UserRef;
  UserError: UserError;
  VerifyBankAccountInput: VerifyBankAccountInput;
  VerifyBankAccountPayload: Omit<VerifyBankAccountPayload, 'fundingInstrument'> & { fundingInstrument?: Maybe<ResolversParentTypes['FundingInstrument']> };
  Boolean: Scalars['Boolean']['output'];
};

export type AccountResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  businessName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['AccountStatus'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['AccountType'], ParentType, ContextType>;
};

export type BankAccountDetailsResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['BankAccountDetails'] = ResolversParentTypes['BankAccountDetails']> = {
  bankCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  country?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  holderName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  verificationStatus?: Resolver<ResolversTypes['BankAccountVerificationStatus'], ParentType, ContextType>;
};

export type CardDetailsResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['CardDetails'] = ResolversParentTypes['CardDetails']> = {
  brand?: Resolver<ResolversTypes['CardBrand'], ParentType, ContextType>;
  expMonth?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expYear?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fingerprint?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  holderName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type FundingInstrumentResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['FundingInstrument'] = ResolversParentTypes['FundingInstrument'], FederationReferenceType extends FederationReferenceTypes['FundingInstrument'] = FederationReferenceTypes['FundingInstrument']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['FundingInstrument']> | FederationReferenceType, FederationReferenceType, ContextType>;
  bankAccount?: Resolver<Maybe<ResolversTypes['BankAccountDetails']>, ParentType, ContextType>;
  card?: Resolver<Maybe<ResolversTypes['CardDetails']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FundingInstrumentKind'], ParentType, ContextType>;
  last4?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['FundingInstrumentStatus'], ParentType, ContextType>;
};

export type InternalFundingInstrumentResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['InternalFundingInstrument'] = ResolversParentTypes['InternalFundingInstrument']> = {
  bankCurrency?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  bankVerification?: Resolver<Maybe<ResolversTypes['BankAccountVerificationStatus']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FundingInstrumentKind'], ParentType, ContextType>;
  last4?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pspToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['FundingInstrumentStatus'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type InternalLimitsResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['InternalLimits'] = ResolversParentTypes['InternalLimits']> = {
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  daily?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  monthly?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  singlePayment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tier?: Resolver<ResolversTypes['KycTier'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type KycVerificationResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['KycVerification'] = ResolversParentTypes['KycVerification']> = {
  decidedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  limits?: Resolver<ResolversTypes['Limits'], ParentType, ContextType>;
  rejectionReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['KycStatus'], ParentType, ContextType>;
  submittedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  tier?: Resolver<ResolversTypes['KycTier'], ParentType, ContextType>;
};

export type LimitsResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['Limits'] = ResolversParentTypes['Limits']> = {
  daily?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  monthly?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  singlePayment?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
};

export type LinkBankAccountPayloadResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['LinkBankAccountPayload'] = ResolversParentTypes['LinkBankAccountPayload']> = {
  fundingInstrument?: Resolver<Maybe<ResolversTypes['FundingInstrument']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type LinkCardPayloadResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['LinkCardPayload'] = ResolversParentTypes['LinkCardPayload']> = {
  fundingInstrument?: Resolver<Maybe<ResolversTypes['FundingInstrument']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  linkBankAccount?: Resolver<ResolversTypes['LinkBankAccountPayload'], ParentType, ContextType, RequireFields<MutationLinkBankAccountArgs, 'input'>>;
  linkCard?: Resolver<ResolversTypes['LinkCardPayload'], ParentType, ContextType, RequireFields<MutationLinkCardArgs, 'input'>>;
  openBusinessAccount?: Resolver<ResolversTypes['OpenBusinessAccountPayload'], ParentType, ContextType, RequireFields<MutationOpenBusinessAccountArgs, 'input'>>;
  removeFundingInstrument?: Resolver<ResolversTypes['RemoveFundingInstrumentPayload'], ParentType, ContextType, RequireFields<MutationRemoveFundingInstrumentArgs, 'input'>>;
  submitKyc?: Resolver<ResolversTypes['SubmitKycPayload'], ParentType, ContextType, RequireFields<MutationSubmitKycArgs, 'input'>>;
  verifyBankAccount?: Resolver<ResolversTypes['VerifyBankAccountPayload'], ParentType, ContextType, RequireFields<MutationVerifyBankAccountArgs, 'input'>>;
};

export type OpenBusinessAccountPayloadResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['OpenBusinessAccountPayload'] = ResolversParentTypes['OpenBusinessAccountPayload']> = {
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  _fundingInstrument?: Resolver<Maybe<ResolversTypes['InternalFundingInstrument']>, ParentType, ContextType, RequireFields<Query_FundingInstrumentArgs, 'id' | 'userId'>>;
  _limits?: Resolver<Maybe<ResolversTypes['InternalLimits']>, ParentType, ContextType, RequireFields<Query_LimitsArgs, 'userId'>>;
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType, RequireFields<QueryAccountArgs, 'id'>>;
  fundingInstrument?: Resolver<Maybe<ResolversTypes['FundingInstrument']>, ParentType, ContextType, RequireFields<QueryFundingInstrumentArgs, 'id'>>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
};

export type RemoveFundingInstrumentPayloadResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['RemoveFundingInstrumentPayload'] = ResolversParentTypes['RemoveFundingInstrumentPayload']> = {
  removedId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type SubmitKycPayloadResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['SubmitKycPayload'] = ResolversParentTypes['SubmitKycPayload']> = {
  kyc?: Resolver<Maybe<ResolversTypes['KycVerification']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type UserResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  accounts?: Resolver<Array<ResolversTypes['Account']>, ParentType, ContextType>;
  fundingInstruments?: Resolver<Array<ResolversTypes['FundingInstrument']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kyc?: Resolver<ResolversTypes['KycVerification'], ParentType, ContextType>;
};

export type UserErrorResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VerifyBankAccountPayloadResolvers<ContextType = AccountsContext, ParentType extends ResolversParentTypes['VerifyBankAccountPayload'] = ResolversParentTypes['VerifyBankAccountPayload']> = {
  fundingInstrument?: Resolver<Maybe<ResolversTypes['FundingInstrument']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = AccountsContext> = {
  Account?: AccountResolvers<ContextType>;
  BankAccountDetails?: BankAccountDetailsResolvers<ContextType>;
  CardDetails?: CardDetailsResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  FundingInstrument?: FundingInstrumentResolvers<ContextType>;
  InternalFundingInstrument?: InternalFundingInstrumentResolvers<ContextType>;
  InternalLimits?: InternalLimitsResolvers<ContextType>;
  KycVerification?: KycVerificationResolvers<ContextType>;
  Limits?: LimitsResolvers<ContextType>;
  LinkBankAccountPayload?: LinkBankAccountPayloadResolvers<ContextType>;
  LinkCardPayload?: LinkCardPayloadResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OpenBusinessAccountPayload?: OpenBusinessAccountPayloadResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RemoveFundingInstrumentPayload?: RemoveFundingInstrumentPayloadResolvers<ContextType>;
  SubmitKycPayload?: SubmitKycPayloadResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  VerifyBankAccountPayload?: VerifyBankAccountPayloadResolvers<ContextType>;
};

