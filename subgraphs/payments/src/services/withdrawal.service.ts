import { errors } from '@paygraph/platform/errors';
import { AppError } from '@paygraph/platform/errors';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import type { Outbox } from '@paygraph/platform/events';
import { failpoint } from '@paygraph/platform/failpoints';
import { newId } from '@paygraph/platform/ids';
import type { Logger } from '@paygraph/platform/logger';
import { requestHash } from '../domain/idempotency.js';
import { checkSinglePaymentLimit, checkWindowLimits, needsUsage, usageWindows } from '../domain/limits.js';
import { validateWithdraw, type WithdrawInput } from '../domain/payment-input.js';
import { Withdrawal, type WithdrawalFailureReason, type WithdrawalStatus } from '../entities/withdrawal.entity.js';
import type { BankRail } from '../adapters/bank-rail.js';
import type { Peers } from '../adapters/peers.js';
import type { PayoutPeers } from '../adapters/payout-peers.js';
import { IdempotencyKeyRepository } from '../repositories/idempotency-key.repository.js';
import { PaymentRepository } from '../repositories/payment.repository.js';

export interface WithdrawalOptions {
  idempotencyTtlHours: number;
  /** How often the rail is asked about a transfer in transit (after its expected time) and a paid one (for returns). */
  pollMs: number;
  /** How long after PAID a return is still looked for; then the withdrawal is final. */
  returnWindowMs: number;
}

/**
 * Withdrawals to a linked bank account (the payout state machine of docs/money-flows.md):
 *
 *   request:  validate, check (wallet, VERIFIED bank account, currency, limits), bind the idempotency key and write
 *             the withdrawal (no hold yet) in one transaction; then wallets' `payoutHold` → PENDING, held.
 *             Refused for funds → the withdrawal and its key are deleted: userErrors, nothing stays.
 *   worker:   PENDING (held) → rail.submit → IN_TRANSIT → rail says PAID → `payoutCapture` → PAID
 *                                                       rail says FAILED → `payoutRelease` → FAILED
 *             PAID → (within the return window) rail says RETURNED → `payoutReturn` → RETURNED
 *
 * Every step is "ask the idempotent peer, then write the new status conditionally on the old one, with its event in
 * the same transaction": a crash between the two repeats the call (the same answer comes back) and one writer wins.
 */
