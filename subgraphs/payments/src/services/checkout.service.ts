import { LockMode } from '@mikro-orm/core';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { AppError, errors, type UserError } from '@paygraph/platform/errors';
import type { Outbox } from '@paygraph/platform/events';
import { failpoint } from '@paygraph/platform/failpoints';
import { isId, newId } from '@paygraph/platform/ids';
import type { Logger } from '@paygraph/platform/logger';
import { parseMoney } from '@paygraph/platform/money';
import type { Peers } from '../adapters/peers.js';
import type { CheckoutPeers } from '../adapters/checkout-peers.js';
import type { CardAcquirer } from '../adapters/psp.js';
import { Checkout, type CheckoutStatus, type CheckoutStep } from '../entities/checkout.entity.js';
import { Payment } from '../entities/payment.entity.js';
import { requestHash } from '../domain/idempotency.js';
import {
  checkoutFee,
  decideApprove,
  decideCapture,
  decideVoid,
  STEP_OUTCOME,
  validateApproveCheckout,
  validateCreateCheckout,
  type ApproveCheckoutInput,
  type CreateCheckoutInput,
} from '../domain/checkout.js';
import { CheckoutFunding, type ApprovalAnswer, type StepAnswer, type WalletRef } from './checkout-funding.js';
import { IdempotencyKeyRepository } from '../repositories/idempotency-key.repository.js';
import { CheckoutRepository, type CheckoutPageQuery } from '../repositories/checkout.repository.js';

export interface CheckoutServiceOptions {
  idempotencyTtlHours: number;
  feeBps: number;
  feeFixed: Record<string, bigint>;
  authorizationTtlMs: number;
  pspTimeoutMs: number;
}

export type { ApproveCheckoutInput };

export interface CaptureCheckoutInput {
  checkoutId: string;
  amount?: { amount: string; currency: string } | null;
}

export interface CheckoutResult {
  checkout: Checkout;
  userErrors: UserError[];
}

const REFUSALS: Record<Extract<ApprovalAnswer, { status: 'REFUSED' }>['code'], string> = {
  INSUFFICIENT_FUNDS: 'Your wallet does not hold enough to pay this checkout; nothing was moved',
  WALLET_NOT_FOUND: "You have no wallet in this checkout's currency; nothing was moved",
  CARD_DECLINED: 'Your card was declined; nothing was charged',
};

/** What a refused approval leaves behind: nothing of its attempt (the next one is a new transaction). */
const NO_ATTEMPT = { buyerId: null, transactionId: null, paymentId: null, fundingSource: null, cardId: null, pspToken: null, cardLast4: null, pspReference: null };

const notFound = () => errors.user('CHECKOUT_NOT_FOUND', 'No such checkout', 'input.checkoutId');

/**
 * Merchant checkouts (domain/checkout.ts has the rules and the state machine). Each money step is three parts, as for
 * refunds and withdrawals:
 * 1. under the checkout's row lock, the decision and the step marked under way (`approvingSince`, or `step` for a
 *    capture, void or expiry), with the ids wallets will be asked with — committed;
 * 2. the money's move (services/checkout-funding.ts): wallets' checkout command (pay, authorize, capture, release) or,
 *    paid by card, the PSP's charge, authorisation, capture or void and then wallets' booking of what the card paid —
 *    each idempotent on the approval's transaction id;
 * 3. under the row lock again, the answer written once (only while that step is still the one under way): the
 *    checkout's new status, the payment of kind CHECKOUT when money moved, and CheckoutUpdated in the outbox.
 * A crash or a lost answer between 1 and 3 leaves the step under way; the same command again (the buyer's or
 * merchant's retry joins it) or the checkout worker repeats 2 and 3 and gets the first answer. The row lock and the
 * mark make concurrent commands exclusive: of a capture and a void racing, the one that marks first wins, the other
 * is refused (CHECKOUT_NOT_AUTHORIZED) before wallets is asked.
 */
