import { InternalClient } from '@paygraph/platform/internal-client';
import { IdentitySigner } from '@paygraph/platform/identity';
import type { Logger } from '@paygraph/platform/logger';

/**
 * Wallets' payout commands (DESIGN.md §4: money moves through idempotent internal commands): hold in the request,
 * then capture, release or return from the payout worker. All are idempotent on the withdrawal's transaction id, so
 * a repeat after a lost answer, a crash or a concurrent worker gets the first answer and moves nothing twice.
 */
export interface PayoutRef {
  transactionId: string;
  withdrawalId: string;
}

export interface PayoutHoldView {
  status: 'HELD' | 'INSUFFICIENT_FUNDS' | 'WALLET_NOT_FOUND';
  holdId: string | null;
  available: string | null;
}

export type PayoutStepView =
  | { status: 'CAPTURED' | 'RETURNED'; journalEntryId: string }
  | { status: 'RELEASED' }
  | { status: 'HOLD_NOT_ACTIVE' | 'NOT_CAPTURED' };

export interface PayoutPeers {
  hold(req: PayoutRef & { userId: string; walletId: string; amount: { minor: string; currency: string } }): Promise<PayoutHoldView>;
  capture(req: PayoutRef & { holdId: string }): Promise<PayoutStepView>;
  release(req: PayoutRef & { holdId: string; reason: string }): Promise<PayoutStepView>;
  returned(req: PayoutRef & { holdId: string }): Promise<PayoutStepView>;
}

export class InternalPayoutPeers implements PayoutPeers {
  constructor(private readonly wallets: Pick<InternalClient, 'command'>) {}

  static create(opts: { secret: string; walletsUrl: string; timeoutMs: number; logger?: Logger }): InternalPayoutPeers {
    const signer = new IdentitySigner(opts.secret, 'payments');
    return new InternalPayoutPeers(new InternalClient({ target: 'wallets', url: opts.walletsUrl, signer, logger: opts.logger, timeoutMs: opts.timeoutMs }));
  }

  hold(req: PayoutRef & { userId: string; walletId: string; amount: { minor: string; currency: string } }): Promise<PayoutHoldView> {
    return this.wallets.command<PayoutHoldView>('payoutHold', req);
  }

  capture(req: PayoutRef & { holdId: string }): Promise<PayoutStepView> {
    return this.wallets.command<PayoutStepView>('payoutCapture', req);
  }

  release(req: PayoutRef & { holdId: string; reason: string }): Promise<PayoutStepView> {
    return this.wallets.command<PayoutStepView>('payoutRelease', req);
  }

  returned(req: PayoutRef & { holdId: string }): Promise<PayoutStepView> {
    return this.wallets.command<PayoutStepView>('payoutReturn', req);
  }
}