export class WithdrawalService {
  private readonly keys = new IdempotencyKeyRepository();
  private readonly paymentsSql = new PaymentRepository();

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly peers: Peers,
    private readonly payouts: PayoutPeers,
    private readonly rail: BankRail,
    private readonly logger: Logger,
    private readonly opts: WithdrawalOptions,
    /** Called in a transaction that made work for the worker (wakes it once that commits). */
    private readonly onQueued: (em: EntityManager) => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async withdraw(userId: string, input: WithdrawInput): Promise<Withdrawal> {
    const req = validateWithdraw(input);
    const hash = requestHash(req.canonical);
    const bound = await this.bound(this.orm.em.fork(), userId, req.key, hash);
    if (bound) return this.hold(bound, true);

    const [wallet, bank, limits, amountUsd] = await Promise.all([
      this.peers.wallet(req.walletId),
      this.peers.fundingInstrument(req.bankAccountId, userId),
      this.peers.limits(userId),
      this.peers.usdEquivalent(req.money.amount, req.money.currency),
    ]);
    // Someone else's wallet or bank account reads as an unknown one: ids cannot be probed.
    if (!wallet || wallet.ownerId !== userId) throw errors.user('WALLET_NOT_FOUND', 'No such wallet', 'input.walletId');
    if (!bank || bank.kind !== 'BANK_ACCOUNT' || bank.status !== 'ACTIVE') {
      throw errors.user('BANK_ACCOUNT_NOT_FOUND', 'No such bank account', 'input.bankAccountId');
    }
    if (bank.bankVerification !== 'VERIFIED') {
      throw errors.user('BANK_ACCOUNT_NOT_VERIFIED', 'Verify this bank account (its micro-deposits) before withdrawing to it', 'input.bankAccountId');
    }
    if (wallet.currency !== req.money.currency) {
      throw errors.user('CURRENCY_MISMATCH', `That wallet holds ${wallet.currency}, not ${req.money.currency}`, 'input.amount.currency');
    }
    if (bank.bankCurrency !== req.money.currency) {
      throw errors.user('CURRENCY_MISMATCH', `That bank account is paid in ${bank.bankCurrency}, not ${req.money.currency}`, 'input.amount.currency');
    }
    checkSinglePaymentLimit(limits, amountUsd, 'input.amount', 'WITHDRAWAL_LIMIT_EXCEEDED');

    const created = await inTransaction(this.orm, async (tx) => {
      if (needsUsage(limits)) await this.paymentsSql.lockSender(tx, userId);
      const now = this.clock();
      const id = newId('wdr');
      const claimed = await this.keys.claim(tx, {
        userId,
        key: req.key,
        operation: 'withdraw',
        requestHash: hash,
        paymentId: id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.opts.idempotencyTtlHours * 3600 * 1000),
      });
      if (!claimed) {
        // A concurrent duplicate won the key (this statement waited for its commit): answer as it does.
        const winner = await this.bound(tx, userId, req.key, hash);
        if (winner) return winner;
        throw new Error('idempotency key conflict without a bound withdrawal');
      }
      if (needsUsage(limits)) {
        const { since, dayStart } = usageWindows(limits, now);
        checkWindowLimits(limits, await this.paymentsSql.usageUsd(tx, userId, since, dayStart), amountUsd, 'input.amount', 'WITHDRAWAL_LIMIT_EXCEEDED');
      }
      const withdrawal = tx.create(Withdrawal, {
        id,
        userId,
        walletId: wallet.id,
        bankAccountId: bank.id,
        bankLast4: bank.last4,
        bankToken: bank.pspToken,
        amount: req.money.amount,
        currency: req.money.currency,
        usdEquivalent: amountUsd,
        status: 'PENDING',
        failureReason: null,
        transactionId: newId('txn'),
        holdId: null,
        railReference: null,
        journalEntryId: null,
        returnJournalEntryId: null,
        nextCheckAt: null,
        paidAt: null,
        returnedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      await tx.flush();
      return withdrawal;
    });
    return this.hold(created, true);
  }

  /** The withdrawal a live key is bound to, if any; IDEMPOTENCY_KEY_REUSED when it was bound to another request. */
  private async bound(em: EntityManager, userId: string, key: string, hash: string): Promise<Withdrawal | null> {
    const row = await this.keys.bound(em, userId, key, this.clock());
    if (!row) return null;
    if (row.requestHash !== hash) {
      throw errors.user('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different request; use a new key', 'input.idempotencyKey');
    }
    const withdrawal = await em.findOne(Withdrawal, row.paymentId, { refresh: true });
    if (!withdrawal) throw new Error(`idempotency key bound to a missing withdrawal ${row.paymentId}`);
    return withdrawal;
  }

  /**
   * Places the hold of a withdrawal that has none yet (wallets answers a repeat with its first answer). In the
   * request (`inRequest`), a refusal deletes the withdrawal and frees its key, and the user gets the userError; in
   * recovery (the user was answered PENDING already) it ends FAILED instead. Wallets out of reach: the withdrawal
   * stays PENDING without a hold and the worker's recovery repeats this.
   */
  async hold(w: Withdrawal, inRequest: boolean): Promise<Withdrawal> {
    if (w.status !== 'PENDING' || w.holdId) return w;
    let answer;
    try {
      answer = await this.payouts.hold({
        transactionId: w.transactionId,
        withdrawalId: w.id,
        userId: w.userId,
        walletId: w.walletId,
        amount: { minor: w.amount.toString(), currency: w.currency },
      });
    } catch (error) {
      const expected = error instanceof AppError && error.kind === 'unavailable';
      this.logger[expected ? 'warn' : 'error']({ err: error, withdrawalId: w.id }, 'withdrawal not held in the request; the payout worker will finish it');
      return w;
    }
    failpoint('payments.withdraw.after-hold');
    if (answer.status === 'HELD') {
      await this.advance(w, 'PENDING', { holdId: answer.holdId!, nextCheckAt: this.clock() }, 'hold_id is null');
      return this.reread(w);
    }
    const refusal =
      answer.status === 'INSUFFICIENT_FUNDS'
        ? errors.user('INSUFFICIENT_FUNDS', 'Your wallet does not have enough available to withdraw this amount', 'input.amount')
        : errors.user('WALLET_NOT_FOUND', 'No such wallet', 'input.walletId');
    if (inRequest) {
      const dropped = await inTransaction(this.orm, async (em) => {
        const rows = await em.execute<{ id: string }[]>(
          `delete from withdrawal where id = ? and status = 'PENDING' and hold_id is null returning id`,
          [w.id],
        );
        if (rows.length === 0) return false;
        await em.execute(`delete from idempotency_key where user_id = ? and payment_id = ?`, [w.userId, w.id]);
        return true;
      });
      if (dropped) throw refusal;
      return this.reread(w);
    }
    await this.advance(w, 'FAILED', { failureReason: 'INSUFFICIENT_FUNDS', nextCheckAt: null }, 'hold_id is null');
    return this.reread(w);
  }

  // --- the payout worker's steps --------------------------------------------------------------------------------------

  /** One pass over every queue; returns how many withdrawals it moved or looked at. */
  async work(olderThan: Date, limit = 50): Promise<number> {
    const em = this.orm.em.fork();
    const now = this.clock();
    const unheld = await em.find(Withdrawal, { status: 'PENDING', holdId: null, createdAt: { $lt: olderThan } }, { orderBy: { createdAt: 'asc' }, limit });
    const due = await em.find(Withdrawal, { nextCheckAt: { $lte: now } }, { orderBy: { nextCheckAt: 'asc' }, limit });
    for (const w of unheld) await this.step(w, () => this.hold(w, false));
    for (const w of due) await this.step(w, () => this.advanceWithRail(w));
    return unheld.length + due.length;
  }

  private async step(w: Withdrawal, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      const expected = error instanceof AppError && error.kind === 'unavailable';
      this.logger[expected ? 'warn' : 'error']({ err: error, withdrawalId: w.id, status: w.status }, 'payout step failed; retried on the next pass');
    }
  }