export class CheckoutService {
  private readonly keys = new IdempotencyKeyRepository();
  private readonly sql = new CheckoutRepository();
  private readonly funding: CheckoutFunding;

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly peers: Pick<Peers, 'wallet' | 'fundingInstrument'>,
    private readonly checkoutPeers: CheckoutPeers,
    psp: CardAcquirer,
    private readonly logger: Logger,
    private readonly opts: CheckoutServiceOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.funding = new CheckoutFunding(checkoutPeers, psp, opts.pspTimeoutMs);
  }

  async create(merchantId: string, input: CreateCheckoutInput): Promise<Checkout> {
    const req = validateCreateCheckout(input);
    const hash = requestHash(req.canonical);
    const bound = await this.bound(this.orm.em.fork(), merchantId, req.key, hash);
    if (bound) return bound;
    const account = await this.checkoutPeers.businessAccount(req.accountId, merchantId);
    if (!account) throw errors.user('NOT_A_BUSINESS_ACCOUNT', 'No such active business account of yours', 'input.accountId');
    return inTransaction(this.orm, async (tx) => {
      const now = this.clock();
      const id = newId('chk');
      const claimed = await this.keys.claim(tx, {
        userId: merchantId,
        key: req.key,
        operation: 'createCheckout',
        requestHash: hash,
        paymentId: id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.opts.idempotencyTtlHours * 3600 * 1000),
      });
      if (!claimed) {
        const winner = await this.bound(tx, merchantId, req.key, hash);
        if (winner) return winner;
        throw new Error('idempotency key conflict without a bound checkout');
      }
      const checkout = tx.create(Checkout, {
        id,
        merchantId,
        merchantAccountId: account.accountId,
        reference: req.reference,
        returnUrl: req.returnUrl,
        amount: req.money.amount,
        currency: req.money.currency,
        captureMode: req.captureMode,
        status: 'OPEN',
        feeBps: this.opts.feeBps,
        feeFixed: this.opts.feeFixed[req.money.currency] ?? 0n,
        buyerId: null,
        transactionId: null,
        paymentId: null,
        approvingSince: null,
        step: null,
        stepSince: null,
        fundingSource: null,
        cardId: null,
        pspToken: null,
        cardLast4: null,
        pspReference: null,
        holdId: null,
        authorizedAmount: null,
        authorizedAt: null,
        authorizationExpiresAt: null,
        capturedAmount: null,
        feeAmount: null,
        journalEntryId: null,
        closedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      await tx.flush();
      return checkout;
    });
  }

  private async bound(em: EntityManager, userId: string, key: string, hash: string): Promise<Checkout | null> {
    const row = await this.keys.bound(em, userId, key, this.clock());
    if (!row) return null;
    if (row.requestHash !== hash) {
      throw errors.user('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different request; use a new key', 'input.idempotencyKey');
    }
    return em.findOneOrFail(Checkout, row.paymentId, { refresh: true });
  }

  // --- approve ------------------------------------------------------------------------------------------------------

  async approve(buyerId: string, input: ApproveCheckoutInput): Promise<CheckoutResult> {
    const { checkoutId, funding } = validateApproveCheckout(input);
    let card: { cardId: string; pspToken: string; cardLast4: string } | null = null;
    if (funding.source === 'CARD') {
      const instrument = await this.peers.fundingInstrument(funding.cardId, buyerId);
      if (!instrument || instrument.kind !== 'CARD' || instrument.status !== 'ACTIVE') throw errors.user('CARD_NOT_FOUND', 'No such card of yours', 'input.cardId');
      card = { cardId: instrument.id, pspToken: instrument.pspToken, cardLast4: instrument.last4 };
    } else if (funding.walletId) {
      const wallet = await this.peers.wallet(funding.walletId);
      if (!wallet || wallet.ownerId !== buyerId) throw errors.user('WALLET_NOT_FOUND', 'No such wallet of yours', 'input.walletId');
      const checkout = await this.orm.em.fork().findOne(Checkout, checkoutId);
      if (checkout && wallet.currency !== checkout.currency && (checkout.status === 'OPEN' || checkout.buyerId === buyerId)) {
        throw errors.user('CURRENCY_MISMATCH', `This checkout is paid in ${checkout.currency}; choose your ${checkout.currency} wallet`, 'input.walletId');
      }
    }
    const { checkout, action } = await inTransaction(this.orm, async (tx) => {
      const c = await tx.findOne(Checkout, checkoutId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const decided = decideApprove(c, buyerId);
      if (decided === 'START') {
        const now = this.clock();
        Object.assign(c!, {
          buyerId,
          transactionId: newId('txn'),
          paymentId: newId('pay'),
          approvingSince: now,
          updatedAt: now,
          fundingSource: card ? 'CARD' : 'WALLET',
          ...(card ?? {}),
        });
        await tx.flush();
      }
      return { checkout: c!, action: decided };
    });
    // A retry or duplicate joins the attempt under way as it was started, whatever it names to pay with.
    if (action === 'DONE') return { checkout, userErrors: [] };
    return this.driveApproval(checkout);
  }

  /** Steps 2 and 3 of an approval under way; never throws for a peer out of reach (the worker finishes it). */
  private async driveApproval(checkout: Checkout): Promise<CheckoutResult> {
    let answer: ApprovalAnswer;
    try {
      answer = await this.funding.approve(checkout);
      failpoint('payments.checkout.after-approval');
    } catch (error) {
      this.logUnfinished(error, checkout.id, 'approval');
      return { checkout, userErrors: [] };
    }
    const transactionId = checkout.transactionId!;
    const after = await inTransaction(this.orm, async (tx) => {
      const c = await tx.findOneOrFail(Checkout, checkout.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      // Someone else wrote this attempt's answer already.
      if (!c.approvingSince || c.transactionId !== transactionId) return c;
      const now = this.clock();
      if (answer.status === 'PAID') {
        const fee = checkoutFee(c.amount, c.feeBps, c.feeFixed);
        this.insertPayment(tx, c, c.amount, now);
        Object.assign(c, { status: 'CAPTURED', capturedAmount: c.amount, feeAmount: fee, journalEntryId: answer.journalEntryId, pspReference: answer.pspReference, closedAt: now });
        this.emit(tx, c, 'OPEN', now, answer.wallets);
      } else if (answer.status === 'AUTHORIZED') {
        Object.assign(c, {
          status: 'AUTHORIZED',
          holdId: answer.holdId,
          pspReference: answer.pspReference,
          authorizedAmount: c.amount,
          authorizedAt: now,
          authorizationExpiresAt: new Date(now.getTime() + this.opts.authorizationTtlMs),
        });
        this.emit(tx, c, 'OPEN', now, answer.wallets);
      } else {
        // Refused: nothing moved; the checkout is open again (a new attempt is a new transaction).
        Object.assign(c, NO_ATTEMPT);
      }
      Object.assign(c, { approvingSince: null, updatedAt: now });
      await tx.flush();
      return c;
    });
    return {
      checkout: after,
      userErrors: answer.status === 'REFUSED' && after.status === 'OPEN' ? [{ code: answer.code, field: ['input', 'checkoutId'], message: REFUSALS[answer.code] }] : [],
    };
  }

  // --- capture, void, expiry ----------------------------------------------------------------------------------------

  async capture(merchantId: string, input: CaptureCheckoutInput): Promise<Checkout> {
    if (!isId('chk', input.checkoutId)) throw notFound();
    const money = input.amount ? parseMoney(input.amount, 'input.amount') : null;
    const { checkout, action } = await inTransaction(this.orm, async (tx) => {
      const c = await tx.findOne(Checkout, input.checkoutId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const decided = decideCapture(c, merchantId, money, this.clock());
      if (decided.action === 'START') {
        const now = this.clock();
        Object.assign(c!, {
          step: 'CAPTURE',
          stepSince: now,
          capturedAmount: decided.amount,
          feeAmount: checkoutFee(decided.amount, c!.feeBps, c!.feeFixed),
          paymentId: newId('pay'),
          updatedAt: now,
        });
        await tx.flush();
      }
      return { checkout: c!, action: decided.action };
    });
    return action === 'DONE' ? checkout : this.driveStep(checkout);
  }

  async void(merchantId: string, input: { checkoutId: string }): Promise<Checkout> {
    if (!isId('chk', input.checkoutId)) throw notFound();
    const { checkout, action } = await inTransaction(this.orm, async (tx) => {
      const c = await tx.findOne(Checkout, input.checkoutId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const decided = decideVoid(c, merchantId);
      if (decided === 'START') await this.markStep(tx, c!, 'VOID');
      return { checkout: c!, action: decided };
    });
    return action === 'DONE' ? checkout : this.driveStep(checkout);
  }

  private async markStep(tx: EntityManager, c: Checkout, step: CheckoutStep): Promise<void> {
    const now = this.clock();
    Object.assign(c, { step, stepSince: now, updatedAt: now });
    await tx.flush();
  }

  /** Steps 2 and 3 of a capture, void or expiry under way; never throws for a peer out of reach. */
  private async driveStep(checkout: Checkout): Promise<Checkout> {
    const step = checkout.step;
    if (!step || !checkout.transactionId || !(checkout.holdId || checkout.pspReference)) return checkout;
    let answer: StepAnswer;
    try {
      answer = await this.funding.step(checkout);
      failpoint('payments.checkout.after-step');
    } catch (error) {
      this.logUnfinished(error, checkout.id, step);
      return checkout;
    }
    if (answer.status === 'NOT_POSSIBLE') {
      this.logger.error({ checkoutId: checkout.id, step, detail: answer.detail }, 'checkout step cannot be done; left for an operator');
      return checkout;
    }
    return inTransaction(this.orm, async (tx) => {
      const c = await tx.findOneOrFail(Checkout, checkout.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (c.step !== step) return c;
      const now = this.clock();
      const status = STEP_OUTCOME[step];
      if (answer.status === 'CAPTURED') {
        this.insertPayment(tx, c, c.capturedAmount!, now);
        c.journalEntryId = answer.journalEntryId;
      }
      Object.assign(c, {
        status,
        step: null,
        stepSince: null,
        closedAt: now,
        updatedAt: now,
        ...(status === 'CAPTURED' ? {} : { capturedAmount: null, feeAmount: null, paymentId: null }),
      });
      this.emit(tx, c, 'AUTHORIZED', now, answer.status === 'CAPTURED' ? answer.wallets : []);
      await tx.flush();
      return c;
    });
  }

  // --- the worker ---------------------------------------------------------------------------------------------------

  /**
   * One pass of the checkout worker: marks authorisations past their deadline EXPIRE and releases them, and drives
   * again approvals and steps under way for longer than `underWayAfterMs` (their request stopped half-way). Returns
   * how many checkouts it drove.
   */
  async sweep(underWayAfterMs: number, limit = 50): Promise<number> {
    const now = this.clock();
    const due = await inTransaction(this.orm, async (tx) => {
      const rows = await this.sql.lockExpiredAuthorizations(tx, now, limit);
      for (const c of rows) await this.markStep(tx, c, 'EXPIRE');
      return rows;
    });
    const stale = new Date(now.getTime() - underWayAfterMs);
    const stuck = await this.sql.underWaySince(this.orm.em.fork(), stale, limit);
    for (const c of [...due, ...stuck]) {
      if (c.approvingSince) await this.driveApproval(c);
      else await this.driveStep(c);
    }
    return due.length + stuck.length;
  }

  // --- reads --------------------------------------------------------------------------------------------------------

  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, Checkout>> {
    const wellFormed = [...new Set(ids.filter((id) => isId('chk', id)))];
    const rows = wellFormed.length === 0 ? [] : await em.find(Checkout, { id: { $in: wellFormed } });
    return new Map(rows.map((c) => [c.id, c]));
  }

  /**
   * An account's checkouts, newest first. Every checkout of an account has its owner as merchant, so filtering on the
   * viewer as merchant shows the owner all of them and anyone else none (admins: all), with no call to accounts.
   */
  page(em: EntityManager, viewer: { userId: string; admin: boolean }, q: CheckoutPageQuery): Promise<Checkout[]> {
    return this.sql.page(em, { ...q, merchantId: viewer.admin ? null : viewer.userId });
  }

  // --- shared -------------------------------------------------------------------------------------------------------

  private insertPayment(tx: EntityManager, c: Checkout, amount: bigint, now: Date): void {
    tx.create(Payment, {
      id: c.paymentId!,
      kind: 'CHECKOUT',
      status: 'COMPLETED',
      failureReason: null,
      senderId: c.buyerId!,
      recipientId: c.merchantId,
      amount,
      currency: c.currency,
      targetAmount: null,
      targetCurrency: null,
      usdEquivalent: null,
      quoteId: null,
      fundingInstrumentId: c.cardId,
      pspToken: c.pspToken,
      cardLast4: c.cardLast4,
      targetWalletId: null,
      note: c.reference,
      transactionId: c.transactionId,
      refundOfId: null,
      refundedAmount: 0n,
      requestId: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  private emit(tx: EntityManager, c: Checkout, previousStatus: CheckoutStatus, at: Date, wallets: WalletRef[]): void {
    const money = (minor: bigint | null | undefined) => (minor === null || minor === undefined ? null : { minor: minor.toString(), currency: c.currency });
    this.outbox.emit(tx, 'CheckoutUpdated', c.id, {
      checkoutId: c.id,
      merchantId: c.merchantId,
      merchantAccountId: c.merchantAccountId,
      buyerId: c.buyerId!,
      reference: c.reference,
      status: c.status as Exclude<CheckoutStatus, 'OPEN'>,
      previousStatus,
      captureMode: c.captureMode,
      amount: money(c.amount)!,
      authorizedAmount: money(c.authorizedAmount),
      capturedAmount: c.status === 'CAPTURED' ? money(c.capturedAmount) : null,
      fee: c.status === 'CAPTURED' ? money(c.feeAmount) : null,
      paymentId: c.status === 'CAPTURED' ? (c.paymentId ?? null) : null,
      transactionId: c.transactionId!,
      journalEntryId: c.status === 'CAPTURED' ? (c.journalEntryId ?? null) : null,
      wallets,
      createdAt: c.createdAt.toISOString(),
      at: at.toISOString(),
    });
  }

  private logUnfinished(error: unknown, checkoutId: string, what: string): void {
    const expected = error instanceof AppError && error.kind === 'unavailable';
    this.logger[expected ? 'warn' : 'error']({ err: error, checkoutId }, `checkout ${what} not finished in the request; the checkout worker will finish it`);
  }
}
