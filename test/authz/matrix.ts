/**
 * The authorisation matrix: one row per root field of the public API (schema/api.graphql), the outcome each kind of
 * caller must get. test/e2e/authz-matrix.test.ts fails when a field of the schema has no row here, or a row names a
 * field the schema no longer has, so a new field cannot ship without a decision about who may call it.
 *
 * Outcomes: ALLOW (the request gets past authorisation: data, or a business userError / input error),
 * UNAUTHENTICATED (refused at the gateway, 401). This first table is the anonymous column; the owner / other-user /
 * admin (CALLER_MATRIX), partner key (PARTNER_MATRIX) and subscription (SUBSCRIPTION_MATRIX) columns follow, checked
 * by test/e2e/authz-callers.test.ts (docs/security.md, "The authorisation matrix").
 */
export type Outcome = 'ALLOW' | 'UNAUTHENTICATED';
export type RootType = 'Query' | 'Mutation' | 'Subscription';

export interface Rule {
  anonymous: Outcome;
}

const U: Rule = { anonymous: 'UNAUTHENTICATED' };
const PUBLIC: Rule = { anonymous: 'ALLOW' };

export const MATRIX: Record<RootType, Record<string, Rule>> = {
  Query: {
    account: U,
    fundingInstrument: U,
    verifyAuditChain: U,
    auditTrail: U,
    reviewQueue: U,
    webhookEndpoints: U,
    webhookEndpoint: U,
    webhookDelivery: U,
    payment: U,
    withdrawal: U,
    paymentRequest: U,
    checkout: U,
    settlementBatches: U,
    transaction: U,
    me: U,
    user: U,
    partnerApplication: U,
    privacyRequest: U,
    wallet: U,
    fxQuote: U,
    ledgerBalances: U,
  },
  Mutation: {
    submitKyc: U,
    linkCard: U,
    linkBankAccount: U,
    verifyBankAccount: U,
    removeFundingInstrument: U,
    openBusinessAccount: U,
    resolveReview: U,
    blockEntity: U,
    unblockEntity: U,
    markNotificationsRead: U,
    updateNotificationPreferences: U,
    createWebhookEndpoint: U,
    updateWebhookEndpoint: U,
    rotateWebhookSecret: U,
    deleteWebhookEndpoint: U,
    redeliverWebhook: U,
    sendMoney: U,
    addFunds: U,
    convertCurrency: U,
    refundPayment: U,
    withdraw: U,
    requestMoney: U,
    payRequest: U,
    declineRequest: U,
    cancelRequest: U,
    createCheckout: U,
    approveCheckout: U,
    captureCheckout: U,
    voidCheckout: U,
    closeSettlementDay: U,
    // Signing up and in: the only doors open without a token.
    register: PUBLIC,
    login: PUBLIC,
    refreshSession: PUBLIC,
    logout: PUBLIC,
    // The mailed links: the token is the credential (docs/security.md).
    verifyEmail: PUBLIC,
    requestPasswordReset: PUBLIC,
    resetPassword: PUBLIC,
    requestEmailVerification: U,
    // Two-factor sign-in: the signed-in person's own (docs/security.md, "TOTP two-factor").
    enableTotp: U,
    confirmTotp: U,
    disableTotp: U,
    verifyTotp: U,
    updateProfile: U,
    revokeSession: U,
    revokeAllSessions: U,
    createPartnerApplication: U,
    createApiKey: U,
    rotateApiKey: U,
    revokeApiKey: U,
    registerTrustedDocuments: U,
    // Privacy requests: the signed-in person's own (docs/security.md, "Privacy requests").
    requestDataExport: U,
    requestAccountErasure: U,
    openWallet: U,
  },
  Subscription: {
    notificationReceived: U,
    paymentUpdated: U,
    walletBalanceChanged: U,
  },
};

