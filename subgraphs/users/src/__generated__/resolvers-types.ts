import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { UserView as UserEntity } from '../services/user.service.js';
import type { Session as SessionEntity } from '../entities/session.entity.js';
import type { PartnerApplication as PartnerApplicationEntity } from '../entities/partner-application.entity.js';
import type { ApiKey as ApiKeyEntity } from '../entities/api-key.entity.js';
import type { TrustedDocument as TrustedDocumentEntity } from '../entities/trusted-document.entity.js';
import type { PrivacyRequestView } from '../services/privacy.service.js';
import type { UsersContext } from '../context.js';
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
  id: Scalars['ID']['output'];
};

/** A secret API key, as its owner sees it afterwards: never the secret itself. */
export type ApiKey = {
  __typename?: 'ApiKey';
  /** Whether it works now. */
  active: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** When a rotated key stops working (the end of its overlap); null if it was not rotated. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** The key's last four characters. */
  last4: Scalars['String']['output'];
  /** The last request the gateway made with it (recorded within seconds). */
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The key's first characters (`pg_test_AbCdEfGh`), to tell keys apart. */
  prefix: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** What the key may do: payments:read, payments:write, checkout:write, webhooks:manage, balance:read, account:read, notifications:read. */
  scopes: Array<Scalars['String']['output']>;
};

export type ConfirmTotpInput = {
  /** A current 6-digit code of the app set up with enableTotp's secret. */
  code: Scalars['String']['input'];
};

export type ConfirmTotpPayload = {
  __typename?: 'ConfirmTotpPayload';
  ok: Scalars['Boolean']['output'];
  /** 10 single-use codes for when the app is not at hand, shown this once (Paygraph keeps only their SHA-256). */
  recoveryCodes?: Maybe<Array<Scalars['String']['output']>>;
  userErrors: Array<UserError>;
};

export type CreateApiKeyInput = {
  applicationId: Scalars['ID']['input'];
  scopes: Array<Scalars['String']['input']>;
};

export type CreateApiKeyPayload = {
  __typename?: 'CreateApiKeyPayload';
  apiKey?: Maybe<ApiKey>;
  /** The secret key, shown this once. */
  secret?: Maybe<Scalars['String']['output']>;
  userErrors: Array<UserError>;
};

export type CreatePartnerApplicationInput = {
  accountId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};

export type CreatePartnerApplicationPayload = {
  __typename?: 'CreatePartnerApplicationPayload';
  application?: Maybe<PartnerApplication>;
  userErrors: Array<UserError>;
};

export type DisableTotpInput = {
  /** A current 6-digit code of the app; or `recoveryCode`. */
  code?: InputMaybe<Scalars['String']['input']>;
  recoveryCode?: InputMaybe<Scalars['String']['input']>;
};

export type DisableTotpPayload = {
  __typename?: 'DisableTotpPayload';
  ok: Scalars['Boolean']['output'];
  userErrors: Array<UserError>;
};

export type EnableTotpPayload = {
  __typename?: 'EnableTotpPayload';
  /** The same secret as an `otpauth://totp/…` URI, for a QR code. */
  otpauthUri?: Maybe<Scalars['String']['output']>;
  /** The secret (base32) to type into an authenticator app. */
  secret?: Maybe<Scalars['String']['output']>;
  userErrors: Array<UserError>;
};

export type LoginInput = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
  /** Instead of `totpCode`: one of the recovery codes confirmTotp answered (`xxxxx-xxxxx`); it works once. */
  recoveryCode?: InputMaybe<Scalars['String']['input']>;
  /** The 6-digit code of the authenticator app: needed when two-factor sign-in is on. */
  totpCode?: InputMaybe<Scalars['String']['input']>;
};

export type LoginPayload = {
  __typename?: 'LoginPayload';
  accessToken?: Maybe<Scalars['String']['output']>;
  expiresIn?: Maybe<Scalars['Int']['output']>;
  refreshToken?: Maybe<Scalars['String']['output']>;
  user?: Maybe<User>;
  userErrors: Array<UserError>;
};

export type LogoutInput = {
  refreshToken: Scalars['String']['input'];
};

