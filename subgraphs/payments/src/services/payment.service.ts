import { errors } from '@paygraph/platform/errors';
import { inTransaction, pgErrorCode, PgCode, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import type { Outbox } from '@paygraph/platform/events';
import type { Money } from '@paygraph/platform/money';
import { Payment, type PaymentKind } from '../entities/payment.entity.js';
import type { CompletionWaiter } from './completion.js';
import type { SettlementService } from './settlement.service.js';
import { requestHash, type CanonicalRequest } from '../domain/idempotency.js';
import { checkSinglePaymentLimit, checkWindowLimits, needsUsage, usageWindows } from '../domain/limits.js';
import { IdempotencyKeyRepository } from '../repositories/idempotency-key.repository.js';
import { PaymentRepository, senderLockKey } from '../repositories/payment.repository.js';
import { P2PRepository } from '../repositories/p2p.repository.js';
import { plainSql } from '@paygraph/platform/plain-sql';
import {
  validateAddFunds,
  validateConvertCurrency,
  validateSendMoney,
  type AddFundsInput,
  type ConvertCurrencyInput,
  type SendMoneyInput,
} from '../domain/payment-input.js';
import type { Peers, UserLimits } from '../adapters/peers.js';

/** Everything a new payment row needs, gathered and checked before the write transaction starts. */
interface Draft {
  // A checkout never goes through here (services/checkout.service.ts).
  kind: Exclude<PaymentKind, 'CHECKOUT'>;
  senderId: string;
  recipientId: string;
  money: Money;
  target: Money | null;
  quoteId: string | null;
  fundingInstrumentId: string | null;
  pspToken: string | null;
  cardLast4: string | null;
  targetWalletId: string | null;
  note: string | null;
  /** Present when the sender's outgoing limits apply to this payment. */
  limits: { limits: UserLimits; amountUsd: bigint } | null;
}

export interface PaymentServiceOptions {
  idempotencyTtlHours: number;
}

/**
 * The three ways a user asks for money to move. Each: checks the input (nothing stored when it is refused), binds the
 * idempotency key and creates the payment PENDING in one transaction. Then:
 * - P2P settles in the request (DESIGN.md §4, SettlementService): the mutation answers COMPLETED or FAILED, or
 *   ON_HOLD/PROCESSING when fraud wants a review; `awaitCompletion` only matters for that last case.
 * - add funds and conversions must wait (a card charge, a quote's capture): their PaymentInitiated, written with the
 *   payment, starts the transactions saga, and `awaitCompletion` waits for its outcome.
 */
export class PaymentService {
  private readonly keys = new IdempotencyKeyRepository();
  private readonly paymentsSql = new PaymentRepository();
  private readonly p2p = new P2PRepository();

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly peers: Peers,
    private readonly completion: CompletionWaiter,
    private readonly settlement: SettlementService,
    private readonly opts: PaymentServiceOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async sendMoney(userId: string, input: SendMoneyInput): Promise<Payment> {
    const req = validateSendMoney(userId, input);
    const payment = await this.idempotent(userId, req.key, req.canonical, async () => {
      const [recipientId, limits] = await Promise.all([
        'email' in req.recipient
          ? this.peers.userIdByEmail(req.recipient.email)
          : this.peers.userExists(req.recipient.id).then((exists) => (exists ? (req.recipient as { id: string }).id : null)),
        this.limitsFor(userId, req.money),
      ]);
      if (!recipientId) throw errors.user('RECIPIENT_NOT_FOUND', 'No such recipient', req.recipientField);
      // By id, validation refused paying oneself already; by email, only the resolved id can tell.
      if ('email' in req.recipient && recipientId === userId) throw errors.user('CANNOT_PAY_SELF', 'You cannot send money to yourself', req.recipientField);
      return {
        ...emptyDraft,
        kind: 'P2P',
        senderId: userId,
        recipientId,
        money: req.money,
        note: req.note,
        limits,
      };
    });
    // A repeat of the request finds its payment: still PENDING only if the first request stopped half-way, and then
    // this one finishes it (the calls are idempotent).
    const settled = await this.settlement.settle(payment);
    return req.awaitCompletion ? this.awaitSettled(settled) : settled;
  }

  async addFunds(userId: string, input: AddFundsInput): Promise<Payment> {
    const req = validateAddFunds(input);
    const payment = await this.idempotent(userId, req.key, req.canonical, async () => {
      const [instrument, wallet, limits] = await Promise.all([
        this.peers.fundingInstrument(req.fundingInstrumentId, userId),
        req.walletId ? this.peers.wallet(req.walletId) : Promise.resolve(null),
        this.limitsFor(userId, req.money),
      ]);
      if (!instrument || instrument.userId !== userId || instrument.status !== 'ACTIVE') {
        throw errors.user('FUNDING_INSTRUMENT_NOT_FOUND', 'No such funding instrument', 'input.fundingInstrumentId');
      }
      if (instrument.kind !== 'CARD') {
        throw errors.user('FUNDING_INSTRUMENT_NOT_SUPPORTED', 'Funds can be added from a card only', 'input.fundingInstrumentId');
      }
      if (req.walletId) {
        if (!wallet || wallet.ownerId !== userId) throw errors.user('WALLET_NOT_FOUND', 'No such wallet', 'input.walletId');
        if (wallet.currency !== req.money.currency) {
          throw errors.user('WALLET_NOT_FOUND', `That wallet holds ${wallet.currency}, not ${req.money.currency}`, 'input.walletId');
        }
      }
      return {
        ...emptyDraft,
        kind: 'ADD_FUNDS',
        senderId: userId,
        recipientId: userId,
        money: req.money,
        fundingInstrumentId: instrument.id,
        pspToken: instrument.pspToken,
        cardLast4: instrument.last4,
        targetWalletId: req.walletId,
        limits,
      };
    });
    return req.awaitCompletion ? this.awaitSettled(payment) : payment;
  }

  async convertCurrency(userId: string, input: ConvertCurrencyInput): Promise<Payment> {
    const req = validateConvertCurrency(input);
    const payment = await this.idempotent(userId, req.key, req.canonical, async () => {
      const quote = await this.peers.fxQuote(req.quoteId);
      if (!quote || quote.ownerId !== userId) throw errors.user('QUOTE_NOT_FOUND', 'No such quote', 'input.quoteId');
      if (quote.used) throw errors.user('QUOTE_ALREADY_USED', 'This quote has already been used; ask for a new one', 'input.quoteId');
      if (quote.expiresAt.getTime() <= this.clock().getTime()) {
        throw errors.user('QUOTE_EXPIRED', 'This quote has expired; ask for a new one', 'input.quoteId');
      }
      return {
        ...emptyDraft,
        kind: 'CONVERSION',
        senderId: userId,
        recipientId: userId,
        money: quote.source,
        target: quote.target,
        quoteId: quote.id,
      };
    });
    return req.awaitCompletion ? this.awaitSettled(payment) : payment;
  }

  private async limitsFor(userId: string, money: Money): Promise<Draft['limits']> {
    const [limits, amountUsd] = await Promise.all([this.peers.limits(userId), this.peers.usdEquivalent(money.amount, money.currency)]);
    checkSinglePaymentLimit(limits, amountUsd);
    return { limits, amountUsd };
  }

  /**
   * Stripe's idempotency over a payment-creating request:
   * 1. a live key already bound: the same canonical request gets its payment back, any other IDEMPOTENCY_KEY_REUSED;
   * 2. otherwise the request is checked against the other services (`prepare`), and in one transaction the key is
   *    claimed (INSERT … ON CONFLICT on the primary key user+key), the window limits are checked and the payment and
   *    its PaymentInitiated are written. Concurrent duplicates wait on the key's row and then find it bound: exactly
   *    one of them creates the payment. Anything refused rolls the claim back with everything else.
   */
  private async idempotent(userId: string, key: string, canonical: CanonicalRequest, prepare: () => Promise<Draft>): Promise<Payment> {
    const hash = requestHash(canonical);
    const em = this.orm.em.fork();
    // P2P claims first (nearly every key is new): no read before the claim, whose loss reads the bound payment. A
    // repeat whose checks now refuse it (a limit lowered, the recipient gone) still gets its first payment back, and a
    // key bound to another request still answers IDEMPOTENCY_KEY_REUSED first.
    if (canonical.operation === 'sendMoney') {
      let draft: Draft;
      try {
        draft = await prepare();
      } catch (error) {
        const bound = await this.boundPayment(em, userId, key, hash);
        if (bound) return bound;
        throw error;
      }
      return this.createP2P({ userId, key, operation: canonical.operation, hash }, draft);
    }
    const bound = await this.boundPayment(em, userId, key, hash);
    if (bound) return bound;

    const draft = await prepare();
    try {
      return await inTransaction(this.orm, async (tx) => {
        if (draft.limits && needsUsage(draft.limits.limits)) {
          await this.paymentsSql.lockSender(tx, userId);
        }
        const now = this.clock();
        const paymentId = newId('pay');
        const expiresAt = new Date(now.getTime() + this.opts.idempotencyTtlHours * 3600 * 1000);
        const claimed = await this.keys.claim(tx, {
          userId,
          key,
          operation: canonical.operation,
          requestHash: hash,
          paymentId,
          createdAt: now,
          expiresAt,
        });
        if (!claimed) {
          // A concurrent duplicate won the key (this statement waited for its commit): answer as it did.
          const winner = await this.boundPayment(tx, userId, key, hash);
          if (winner) return winner;
          throw new Error('idempotency key conflict without a bound payment');
        }
        if (draft.limits && needsUsage(draft.limits.limits)) {
          const { since, dayStart } = usageWindows(draft.limits.limits, now);
          checkWindowLimits(draft.limits.limits, await this.paymentsSql.usageUsd(tx, userId, since, dayStart), draft.limits.amountUsd);
        }
        return this.create(tx, paymentId, draft, now);
      });
    } catch (error) {
      if (pgErrorCode(error) === PgCode.uniqueViolation && draft.quoteId && String(error).includes('payment_quote_id_unique')) {
        throw errors.user('QUOTE_ALREADY_USED', 'This quote has already been used; ask for a new one', 'input.quoteId');
      }
      throw error;
    }
  }

  /**
   * P2P's creation in one statement (P2PRepository.claimAndInsert), on plain SQL: the sender's lock, the key's
   * claim, the usage the window limits read and the PENDING payment with its transaction id. The same rules as the
   * general path (a lost claim answers with the winner; limits exceeded roll everything back), one round trip for
   * the lot and no unit of work.
   */
  private async createP2P(c: { userId: string; key: string; operation: CanonicalRequest['operation']; hash: string }, draft: Draft): Promise<Payment> {
    const limits = draft.limits && needsUsage(draft.limits.limits) ? draft.limits : null;
    const now = this.clock();
    const row = {
      id: newId('pay'),
      senderId: draft.senderId,
      recipientId: draft.recipientId,
      amount: draft.money.amount,
      currency: draft.money.currency,
      usdEquivalent: draft.limits?.amountUsd ?? null,
      note: draft.note,
      transactionId: newId('txn'),
      createdAt: now,
    };
    const expiresAt = new Date(now.getTime() + this.opts.idempotencyTtlHours * 3600 * 1000);
    // One statement, its own transaction: the sender's lock (when window limits apply), the claim, the usage, the row.
    const result = await this.p2p.claimAndInsert(
      plainSql(this.orm).query,
      {
        key: c.key,
        operation: c.operation,
        requestHash: c.hash,
        expiresAt,
        limits: limits
          ? { lockKey: senderLockKey(c.userId), ...usageWindows(limits.limits, now), amountUsd: limits.amountUsd, daily: limits.limits.daily, monthly: limits.limits.monthly }
          : null,
      },
      row,
    );
    const claimed = result.claimed;
    if (result.claimed && !result.fits) {
      // Over a window limit: nothing was kept. The same rule names the limit for the error.
      checkWindowLimits(limits!.limits, result.usage!, limits!.amountUsd);
      throw new Error(`payment ${row.id} refused by the window limits without one exceeded`);
    }
    if (!claimed) {
      // A concurrent duplicate won the key (the claim waited for its commit): answer as it did.
      const winner = await this.boundPayment(this.orm.em.fork(), c.userId, c.key, c.hash);
      if (winner) return winner;
      throw new Error('idempotency key conflict without a bound payment');
    }
    return this.orm.em.fork().create(
      Payment,
      {
        ...row,
        kind: 'P2P',
        status: 'PENDING',
        failureReason: null,
        targetAmount: null,
        targetCurrency: null,
        quoteId: null,
        fundingInstrumentId: null,
        pspToken: null,
        cardLast4: null,
        targetWalletId: null,
        updatedAt: now,
      },
      { persist: false },
    );
  }

  /** The payment a live key is bound to, if any; IDEMPOTENCY_KEY_REUSED when it was bound to another request. */
  private async boundPayment(em: EntityManager, userId: string, key: string, hash: string): Promise<Payment | null> {
    const row = await this.keys.bound(em, userId, key, this.clock());
    if (!row) return null;
    if (row.requestHash !== hash) {
      throw errors.user(
        'IDEMPOTENCY_KEY_REUSED',
        'This idempotency key was already used for a different request; use a new key',
        'input.idempotencyKey',
      );
    }
    const payment = await em.findOne(Payment, row.paymentId, { refresh: true });
    if (!payment) throw new Error(`idempotency key bound to a missing payment ${row.paymentId}`);
    return payment;
  }

  private async create(em: EntityManager, id: string, d: Draft, now: Date): Promise<Payment> {
    // P2P settles in the request with a transaction id of its own; the others wait for the saga, which mints theirs.
    const inRequest = d.kind === 'P2P';
    const payment = em.create(Payment, {
      id,
      kind: d.kind,
      status: 'PENDING',
      failureReason: null,
      senderId: d.senderId,
      recipientId: d.recipientId,
      amount: d.money.amount,
      currency: d.money.currency,
      targetAmount: d.target?.amount ?? null,
      targetCurrency: d.target?.currency ?? null,
      usdEquivalent: d.limits?.amountUsd ?? null,
      quoteId: d.quoteId,
      fundingInstrumentId: d.fundingInstrumentId,
      pspToken: d.pspToken,
      cardLast4: d.cardLast4,
      targetWalletId: d.targetWalletId,
      note: d.note,
      transactionId: inRequest ? newId('txn') : null,
      createdAt: now,
      updatedAt: now,
    });
    if (!inRequest) this.outbox.emit(em, 'PaymentInitiated', id, {
      paymentId: id,
      kind: d.kind,
      senderId: d.senderId,
      recipientId: d.recipientId,
      amount: { minor: d.money.amount.toString(), currency: d.money.currency },
      targetAmount: d.target ? { minor: d.target.amount.toString(), currency: d.target.currency } : null,
      quoteId: d.quoteId,
      fundingInstrumentId: d.fundingInstrumentId,
      targetWalletId: d.targetWalletId,
      note: d.note,
      createdAt: now.toISOString(),
    });
    await em.flush();
    return payment;
  }

  private awaitSettled(payment: Payment): Promise<Payment> {
    return this.completion.wait(
      payment.id,
      async () => {
        const fresh = await this.orm.em.fork().findOne(Payment, payment.id);
        return fresh ?? payment;
      },
      payment,
    );
  }
}

const emptyDraft: Omit<Draft, 'kind' | 'senderId' | 'recipientId' | 'money'> = {
  target: null,
  quoteId: null,
  fundingInstrumentId: null,
  pspToken: null,
  cardLast4: null,
  targetWalletId: null,
  note: null,
  limits: null,
};
