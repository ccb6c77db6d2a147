import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import type { Outbox } from '@paygraph/platform/events';
import type { Logger } from '@paygraph/platform/logger';
import type { EventData } from '@paygraph/events';
import type { AccountKind, SystemAccountKind } from '../entities/ledger-account.entity.js';
import { SYSTEM_ACCOUNT_KINDS } from '../entities/ledger-account.entity.js';
import type { HoldStatus } from '../entities/hold.entity.js';
import type { JournalKind } from '../entities/journal-entry.entity.js';
import { conversionPostings, type FxService } from './fx.service.js';
import type { WalletService } from './wallet.service.js';

/**
 * The double-entry ledger and the saga's money steps (reserve, capture, release, credit, expiry).
 *
 * Every method that changes money runs inside the caller's transaction (`em`): the consumer's, so that the inbox row,
 * the ledger change and the outbox events commit together or not at all.
 *
 * Locks are always taken in one order — a hold, then an FX quote, then balance rows sorted by account id — so that
 * two transactions never wait on each other in a cycle.
 *
 * Duplicated commands (a different event id for the same step; the inbox already drops redeliveries of one event)
 * change nothing. A reservation whose hold exists re-emits FundsReserved if the hold is still active; a capture of
 * a captured hold re-emits FundsCaptured with the same journal entry; a release of an ended hold re-emits
 * FundsReleased; a credit whose journal entry exists re-emits FundsCredited. The orchestrator gets its answer again
 * and must itself accept an outcome twice (the backbone is at-least-once anyway). A reservation that was refused
 * leaves no state, so a duplicate of it is decided afresh.
 */

export interface PostingInput {
  accountId: string;
  /** Minor units: positive into the account, negative out of it. Never zero. */
  amount: bigint;
  currency: string;
}

export interface JournalInput {
  kind: JournalKind;
  transactionId?: string | null;
  paymentId?: string | null;
  fx?: { quoteId: string; rate: string; midRate: string; spreadBps: number } | null;
  externalReference?: string | null;
  postings: PostingInput[];
  /** Holds this entry settles: the amount leaves the account's `held` as it leaves its `balance`. */
  releaseHeld?: { accountId: string; amount: bigint }[];
}

export type PostResult = { posted: true; journalEntryId: string; at: Date } | { posted: false; journalEntryId: string };

export interface BalanceRow {
  accountId: string;
  kind: AccountKind;
  ownerId: string | null;
  currency: string;
  balance: bigint;
  held: bigint;
}

interface HoldRow {
  id: string;
  walletId: string;
  amount: bigint;
  currency: string;
  status: HoldStatus;
  transactionId: string;
  paymentId: string;
  journalEntryId: string | null;
  endReason: string | null;
  expired: boolean;
  /** The owner of the wallet the hold is in. */
  walletOwnerId: string | null;
}

export type ReserveOutcome =
  | { status: 'RESERVED'; holdId: string; walletId: string }
  | { status: 'DUPLICATE'; holdId: string; walletId: string }
  | { status: 'INSUFFICIENT_FUNDS'; walletId: string; available: bigint }
  | { status: 'WALLET_NOT_FOUND' };

export type CaptureOutcome =
  | { status: 'CAPTURED'; journalEntryId: string }
  | { status: 'DUPLICATE'; journalEntryId: string }
  | { status: 'FAILED'; reason: 'HOLD_NOT_ACTIVE' | 'QUOTE_EXPIRED' };

export type TransferOutcome =
  | { status: 'TRANSFERRED'; holdId: string; journalEntryId: string; walletId: string }
  | { status: 'DUPLICATE'; holdId: string }
  | { status: 'INSUFFICIENT_FUNDS'; walletId: string; available: bigint }
  | { status: 'WALLET_NOT_FOUND' };

export type ReleaseOutcome = { status: 'RELEASED' | 'DUPLICATE' | 'IGNORED' };

export type CreditOutcome = { status: 'CREDITED' | 'DUPLICATE'; journalEntryId: string; walletId: string };

export interface CurrencyTotals {
  currency: string;
  wallets: bigint;
  held: bigint;
  pspClearing: bigint;
  fxClearing: bigint;
  fees: bigint;
  suspense: bigint;
  /** The sum over every account: zero when the ledger is sound. */
  total: bigint;
}

export interface LedgerReport {
  balanced: boolean;
  currencies: CurrencyTotals[];
  /** Journal entries whose postings do not sum to zero in some currency (the database refuses these). */
  unbalancedJournalIds: string[];
  /** Accounts whose balance row disagrees with their postings, or whose `held` with their active holds. */
  mismatchedAccountIds: string[];
}

