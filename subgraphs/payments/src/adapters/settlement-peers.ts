import { CommandRefusedError, InternalClient } from '@paygraph/platform/internal-client';
import { IdentitySigner } from '@paygraph/platform/identity';
import type { Logger } from '@paygraph/platform/logger';

/**
 * The two calls that settle a P2P payment inside its request (DESIGN.md §4), as internal commands of their owners:
 * fraud's decision and wallets' transfer. Both are idempotent on the transaction id: a repeat (a retry after a lost
 * answer, the recovery worker) gets the first answer back, so calling again is always safe.
 */
export interface MovementRequest {
  transactionId: string;
  paymentId: string;
  senderId: string;
  recipientId: string;
  amount: { minor: string; currency: string };
}

export interface RiskDecisionView {
  assessmentId: string;
  decision: 'APPROVE' | 'REVIEW' | 'DECLINE';
  score: number;
  caseId: string | null;
}

export interface TransferView {
  status: 'TRANSFERRED' | 'INSUFFICIENT_FUNDS' | 'WALLET_NOT_FOUND';
  journalEntryId: string | null;
  senderWalletId: string | null;
  recipientWalletId: string | null;
}

export interface SettlementPeers {
  decide(req: MovementRequest & { at: string }): Promise<RiskDecisionView>;
  transfer(req: MovementRequest): Promise<TransferView>;
}

export class InternalSettlementPeers implements SettlementPeers {
  constructor(
    private readonly fraud: Pick<InternalClient, 'command'>,
    private readonly wallets: Pick<InternalClient, 'command'>,
  ) {}

  static create(opts: { secret: string; fraudUrl: string; walletsUrl: string; timeoutMs: number; logger?: Logger }): InternalSettlementPeers {
    const signer = new IdentitySigner(opts.secret, 'payments');
    const client = (target: string, url: string) => new InternalClient({ target, url, signer, logger: opts.logger, timeoutMs: opts.timeoutMs });
    return new InternalSettlementPeers(client('fraud', opts.fraudUrl), client('wallets', opts.walletsUrl));
  }

  decide(req: MovementRequest & { at: string }): Promise<RiskDecisionView> {
    return this.fraud.command<RiskDecisionView>('decide', { ...req, kind: 'P2P', fundingInstrumentId: null });
  }

  transfer(req: MovementRequest): Promise<TransferView> {
    return this.wallets.command<TransferView>('transfer', req);
  }
}

export { CommandRefusedError };
