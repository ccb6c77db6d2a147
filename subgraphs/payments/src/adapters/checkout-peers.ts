import { InternalClient } from '@paygraph/platform/internal-client';
import { IdentitySigner } from '@paygraph/platform/identity';
import type { Logger } from '@paygraph/platform/logger';

/**
 * What a merchant checkout asks other services: accounts whether the merchant's account is an ACTIVE BUSINESS account
 * of theirs, and wallets' checkout commands (DESIGN.md §4: money moves through idempotent internal commands), each
 * idempotent on the approval's transaction id, so a repeat after a lost answer, a crash or a concurrent request gets
 * the first answer and moves nothing twice.
 */
export interface CheckoutMoney {
  minor: string;
  currency: string;
}

export type CheckoutApprovalView =
  | { status: 'PAID'; journalEntryId: string; buyerWalletId: string; merchantWalletId: string }
  | { status: 'AUTHORIZED'; holdId: string; buyerWalletId: string }
  | { status: 'INSUFFICIENT_FUNDS'; available: string | null; buyerWalletId: string | null }
  | { status: 'WALLET_NOT_FOUND' };

export type CheckoutStepView =
  | { status: 'CAPTURED'; journalEntryId: string; buyerWalletId: string; merchantWalletId: string }
  | { status: 'RELEASED' }
  | { status: 'HOLD_NOT_ACTIVE' };

/** A card-paid checkout's ledger steps, once the PSP took the money (capture) or before it gives it back (refund). */
export type CheckoutCardCaptureView = { status: 'CAPTURED'; journalEntryId: string; merchantWalletId: string };
export type CheckoutCardRefundView =
  | { status: 'REFUNDED'; journalEntryId: string; merchantWalletId: string }
  | { status: 'INSUFFICIENT_FUNDS'; available: string | null; merchantWalletId: string | null }
  | { status: 'WALLET_NOT_FOUND' };

export interface CheckoutPeers {
  businessAccount(accountId: string, userId: string): Promise<{ accountId: string; ownerId: string } | null>;
  pay(req: { transactionId: string; paymentId: string; checkoutId: string; buyerId: string; merchantId: string; amount: CheckoutMoney; fee: string }): Promise<CheckoutApprovalView>;
  authorize(req: { transactionId: string; checkoutId: string; buyerId: string; amount: CheckoutMoney }): Promise<CheckoutApprovalView>;
  capture(req: {
    transactionId: string;
    paymentId: string;
    checkoutId: string;
    holdId: string;
    merchantId: string;
    amount: CheckoutMoney;
    fee: string;
  }): Promise<CheckoutStepView>;
  release(req: { transactionId: string; checkoutId: string; holdId: string; reason: string }): Promise<CheckoutStepView>;
  cardCapture(req: {
    transactionId: string;
    paymentId: string;
    checkoutId: string;
    merchantId: string;
    amount: CheckoutMoney;
    fee: string;
    pspReference: string;
  }): Promise<CheckoutCardCaptureView>;
  cardRefund(req: { transactionId: string; paymentId: string; checkoutId: string; merchantId: string; amount: CheckoutMoney }): Promise<CheckoutCardRefundView>;
}

export class InternalCheckoutPeers implements CheckoutPeers {
  constructor(
    private readonly accounts: Pick<InternalClient, 'command'>,
    private readonly wallets: Pick<InternalClient, 'command'>,
  ) {}

  static create(opts: { secret: string; accountsUrl: string; walletsUrl: string; timeoutMs: number; logger?: Logger }): InternalCheckoutPeers {
    const signer = new IdentitySigner(opts.secret, 'payments');
    const client = (target: string, url: string) => new InternalClient({ target, url, signer, logger: opts.logger, timeoutMs: opts.timeoutMs });
    return new InternalCheckoutPeers(client('accounts', opts.accountsUrl), client('wallets', opts.walletsUrl));
  }

  businessAccount(accountId: string, userId: string): Promise<{ accountId: string; ownerId: string } | null> {
    return this.accounts.command('businessAccount', { accountId, userId });
  }

  pay(req: Parameters<CheckoutPeers['pay']>[0]): Promise<CheckoutApprovalView> {
    return this.wallets.command<CheckoutApprovalView>('checkoutPay', req);
  }

  authorize(req: Parameters<CheckoutPeers['authorize']>[0]): Promise<CheckoutApprovalView> {
    return this.wallets.command<CheckoutApprovalView>('checkoutAuthorize', req);
  }

  capture(req: Parameters<CheckoutPeers['capture']>[0]): Promise<CheckoutStepView> {
    return this.wallets.command<CheckoutStepView>('checkoutCapture', req);
  }

  release(req: Parameters<CheckoutPeers['release']>[0]): Promise<CheckoutStepView> {
    return this.wallets.command<CheckoutStepView>('checkoutRelease', req);
  }

  cardCapture(req: Parameters<CheckoutPeers['cardCapture']>[0]): Promise<CheckoutCardCaptureView> {
    return this.wallets.command<CheckoutCardCaptureView>('checkoutCardCapture', req);
  }

  cardRefund(req: Parameters<CheckoutPeers['cardRefund']>[0]): Promise<CheckoutCardRefundView> {
    return this.wallets.command<CheckoutCardRefundView>('checkoutCardRefund', req);
  }
}
