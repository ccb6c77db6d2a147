import type { EventData, EventType } from '@paygraph/events';

/**
 * The user who acted, per event type, when the event names one: the person who registered, paid, linked a card,
 * decided a review… Steps the system takes on its own (a hold captured, a charge failed) and events whose actor the
 * catalog does not carry (UserRolesChanged names the user whose roles changed, not the operator) have none.
 * A record per catalog key, so a new event type does not compile until it is classified here.
 */
export const actorOf: { [T in EventType]: (data: EventData<T>) => string | null } = {
  UserRegistered: (d) => d.userId,
  UserProfileUpdated: (d) => d.userId,
  UserRolesChanged: () => null,
  UserLoggedIn: (d) => d.userId,
  RefreshTokenReuseDetected: (d) => d.userId,
  EmailVerificationRequested: (d) => d.userId,
  EmailVerified: (d) => d.userId,
  // Whoever asked may not be the owner (anyone can ask for a reset of any address): no actor.
  PasswordResetRequested: () => null,
  PasswordChanged: (d) => d.userId,
  TwoFactorChanged: (d) => d.userId,
  // The owner asked; the answers and the completion are the services'.
  PrivacyExportRequested: (d) => d.userId,
  PrivacyErasureRequested: (d) => d.userId,
  PrivacyExportPart: () => null,
  PrivacyErasureDone: () => null,
  PrivacyRequestCompleted: () => null,
  AccountOpened: (d) => d.userId,
  KycStatusChanged: (d) => d.userId,
  FundingInstrumentLinked: (d) => d.userId,
  FundingInstrumentRemoved: (d) => d.userId,
  BankAccountVerified: (d) => d.userId,
  PaymentInitiated: (d) => d.senderId,
  PaymentChargeSucceeded: () => null,
  PaymentChargeFailed: () => null,
  PaymentStatusChanged: (d) => d.senderId,
  PaymentSettled: (d) => d.senderId,
  RefundSettled: (d) => d.senderId,
  // The user asked for it (PENDING); the later steps are the rail's, but they are still about the owner's money.
  WithdrawalStatusChanged: (d) => (d.status === 'PENDING' ? d.userId : null),
  PaymentRequestCreated: (d) => d.requesterId,
  // DECLINED is the payer's act, CANCELED the requester's; PAID follows the payer's payment; EXPIRED is the clock's.
  PaymentRequestUpdated: (d) => (d.status === 'CANCELED' ? d.requesterId : d.status === 'EXPIRED' ? null : d.payerId),
  // The buyer approves (AUTHORIZED, or CAPTURED at once); the merchant captures a MANUAL one or voids it; EXPIRED is the clock's.
  CheckoutUpdated: (d) =>
    d.status === 'EXPIRED' ? null : d.status === 'VOIDED' || (d.status === 'CAPTURED' && d.captureMode === 'MANUAL') ? d.merchantId : d.buyerId,
  // Closed by the clock's worker or an admin's closeSettlementDay; the event does not say which.
  SettlementBatchClosed: () => null,
  TransactionStarted: () => null,
  RiskAssessmentRequested: (d) => d.senderId,
  FundsReservationRequested: (d) => d.userId,
  FundsTransferRequested: (d) => d.senderId,
  FundsCaptureRequested: (d) => d.senderId,
  FundsReleaseRequested: () => null,
  FundsCreditRequested: (d) => d.userId,
  ChargeRequested: (d) => d.userId,
  TransactionCompleted: (d) => d.senderId,
  TransactionFailed: () => null,
  TransactionOnHold: () => null,
  RiskAssessed: () => null,
  ReviewResolved: (d) => d.resolvedBy,
  WalletOpened: (d) => d.ownerId,
  FundsReserved: () => null,
  FundsReservationFailed: () => null,
  FundsCaptured: () => null,
  FundsCaptureFailed: () => null,
  FundsReleased: () => null,
  FundsCredited: () => null,
  WalletBalanceChanged: (d) => d.ownerId,
  PartnerApplicationCreated: (d) => d.createdBy,
  ApiKeyCreated: (d) => d.createdBy,
  ApiKeyRevoked: (d) => d.by,
  ApiKeyUsed: (d) => d.ownerId,
  TrustedDocumentsRegistered: (d) => d.by,
};

const KINDS: Record<string, string> = {
  usr: 'User',
  ses: 'Session',
  acc: 'Account',
  kyc: 'KycVerification',
  fi: 'FundingInstrument',
  pay: 'Payment',
  prq: 'PaymentRequest',
  chk: 'Checkout',
  stb: 'SettlementBatch',
  txn: 'Transaction',
  wal: 'Wallet',
  hld: 'Hold',
  jnl: 'JournalEntry',
  fxq: 'FxQuote',
  rsk: 'RiskAssessment',
  rvc: 'ReviewCase',
  app: 'PartnerApplication',
  key: 'ApiKey',
  prv: 'PrivacyRequest',
};

/** The aggregate's kind from its id prefix (`txn_…` → Transaction); `Unknown` for an id without a known prefix. */
export function entityTypeOf(aggregateId: string): string {
  const m = /^([a-z]+)_/.exec(aggregateId);
  return (m && KINDS[m[1]!]) || 'Unknown';
}

const USER_ID = /^usr_[0-9a-f]{32}$/;

/**
 * The users a record is about: its actor, its entity when that is a user, and every user id anywhere in its payload
 * (a payment's sender and recipient, a request's payer). A privacy request finds a user's records by these.
 */
export function subjectsOf(payload: unknown, actorId: string | null, entityId: string): string[] {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (USER_ID.test(v)) found.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(payload);
  if (actorId) found.add(actorId);
  if (USER_ID.test(entityId)) found.add(entityId);
  return [...found].sort();
}