/**
 * The caller columns: each row is sent through the gateway with real ids from one fixture (test/e2e/authz-callers.test.ts)
 * by the resource's owner, by another signed-in user who is party to none of it, and by an admin (ADMIN role, granted
 * by the admin CLI). Another user's resource is NOT_FOUND (null, or a NOT_FOUND userError): its existence is not
 * revealed, as Stripe does; FORBIDDEN is for fields closed to a role (admin-only) whatever the id. A column left out
 * of a row is not checked (see docs/security.md for what is not built). EMPTY: a list field that shows the owner's
 * things (ALLOW, non-empty) and nothing at all to anyone else.
 */
export type CallerOutcome = 'ALLOW' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'EMPTY';
export type Caller = 'owner' | 'otherUser' | 'admin';
export interface CallerRule {
  query: string;
  variables: (fx: Record<string, string>) => Record<string, unknown>;
  /** The owner's own resource when theirs is spent by the row and the admin's column needs the other (delete, revoke). */
  ownerVariables?: (fx: Record<string, string>) => Record<string, unknown>;
  owner?: CallerOutcome;
  otherUser?: CallerOutcome;
  admin?: CallerOutcome;
}

const byId = (field: string, fixtureKey: string, selection = 'id'): Pick<CallerRule, 'query' | 'variables'> => ({
  query: `query($id: ID!) { ${field}(id: $id) { ${selection} } }`,
  variables: (fx) => ({ id: fx[fixtureKey] }),
});
const mutation = (field: string, input: (fx: Record<string, string>) => Record<string, unknown>): Pick<CallerRule, 'query' | 'variables'> => ({
  query: `mutation($input: ${field[0]!.toUpperCase()}${field.slice(1)}Input!) { ${field}(input: $input) { userErrors { code } } }`,
  variables: (fx) => ({ input: input(fx) }),
});
const PRIVATE = { owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' } as const;
const ADMIN_ONLY = { owner: 'FORBIDDEN', otherUser: 'FORBIDDEN', admin: 'ALLOW' } as const;

export const CALLER_MATRIX: Record<string, CallerRule> = {
  'Query.account': { ...byId('account', 'personalAccountId'), ...PRIVATE },
  'Query.fundingInstrument': { ...byId('fundingInstrument', 'cardId'), ...PRIVATE },
  'Query.payment': { ...byId('payment', 'paymentId'), ...PRIVATE },
  'Query.paymentRequest': { ...byId('paymentRequest', 'requestId'), ...PRIVATE },
  'Query.checkout': { ...byId('checkout', 'checkoutId'), ...PRIVATE },
  'Query.transaction': { ...byId('transaction', 'transactionId'), ...PRIVATE },
  'Query.wallet': { ...byId('wallet', 'walletId'), ...PRIVATE },
  'Query.partnerApplication': { ...byId('partnerApplication', 'applicationId'), ...PRIVATE },
  'Query.privacyRequest': { ...byId('privacyRequest', 'privacyRequestId'), ...PRIVATE },
  'Query.webhookEndpoint': { ...byId('webhookEndpoint', 'endpointId'), ...PRIVATE },
  'Query.webhookDelivery': { ...byId('webhookDelivery', 'deliveryId'), ...PRIVATE },
  'Query.user': { ...byId('user', 'ownerId', 'id displayName'), owner: 'ALLOW', otherUser: 'ALLOW', admin: 'ALLOW' },
  'Query.me': { query: '{ me { id } }', variables: () => ({}), owner: 'ALLOW', otherUser: 'ALLOW', admin: 'ALLOW' },
  'Query.webhookEndpoints': {
    query: 'query($id: ID) { webhookEndpoints(applicationId: $id) { id } }',
    variables: (fx) => ({ id: fx.applicationId }),
    owner: 'ALLOW', otherUser: 'EMPTY', admin: 'ALLOW',
  },
  'Query.auditTrail': {
    query: 'query($id: ID!) { auditTrail(entityId: $id, first: 1) { edges { node { seq } } } }',
    variables: (fx) => ({ id: fx.paymentId }),
    ...ADMIN_ONLY,
  },
  'Query.verifyAuditChain': { query: '{ verifyAuditChain { ok } }', variables: () => ({}), ...ADMIN_ONLY },
  // The fixture parks no payment for review, so the admin's queue is empty (past authorisation all the same).
  'Query.reviewQueue': { query: '{ reviewQueue(first: 1) { edges { node { id } } } }', variables: () => ({}), owner: 'FORBIDDEN', otherUser: 'FORBIDDEN', admin: 'EMPTY' },
  'Query.ledgerBalances': { query: '{ ledgerBalances { balanced } }', variables: () => ({}), ...ADMIN_ONLY },
  'Query.withdrawal': { ...byId('withdrawal', 'withdrawalId'), ...PRIVATE },
  // A business account's batches: its owner's and admins'; anyone else gets an empty list, as for an unknown account.
  'Query.settlementBatches': {
    query: 'query($id: ID!) { settlementBatches(accountId: $id) { edges { node { id } } } }',
    variables: (fx) => ({ id: fx.businessAccountId }),
    owner: 'ALLOW', otherUser: 'EMPTY', admin: 'ALLOW',
  },
  'Query.fxQuote': {
    query: 'query($input: FxQuoteInput!) { fxQuote(input: $input) { id } }',
    variables: () => ({ input: { sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '1.00' } }),
    owner: 'ALLOW', otherUser: 'ALLOW', admin: 'ALLOW',
  },

  // Mutations on the owner's resources: by the owner, past authorisation (data or a business userError); by someone
  // else, refused as if the resource did not exist.
  'Mutation.removeFundingInstrument': { ...mutation('removeFundingInstrument', (fx) => ({ id: fx.spareCardId })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  'Mutation.verifyBankAccount': { ...mutation('verifyBankAccount', (fx) => ({ fundingInstrumentId: fx.bankAccountId, amounts: ['0.01', '0.02'] })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  'Mutation.refundPayment': { ...mutation('refundPayment', (fx) => ({ paymentId: fx.receivedPaymentId, idempotencyKey: `refund-${fx.receivedPaymentId}` })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  'Mutation.withdraw': { ...mutation('withdraw', (fx) => ({ walletId: fx.walletId, bankAccountId: fx.bankAccountId, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: `w-${fx.walletId}` })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  'Mutation.payRequest': { ...mutation('payRequest', (fx) => ({ requestId: fx.incomingRequestId, idempotencyKey: `pay-${fx.incomingRequestId}` })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  'Mutation.declineRequest': { ...mutation('declineRequest', (fx) => ({ requestId: fx.incomingRequestId })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  'Mutation.cancelRequest': { ...mutation('cancelRequest', (fx) => ({ requestId: fx.requestId })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  'Mutation.createCheckout': { ...mutation('createCheckout', (fx) => ({ accountId: fx.businessAccountId, amount: { amount: '1.00', currency: 'USD' }, reference: 'x', returnUrl: 'https://shop.example/r', idempotencyKey: `c-${fx.businessAccountId}` })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  'Mutation.captureCheckout': { ...mutation('captureCheckout', (fx) => ({ checkoutId: fx.checkoutId })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  'Mutation.voidCheckout': { ...mutation('voidCheckout', (fx) => ({ checkoutId: fx.checkoutId })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  'Mutation.updateWebhookEndpoint': { ...mutation('updateWebhookEndpoint', (fx) => ({ endpointId: fx.endpointId, description: 'taken' })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' },
  'Mutation.rotateWebhookSecret': { ...mutation('rotateWebhookSecret', (fx) => ({ endpointId: fx.endpointId })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' },
  'Mutation.redeliverWebhook': { ...mutation('redeliverWebhook', (fx) => ({ deliveryId: fx.deliveryId })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' },
  'Mutation.createWebhookEndpoint': { ...mutation('createWebhookEndpoint', (fx) => ({ applicationId: fx.applicationId, url: 'https://evil.example/hook', eventTypes: ['PAYMENT_COMPLETED'] })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' },
  'Mutation.createPartnerApplication': { ...mutation('createPartnerApplication', (fx) => ({ accountId: fx.businessAccountId, name: 'taken' })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' },
  'Mutation.createApiKey': { ...mutation('createApiKey', (fx) => ({ applicationId: fx.applicationId, scopes: ['payments:read'] })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' },
  'Mutation.rotateApiKey': { ...mutation('rotateApiKey', (fx) => ({ apiKeyId: fx.apiKeyId })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' },
  'Mutation.registerTrustedDocuments': { ...mutation('registerTrustedDocuments', (fx) => ({ applicationId: fx.applicationId, documents: ['query Q { me { id } }'] })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' },
  'Mutation.revokeSession': { ...mutation('revokeSession', (fx) => ({ sessionId: fx.spareSessionId })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  // An admin may manage any partner's endpoints and keys; deleting and revoking last (the admin column runs in order).
  'Mutation.deleteWebhookEndpoint': { ...mutation('deleteWebhookEndpoint', (fx) => ({ endpointId: fx.endpointId })), ownerVariables: (fx) => ({ input: { endpointId: fx.spareEndpointId } }), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' },
  'Mutation.revokeApiKey': { ...mutation('revokeApiKey', (fx) => ({ apiKeyId: fx.apiKeyId })), ownerVariables: (fx) => ({ input: { apiKeyId: fx.spareApiKeyId } }), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'ALLOW' },
  'Mutation.convertCurrency': { ...mutation('convertCurrency', (fx) => ({ quoteId: fx.quoteId, idempotencyKey: `q-${fx.quoteId}` })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  // A checkout is paid by whoever the merchant sends to it, but only from the payer's own wallet: another user (or an
  // admin) naming the owner's wallet is refused as if it did not exist (WALLET_NOT_FOUND).
  'Mutation.approveCheckout': { ...mutation('approveCheckout', (fx) => ({ checkoutId: fx.checkoutId, walletId: fx.walletId })), owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND' },
  // Closed to everyone but admins.
  'Mutation.closeSettlementDay': { ...mutation('closeSettlementDay', () => ({ date: '2020-01-01' })), owner: 'FORBIDDEN', otherUser: 'FORBIDDEN' },
  'Mutation.resolveReview': { ...mutation('resolveReview', (fx) => ({ caseId: fx.paymentId, decision: 'APPROVE' })), owner: 'FORBIDDEN', otherUser: 'FORBIDDEN' },
  'Mutation.blockEntity': { ...mutation('blockEntity', (fx) => ({ kind: 'USER', id: fx.ownerId, reason: 'test' })), owner: 'FORBIDDEN', otherUser: 'FORBIDDEN' },
  'Mutation.unblockEntity': { ...mutation('unblockEntity', (fx) => ({ kind: 'USER', id: fx.ownerId })), owner: 'FORBIDDEN', otherUser: 'FORBIDDEN' },
};

/**
 * The Subscription fields over graphql-ws through the gateway (test/e2e/authz-callers.test.ts), with the owner's real
 * ids: anonymous (the connection is closed with 4401: UNAUTHENTICATED), the owner (the subscription is held open:
 * ALLOW), another user and an admin (the subscription ends with an error; NOT_FOUND, the same answer as for an id that
 * does not exist, so a stranger cannot tell another's payment or wallet exists; the streams are per person and carry
 * no role, so an admin follows only their own), and a partner key of the owner's application with every scope
 * (keyWithScope: no scope names a Subscription field) and with only `checkout:write` (keyWithoutScope): KEY_REFUSED,
 * the connection closed with 4401 because API keys are for HTTP (gateway/src/subscriptions/websocket.ts).
 */
export type SubscriptionOutcome = CallerOutcome | 'KEY_REFUSED';
export type Subscriber = 'anonymous' | 'owner' | 'otherUser' | 'admin' | 'keyWithScope' | 'keyWithoutScope';
export type SubscriptionRule = {
  query: string;
  variables: (fx: Record<string, string>) => Record<string, unknown>;
} & Record<Subscriber, SubscriptionOutcome>;

const KEYS_REFUSED = { keyWithScope: 'KEY_REFUSED', keyWithoutScope: 'KEY_REFUSED' } as const;

export const SUBSCRIPTION_MATRIX: Record<string, SubscriptionRule> = {
  'Subscription.notificationReceived': {
    query: 'subscription { notificationReceived { id } }',
    variables: () => ({}),
    // Only ever the caller's own notifications: there is no argument naming someone else's.
    anonymous: 'UNAUTHENTICATED', owner: 'ALLOW', otherUser: 'ALLOW', admin: 'ALLOW', ...KEYS_REFUSED,
  },
  'Subscription.paymentUpdated': {
    query: 'subscription($id: ID) { paymentUpdated(paymentId: $id) { payment { id } } }',
    variables: (fx) => ({ id: fx.paymentId }),
    anonymous: 'UNAUTHENTICATED', owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND', ...KEYS_REFUSED,
  },
  'Subscription.walletBalanceChanged': {
    query: 'subscription($id: ID) { walletBalanceChanged(walletId: $id) { wallet { id } } }',
    variables: (fx) => ({ id: fx.walletId }),
    anonymous: 'UNAUTHENTICATED', owner: 'ALLOW', otherUser: 'NOT_FOUND', admin: 'NOT_FOUND', ...KEYS_REFUSED,
  },
};

/**
 * The partner API key columns: for every Query and Mutation root field, the scope that opens it to a key (null: no
 * scope does; a key is FORBIDDEN there whatever it holds) and the outcome for a key of the owner's application
 * that holds it (keyWithScope) and for one that holds only `checkout:write`, which opens nothing but `me`
 * (keyWithoutScope). The operations are the anonymous column's probes, registered as the application's trusted
 * documents and sent by hash (test/e2e/authz-callers.test.ts).
 */
export interface PartnerRule {
  scope: string | null;
  keyWithScope: Outcome | 'FORBIDDEN';
  keyWithoutScope: Outcome | 'FORBIDDEN';
}
const scoped = (scope: string): PartnerRule => ({ scope, keyWithScope: 'ALLOW', keyWithoutScope: 'FORBIDDEN' });
const NO_KEY: PartnerRule = { scope: null, keyWithScope: 'FORBIDDEN', keyWithoutScope: 'FORBIDDEN' };

export const PARTNER_MATRIX: Record<RootType & ('Query' | 'Mutation'), Record<string, PartnerRule>> = {
  Query: {
    account: scoped('account:read'),
    fundingInstrument: scoped('account:read'),
    webhookEndpoints: scoped('webhooks:manage'),
    webhookEndpoint: scoped('webhooks:manage'),
    webhookDelivery: scoped('webhooks:manage'),
    payment: scoped('payments:read'),
    withdrawal: scoped('payments:read'),
    paymentRequest: scoped('payments:read'),
    checkout: scoped('payments:read'),
    settlementBatches: scoped('payments:read'),
    transaction: scoped('payments:read'),
    user: scoped('payments:read'),
    wallet: scoped('balance:read'),
    fxQuote: scoped('payments:write'),
    // Any scope opens `me`.
    me: { scope: 'checkout:write', keyWithScope: 'ALLOW', keyWithoutScope: 'ALLOW' },
    verifyAuditChain: NO_KEY,
    auditTrail: NO_KEY,
    reviewQueue: NO_KEY,
    partnerApplication: NO_KEY,
    privacyRequest: NO_KEY,
    ledgerBalances: NO_KEY,
  },
  Mutation: {
    createWebhookEndpoint: scoped('webhooks:manage'),
    updateWebhookEndpoint: scoped('webhooks:manage'),
    rotateWebhookSecret: scoped('webhooks:manage'),
    deleteWebhookEndpoint: scoped('webhooks:manage'),
    redeliverWebhook: scoped('webhooks:manage'),
    sendMoney: scoped('payments:write'),
    addFunds: scoped('payments:write'),
    convertCurrency: scoped('payments:write'),
    refundPayment: scoped('payments:write'),
    withdraw: scoped('payments:write'),
    requestMoney: scoped('payments:write'),
    payRequest: scoped('payments:write'),
    declineRequest: scoped('payments:write'),
    cancelRequest: scoped('payments:write'),
    createCheckout: scoped('payments:write'),
    approveCheckout: scoped('payments:write'),
    captureCheckout: scoped('payments:write'),
    voidCheckout: scoped('payments:write'),
    openWallet: scoped('payments:write'),
    // People's own doors and the admin's: never a key's.
    submitKyc: NO_KEY,
    linkCard: NO_KEY,
    linkBankAccount: NO_KEY,
    verifyBankAccount: NO_KEY,
    removeFundingInstrument: NO_KEY,
    openBusinessAccount: NO_KEY,
    resolveReview: NO_KEY,
    blockEntity: NO_KEY,
    unblockEntity: NO_KEY,
    markNotificationsRead: NO_KEY,
    updateNotificationPreferences: NO_KEY,
    closeSettlementDay: NO_KEY,
    register: NO_KEY,
    login: NO_KEY,
    refreshSession: NO_KEY,
    logout: NO_KEY,
    updateProfile: NO_KEY,
    revokeSession: NO_KEY,
    revokeAllSessions: NO_KEY,
    verifyEmail: NO_KEY,
    requestPasswordReset: NO_KEY,
    resetPassword: NO_KEY,
    requestEmailVerification: NO_KEY,
    enableTotp: NO_KEY,
    confirmTotp: NO_KEY,
    disableTotp: NO_KEY,
    verifyTotp: NO_KEY,
    createPartnerApplication: NO_KEY,
    createApiKey: NO_KEY,
    rotateApiKey: NO_KEY,
    revokeApiKey: NO_KEY,
    registerTrustedDocuments: NO_KEY,
    requestDataExport: NO_KEY,
    requestAccountErasure: NO_KEY,
  },
};

/**
 * The Query and Mutation fields the caller columns do not send, and why. test/e2e/authz-matrix.test.ts fails when a
 * field is in neither CALLER_MATRIX nor here.
 */
export const CALLER_EXEMPT: Record<string, string> = {
  // They name no one else's resource: each acts on the caller's own things (the anonymous and key columns cover them).
  'Mutation.submitKyc': 'self', 'Mutation.linkCard': 'self', 'Mutation.linkBankAccount': 'self',
  'Mutation.openBusinessAccount': 'self', 'Mutation.markNotificationsRead': 'self (ids of others are ignored: not checked here)',
  'Mutation.updateNotificationPreferences': 'self', 'Mutation.sendMoney': 'self', 'Mutation.addFunds': 'self',
  'Mutation.requestMoney': 'self', 'Mutation.openWallet': 'self', 'Mutation.updateProfile': 'self',
  'Mutation.revokeAllSessions': 'self', 'Mutation.register': 'public', 'Mutation.login': 'public',
  'Mutation.refreshSession': 'public (the refresh token is the credential)', 'Mutation.logout': 'public (the refresh token is the credential)',
  // The mailed links: the token is the credential, and the answer is the same whoever asks (mailed-tokens.test.ts).
  'Mutation.verifyEmail': 'public (the mailed token is the credential)', 'Mutation.requestPasswordReset': 'public (same answer for every address)',
  'Mutation.resetPassword': 'public (the mailed token is the credential)', 'Mutation.requestEmailVerification': 'self',
  // Two-factor sign-in acts on the caller's own login only (totp.test.ts).
  'Mutation.enableTotp': 'self', 'Mutation.confirmTotp': 'self', 'Mutation.disableTotp': 'self',
  'Mutation.verifyTotp': 'self (re-issues the caller\'s own session token; step-up.test.ts)',
  // Privacy requests name no one else's resource: each is about the caller's own data (privacy.test.ts).
  'Mutation.requestDataExport': 'self (the caller\'s own data; a pending one is answered again)',
  'Mutation.requestAccountErasure': 'self (erases the caller\'s own account; privacy.test.ts)',
};