export type LogoutPayload = {
  __typename?: 'LogoutPayload';
  ok: Scalars['Boolean']['output'];
  userErrors: Array<UserError>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Turns two-factor sign-in on with a first code from the app (INVALID_TOTP_CODE otherwise; no enableTotp before:
   * TOTP_NOT_PENDING) and answers 10 recovery codes, shown this once: each signs in (or turns TOTP off) once, instead of
   * a code. The owner gets a security notification. At most 10 attempts per 15 min (RATE_LIMITED).
   */
  confirmTotp: ConfirmTotpPayload;
  /**
   * Issues a secret API key (`pg_test_…`, `pg_live_…` in production) with the given scopes. The secret is in this payload
   * only: Paygraph keeps its SHA-256, never the key. Unknown scope: INVALID_SCOPE. At most 10 live keys per application.
   */
  createApiKey: CreateApiKeyPayload;
  /**
   * Registers a partner application for one of the viewer's ACTIVE business accounts (admins: anyone's); its API keys
   * act for that account's owner only. Not a business account of the viewer's: ACCOUNT_NOT_FOUND. Name: 1-100 characters.
   */
  createPartnerApplication: CreatePartnerApplicationPayload;
  /**
   * Turns two-factor sign-in off with a current code or a recovery code (INVALID_TOTP_CODE otherwise; not on:
   * TOTP_NOT_ENABLED). The secret and the remaining recovery codes are deleted; the owner gets a security notification.
   * At most 10 attempts per 15 min (RATE_LIMITED).
   */
  disableTotp: DisableTotpPayload;
  /**
   * Starts two-factor sign-in (TOTP): a new secret for an authenticator app, as base32 and as an otpauth URI (for a QR
   * code). Nothing changes until confirmTotp; calling it again before then replaces the pending secret. Already on:
   * TOTP_ALREADY_ENABLED.
   */
  enableTotp: EnableTotpPayload;
  /**
   * Wrong email or password: INVALID_CREDENTIALS, with no hint which one was wrong. With two-factor sign-in on, the
   * password alone issues no tokens: TOTP_REQUIRED; then `totpCode` (or a `recoveryCode`, once each) is needed, and a
   * wrong, used or expired one is INVALID_TOTP_CODE.
   */
  login: LoginPayload;
  /** Ends the session the refresh token belongs to. */
  logout: LogoutPayload;
  /** Rotates the refresh token: the old one stops working. Reusing an old one revokes the whole session. */
  refreshSession: RefreshSessionPayload;
  /** Creates a login and signs it in. Password: 10-128 characters. Email unique (case-insensitive): EMAIL_TAKEN otherwise. */
  register: RegisterPayload;
  /**
   * Registers operation documents the application's keys may run in trusted-documents mode (the gateway's default for
   * API keys). Each document holds exactly one operation (and the fragments it uses); its hash is the SHA-256 (hex) of
   * the document as graphql-js prints it, and is what the partner sends as `extensions.persistedQuery.sha256Hash`.
   * Registering a document again is a no-op. At most 50 documents per call, 20,000 characters each, 500 per application.
   */
  registerTrustedDocuments: RegisterTrustedDocumentsPayload;
  /**
   * Erases the viewer's account: the email, name and password are replaced at once (the email is free again), every
   * session and API key ends (tokens are refused within seconds), and every service removes or pseudonymises the
   * personal data it holds. Payments, ledger entries and audit records keep their ids and amounts, so the books and the
   * audit chain stay whole. Needs the current password (INVALID_CREDENTIALS), with two-factor sign-in on a code checked
   * within 5 minutes (STEP_UP_REQUIRED, see verifyTotp), and no money left: any wallet with a balance or money held for a
   * payment in flight is BALANCE_NOT_ZERO. At most 5 attempts an hour (RATE_LIMITED). Cannot be undone. Not available to
   * API keys.
   */
  requestAccountErasure: RequestAccountErasurePayload;
  /**
   * Asks for a copy of everything Paygraph holds about the viewer: every service answers with its part, and the request
   * is COMPLETED (its `document` ready) once all have. While one is PENDING, asking again answers that one. Lists hold
   * the most recent 200 rows each (`truncated` in the document names those cut). Not available to API keys.
   */
  requestDataExport: RequestDataExportPayload;
  /**
   * Mails the viewer a new email verification link (valid 24 h; the older links stop working). Registration sends the
   * first one. Already verified: EMAIL_ALREADY_VERIFIED. At most 5 an hour (RATE_LIMITED).
   */
  requestEmailVerification: RequestEmailVerificationPayload;
  /**
   * Anonymous: mails a password reset link (valid 30 min) if an account has this email. The answer is always ok in the
   * same shape, known email or not; a few per address an hour are sent, the rest silently dropped. Too many calls from
   * one client IP: RATE_LIMITED.
   */
  requestPasswordReset: RequestPasswordResetPayload;
  /**
   * Anonymous: sets a new password with the token of a reset link (once, within 30 min; otherwise INVALID_TOKEN). The
   * password rules of `register` apply (a refused password leaves the link usable). Every session of the account ends,
   * the email counts as verified, and the owner is told by a security notification.
   */
  resetPassword: ResetPasswordPayload;
  /** Signs the viewer out everywhere: every session ends, the one making the call too. */
  revokeAllSessions: RevokeAllSessionsPayload;
  /** Ends a key now: the gateways refuse it within about a second. Revoking a revoked key is ok (idempotent). */
  revokeApiKey: RevokeApiKeyPayload;
  /**
   * Ends one of the viewer's sessions (a lost device, say): its refresh token stops working at once, its access tokens
   * within seconds. Another user's or an unknown session: SESSION_NOT_FOUND. An ended one: ok (idempotent).
   */
  revokeSession: RevokeSessionPayload;
  /**
   * Replaces a key by a new one with the same scopes; the old one keeps working for `overlapSeconds` (default 86400, at
   * most 604800; 0 ends it now) so that deployments can switch over.
   */
  rotateApiKey: RotateApiKeyPayload;
  updateProfile: UpdateProfilePayload;
  /**
   * Anonymous: confirms the address with the token of a verification link. The token works once, for 24 h, and only
   * while the account still has the address it was mailed to; otherwise INVALID_TOKEN.
   */
  verifyEmail: VerifyEmailPayload;
  /**
   * Step-up: a current code of the app re-issues the session's access token with a fresh `mfaAt` (and `amr` pwd, otp).
   * With two-factor sign-in on, withdrawals and linking a bank account need a code checked within the last 5 minutes
   * (at login or here), otherwise STEP_UP_REQUIRED; use the new token for them. Wrong, used or expired code:
   * INVALID_TOTP_CODE; not on: TOTP_NOT_ENABLED. Attempts count with confirmTotp's and disableTotp's (RATE_LIMITED).
   */
  verifyTotp: VerifyTotpPayload;
};


