/**
 * The authorisation matrix: one row per root field of the public API (schema/api.graphql), the outcome each kind of
 * caller must get. test/e2e/authz-matrix.test.ts fails when a field of the schema has no row here, or a row names a
 * field the schema no longer has, so a new field cannot ship without a decision about who may call it.
 *
 * Outcomes: ALLOW (the request gets past authorisation: data, or a business userError / input error),
 * UNAUTHENTICATED (refused at the gateway, 401). Only the anonymous column is filled and checked so far; the owner,
 * other-user, partner-key and support/admin columns are the next step (see docs/security.md).
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
    updateProfile: U,
    revokeSession: U,
    revokeAllSessions: U,
    createPartnerApplication: U,
    createApiKey: U,
    rotateApiKey: U,
    revokeApiKey: U,
    registerTrustedDocuments: U,
    openWallet: U,
  },
  Subscription: {
    notificationReceived: U,
    paymentUpdated: U,
    walletBalanceChanged: U,
  },
};
