import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MikroORM } from '@paygraph/platform/db';
import { SandboxPspCharge } from '../entities/sandbox-psp-charge.entity.js';

/**
 * The card network, as payments sees it. A charge carries the caller's idempotency key (the payment id): asking again
 * with the same key returns the first answer and never charges twice, which is what makes retrying after a timeout
 * or a crash safe. Never called inside one of our database transactions.
 */
export interface ChargeRequest {
  idempotencyKey: string;
  /** Minor units. */
  amount: bigint;
  currency: string;
  token: string;
  last4: string;
}

export type ChargeOutcome =
  | { status: 'APPROVED'; reference: string }
  | { status: 'DECLINED'; reference: string; code: string; message: string };

/** The PSP may or may not have acted (network error, timeout, lost response): ask again with the same key. */
export class PspTransientError extends Error {
  override name = 'PspTransientError';
}

/** The PSP refused the request itself (not the card): retrying will not help. */
export class PspRequestError extends Error {
  override name = 'PspRequestError';
}

export interface PaymentServiceProvider {
  readonly name: string;
  charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeOutcome>;
}

export interface SandboxPspOptions {
  /** Added to every call. */
  latencyMs: number;
  /** Probability of a transient failure: half before the charge is made, half after (the answer is lost). */
  failureRate: number;
  /** How long test card 0259 takes to approve. */
  slowApproveMs: number;
}

/** Test cards, by their last 4 digits, as in a card network's test mode. */
export const SANDBOX_CARDS = { approve: '4242', decline: '0002', slowApprove: '0259' } as const;

/**
 * A PSP in test mode. Decides by the card's last 4 digits: 0002 declines, 0259 approves after `slowApproveMs`, any
 * other approves. Its memory of charges (by idempotency key) is a table, so it outlives a crash of ours as a real PSP's
 * records would.
 */
export class SandboxPsp implements PaymentServiceProvider {
  readonly name = 'sandbox';

  constructor(
    private readonly orm: MikroORM,
    private readonly opts: SandboxPspOptions,
    private readonly random: () => number = Math.random,
  ) {}

  async charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeOutcome> {
    if (this.opts.latencyMs > 0) await sleep(this.opts.latencyMs, undefined, { signal });
    const fails = this.random() < this.opts.failureRate;
    const afterCharging = fails && this.random() < 0.5;
    if (fails && !afterCharging) throw new PspTransientError('sandbox PSP: connection reset before the request arrived');

    const charge = await this.recordOnce(request);
    const wait = charge.settlesAt.getTime() - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal });
    if (afterCharging) throw new PspTransientError('sandbox PSP: the answer was lost on the way back');
    return charge.outcome === 'APPROVED'
      ? { status: 'APPROVED', reference: charge.reference }
      : { status: 'DECLINED', reference: charge.reference, code: charge.declineCode ?? 'card_declined', message: 'Your card was declined' };
  }

  /** The first request under a key decides; a later one gets the same charge back (or an error if it differs). */
  private async recordOnce(request: ChargeRequest): Promise<SandboxPspCharge> {
    const em = this.orm.em.fork();
    const now = new Date();
    const declined = request.last4 === SANDBOX_CARDS.decline;
    const slow = request.last4 === SANDBOX_CARDS.slowApprove;
    await em.execute(
      `insert into sandbox_psp_charge (idempotency_key, amount, currency, token, last4, outcome, reference, decline_code, settles_at, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (idempotency_key) do nothing`,
      [
        request.idempotencyKey,
        request.amount.toString(),
        request.currency,
        request.token,
        request.last4,
        declined ? 'DECLINED' : 'APPROVED',
        `sbx_ch_${randomBytes(12).toString('hex')}`,
        declined ? 'card_declined' : null,
        new Date(now.getTime() + (slow ? this.opts.slowApproveMs : 0)),
        now,
      ],
    );
    const charge = await em.findOneOrFail(SandboxPspCharge, request.idempotencyKey);
    if (charge.amount !== request.amount || charge.currency !== request.currency || charge.token !== request.token) {
      throw new PspRequestError('sandbox PSP: idempotency key reused with different parameters');
    }
    return charge;
  }
}