export type MutationConfirmTotpArgs = {
  input: ConfirmTotpInput;
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreatePartnerApplicationArgs = {
  input: CreatePartnerApplicationInput;
};


export type MutationDisableTotpArgs = {
  input: DisableTotpInput;
};


export type MutationLoginArgs = {
  input: LoginInput;
};


export type MutationLogoutArgs = {
  input: LogoutInput;
};


export type MutationRefreshSessionArgs = {
  input: RefreshSessionInput;
};


export type MutationRegisterArgs = {
  input: RegisterInput;
};


export type MutationRegisterTrustedDocumentsArgs = {
  input: RegisterTrustedDocumentsInput;
};


export type MutationRequestAccountErasureArgs = {
  input: RequestAccountErasureInput;
};


export type MutationRequestPasswordResetArgs = {
  input: RequestPasswordResetInput;
};


export type MutationResetPasswordArgs = {
  input: ResetPasswordInput;
};


export type MutationRevokeApiKeyArgs = {
  input: RevokeApiKeyInput;
};


export type MutationRevokeSessionArgs = {
  input: RevokeSessionInput;
};


export type MutationRotateApiKeyArgs = {
  input: RotateApiKeyInput;
};


export type MutationUpdateProfileArgs = {
  input: UpdateProfileInput;
};


export type MutationVerifyEmailArgs = {
  input: VerifyEmailInput;
};


export type MutationVerifyTotpArgs = {
  input: VerifyTotpInput;
};

/** A partner's integration with Paygraph for one business account: its API keys, trusted documents and webhook endpoints. */
export type PartnerApplication = {
  __typename?: 'PartnerApplication';
  /** The business account the application's keys act for. */
  account: Account;
  /** Every key, live or ended, newest first. */
  apiKeys: Array<ApiKey>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  owner: User;
  /** The documents registered for the application, oldest first. */
  trustedDocuments: Array<TrustedDocument>;
};

/** A user's request about their personal data (GDPR): a copy of it, or its erasure. */
export type PrivacyRequest = {
  __typename?: 'PrivacyRequest';
  /** The services that have answered so far (all of them once COMPLETED): users, accounts, payments, transactions, wallets, notifications, fraud, audit. */
  answeredBy: Array<Scalars['String']['output']>;
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * EXPORT, once COMPLETED: the document as JSON text, `{ requestId, userId, requestedAt, completedAt, subgraphs: { users:
   * {…}, accounts: {…}, … }, truncated: { <service>: [<lists cut>] } }`. Null otherwise, and once the account is erased.
   */
  document?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: PrivacyRequestKind;
  requestedAt: Scalars['DateTime']['output'];
  /** PENDING until every service that holds data has answered. */
  status: PrivacyRequestStatus;
};

export type PrivacyRequestKind =
  /** The account's erasure. */
  | 'ERASURE'
  /** A copy of the user's data. */
  | 'EXPORT';

export type PrivacyRequestStatus =
  | 'COMPLETED'
  | 'PENDING';

export type Query = {
  __typename?: 'Query';
  /** Internal (service-to-service, hidden from the API): the user with this id whom money can be sent to, or null (no such user, or erased: an erased user keeps their id in the books but can never sign in to take money out). */
  _payableUser?: Maybe<User>;
  /** Internal (service-to-service, hidden from the API): the user with this email (case-insensitive) whom money can be sent to, or null (no such user, or erased). */
  _userByEmail?: Maybe<User>;
  /** The signed-in user (for an API key: the owner of its business account). */
  me?: Maybe<User>;
  /** A partner application the viewer owns (admins: any); null otherwise. Not available to API keys. */
  partnerApplication?: Maybe<PartnerApplication>;
  /** A privacy request (data export or account erasure) of the viewer's (admins: anyone's); null otherwise. Not available to API keys. */
  privacyRequest?: Maybe<PrivacyRequest>;
  /** Any user by id; others see only `id` and `displayName`. */
  user?: Maybe<User>;
};


export type Query_PayableUserArgs = {
  id: Scalars['ID']['input'];
};


export type Query_UserByEmailArgs = {
  email: Scalars['String']['input'];
};


export type QueryPartnerApplicationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPrivacyRequestArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};

export type RefreshSessionInput = {
  refreshToken: Scalars['String']['input'];
};

export type RefreshSessionPayload = {
  __typename?: 'RefreshSessionPayload';
  accessToken?: Maybe<Scalars['String']['output']>;
  expiresIn?: Maybe<Scalars['Int']['output']>;
  refreshToken?: Maybe<Scalars['String']['output']>;
  userErrors: Array<UserError>;
};