  private async advanceWithRail(w: Withdrawal): Promise<void> {
    const ref = { transactionId: w.transactionId, withdrawalId: w.id, holdId: w.holdId! };
    const now = this.clock();
    switch (w.status) {
      case 'PENDING': {
        const sent = await this.rail.submit({ reference: w.id, amount: w.amount, currency: w.currency, token: w.bankToken, last4: w.bankLast4 });
        await this.advance(w, 'IN_TRANSIT', { railReference: sent.reference, nextCheckAt: sent.expectedAt }, 'hold_id is not null');
        return;
      }
      case 'IN_TRANSIT': {
        const rail = await this.rail.status(w.railReference!, now);
        if (rail.status === 'IN_TRANSIT') return this.later(w, new Date(Math.max(rail.expectedAt.getTime(), now.getTime() + this.opts.pollMs)));
        if (rail.status === 'FAILED') {
          const released = await this.payouts.release({ ...ref, reason: `WITHDRAWAL_${rail.reason}` });
          if (released.status !== 'RELEASED') throw new Error(`withdrawal ${w.id}: release answered ${released.status}`);
          await this.advance(w, 'FAILED', { failureReason: rail.reason, nextCheckAt: null });
          return;
        }
        // PAID, or already RETURNED (it was paid first): capture now, look for the return on the next pass.
        const captured = await this.payouts.capture(ref);
        if (captured.status !== 'CAPTURED') throw new Error(`withdrawal ${w.id}: capture answered ${captured.status}`);
        failpoint('payments.payout.after-capture');
        await this.advance(w, 'PAID', { journalEntryId: captured.journalEntryId, paidAt: now, nextCheckAt: now });
        return;
      }
      case 'PAID': {
        const rail = await this.rail.status(w.railReference!, now);
        if (rail.status === 'RETURNED') {
          const returned = await this.payouts.returned(ref);
          if (returned.status !== 'RETURNED') throw new Error(`withdrawal ${w.id}: return answered ${returned.status}`);
          await this.advance(w, 'RETURNED', { failureReason: rail.reason, returnJournalEntryId: returned.journalEntryId, returnedAt: now, nextCheckAt: null });
          return;
        }
        const windowEnds = w.paidAt!.getTime() + this.opts.returnWindowMs;
        return this.later(w, now.getTime() >= windowEnds ? null : new Date(Math.min(windowEnds, now.getTime() + this.opts.pollMs)));
      }
      default:
        return this.later(w, null);
    }
  }

