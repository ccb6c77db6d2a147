import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MikroORM } from '@paygraph/platform/db';
import { inTransaction } from '@paygraph/platform/db';
import { SandboxPspCharge, SandboxPspOperation } from '../entities/sandbox-psp-charge.entity.js';

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

/** A capture, void or refund of an earlier charge or authorisation (`reference`), idempotent on its own key. */
export interface ChargeOperationRequest {
  idempotencyKey: string;
  reference: string;
  /** Minor units (capture, refund); a void takes none. */
  amount?: bigint;
  currency?: string;
}

/**
 * Card payments in two phases, as a merchant acquirer offers them: `authorize` holds the amount on the card (the
 * answer's reference is the authorisation), `capture` takes all or part of it once, `void` releases it; `refund` gives
 * back part or all of what a charge or capture took. Each call is idempotent on its key, like `charge`.
 */
export interface CardAcquirer extends Pick<PaymentServiceProvider, 'charge'> {
  authorize(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeOutcome>;
  capture(request: ChargeOperationRequest & { amount: bigint; currency: string }, signal?: AbortSignal): Promise<ChargeOutcome>;
  void(request: ChargeOperationRequest, signal?: AbortSignal): Promise<ChargeOutcome>;
  refund(request: ChargeOperationRequest & { amount: bigint; currency: string }, signal?: AbortSignal): Promise<ChargeOutcome>;
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
export class SandboxPsp implements PaymentServiceProvider, CardAcquirer {
  readonly name = 'sandbox';

  constructor(
    private readonly orm: MikroORM,
    private readonly opts: SandboxPspOptions,
    private readonly random: () => number = Math.random,
  ) {}

  charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeOutcome> {
    return this.first(request, 'CHARGE', signal);
  }

  authorize(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeOutcome> {
    return this.first(request, 'AUTHORIZATION', signal);
  }

  capture(request: ChargeOperationRequest & { amount: bigint; currency: string }, signal?: AbortSignal): Promise<ChargeOutcome> {
    return this.operate(request, 'CAPTURE', signal);
  }

  void(request: ChargeOperationRequest, signal?: AbortSignal): Promise<ChargeOutcome> {
    return this.operate(request, 'VOID', signal);
  }

  refund(request: ChargeOperationRequest & { amount: bigint; currency: string }, signal?: AbortSignal): Promise<ChargeOutcome> {
    return this.operate(request, 'REFUND', signal);
  }

  /** The network's weather: latency, and a transient failure before the request arrives or after it was acted on. */
  private async weather(signal?: AbortSignal): Promise<{ loseAnswer: boolean }> {
    if (this.opts.latencyMs > 0) await sleep(this.opts.latencyMs, undefined, { signal });
    const fails = this.random() < this.opts.failureRate;
    const loseAnswer = fails && this.random() < 0.5;
    if (fails && !loseAnswer) throw new PspTransientError('sandbox PSP: connection reset before the request arrived');
    return { loseAnswer };
  }

  private async first(request: ChargeRequest, kind: 'CHARGE' | 'AUTHORIZATION', signal?: AbortSignal): Promise<ChargeOutcome> {
    const { loseAnswer: afterCharging } = await this.weather(signal);
    const charge = await this.recordOnce(request, kind);
    const wait = charge.settlesAt.getTime() - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal });
    if (afterCharging) throw new PspTransientError('sandbox PSP: the answer was lost on the way back');
    return charge.outcome === 'APPROVED'
      ? { status: 'APPROVED', reference: charge.reference }
      : { status: 'DECLINED', reference: charge.reference, code: charge.declineCode ?? 'card_declined', message: 'Your card was declined' };
  }

  /** The first request under a key decides; a later one gets the same charge back (or an error if it differs). */
  private async recordOnce(request: ChargeRequest, kind: 'CHARGE' | 'AUTHORIZATION'): Promise<SandboxPspCharge> {
    const em = this.orm.em.fork();
    const now = new Date();
    const declined = request.last4 === SANDBOX_CARDS.decline;
    const slow = request.last4 === SANDBOX_CARDS.slowApprove;
    await em.execute(
      `insert into sandbox_psp_charge (idempotency_key, amount, currency, token, last4, outcome, reference, decline_code, settles_at, created_at,
         kind, captured_amount)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (idempotency_key) do nothing`,
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
        kind,
        kind === 'CHARGE' && !declined ? request.amount.toString() : null,
      ],
    );
    const charge = await em.findOneOrFail(SandboxPspCharge, request.idempotencyKey);
    if (charge.amount !== request.amount || charge.currency !== request.currency || charge.token !== request.token || charge.kind !== kind) {
      throw new PspRequestError('sandbox PSP: idempotency key reused with different parameters');
    }
    return charge;
  }