export type RegisterInput = {
  displayName: Scalars['String']['input'];
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

export type RegisterPayload = {
  __typename?: 'RegisterPayload';
  accessToken?: Maybe<Scalars['String']['output']>;
  /** Seconds until the access token expires. */
  expiresIn?: Maybe<Scalars['Int']['output']>;
  refreshToken?: Maybe<Scalars['String']['output']>;
  user?: Maybe<User>;
  userErrors: Array<UserError>;
};

export type RegisterTrustedDocumentsInput = {
  applicationId: Scalars['ID']['input'];
  documents: Array<Scalars['String']['input']>;
};

export type RegisterTrustedDocumentsPayload = {
  __typename?: 'RegisterTrustedDocumentsPayload';
  /** The documents as registered, in the order given. */
  documents?: Maybe<Array<TrustedDocument>>;
  userErrors: Array<UserError>;
};

export type RequestAccountErasureInput = {
  /** The account's current password. */
  password: Scalars['String']['input'];
};

export type RequestAccountErasurePayload = {
  __typename?: 'RequestAccountErasurePayload';
  /** The erasure, PENDING until every service has erased its part. */
  privacyRequest?: Maybe<PrivacyRequest>;
  userErrors: Array<UserError>;
};

export type RequestDataExportPayload = {
  __typename?: 'RequestDataExportPayload';
  /** The pending export: a new one, or the one already pending. */
  privacyRequest?: Maybe<PrivacyRequest>;
  userErrors: Array<UserError>;
};

export type RequestEmailVerificationPayload = {
  __typename?: 'RequestEmailVerificationPayload';
  ok: Scalars['Boolean']['output'];
  userErrors: Array<UserError>;
};

export type RequestPasswordResetInput = {
  email: Scalars['String']['input'];
};

export type RequestPasswordResetPayload = {
  __typename?: 'RequestPasswordResetPayload';
  /** Always true: the answer does not tell whether the email is known. */
  ok: Scalars['Boolean']['output'];
  userErrors: Array<UserError>;
};

export type ResetPasswordInput = {
  newPassword: Scalars['String']['input'];
  /** The `token` of the link (`ut_…`). */
  token: Scalars['String']['input'];
};

export type ResetPasswordPayload = {
  __typename?: 'ResetPasswordPayload';
  ok: Scalars['Boolean']['output'];
  userErrors: Array<UserError>;
};

export type RevokeAllSessionsPayload = {
  __typename?: 'RevokeAllSessionsPayload';
  /** How many sessions ended. */
  revoked: Scalars['Int']['output'];
  userErrors: Array<UserError>;
};

export type RevokeApiKeyInput = {
  apiKeyId: Scalars['ID']['input'];
};

export type RevokeApiKeyPayload = {
  __typename?: 'RevokeApiKeyPayload';
  apiKey?: Maybe<ApiKey>;
  userErrors: Array<UserError>;
};

export type RevokeSessionInput = {
  sessionId: Scalars['ID']['input'];
};

export type RevokeSessionPayload = {
  __typename?: 'RevokeSessionPayload';
  ok: Scalars['Boolean']['output'];
  userErrors: Array<UserError>;
};

export type Role =
  | 'ADMIN'
  | 'COMPLIANCE'
  | 'USER';

export type RotateApiKeyInput = {
  apiKeyId: Scalars['ID']['input'];
  overlapSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type RotateApiKeyPayload = {
  __typename?: 'RotateApiKeyPayload';
  /** The new key. */
  apiKey?: Maybe<ApiKey>;
  /** The key it replaces, with the end of its overlap in `expiresAt`. */
  previous?: Maybe<ApiKey>;
  /** The new secret, shown this once. */
  secret?: Maybe<Scalars['String']['output']>;
  userErrors: Array<UserError>;
};

/** One sign-in (a device or client): the refresh tokens that descend, by rotation, from one login or registration. */
export type Session = {
  __typename?: 'Session';
  createdAt: Scalars['DateTime']['output'];
  /** When it ends unless its refresh token is exchanged before. */
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** The client IP it signed in from. */
  ip?: Maybe<Scalars['String']['output']>;
  /** When its refresh token was last exchanged (or the sign-in, if never). */
  lastUsedAt: Scalars['DateTime']['output'];
};

/** An operation document registered for a partner application. */
export type TrustedDocument = {
  __typename?: 'TrustedDocument';
  body: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** SHA-256 (hex) of `body`: what `extensions.persistedQuery.sha256Hash` names. */
  hash: Scalars['String']['output'];
  operationName?: Maybe<Scalars['String']['output']>;
};

export type UpdateProfileInput = {
  displayName: Scalars['String']['input'];
};

export type UpdateProfilePayload = {
  __typename?: 'UpdateProfilePayload';
  user?: Maybe<User>;
  userErrors: Array<UserError>;
};

export type User = {
  __typename?: 'User';
  createdAt: Scalars['DateTime']['output'];
  displayName: Scalars['String']['output'];
  /** Visible to the user and to admins; null for anyone else. */
  email?: Maybe<Scalars['String']['output']>;
  /** Whether the user confirmed their email (a verification or reset link). Visible to the user and to admins; false for anyone else. */
  emailVerified: Scalars['Boolean']['output'];
  /** When they did; null before, and for anyone but the user and admins. */
  emailVerifiedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** The partner applications the user owns, oldest first. Visible to the user and to admins; empty for anyone else (API keys too). */
  partnerApplications: Array<PartnerApplication>;
  /** The user's data exports and erasure, newest first (at most 50). Visible to the user and to admins; empty for anyone else (API keys too). */
  privacyRequests: Array<PrivacyRequest>;
  /** Visible to the user and to admins; empty for anyone else. */
  roles: Array<Role>;
  /** The sign-ins that have not ended, most recently used first (at most 100). Visible to the user and to admins; empty for anyone else (API keys too). */
  sessions: Array<Session>;
  /** Whether two-factor sign-in (TOTP) is on (confirmed). Visible to the user and to admins; false for anyone else. */
  totpEnabled: Scalars['Boolean']['output'];
};

/** An expected failure of a mutation: validation, conflicts, business rules. `field` is the path to the input field. */
export type UserError = {
  __typename?: 'UserError';
  code: Scalars['String']['output'];
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type VerifyEmailInput = {
  /** The `token` of the link (`ut_…`). */
  token: Scalars['String']['input'];
};

export type VerifyEmailPayload = {
  __typename?: 'VerifyEmailPayload';
  ok: Scalars['Boolean']['output'];
  /** The user whose email is now verified. */
  user?: Maybe<User>;
  userErrors: Array<UserError>;
};

export type VerifyTotpInput = {
  /** A current 6-digit code of the app. */
  code: Scalars['String']['input'];
};

export type VerifyTotpPayload = {
  __typename?: 'VerifyTotpPayload';
  /** A new access token for the same session, with `mfaAt` now: use it for the high-risk action. */
  accessToken?: Maybe<Scalars['String']['output']>;
  /** Seconds until it expires. */
  expiresIn?: Maybe<Scalars['Int']['output']>;
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
  PartnerApplication: PartnerApplication;
  User: User;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  PartnerApplication:
    ( { __typename: 'PartnerApplication' }
    & GraphQLRecursivePick<FederationTypes['PartnerApplication'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Account: ResolverTypeWrapper<Account>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ApiKey: ResolverTypeWrapper<ApiKeyEntity>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ConfirmTotpInput: ConfirmTotpInput;
  ConfirmTotpPayload: ResolverTypeWrapper<ConfirmTotpPayload>;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateApiKeyPayload: ResolverTypeWrapper<Omit<CreateApiKeyPayload, 'apiKey'> & { apiKey?: Maybe<ResolversTypes['ApiKey']> }>;
  CreatePartnerApplicationInput: CreatePartnerApplicationInput;
  CreatePartnerApplicationPayload: ResolverTypeWrapper<Omit<CreatePartnerApplicationPayload, 'application'> & { application?: Maybe<ResolversTypes['PartnerApplication']> }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DisableTotpInput: DisableTotpInput;
  DisableTotpPayload: ResolverTypeWrapper<DisableTotpPayload>;
  EnableTotpPayload: ResolverTypeWrapper<EnableTotpPayload>;
  LoginInput: LoginInput;
  LoginPayload: ResolverTypeWrapper<Omit<LoginPayload, 'user'> & { user?: Maybe<ResolversTypes['User']> }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  LogoutInput: LogoutInput;
  LogoutPayload: ResolverTypeWrapper<LogoutPayload>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PartnerApplication: ResolverTypeWrapper<PartnerApplicationEntity>;
  PrivacyRequest: ResolverTypeWrapper<PrivacyRequestView>;
  PrivacyRequestKind: PrivacyRequestKind;
  PrivacyRequestStatus: PrivacyRequestStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RefreshSessionInput: RefreshSessionInput;
  RefreshSessionPayload: ResolverTypeWrapper<RefreshSessionPayload>;
  RegisterInput: RegisterInput;
  RegisterPayload: ResolverTypeWrapper<Omit<RegisterPayload, 'user'> & { user?: Maybe<ResolversTypes['User']> }>;
  RegisterTrustedDocumentsInput: RegisterTrustedDocumentsInput;
  RegisterTrustedDocumentsPayload: ResolverTypeWrapper<Omit<RegisterTrustedDocumentsPayload, 'documents'> & { documents?: Maybe<Array<ResolversTypes['TrustedDocument']>> }>;
  RequestAccountErasureInput: RequestAccountErasureInput;
  RequestAccountErasurePayload: ResolverTypeWrapper<Omit<RequestAccountErasurePayload, 'privacyRequest'> & { privacyRequest?: Maybe<ResolversTypes['PrivacyRequest']> }>;
  RequestDataExportPayload: ResolverTypeWrapper<Omit<RequestDataExportPayload, 'privacyRequest'> & { privacyRequest?: Maybe<ResolversTypes['PrivacyRequest']> }>;
  RequestEmailVerificationPayload: ResolverTypeWrapper<RequestEmailVerificationPayload>;
  RequestPasswordResetInput: RequestPasswordResetInput;
  RequestPasswordResetPayload: ResolverTypeWrapper<RequestPasswordResetPayload>;
  ResetPasswordInput: ResetPasswordInput;
  ResetPasswordPayload: ResolverTypeWrapper<ResetPasswordPayload>;
  RevokeAllSessionsPayload: ResolverTypeWrapper<RevokeAllSessionsPayload>;
  RevokeApiKeyInput: RevokeApiKeyInput;
  RevokeApiKeyPayload: ResolverTypeWrapper<Omit<RevokeApiKeyPayload, 'apiKey'> & { apiKey?: Maybe<ResolversTypes['ApiKey']> }>;
  RevokeSessionInput: RevokeSessionInput;
  RevokeSessionPayload: ResolverTypeWrapper<RevokeSessionPayload>;
  Role: Role;
  RotateApiKeyInput: RotateApiKeyInput;
  RotateApiKeyPayload: ResolverTypeWrapper<Omit<RotateApiKeyPayload, 'apiKey' | 'previous'> & { apiKey?: Maybe<ResolversTypes['ApiKey']>, previous?: Maybe<ResolversTypes['ApiKey']> }>;
  Session: ResolverTypeWrapper<SessionEntity>;
  TrustedDocument: ResolverTypeWrapper<TrustedDocumentEntity>;
  UpdateProfileInput: UpdateProfileInput;
  UpdateProfilePayload: ResolverTypeWrapper<Omit<UpdateProfilePayload, 'user'> & { user?: Maybe<ResolversTypes['User']> }>;
  User: ResolverTypeWrapper<UserEntity>;
  UserError: ResolverTypeWrapper<UserError>;
  VerifyEmailInput: VerifyEmailInput;
  VerifyEmailPayload: ResolverTypeWrapper<Omit<VerifyEmailPayload, 'user'> & { user?: Maybe<ResolversTypes['User']> }>;
  VerifyTotpInput: VerifyTotpInput;
  VerifyTotpPayload: ResolverTypeWrapper<VerifyTotpPayload>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Account: Account;
  ID: Scalars['ID']['output'];
  ApiKey: ApiKeyEntity;
  Boolean: Scalars['Boolean']['output'];
  String: Scalars['String']['output'];
  ConfirmTotpInput: ConfirmTotpInput;
  ConfirmTotpPayload: ConfirmTotpPayload;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateApiKeyPayload: Omit<CreateApiKeyPayload, 'apiKey'> & { apiKey?: Maybe<ResolversParentTypes['ApiKey']> };
  CreatePartnerApplicationInput: CreatePartnerApplicationInput;
  CreatePartnerApplicationPayload: Omit<CreatePartnerApplicationPayload, 'application'> & { application?: Maybe<ResolversParentTypes['PartnerApplication']> };
  DateTime: Scalars['DateTime']['output'];
  DisableTotpInput: DisableTotpInput;
  DisableTotpPayload: DisableTotpPayload;
  EnableTotpPayload: EnableTotpPayload;
  LoginInput: LoginInput;
  LoginPayload: Omit<LoginPayload, 'user'> & { user?: Maybe<ResolversParentTypes['User']> };
  Int: Scalars['Int']['output'];
  LogoutInput: LogoutInput;
  LogoutPayload: LogoutPayload;
  Mutation: Record<PropertyKey, never>;
  PartnerApplication: PartnerApplicationEntity;
  PrivacyRequest: PrivacyRequestView;
  Query: Record<PropertyKey, never>;
  RefreshSessionInput: RefreshSessionInput;
  RefreshSessionPayload: RefreshSessionPayload;
  RegisterInput: RegisterInput;
  RegisterPayload: Omit<RegisterPayload, 'user'> & { user?: Maybe<ResolversParentTypes['User']> };
  RegisterTrustedDocumentsInput: RegisterTrustedDocumentsInput;
  RegisterTrustedDocumentsPayload: Omit<RegisterTrustedDocumentsPayload, 'documents'> & { documents?: Maybe<Array<ResolversParentTypes['TrustedDocument']>> };
  RequestAccountErasureInput: RequestAccountErasureInput;
  RequestAccountErasurePayload: Omit<RequestAccountErasurePayload, 'privacyRequest'> & { privacyRequest?: Maybe<ResolversParentTypes['PrivacyRequest']> };
  RequestDataExportPayload: Omit<RequestDataExportPayload, 'privacyRequest'> & { privacyRequest?: Maybe<ResolversParentTypes['PrivacyRequest']> };
  RequestEmailVerificationPayload: RequestEmailVerificationPayload;
  RequestPasswordResetInput: RequestPasswordResetInput;
  RequestPasswordResetPayload: RequestPasswordResetPayload;
  ResetPasswordInput: ResetPasswordInput;
  ResetPasswordPayload: ResetPasswordPayload;
  RevokeAllSessionsPayload: RevokeAllSessionsPayload;
  RevokeApiKeyInput: RevokeApiKeyInput;
  RevokeApiKeyPayload: Omit<RevokeApiKeyPayload, 'apiKey'> & { apiKey?: Maybe<ResolversParentTypes['ApiKey']> };
  RevokeSessionInput: RevokeSessionInput;
  RevokeSessionPayload: RevokeSessionPayload;
  RotateApiKeyInput: RotateApiKeyInput;
  RotateApiKeyPayload: Omit<RotateApiKeyPayload, 'apiKey' | 'previous'> & { apiKey?: Maybe<ResolversParentTypes['ApiKey']>, previous?: Maybe<ResolversParentTypes['ApiKey']> };
  Session: SessionEntity;
  TrustedDocument: TrustedDocumentEntity;
  UpdateProfileInput: UpdateProfileInput;
  UpdateProfilePayload: Omit<UpdateProfilePayload, 'user'> & { user?: Maybe<ResolversParentTypes['User']> };
  User: UserEntity;
  UserError: UserError;
  VerifyEmailInput: VerifyEmailInput;
  VerifyEmailPayload: Omit<VerifyEmailPayload, 'user'> & { user?: Maybe<ResolversParentTypes['User']> };
  VerifyTotpInput: VerifyTotpInput;
  VerifyTotpPayload: VerifyTotpPayload;
};

export type AccountResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ApiKeyResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = {
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  last4?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ConfirmTotpPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['ConfirmTotpPayload'] = ResolversParentTypes['ConfirmTotpPayload']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  recoveryCodes?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type CreateApiKeyPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['CreateApiKeyPayload'] = ResolversParentTypes['CreateApiKeyPayload']> = {
  apiKey?: Resolver<Maybe<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  secret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type CreatePartnerApplicationPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['CreatePartnerApplicationPayload'] = ResolversParentTypes['CreatePartnerApplicationPayload']> = {
  application?: Resolver<Maybe<ResolversTypes['PartnerApplication']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DisableTotpPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['DisableTotpPayload'] = ResolversParentTypes['DisableTotpPayload']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type EnableTotpPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['EnableTotpPayload'] = ResolversParentTypes['EnableTotpPayload']> = {
  otpauthUri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  secret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type LoginPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['LoginPayload'] = ResolversParentTypes['LoginPayload']> = {
  accessToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresIn?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  refreshToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type LogoutPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['LogoutPayload'] = ResolversParentTypes['LogoutPayload']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  confirmTotp?: Resolver<ResolversTypes['ConfirmTotpPayload'], ParentType, ContextType, RequireFields<MutationConfirmTotpArgs, 'input'>>;
  createApiKey?: Resolver<ResolversTypes['CreateApiKeyPayload'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'input'>>;
  createPartnerApplication?: Resolver<ResolversTypes['CreatePartnerApplicationPayload'], ParentType, ContextType, RequireFields<MutationCreatePartnerApplicationArgs, 'input'>>;
  disableTotp?: Resolver<ResolversTypes['DisableTotpPayload'], ParentType, ContextType, RequireFields<MutationDisableTotpArgs, 'input'>>;
  enableTotp?: Resolver<ResolversTypes['EnableTotpPayload'], ParentType, ContextType>;
  login?: Resolver<ResolversTypes['LoginPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'input'>>;
  logout?: Resolver<ResolversTypes['LogoutPayload'], ParentType, ContextType, RequireFields<MutationLogoutArgs, 'input'>>;
  refreshSession?: Resolver<ResolversTypes['RefreshSessionPayload'], ParentType, ContextType, RequireFields<MutationRefreshSessionArgs, 'input'>>;
  register?: Resolver<ResolversTypes['RegisterPayload'], ParentType, ContextType, RequireFields<MutationRegisterArgs, 'input'>>;
  registerTrustedDocuments?: Resolver<ResolversTypes['RegisterTrustedDocumentsPayload'], ParentType, ContextType, RequireFields<MutationRegisterTrustedDocumentsArgs, 'input'>>;
  requestAccountErasure?: Resolver<ResolversTypes['RequestAccountErasurePayload'], ParentType, ContextType, RequireFields<MutationRequestAccountErasureArgs, 'input'>>;
  requestDataExport?: Resolver<ResolversTypes['RequestDataExportPayload'], ParentType, ContextType>;
  requestEmailVerification?: Resolver<ResolversTypes['RequestEmailVerificationPayload'], ParentType, ContextType>;
  requestPasswordReset?: Resolver<ResolversTypes['RequestPasswordResetPayload'], ParentType, ContextType, RequireFields<MutationRequestPasswordResetArgs, 'input'>>;
  resetPassword?: Resolver<ResolversTypes['ResetPasswordPayload'], ParentType, ContextType, RequireFields<MutationResetPasswordArgs, 'input'>>;
  revokeAllSessions?: Resolver<ResolversTypes['RevokeAllSessionsPayload'], ParentType, ContextType>;
  revokeApiKey?: Resolver<ResolversTypes['RevokeApiKeyPayload'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'input'>>;
  revokeSession?: Resolver<ResolversTypes['RevokeSessionPayload'], ParentType, ContextType, RequireFields<MutationRevokeSessionArgs, 'input'>>;
  rotateApiKey?: Resolver<ResolversTypes['RotateApiKeyPayload'], ParentType, ContextType, RequireFields<MutationRotateApiKeyArgs, 'input'>>;
  updateProfile?: Resolver<ResolversTypes['UpdateProfilePayload'], ParentType, ContextType, RequireFields<MutationUpdateProfileArgs, 'input'>>;
  verifyEmail?: Resolver<ResolversTypes['VerifyEmailPayload'], ParentType, ContextType, RequireFields<MutationVerifyEmailArgs, 'input'>>;
  verifyTotp?: Resolver<ResolversTypes['VerifyTotpPayload'], ParentType, ContextType, RequireFields<MutationVerifyTotpArgs, 'input'>>;
};

export type PartnerApplicationResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['PartnerApplication'] = ResolversParentTypes['PartnerApplication'], FederationReferenceType extends FederationReferenceTypes['PartnerApplication'] = FederationReferenceTypes['PartnerApplication']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['PartnerApplication']> | FederationReferenceType, FederationReferenceType, ContextType>;
  account?: Resolver<ResolversTypes['Account'], ParentType, ContextType>;
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  trustedDocuments?: Resolver<Array<ResolversTypes['TrustedDocument']>, ParentType, ContextType>;
};

export type PrivacyRequestResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['PrivacyRequest'] = ResolversParentTypes['PrivacyRequest']> = {
  answeredBy?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  document?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['PrivacyRequestKind'], ParentType, ContextType>;
  requestedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PrivacyRequestStatus'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  _payableUser?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<Query_PayableUserArgs, 'id'>>;
  _userByEmail?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<Query_UserByEmailArgs, 'email'>>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  partnerApplication?: Resolver<Maybe<ResolversTypes['PartnerApplication']>, ParentType, ContextType, RequireFields<QueryPartnerApplicationArgs, 'id'>>;
  privacyRequest?: Resolver<Maybe<ResolversTypes['PrivacyRequest']>, ParentType, ContextType, RequireFields<QueryPrivacyRequestArgs, 'id'>>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'id'>>;
};

export type RefreshSessionPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RefreshSessionPayload'] = ResolversParentTypes['RefreshSessionPayload']> = {
  accessToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresIn?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  refreshToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RegisterPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RegisterPayload'] = ResolversParentTypes['RegisterPayload']> = {
  accessToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresIn?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  refreshToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RegisterTrustedDocumentsPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RegisterTrustedDocumentsPayload'] = ResolversParentTypes['RegisterTrustedDocumentsPayload']> = {
  documents?: Resolver<Maybe<Array<ResolversTypes['TrustedDocument']>>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RequestAccountErasurePayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RequestAccountErasurePayload'] = ResolversParentTypes['RequestAccountErasurePayload']> = {
  privacyRequest?: Resolver<Maybe<ResolversTypes['PrivacyRequest']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RequestDataExportPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RequestDataExportPayload'] = ResolversParentTypes['RequestDataExportPayload']> = {
  privacyRequest?: Resolver<Maybe<ResolversTypes['PrivacyRequest']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RequestEmailVerificationPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RequestEmailVerificationPayload'] = ResolversParentTypes['RequestEmailVerificationPayload']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RequestPasswordResetPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RequestPasswordResetPayload'] = ResolversParentTypes['RequestPasswordResetPayload']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type ResetPasswordPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['ResetPasswordPayload'] = ResolversParentTypes['ResetPasswordPayload']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RevokeAllSessionsPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RevokeAllSessionsPayload'] = ResolversParentTypes['RevokeAllSessionsPayload']> = {
  revoked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RevokeApiKeyPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RevokeApiKeyPayload'] = ResolversParentTypes['RevokeApiKeyPayload']> = {
  apiKey?: Resolver<Maybe<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RevokeSessionPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RevokeSessionPayload'] = ResolversParentTypes['RevokeSessionPayload']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type RotateApiKeyPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['RotateApiKeyPayload'] = ResolversParentTypes['RotateApiKeyPayload']> = {
  apiKey?: Resolver<Maybe<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  previous?: Resolver<Maybe<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  secret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type SessionResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['Session'] = ResolversParentTypes['Session']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ip?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastUsedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type TrustedDocumentResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['TrustedDocument'] = ResolversParentTypes['TrustedDocument']> = {
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  operationName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type UpdateProfilePayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['UpdateProfilePayload'] = ResolversParentTypes['UpdateProfilePayload']> = {
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type UserResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  displayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  emailVerified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  emailVerifiedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  partnerApplications?: Resolver<Array<ResolversTypes['PartnerApplication']>, ParentType, ContextType>;
  privacyRequests?: Resolver<Array<ResolversTypes['PrivacyRequest']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
  sessions?: Resolver<Array<ResolversTypes['Session']>, ParentType, ContextType>;
  totpEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type UserErrorResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VerifyEmailPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['VerifyEmailPayload'] = ResolversParentTypes['VerifyEmailPayload']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type VerifyTotpPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['VerifyTotpPayload'] = ResolversParentTypes['VerifyTotpPayload']> = {
  accessToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresIn?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = UsersContext> = {
  Account?: AccountResolvers<ContextType>;
  ApiKey?: ApiKeyResolvers<ContextType>;
  ConfirmTotpPayload?: ConfirmTotpPayloadResolvers<ContextType>;
  CreateApiKeyPayload?: CreateApiKeyPayloadResolvers<ContextType>;
  CreatePartnerApplicationPayload?: CreatePartnerApplicationPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DisableTotpPayload?: DisableTotpPayloadResolvers<ContextType>;
  EnableTotpPayload?: EnableTotpPayloadResolvers<ContextType>;
  LoginPayload?: LoginPayloadResolvers<ContextType>;
  LogoutPayload?: LogoutPayloadResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PartnerApplication?: PartnerApplicationResolvers<ContextType>;
  PrivacyRequest?: PrivacyRequestResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RefreshSessionPayload?: RefreshSessionPayloadResolvers<ContextType>;
  RegisterPayload?: RegisterPayloadResolvers<ContextType>;
  RegisterTrustedDocumentsPayload?: RegisterTrustedDocumentsPayloadResolvers<ContextType>;
  RequestAccountErasurePayload?: RequestAccountErasurePayloadResolvers<ContextType>;
  RequestDataExportPayload?: RequestDataExportPayloadResolvers<ContextType>;
  RequestEmailVerificationPayload?: RequestEmailVerificationPayloadResolvers<ContextType>;
  RequestPasswordResetPayload?: RequestPasswordResetPayloadResolvers<ContextType>;
  ResetPasswordPayload?: ResetPasswordPayloadResolvers<ContextType>;
  RevokeAllSessionsPayload?: RevokeAllSessionsPayloadResolvers<ContextType>;
  RevokeApiKeyPayload?: RevokeApiKeyPayloadResolvers<ContextType>;
  RevokeSessionPayload?: RevokeSessionPayloadResolvers<ContextType>;
  RotateApiKeyPayload?: RotateApiKeyPayloadResolvers<ContextType>;
  Session?: SessionResolvers<ContextType>;
  TrustedDocument?: TrustedDocumentResolvers<ContextType>;
  UpdateProfilePayload?: UpdateProfilePayloadResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  VerifyEmailPayload?: VerifyEmailPayloadResolvers<ContextType>;
  VerifyTotpPayload?: VerifyTotpPayloadResolvers<ContextType>;
};