export interface LedgerOptions {
  holdTtlSeconds: number;
}

const wire = (minor: bigint, currency: string) => ({ minor: minor.toString(), currency });
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export class LedgerService {
  private readonly systemAccounts = new Map<string, string>();

  constructor(
    private readonly outbox: Outbox,
    private readonly wallets: WalletService,
    private readonly fx: FxService,
    private readonly opts: LedgerOptions,
    private readonly clock: () => Date = () => new Date(),
    private readonly logger?: Logger,
  ) {}

  // --- system accounts --------------------------------------------------------------------------------------------

  /** Creates the missing system accounts (one per kind and currency) and remembers their ids; idempotent. */
  async ensureSystemAccounts(orm: MikroORM, currencies: readonly string[]): Promise<void> {
    const now = this.clock();
    await inTransaction(orm, async (em) => {
      const rows = currencies.flatMap((currency) => SYSTEM_ACCOUNT_KINDS.map((kind) => [newId('lac'), kind, currency, now] as const));
      if (rows.length === 0) return;
      const inserted = await em.execute<{ id: string; kind: string; currency: string }[]>(
        `insert into ledger_account (id, kind, owner_id, currency, created_at)
         values ${rows.map(() => '(?, ?, null, ?, ?)').join(', ')}
         on conflict (kind, currency) where kind <> 'WALLET' do nothing
         returning id, kind, currency`,
        rows.flat(),
      );
      if (inserted.length > 0) {
        await em.execute(
          `insert into account_balance (account_id, kind, currency, balance, held, version, updated_at)
           values ${inserted.map(() => '(?, ?, ?, 0, 0, 0, ?)').join(', ')}`,
          inserted.flatMap((r) => [r.id, r.kind, r.currency, now]),
        );
      }
    });
    const all = await orm.em.fork().execute<{ id: string; kind: string; currency: string }[]>(
      `select id, kind, currency from ledger_account where kind <> 'WALLET'`,
    );
    for (const row of all) this.systemAccounts.set(`${row.kind}:${row.currency}`, row.id);
  }

  systemAccountId(kind: SystemAccountKind, currency: string): string {
    const id = this.systemAccounts.get(`${kind}:${currency}`);
    if (!id) throw new Error(`No ${kind} account in ${currency}`);
    return id;
  }

  // --- posting ----------------------------------------------------------------------------------------------------

  /**
   * Records one journal entry and applies it to the balance rows, under their row locks (taken in account id
   * order). A second entry of the same kind for the same transaction is not posted: the existing entry's id is
   * returned with `posted: false`. Emits WalletBalanceChanged for every wallet whose numbers changed.
   */
  async post(em: EntityManager, journal: JournalInput, alreadyLocked?: Map<string, BalanceRow>): Promise<PostResult> {
    validateJournal(journal);
    const releaseHeld = journal.releaseHeld ?? [];
    const accountIds = [...new Set([...journal.postings.map((p) => p.accountId), ...releaseHeld.map((r) => r.accountId)])];
    // The caller may hold the locks already (`lock` in this transaction): then they are not asked for again.
    const locked = alreadyLocked && accountIds.every((id) => alreadyLocked.has(id)) ? alreadyLocked : await this.lock(em, accountIds);
    for (const p of journal.postings) {
      const row = locked.get(p.accountId);
      if (!row) throw new Error(`Ledger account ${p.accountId} does not exist`);
      if (row.currency !== p.currency) throw new Error(`Posting in ${p.currency} to ${p.accountId}, an account in ${row.currency}`);
    }

    const id = newId('jnl');
    const at = this.clock();
    const inserted = await em.execute<{ id: string }[]>(
      `insert into journal_entry (id, kind, transaction_id, payment_id, fx_quote_id, fx_rate, fx_mid_rate, fx_spread_bps, external_reference, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (transaction_id, kind) do nothing
       returning id`,
      [
        id,
        journal.kind,
        journal.transactionId ?? null,
        journal.paymentId ?? null,
        journal.fx?.quoteId ?? null,
        journal.fx?.rate ?? null,
        journal.fx?.midRate ?? null,
        journal.fx?.spreadBps ?? null,
        journal.externalReference ?? null,
        at,
      ],
    );
    if (inserted.length === 0) {
      const existing = await em.execute<{ id: string }[]>(`select id from journal_entry where transaction_id = ? and kind = ?`, [
        journal.transactionId ?? null,
        journal.kind,
      ]);
      return { posted: false, journalEntryId: existing[0]!.id };
    }

    await em.execute(
      `insert into posting (journal_entry_id, account_id, amount, currency, created_at) values ${journal.postings.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      journal.postings.flatMap((p) => [id, p.accountId, p.amount, p.currency, at]),
    );

    const deltas = new Map<string, { balance: bigint; held: bigint }>();
    const delta = (accountId: string) => {
      let d = deltas.get(accountId);
      if (!d) deltas.set(accountId, (d = { balance: 0n, held: 0n }));
      return d;
    };
    for (const p of journal.postings) delta(p.accountId).balance += p.amount;
    for (const r of releaseHeld) delta(r.accountId).held -= r.amount;
    const rows = await this.applyDeltas(em, deltas, at);
    this.announce(em, rows, at);
    return { posted: true, journalEntryId: id, at };
  }

  // --- the saga's steps -------------------------------------------------------------------------------------------

  /** Holds `amount` in the user's wallet of that currency if its available amount covers it. */
  async reserve(em: EntityManager, cmd: EventData<'FundsReservationRequested'>): Promise<ReserveOutcome> {
    const amount = positive(cmd.amount.minor);
    const { currency } = cmd.amount;
    const ref = { transactionId: cmd.transactionId, paymentId: cmd.paymentId };
    const at = this.clock();

    // Every reservation of this wallet queues here, so "available covers it" is decided on the latest committed numbers.
    const wallet = await this.lockWalletOf(em, cmd.userId, currency);
    if (!wallet) {
      this.outbox.emit(em, 'FundsReservationFailed', cmd.transactionId, { ...ref, reason: 'WALLET_NOT_FOUND', available: null, at: at.toISOString() });
      return { status: 'WALLET_NOT_FOUND' };
    }
    const walletId = wallet.accountId;

    const existing = await this.holdByTransaction(em, cmd.transactionId);
    if (existing) {
      if (existing.status === 'ACTIVE') {
        this.outbox.emit(em, 'FundsReserved', cmd.transactionId, {
          ...ref,
          holdId: existing.id,
          walletId: existing.walletId,
          amount: wire(existing.amount, existing.currency),
          at: at.toISOString(),
        });
      }
      return { status: 'DUPLICATE', holdId: existing.id, walletId: existing.walletId };
    }

    const availableNow = wallet.balance - wallet.held;
    if (availableNow < amount) {
      this.outbox.emit(em, 'FundsReservationFailed', cmd.transactionId, {
        ...ref,
        reason: 'INSUFFICIENT_FUNDS',
        available: wire(availableNow, currency),
        at: at.toISOString(),
      });
      return { status: 'INSUFFICIENT_FUNDS', walletId, available: availableNow };
    }

    const holdId = newId('hld');
    await em.execute(
      `insert into hold (id, wallet_id, amount, currency, status, transaction_id, payment_id, expires_at, created_at)
       values (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?)`,
      [holdId, walletId, amount, currency, cmd.transactionId, cmd.paymentId, new Date(at.getTime() + this.opts.holdTtlSeconds * 1000), at],
    );
    const rows = await this.applyDeltas(em, new Map([[walletId, { balance: 0n, held: amount }]]), at);
    this.announce(em, rows, at);
    this.outbox.emit(em, 'FundsReserved', cmd.transactionId, { ...ref, holdId, walletId, amount: wire(amount, currency), at: at.toISOString() });
    return { status: 'RESERVED', holdId, walletId };
  }

  /**
   * Ends an active hold by moving its money in one journal entry. P2P: sender's wallet → recipient's wallet in the
   * same currency (opened if needed). CONVERSION: two legs through FX clearing at the quote's stored amounts, into
   * the sender's wallet in the target currency (opened if needed); the quote becomes used.
   */
  async capture(em: EntityManager, cmd: EventData<'FundsCaptureRequested'>): Promise<CaptureOutcome> {
    const ref = { transactionId: cmd.transactionId, paymentId: cmd.paymentId };
    const at = this.clock();
    const failed = (reason: 'HOLD_NOT_ACTIVE' | 'QUOTE_EXPIRED'): CaptureOutcome => {
      this.outbox.emit(em, 'FundsCaptureFailed', cmd.transactionId, { ...ref, holdId: cmd.holdId, reason, at: at.toISOString() });
      return { status: 'FAILED', reason };
    };

    const hold = await this.lockHold(em, cmd.holdId, at);
    if (!hold || hold.transactionId !== cmd.transactionId) {
      this.logger?.warn({ holdId: cmd.holdId, transactionId: cmd.transactionId }, 'capture of a hold that is not this transaction’s');
      return failed('HOLD_NOT_ACTIVE');
    }
    if (hold.status === 'CAPTURED') {
      this.outbox.emit(em, 'FundsCaptured', cmd.transactionId, {
        ...ref,
        holdId: hold.id,
        journalEntryId: hold.journalEntryId!,
        walletId: hold.walletId,
        at: at.toISOString(),
      });
      return { status: 'DUPLICATE', journalEntryId: hold.journalEntryId! };
    }
    if (hold.status !== 'ACTIVE') return failed('HOLD_NOT_ACTIVE');
    // Past its expiry a hold is over, whether or not the expiry worker has swept it yet.
    if (hold.expired) {
      await this.endHold(em, hold, 'EXPIRED', 'EXPIRED', at);
      return failed('HOLD_NOT_ACTIVE');
    }
    const amount = positive(cmd.amount.minor);
    if (amount !== hold.amount || cmd.amount.currency !== hold.currency) {
      // The orchestrator asks to move something other than what it reserved: a bug, not a business outcome.
      throw new Error(`Capture of ${cmd.amount.minor} ${cmd.amount.currency} for hold ${hold.id} of ${hold.amount} ${hold.currency}`);
    }
    if (hold.walletOwnerId !== cmd.senderId) throw new Error(`Hold ${hold.id} is not in a wallet of ${cmd.senderId}`);

    let journal: JournalInput;
    if (cmd.kind === 'P2P') {
      const recipient = await this.wallets.ensureWallet(em, cmd.recipientId, hold.currency);
      journal = {
        kind: 'P2P',
        postings: [
          { accountId: hold.walletId, amount: -amount, currency: hold.currency },
          { accountId: recipient.id, amount, currency: hold.currency },
        ],
      };
    } else if (cmd.kind === 'CONVERSION') {
      const claim = cmd.quoteId
        ? await this.fx.claim(em, cmd.quoteId, { ownerId: cmd.senderId, transactionId: cmd.transactionId, sourceMinor: amount, sourceCurrency: hold.currency })
        : ({ ok: false, why: 'no quote' } as const);
      if (!claim.ok) {
        this.logger?.info({ holdId: hold.id, quoteId: cmd.quoteId, why: claim.why }, 'conversion not captured; releasing its hold');
        // Nothing can move at this price any more: give the money back now rather than at the hold's expiry.
        await this.endHold(em, hold, 'RELEASED', 'QUOTE_EXPIRED', at);
        return failed('QUOTE_EXPIRED');
      }
      const q = claim.quote;
      const target = await this.wallets.ensureWallet(em, cmd.senderId, q.targetCurrency);
      journal = {
        kind: 'CONVERSION',
        fx: { quoteId: q.id, rate: q.rate, midRate: q.midRate, spreadBps: q.spreadBps },
        postings: conversionPostings(q, {
          sourceWallet: hold.walletId,
          fxSource: this.systemAccountId('FX_CLEARING', q.sourceCurrency),
          fxTarget: this.systemAccountId('FX_CLEARING', q.targetCurrency),
          targetWallet: target.id,
        }),
      };
    } else {
      throw new Error(`A ${cmd.kind} payment has no hold to capture`);
    }

    const result = await this.post(em, {
      ...journal,
      ...ref,
      releaseHeld: [{ accountId: hold.walletId, amount }],
    });
    if (!result.posted) throw new Error(`Hold ${hold.id} is active but transaction ${cmd.transactionId} already has a ${journal.kind} entry`);
    await em.execute(`update hold set status = 'CAPTURED', ended_at = ?, journal_entry_id = ? where id = ?`, [at, result.journalEntryId, hold.id]);
    this.outbox.emit(em, 'FundsCaptured', cmd.transactionId, {
      ...ref,
      holdId: hold.id,
      journalEntryId: result.journalEntryId,
      walletId: hold.walletId,
      at: at.toISOString(),
    });
    return { status: 'CAPTURED', journalEntryId: result.journalEntryId };
  }

  /**
   * A P2P payment risk has approved, in one step: reserve and capture at once. If the sender's available amount covers
   * it, the money moves from their wallet to the recipient's (opened if needed) in one journal entry, and the
   * transaction's hold row is written already CAPTURED: the row that makes a repeated request a duplicate (the unique
   * transaction id), as for a hold. Otherwise nothing moves and nothing is kept (FundsReservationFailed), as for a
   * reservation. Both balance rows are locked together, in account id order, before anything is decided.
   */
  async transfer(em: EntityManager, cmd: EventData<'FundsTransferRequested'>): Promise<TransferOutcome> {
    const amount = positive(cmd.amount.minor);
    const { currency } = cmd.amount;
    const ref = { transactionId: cmd.transactionId, paymentId: cmd.paymentId };
    const at = this.clock();
    const refused = (reason: 'INSUFFICIENT_FUNDS' | 'WALLET_NOT_FOUND', available: bigint | null) =>
      this.outbox.emit(em, 'FundsReservationFailed', cmd.transactionId, {
        ...ref,
        reason,
        available: available === null ? null : wire(available, currency),
        at: at.toISOString(),
      });

    // Both wallets in one read; opening the recipient's (rows of its own) happens before any balance row is locked.
    const found = await em.execute<{ id: string; owner_id: string }[]>(
      `select id, owner_id from ledger_account where kind = 'WALLET' and currency = ? and owner_id in (?, ?)`,
      [currency, cmd.senderId, cmd.recipientId],
    );
    const walletId = found.find((w) => w.owner_id === cmd.senderId)?.id;
    if (!walletId) {
      refused('WALLET_NOT_FOUND', null);
      return { status: 'WALLET_NOT_FOUND' };
    }
    const recipient = found.find((w) => w.owner_id === cmd.recipientId) ?? (await this.wallets.ensureWallet(em, cmd.recipientId, currency));
    const locked = await this.lock(em, [walletId, recipient.id]);
    const sender = locked.get(walletId)!;

    const existing = await this.holdByTransaction(em, cmd.transactionId);
    if (existing) {
      // Already transferred (or reserved by an earlier request of this transaction): the first answer stands.
      if (existing.status === 'CAPTURED' && existing.journalEntryId) {
        this.outbox.emit(em, 'FundsCaptured', cmd.transactionId, {
          ...ref,
          holdId: existing.id,
          journalEntryId: existing.journalEntryId,
          walletId: existing.walletId,
          at: at.toISOString(),
        });
      }
      return { status: 'DUPLICATE', holdId: existing.id };
    }
    const available = sender.balance - sender.held;
    if (available < amount) {
      refused('INSUFFICIENT_FUNDS', available);
      return { status: 'INSUFFICIENT_FUNDS', walletId, available };
    }

    const result = await this.post(
      em,
      {
        kind: 'P2P',
        ...ref,
        postings: [
          { accountId: walletId, amount: -amount, currency },
          { accountId: recipient.id, amount, currency },
        ],
      },
      locked,
    );
    if (!result.posted) throw new Error(`Transaction ${cmd.transactionId} already has a P2P entry but no hold`);
    const holdId = newId('hld');
    await em.execute(
      `insert into hold (id, wallet_id, amount, currency, status, transaction_id, payment_id, expires_at, created_at, ended_at, journal_entry_id)
       values (?, ?, ?, ?, 'CAPTURED', ?, ?, ?, ?, ?, ?)`,
      [holdId, walletId, amount, currency, cmd.transactionId, cmd.paymentId, at, at, at, result.journalEntryId],
    );
    this.outbox.emit(em, 'FundsCaptured', cmd.transactionId, { ...ref, holdId, journalEntryId: result.journalEntryId, walletId, at: at.toISOString() });
    return { status: 'TRANSFERRED', holdId, journalEntryId: result.journalEntryId, walletId };
  }

  /** Ends a hold without moving money. A captured hold cannot be released (its money has moved): nothing happens. */
  async release(em: EntityManager, cmd: EventData<'FundsReleaseRequested'>): Promise<ReleaseOutcome> {
    const at = this.clock();
    const hold = await this.lockHold(em, cmd.holdId, at);
    if (!hold || hold.transactionId !== cmd.transactionId) {
      this.logger?.warn({ holdId: cmd.holdId, transactionId: cmd.transactionId }, 'release of a hold that is not this transaction’s; ignored');
      return { status: 'IGNORED' };
    }
    if (hold.status === 'ACTIVE') {
      await this.endHold(em, hold, 'RELEASED', cmd.reason, at);
      return { status: 'RELEASED' };
    }
    if (hold.status === 'RELEASED' || hold.status === 'EXPIRED') {
      this.outbox.emit(em, 'FundsReleased', cmd.transactionId, {
        transactionId: hold.transactionId,
        paymentId: hold.paymentId,
        holdId: hold.id,
        reason: hold.endReason ?? cmd.reason,
        at: at.toISOString(),
      });
      return { status: 'DUPLICATE' };
    }
    this.logger?.warn({ holdId: hold.id, transactionId: cmd.transactionId }, 'release of a captured hold; ignored');
    return { status: 'IGNORED' };
  }

  /** Moves a captured card charge from PSP clearing into the user's wallet (the named one, or theirs in that currency). */
  async credit(em: EntityManager, cmd: EventData<'FundsCreditRequested'>): Promise<CreditOutcome> {
    const amount = positive(cmd.amount.minor);
    const { currency } = cmd.amount;
    const ref = { transactionId: cmd.transactionId, paymentId: cmd.paymentId };

    const already = await this.creditedBefore(em, cmd.transactionId);
    if (already) {
      this.outbox.emit(em, 'FundsCredited', cmd.transactionId, { ...ref, ...already, amount: wire(amount, currency), at: this.clock().toISOString() });
      return { status: 'DUPLICATE', ...already };
    }

    let walletId: string | null = null;
    if (cmd.walletId) {
      const named = await em.execute<{ owner_id: string | null; currency: string; kind: string }[]>(
        `select owner_id, currency, kind from ledger_account where id = ?`,
        [cmd.walletId],
      );
      const w = named[0];
      if (w && w.kind === 'WALLET' && w.owner_id === cmd.userId && w.currency === currency) walletId = cmd.walletId;
      // The card was charged already: the money goes to the user's wallet in that currency rather than nowhere.
      else this.logger?.warn({ walletId: cmd.walletId, userId: cmd.userId, currency }, 'credit to a wallet that does not fit; using the user’s wallet in that currency');
    }
    walletId ??= (await this.wallets.ensureWallet(em, cmd.userId, currency)).id;

    const result = await this.post(em, {
      kind: 'ADD_FUNDS',
      ...ref,
      externalReference: cmd.pspReference,
      postings: [
        { accountId: this.systemAccountId('PSP_CLEARING', currency), amount: -amount, currency },
        { accountId: walletId, amount, currency },
      ],
    });
    const credited = result.posted ? { journalEntryId: result.journalEntryId, walletId } : (await this.creditedBefore(em, cmd.transactionId))!;
    this.outbox.emit(em, 'FundsCredited', cmd.transactionId, { ...ref, ...credited, amount: wire(amount, currency), at: this.clock().toISOString() });
    return { status: result.posted ? 'CREDITED' : 'DUPLICATE', ...credited };
  }

  /**
   * Expires ACTIVE holds past their expiry, one transaction per hold (a hold and its wallet: nothing to deadlock
   * with), skipping holds a capture or release is working on. Returns how many it expired.
   */
  async expireDue(orm: MikroORM, limit = 500): Promise<number> {
    let count = 0;
    while (count < limit) {
      const expired = await inTransaction(orm, async (em) => {
        const at = this.clock();
        const rows = await em.execute<{ id: string }[]>(
          `select id from hold where status = 'ACTIVE' and expires_at <= ? order by expires_at limit 1 for update skip locked`,
          [at],
        );
        if (rows.length === 0) return false;
        const hold = await this.lockHold(em, rows[0]!.id, at);
        await this.endHold(em, hold!, 'EXPIRED', 'EXPIRED', at);
        return true;
      });
      if (!expired) break;
      count++;
    }
    return count;
  }

  // --- reconciliation ---------------------------------------------------------------------------------------------

  /** Checks the ledger's invariants over everything it holds (an admin query and the reconciliation job). */
  async report(em: EntityManager): Promise<LedgerReport> {
    const unbalanced = await em.execute<{ journal_entry_id: string }[]>(
      `select distinct journal_entry_id from (
         select journal_entry_id, currency from posting group by journal_entry_id, currency having sum(amount) <> 0
       ) t order by journal_entry_id`,
    );
    const sums = await em.execute<{ currency: string; kind: AccountKind; balance: string; held: string }[]>(
      `select currency, kind, sum(balance)::text as balance, sum(held)::text as held from account_balance group by currency, kind`,
    );
    const mismatched = await em.execute<{ account_id: string }[]>(
      `select b.account_id from account_balance b
         left join (select account_id, sum(amount) as total from posting group by account_id) p on p.account_id = b.account_id
         left join (select wallet_id, sum(amount) as total from hold where status = 'ACTIVE' group by wallet_id) h on h.wallet_id = b.account_id
       where b.balance <> coalesce(p.total, 0) or b.held <> coalesce(h.total, 0)
       order by b.account_id`,
    );
    const byCurrency = new Map<string, CurrencyTotals>();
    for (const row of sums) {
      let t = byCurrency.get(row.currency);
      if (!t) {
        t = { currency: row.currency, wallets: 0n, held: 0n, pspClearing: 0n, fxClearing: 0n, fees: 0n, suspense: 0n, total: 0n };
        byCurrency.set(row.currency, t);
      }
      const balance = BigInt(row.balance);
      t.total += balance;
      if (row.kind === 'WALLET') {
        t.wallets += balance;
        t.held += BigInt(row.held);
      } else if (row.kind === 'PSP_CLEARING') t.pspClearing += balance;
      else if (row.kind === 'FX_CLEARING') t.fxClearing += balance;
      else if (row.kind === 'FEES') t.fees += balance;
      else t.suspense += balance;
    }
    const currencies = [...byCurrency.values()]
      .filter((t) => t.wallets !== 0n || t.held !== 0n || t.pspClearing !== 0n || t.fxClearing !== 0n || t.fees !== 0n || t.suspense !== 0n || t.total !== 0n)
      .sort((a, b) => a.currency.localeCompare(b.currency));
    return {
      balanced: unbalanced.length === 0 && mismatched.length === 0 && currencies.every((t) => t.total === 0n),
      currencies,
      unbalancedJournalIds: unbalanced.map((r) => r.journal_entry_id),
      mismatchedAccountIds: mismatched.map((r) => r.account_id),
    };
  }

  // --- internals --------------------------------------------------------------------------------------------------

  /** SELECT … FOR UPDATE of balance rows, in account id order (the deadlock-free order every writer uses). */
  async lock(em: EntityManager, accountIds: readonly string[]): Promise<Map<string, BalanceRow>> {
    const ids = [...new Set(accountIds)].sort();
    if (ids.length === 0) return new Map();
    const rows = await em.execute<{ account_id: string; kind: AccountKind; owner_id: string | null; currency: string; balance: string; held: string }[]>(
      `select b.account_id, b.kind, a.owner_id, b.currency, b.balance::text as balance, b.held::text as held
         from account_balance b join ledger_account a on a.id = b.account_id
        where b.account_id in (${placeholders(ids.length)})
        order by b.account_id
          for update of b`,
      ids,
    );
    return new Map(rows.map((r) => [r.account_id, toBalanceRow(r)]));
  }

  /** `lock` of a user's wallet in a currency, found by owner and currency in the same statement; null if none. */
  private async lockWalletOf(em: EntityManager, ownerId: string, currency: string): Promise<BalanceRow | null> {
    const rows = await em.execute<{ account_id: string; kind: AccountKind; owner_id: string | null; currency: string; balance: string; held: string }[]>(
      `select b.account_id, b.kind, a.owner_id, b.currency, b.balance::text as balance, b.held::text as held
         from account_balance b join ledger_account a on a.id = b.account_id
        where a.kind = 'WALLET' and a.owner_id = ? and a.currency = ?
          for update of b`,
      [ownerId, currency],
    );
    return rows[0] ? toBalanceRow(rows[0]) : null;
  }

  private async applyDeltas(em: EntityManager, deltas: Map<string, { balance: bigint; held: bigint }>, at: Date): Promise<BalanceRow[]> {
    const entries = [...deltas.entries()].filter(([, d]) => d.balance !== 0n || d.held !== 0n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) return [];
    const rows = await em.execute<{ account_id: string; kind: AccountKind; owner_id: string | null; currency: string; balance: string; held: string }[]>(
      `update account_balance as b
          set balance = b.balance + v.balance_delta, held = b.held + v.held_delta, version = b.version + 1, updated_at = ?
         from (values ${entries.map(() => '(?::text, ?::bigint, ?::bigint)').join(', ')}) as v(account_id, balance_delta, held_delta),
              ledger_account as a
        where b.account_id = v.account_id and a.id = b.account_id
        returning b.account_id, b.kind, a.owner_id, b.currency, b.balance::text as balance, b.held::text as held`,
      [at, ...entries.flatMap(([id, d]) => [id, d.balance, d.held])],
    );
    if (rows.length !== entries.length) throw new Error(`Balance rows missing for ${entries.map(([id]) => id).join(', ')}`);
    return rows.map(toBalanceRow);
  }

  /** WalletBalanceChanged for each wallet among the changed rows (system accounts are not announced). */
  private announce(em: EntityManager, rows: BalanceRow[], at: Date): void {
    for (const row of rows) {
      if (row.kind !== 'WALLET' || !row.ownerId) continue;
      this.outbox.emit(em, 'WalletBalanceChanged', row.accountId, {
        walletId: row.accountId,
        ownerId: row.ownerId,
        balance: wire(row.balance, row.currency),
        available: wire(row.balance - row.held, row.currency),
        held: wire(row.held, row.currency),
        at: at.toISOString(),
      });
    }
  }

  private async endHold(em: EntityManager, hold: HoldRow, status: 'RELEASED' | 'EXPIRED', reason: string, at: Date): Promise<void> {
    const endReason = reason.slice(0, 100);
    await em.execute(`update hold set status = ?, ended_at = ?, end_reason = ? where id = ? and status = 'ACTIVE'`, [status, at, endReason, hold.id]);
    const rows = await this.applyDeltas(em, new Map([[hold.walletId, { balance: 0n, held: -hold.amount }]]), at);
    this.announce(em, rows, at);
    this.outbox.emit(em, 'FundsReleased', hold.transactionId, {
      transactionId: hold.transactionId,
      paymentId: hold.paymentId,
      holdId: hold.id,
      reason: endReason,
      at: at.toISOString(),
    });
  }

  private async lockHold(em: EntityManager, holdId: string, now: Date): Promise<HoldRow | null> {
    return this.readHold(em, 'id = ?', holdId, now, true);
  }

  private async holdByTransaction(em: EntityManager, transactionId: string): Promise<HoldRow | null> {
    return this.readHold(em, 'transaction_id = ?', transactionId, this.clock(), false);
  }

  private async readHold(em: EntityManager, where: string, value: string, now: Date, forUpdate: boolean): Promise<HoldRow | null> {
    const rows = await em.execute<
      {
        id: string;
        wallet_id: string;
        amount: string;
        currency: string;
        status: HoldStatus;
        transaction_id: string;
        payment_id: string;
        journal_entry_id: string | null;
        end_reason: string | null;
        expired: boolean;
        wallet_owner_id: string | null;
      }[]
    >(
      `select id, wallet_id, amount::text as amount, currency, status, transaction_id, payment_id, journal_entry_id, end_reason,
              (expires_at <= ?) as expired, (select a.owner_id from ledger_account a where a.id = hold.wallet_id) as wallet_owner_id
         from hold where ${where}${forUpdate ? ' for update' : ''}`,
      [now, value],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      walletId: r.wallet_id,
      amount: BigInt(r.amount),
      currency: r.currency,
      status: r.status,
      transactionId: r.transaction_id,
      paymentId: r.payment_id,
      journalEntryId: r.journal_entry_id,
      endReason: r.end_reason,
      expired: r.expired,
      walletOwnerId: r.wallet_owner_id,
    };
  }

  private async creditedBefore(em: EntityManager, transactionId: string): Promise<{ journalEntryId: string; walletId: string } | null> {
    const rows = await em.execute<{ journal_entry_id: string; account_id: string }[]>(
      `select p.journal_entry_id, p.account_id
         from journal_entry j join posting p on p.journal_entry_id = j.id join ledger_account a on a.id = p.account_id
        where j.transaction_id = ? and j.kind = 'ADD_FUNDS' and a.kind = 'WALLET'
        limit 1`,
      [transactionId],
    );
    const r = rows[0];
    return r ? { journalEntryId: r.journal_entry_id, walletId: r.account_id } : null;
  }
}

function toBalanceRow(r: { account_id: string; kind: AccountKind; owner_id: string | null; currency: string; balance: string; held: string }): BalanceRow {
  return { accountId: r.account_id, kind: r.kind, ownerId: r.owner_id, currency: r.currency, balance: BigInt(r.balance), held: BigInt(r.held) };
}

function positive(minor: string): bigint {
  const amount = BigInt(minor);
  if (amount <= 0n) throw new Error(`Amount must be positive, got ${minor}`);
  return amount;
}

/** The code's own check of the double-entry rule (the database checks it again at commit). */
export function validateJournal(journal: JournalInput): void {
  if (journal.postings.length < 2) throw new Error('A journal entry needs at least two postings');
  const sums = new Map<string, bigint>();
  for (const p of journal.postings) {
    if (p.amount === 0n) throw new Error(`Zero posting to ${p.accountId}`);
    sums.set(p.currency, (sums.get(p.currency) ?? 0n) + p.amount);
  }
  for (const [currency, sum] of sums) {
    if (sum !== 0n) throw new Error(`Journal entry does not balance in ${currency}: postings sum to ${sum}`);
  }
  for (const r of journal.releaseHeld ?? []) if (r.amount <= 0n) throw new Error('A released hold amount must be positive');
}