  private async later(w: Withdrawal, at: Date | null): Promise<void> {
    await this.orm.em.fork().execute(`update withdrawal set next_check_at = ? where id = ? and status = ?`, [at, w.id, w.status]);
  }

  /**
   * Moves the withdrawal from its current status to `to` (the same status for the hold's PENDING) with its
   * WithdrawalStatusChanged event, in one transaction, only if it is still where this step found it: concurrent or
   * repeated steps write it once.
   */
  private async advance(
    w: Withdrawal,
    to: WithdrawalStatus,
    set: Partial<Pick<Withdrawal, 'holdId' | 'railReference' | 'journalEntryId' | 'returnJournalEntryId' | 'nextCheckAt' | 'paidAt' | 'returnedAt'>> & {
      failureReason?: WithdrawalFailureReason;
    },
    also = 'true',
  ): Promise<boolean> {
    const at = this.clock();
    const columns: Record<string, unknown> = {
      status: to,
      updated_at: at,
      ...('holdId' in set ? { hold_id: set.holdId } : {}),
      ...('railReference' in set ? { rail_reference: set.railReference } : {}),
      ...('journalEntryId' in set ? { journal_entry_id: set.journalEntryId } : {}),
      ...('returnJournalEntryId' in set ? { return_journal_entry_id: set.returnJournalEntryId } : {}),
      ...('nextCheckAt' in set ? { next_check_at: set.nextCheckAt } : {}),
      ...('paidAt' in set ? { paid_at: set.paidAt } : {}),
      ...('returnedAt' in set ? { returned_at: set.returnedAt } : {}),
      ...('failureReason' in set ? { failure_reason: set.failureReason } : {}),
    };
    const names = Object.keys(columns);
    return inTransaction(this.orm, async (em) => {
      const rows = await em.execute<{ id: string }[]>(
        `update withdrawal set ${names.map((n) => `${n} = ?`).join(', ')} where id = ? and status = ? and ${also} returning id`,
        [...Object.values(columns), w.id, w.status],
      );
      if (rows.length === 0) return false;
      const announced = to === 'PENDING' ? null : w.status;
      this.outbox.emit(em, 'WithdrawalStatusChanged', w.id, {
        withdrawalId: w.id,
        transactionId: w.transactionId,
        userId: w.userId,
        walletId: w.walletId,
        bankAccountId: w.bankAccountId,
        bankLast4: w.bankLast4,
        amount: { minor: w.amount.toString(), currency: w.currency },
        status: to,
        previousStatus: announced,
        failureReason: set.failureReason ?? null,
        journalEntryId: (to === 'PAID' ? set.journalEntryId : to === 'RETURNED' ? set.returnJournalEntryId : null) ?? null,
        at: at.toISOString(),
      });
      await em.flush();
      if (set.nextCheckAt) this.onQueued(em);
      return true;
    });
  }

  private async reread(w: Withdrawal): Promise<Withdrawal> {
    return (await this.orm.em.fork().findOne(Withdrawal, w.id)) ?? w;
  }

  /** For each user, up to `limit` withdrawals newest first after the cursor (and of one status): one query for all. */
  async newestForUsers(
    em: EntityManager,
    userIds: readonly string[],
    limit: number,
    after: string | null,
    status: WithdrawalStatus | null,
  ): Promise<Map<string, Withdrawal[]>> {
    const result = new Map<string, Withdrawal[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0 || limit === 0) return result;
    const rows = await em.execute<Record<string, unknown>[]>(
      `select u.owner as "__owner", w.* from unnest(array[?]::text[]) as u(owner)
       cross join lateral (
         select * from withdrawal
          where user_id = u.owner and (?::text is null or id < ?) and (?::text is null or status = ?)
          order by id desc limit ?
       ) w
       order by u.owner, w.id desc`,
      [[...userIds], after, after, status, status, limit],
    );
    for (const row of rows) {
      const owner = row.__owner as string;
      delete row.__owner;
      result.get(owner)?.push(em.map(Withdrawal, row));
    }
    return result;
  }

  /** The withdrawals with these ids (the caller decides who may see them). */
  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, Withdrawal>> {
    const rows = ids.length === 0 ? [] : await em.find(Withdrawal, { id: { $in: [...ids] } });
    return new Map(rows.map((w) => [w.id, w]));
  }
}