  /**
   * A capture, void or refund: under the charge's row lock, the first request under the key decides and a repeat reads
   * its answer. Refused (DECLINED) when the charge cannot take it: a capture of more than the authorisation or of one
   * captured or voided already, a void of a captured one, a refund above what is left of the capture.
   */
  private async operate(request: ChargeOperationRequest, kind: 'CAPTURE' | 'VOID' | 'REFUND', signal?: AbortSignal): Promise<ChargeOutcome> {
    const { loseAnswer } = await this.weather(signal);
    const op = await inTransaction(this.orm, async (em) => {
      const [charge] = await em.execute<{ reference: string }[]>(`select reference from sandbox_psp_charge where reference = ? for update`, [request.reference]);
      if (!charge) throw new PspRequestError(`sandbox PSP: no charge ${request.reference}`);
      const found = await em.findOne(SandboxPspOperation, request.idempotencyKey);
      if (found) {
        if (found.kind !== kind || found.chargeReference !== request.reference || (found.amount ?? undefined) !== request.amount) {
          throw new PspRequestError('sandbox PSP: idempotency key reused with different parameters');
        }
        return found;
      }
      const c = await em.findOneOrFail(SandboxPspCharge, { reference: request.reference }, { refresh: true });
      const decline = this.decide(c, kind, request);
      const now = new Date();
      if (!decline) {
        if (kind === 'CAPTURE') c.capturedAmount = request.amount!;
        else if (kind === 'VOID') c.voidedAt ??= now;
        else c.refundedAmount += request.amount!;
      }
      const made = em.create(SandboxPspOperation, {
        idempotencyKey: request.idempotencyKey,
        kind,
        chargeReference: request.reference,
        amount: request.amount ?? null,
        outcome: decline ? 'DECLINED' : 'APPROVED',
        reference: `sbx_${kind.toLowerCase()}_${randomBytes(12).toString('hex')}`,
        declineCode: decline,
        createdAt: now,
      });
      await em.flush();
      return made;
    });
    if (loseAnswer) throw new PspTransientError('sandbox PSP: the answer was lost on the way back');
    return op.outcome === 'APPROVED'
      ? { status: 'APPROVED', reference: op.reference }
      : { status: 'DECLINED', reference: op.reference, code: op.declineCode ?? 'declined', message: `The card network refused the ${kind.toLowerCase()}` };
  }

  private decide(c: SandboxPspCharge, kind: 'CAPTURE' | 'VOID' | 'REFUND', request: ChargeOperationRequest): string | null {
    if (c.outcome !== 'APPROVED') return 'charge_declined';
    if (kind !== 'VOID' && (request.amount === undefined || request.amount <= 0n || request.currency !== c.currency)) return 'invalid_amount';
    if (kind === 'CAPTURE') {
      if (c.kind !== 'AUTHORIZATION' || c.capturedAmount != null || c.voidedAt) return 'authorization_not_capturable';
      return request.amount! > c.amount ? 'capture_exceeds_authorization' : null;
    }
    if (kind === 'VOID') return c.kind !== 'AUTHORIZATION' || c.capturedAmount != null ? 'authorization_not_voidable' : null;
    if (c.capturedAmount == null) return 'charge_not_captured';
    return c.refundedAmount + request.amount! > c.capturedAmount ? 'refund_exceeds_charge' : null;
  }
}
