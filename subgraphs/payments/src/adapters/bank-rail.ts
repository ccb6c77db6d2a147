import type { MikroORM } from '@paygraph/platform/db';
import type { WithdrawalFailureReason } from '../entities/withdrawal.entity.js';

/**
 * The bank transfer rail (ACH / SEPA credit transfer), as payments sees it: a transfer is submitted once per
 * reference (asking again with the same reference returns the first transfer, never a second one) and settles later;
 * its status is asked for until it is final. A paid transfer may still come back (a return) within the rail's window.
 * Never called inside one of our database transactions.
 */
export interface BankTransferRequest {
  reference: string;
  amount: bigint;
  currency: string;
  token: string;
  last4: string;
}

export type BankTransferStatus =
  | { status: 'IN_TRANSIT'; expectedAt: Date }
  | { status: 'PAID' }
  | { status: 'FAILED'; reason: WithdrawalFailureReason }
  | { status: 'RETURNED'; reason: WithdrawalFailureReason };

export interface BankRail {
  submit(request: BankTransferRequest): Promise<{ reference: string; expectedAt: Date }>;
  status(reference: string, now: Date): Promise<BankTransferStatus>;
}

/**
 * Test account numbers, by their last 4 digits (Stripe's test-mode numbers end the same way): 1116 fails (no such
 * account), 2227 fails (insufficient funds at the bank), 1113 is paid and then returned (account closed); any other
 * is paid.
 */
export const SANDBOX_BANK_ACCOUNTS = { paid: '6789', failNoAccount: '1116', failInsufficientFunds: '2227', returned: '1113' } as const;

export interface SandboxBankRailOptions {
  /** How long after submission a transfer settles (PAID or FAILED). */
  settleMs: number;
  /** How long after settling a returned transfer comes back. */
  returnMs: number;
}

/** A rail in test mode; its records are a table, so they outlive a crash of ours as a bank's would. */
export class SandboxBankRail implements BankRail {
  constructor(
    private readonly orm: MikroORM,
    private readonly opts: SandboxBankRailOptions,
  ) {}

  async submit(req: BankTransferRequest): Promise<{ reference: string; expectedAt: Date }> {
    const now = new Date();
    const settlesAt = new Date(now.getTime() + this.opts.settleMs);
    const outcome = req.last4 === SANDBOX_BANK_ACCOUNTS.returned ? 'RETURNED' : FAILURES[req.last4] ? 'FAILED' : 'PAID';
    const em = this.orm.em.fork();
    await em.execute(
      `insert into sandbox_bank_transfer (reference, amount, currency, token, last4, outcome, failure_code, settles_at, returns_at, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (reference) do nothing`,
      [
        req.reference,
        req.amount,
        req.currency,
        req.token,
        req.last4,
        outcome,
        outcome === 'RETURNED' ? 'ACCOUNT_CLOSED' : (FAILURES[req.last4] ?? null),
        settlesAt,
        outcome === 'RETURNED' ? new Date(settlesAt.getTime() + this.opts.returnMs) : null,
        now,
      ],
    );
    const [row] = await em.execute<{ settles_at: Date }[]>(`select settles_at from sandbox_bank_transfer where reference = ?`, [req.reference]);
    return { reference: req.reference, expectedAt: new Date(row!.settles_at) };
  }

  async status(reference: string, now: Date): Promise<BankTransferStatus> {
    const [row] = await this.orm.em
      .fork()
      .execute<{ outcome: 'PAID' | 'FAILED' | 'RETURNED'; failure_code: WithdrawalFailureReason | null; settles_at: Date; returns_at: Date | null }[]>(
        `select outcome, failure_code, settles_at, returns_at from sandbox_bank_transfer where reference = ?`,
        [reference],
      );
    if (!row) throw new Error(`the sandbox rail has no transfer ${reference}`);
    if (new Date(row.settles_at) > now) return { status: 'IN_TRANSIT', expectedAt: new Date(row.settles_at) };
    if (row.outcome === 'FAILED') return { status: 'FAILED', reason: row.failure_code ?? 'RAIL_ERROR' };
    if (row.outcome === 'RETURNED' && row.returns_at && new Date(row.returns_at) <= now) return { status: 'RETURNED', reason: row.failure_code ?? 'RAIL_ERROR' };
    return { status: 'PAID' };
  }
}

const FAILURES: Record<string, WithdrawalFailureReason> = {
  [SANDBOX_BANK_ACCOUNTS.failNoAccount]: 'NO_ACCOUNT',
  [SANDBOX_BANK_ACCOUNTS.failInsufficientFunds]: 'INSUFFICIENT_FUNDS',
};
