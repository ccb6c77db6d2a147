import type { EventType } from './catalog.js';

/**
 * Which consumer queue receives which events. In AWS these are EventBridge rules on the bus (one rule per consumer,
 * matching `detail-type`); everywhere else the outbox relay applies the same table and sends to each queue directly.
 * `'*'` subscribes to every event (audit).
 */
export const routing: Record<string, readonly (EventType | '*')[]> = {
  // The answers to privacy requests, which users collects (docs/security.md, "Privacy requests").
  users: ['PrivacyExportPart', 'PrivacyErasureDone'],
  accounts: ['UserRegistered', 'PrivacyExportRequested', 'PrivacyErasureRequested'],
  transactions: [
    'PaymentInitiated',
    'PaymentSettled',
    'RefundSettled',
    'CheckoutUpdated',
    'PaymentChargeSucceeded',
    'PaymentChargeFailed',
    'RiskAssessed',
    'ReviewResolved',
    'FundsReserved',
    'FundsReservationFailed',
    'FundsCaptured',
    'FundsCaptureFailed',
    'FundsReleased',
    'FundsCredited',
    'PrivacyExportRequested',
    'PrivacyErasureRequested',
  ],
  fraud: ['RiskAssessmentRequested', 'TransactionCompleted', 'PaymentSettled', 'PrivacyExportRequested', 'PrivacyErasureRequested'],
  wallets: [
    'FundsReservationRequested',
    'FundsTransferRequested',
    'FundsCaptureRequested',
    'FundsReleaseRequested',
    'FundsCreditRequested',
    'PrivacyExportRequested',
    'PrivacyErasureRequested',
  ],
  payments: [
    'ChargeRequested',
    'TransactionStarted',
    'TransactionCompleted',
    'TransactionFailed',
    'TransactionOnHold',
    'PrivacyExportRequested',
    'PrivacyErasureRequested',
  ],
  notifications: [
    'PaymentInitiated',
    'PaymentStatusChanged',
    'PaymentSettled',
    'RefundSettled',
    'WalletBalanceChanged',
    'KycStatusChanged',
    'UserLoggedIn',
    'RefreshTokenReuseDetected',
    'EmailVerificationRequested',
    'PasswordResetRequested',
    'PasswordChanged',
    'TwoFactorChanged',
    'FundingInstrumentLinked',
    'WithdrawalStatusChanged',
    'PaymentRequestCreated',
    'PaymentRequestUpdated',
    'SettlementBatchClosed',
    'PrivacyExportRequested',
    'PrivacyErasureRequested',
  ],
  // notifications' second consumer: the events partners' webhook endpoints subscribe to (a queue of its own).
  'notifications-webhooks': ['PaymentSettled', 'PaymentStatusChanged', 'RefundSettled', 'WithdrawalStatusChanged'],
  audit: ['*'],
};

export function consumersOf(type: EventType): string[] {
  return Object.entries(routing)
    .filter(([, types]) => types.includes('*') || types.includes(type))
    .map(([consumer]) => consumer);
}
