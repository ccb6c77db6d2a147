import type { EntityManager } from '@paygraph/platform/db';
import type { Query } from '@paygraph/platform/plain-sql';
import type { AccountKind } from '../entities/ledger-account.entity.js';
import type { HoldStatus } from '../entities/hold.entity.js';
import type { JournalKind } from '../entities/journal-entry.entity.js';
import type { BalanceDelta, JournalInput, PostingInput } from '../domain/journal.js';

/**
 * The ledger's SQL: balance rows, journal entries and postings, holds. Every method runs in the caller's
 * transaction (`em`) and decides nothing; the handlers in services/ledger/ do.
 *
 * Locks are always taken in one order — a hold, then an FX quote, then balance rows sorted by account id — so that
 * two transactions never wait on each other in a cycle.
 */

export interface BalanceRow {
  accountId: string;
  kind: AccountKind;
  ownerId: string | null;
  currency: string;
  balance: bigint;
  held: bigint;
}

export interface HoldRow {
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

interface BalanceSqlRow {
  account_id: string;
  kind: AccountKind;
  owner_id: string | null;
  currency: string;
  balance: string;
  held: string;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const byId = <T>([a]: [string, T], [b]: [string, T]) => (a < b ? -1 : a > b ? 1 : 0);

const BALANCE_COLUMNS = `b.account_id, b.kind, a.owner_id, b.currency, b.balance::text as balance, b.held::text as held`;

export class LedgerRepository {
  // --- accounts ---------------------------------------------------------------------------------------------------

  /** Inserts the system accounts that do not exist yet (with their balance rows). */
  async insertSystemAccounts(em: EntityManager, rows: readonly (readonly [id: string, kind: string, currency: string])[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    const inserted = await em.execute<{ id: string; kind: string; currency: string }[]>(
      `insert into ledger_account (id, kind, owner_id, currency, created_at)
       values ${rows.map(() => '(?, ?, null, ?, ?)').join(', ')}
       on conflict (kind, currency) where kind <> 'WALLET' do nothing
       returning id, kind, currency`,
      rows.flatMap((r) => [...r, at]),
    );
    if (inserted.length > 0) {
      await em.execute(
        `insert into account_balance (account_id, kind, currency, balance, held, version, updated_at)
         values ${inserted.map(() => '(?, ?, ?, 0, 0, 0, ?)').join(', ')}`,
        inserted.flatMap((r) => [r.id, r.kind, r.currency, at]),
      );
    }
  }

  async systemAccounts(em: EntityManager): Promise<{ id: string; kind: string; currency: string }[]> {
    return em.execute(`select id, kind, currency from ledger_account where kind <> 'WALLET'`);
  }

  /** The wallets of these owners in one currency. */
  async walletsOf(em: EntityManager, currency: string, ownerIds: readonly string[]): Promise<{ id: string; ownerId: string }[]> {
    const rows = await em.execute<{ id: string; owner_id: string }[]>(
      `select id, owner_id from ledger_account where kind = 'WALLET' and currency = ? and owner_id in (${placeholders(ownerIds.length)})`,
      [currency, ...ownerIds],
    );
    return rows.map((r) => ({ id: r.id, ownerId: r.owner_id }));
  }

  async account(em: EntityManager, id: string): Promise<{ ownerId: string | null; currency: string; kind: string } | null> {
    const [row] = await em.execute<{ owner_id: string | null; currency: string; kind: string }[]>(
      `select owner_id, currency, kind from ledger_account where id = ?`,
      [id],
    );
    return row ? { ownerId: row.owner_id, currency: row.currency, kind: row.kind } : null;
  }

  // --- balance rows -----------------------------------------------------------------------------------------------

  /** SELECT … FOR UPDATE of balance rows, in account id order (the deadlock-free order every writer uses). */
  async lock(em: EntityManager, accountIds: readonly string[]): Promise<Map<string, BalanceRow>> {
    const ids = [...new Set(accountIds)].sort();
    if (ids.length === 0) return new Map();
    const rows = await em.execute<BalanceSqlRow[]>(
      `select ${BALANCE_COLUMNS}
         from account_balance b join ledger_account a on a.id = b.account_id
        where b.account_id in (${placeholders(ids.length)})
        order by b.account_id
          for update of b`,
      ids,
    );
    return new Map(rows.map((r) => [r.account_id, toBalanceRow(r)]));
  }

  /** `lock` of a user's wallet in a currency, found by owner and currency in the same statement; null if none. */
  async lockWalletOf(em: EntityManager, ownerId: string, currency: string): Promise<BalanceRow | null> {
    const rows = await em.execute<BalanceSqlRow[]>(
      `select ${BALANCE_COLUMNS}
         from account_balance b join ledger_account a on a.id = b.account_id
        where a.kind = 'WALLET' and a.owner_id = ? and a.currency = ?
          for update of b`,
      [ownerId, currency],
    );
    return rows[0] ? toBalanceRow(rows[0]) : null;
  }

  /** Adds the deltas to their balance rows (in account id order) and returns the rows as they now are. */
  async applyDeltas(em: EntityManager, deltas: Map<string, BalanceDelta>, at: Date): Promise<BalanceRow[]> {
    const entries = [...deltas.entries()].filter(([, d]) => d.balance !== 0n || d.held !== 0n).sort(byId);
    if (entries.length === 0) return [];
    const rows = await em.execute<BalanceSqlRow[]>(
      `update account_balance as b
          set balance = b.balance + v.balance_delta, held = b.held + v.held_delta, version = b.version + 1, updated_at = ?
         from (values ${entries.map(() => '(?::text, ?::bigint, ?::bigint)').join(', ')}) as v(account_id, balance_delta, held_delta),
              ledger_account as a
        where b.account_id = v.account_id and a.id = b.account_id
        returning ${BALANCE_COLUMNS}`,
      [at, ...entries.flatMap(([id, d]) => [id, d.balance, d.held])],
    );
    if (rows.length !== entries.length) throw new Error(`Balance rows missing for ${entries.map(([id]) => id).join(', ')}`);
    return rows.map(toBalanceRow);
  }

  // --- journal entries --------------------------------------------------------------------------------------------

  /** Inserts the entry unless the transaction already has one of its kind; false when it did. */
  async insertJournal(em: EntityManager, id: string, journal: JournalInput, at: Date): Promise<boolean> {
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
    return inserted.length > 0;
  }

  async journalIdOf(em: EntityManager, transactionId: string | null, kind: JournalKind): Promise<string | null> {
    const [row] = await em.execute<{ id: string }[]>(`select id from journal_entry where transaction_id = ? and kind = ?`, [transactionId, kind]);
    return row?.id ?? null;
  }

  async insertPostings(em: EntityManager, journalEntryId: string, postings: readonly PostingInput[], at: Date): Promise<void> {
    await em.execute(
      `insert into posting (journal_entry_id, account_id, amount, currency, created_at) values ${postings.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      postings.flatMap((p) => [journalEntryId, p.accountId, p.amount, p.currency, at]),
    );
  }

  /** The wallet an ADD_FUNDS entry of this transaction credited, with the entry. */
  async creditOf(em: EntityManager, transactionId: string): Promise<{ journalEntryId: string; walletId: string } | null> {
    const [row] = await em.execute<{ journal_entry_id: string; account_id: string }[]>(
      `select p.journal_entry_id, p.account_id
         from journal_entry j join posting p on p.journal_entry_id = j.id join ledger_account a on a.id = p.account_id
        where j.transaction_id = ? and j.kind = 'ADD_FUNDS' and a.kind = 'WALLET'
        limit 1`,
      [transactionId],
    );
    return row ? { journalEntryId: row.journal_entry_id, walletId: row.account_id } : null;
  }

  // --- holds ------------------------------------------------------------------------------------------------------

  async insertActiveHold(
    em: EntityManager,
    hold: { id: string; walletId: string; amount: bigint; currency: string; transactionId: string; paymentId: string; expiresAt: Date },
    at: Date,
  ): Promise<void> {
    await em.execute(
      `insert into hold (id, wallet_id, amount, currency, status, transaction_id, payment_id, expires_at, created_at)
       values (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?)`,
      [hold.id, hold.walletId, hold.amount, hold.currency, hold.transactionId, hold.paymentId, hold.expiresAt, at],
    );
  }

  /** A hold born captured: a one-step transfer's record, which makes a repeated request of its transaction a duplicate. */
  async insertCapturedHold(
    em: EntityManager,
    hold: { id: string; walletId: string; amount: bigint; currency: string; transactionId: string; paymentId: string; journalEntryId: string },
    at: Date,
  ): Promise<void> {
    await em.execute(
      `insert into hold (id, wallet_id, amount, currency, status, transaction_id, payment_id, expires_at, created_at, ended_at, journal_entry_id)
       values (?, ?, ?, ?, 'CAPTURED', ?, ?, ?, ?, ?, ?)`,
      [hold.id, hold.walletId, hold.amount, hold.currency, hold.transactionId, hold.paymentId, at, at, at, hold.journalEntryId],
    );
  }

  async markHoldCaptured(em: EntityManager, holdId: string, journalEntryId: string, at: Date): Promise<void> {
    await em.execute(`update hold set status = 'CAPTURED', ended_at = ?, journal_entry_id = ? where id = ?`, [at, journalEntryId, holdId]);
  }

  async markHoldEnded(em: EntityManager, holdId: string, status: 'RELEASED' | 'EXPIRED', reason: string, at: Date): Promise<void> {
    await em.execute(`update hold set status = ?, ended_at = ?, end_reason = ? where id = ? and status = 'ACTIVE'`, [status, at, reason, holdId]);
  }

  async lockHold(em: EntityManager, holdId: string, now: Date): Promise<HoldRow | null> {
    return this.readHold(em, 'id = ?', holdId, now, true);
  }

  async holdOfTransaction(em: EntityManager, transactionId: string, now: Date): Promise<HoldRow | null> {
    return this.readHold(em, 'transaction_id = ?', transactionId, now, false);
  }

  /** One ACTIVE hold past its expiry that nobody else is working on, locked; null when none is due. */
  async lockDueHold(em: EntityManager, now: Date): Promise<HoldRow | null> {
    const [row] = await em.execute<{ id: string }[]>(
      `select id from hold where status = 'ACTIVE' and expires_at <= ? order by expires_at limit 1 for update skip locked`,
      [now],
    );
    return row ? this.lockHold(em, row.id, now) : null;
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

  // --- reconciliation ---------------------------------------------------------------------------------------------

  async unbalancedJournalIds(em: EntityManager): Promise<string[]> {
    const rows = await em.execute<{ journal_entry_id: string }[]>(
      `select distinct journal_entry_id from (
         select journal_entry_id, currency from posting group by journal_entry_id, currency having sum(amount) <> 0
       ) t order by journal_entry_id`,
    );
    return rows.map((r) => r.journal_entry_id);
  }

  async balanceSums(em: EntityManager): Promise<{ currency: string; kind: AccountKind; balance: bigint; held: bigint }[]> {
    const rows = await em.execute<{ currency: string; kind: AccountKind; balance: string; held: string }[]>(
      `select currency, kind, sum(balance)::text as balance, sum(held)::text as held from account_balance group by currency, kind`,
    );
    return rows.map((r) => ({ currency: r.currency, kind: r.kind, balance: BigInt(r.balance), held: BigInt(r.held) }));
  }

  /** Accounts whose balance row disagrees with their postings, or whose `held` with their active holds. */
  async mismatchedAccountIds(em: EntityManager): Promise<string[]> {
    const rows = await em.execute<{ account_id: string }[]>(
      `select b.account_id from account_balance b
         left join (select account_id, sum(amount) as total from posting group by account_id) p on p.account_id = b.account_id
         left join (select wallet_id, sum(amount) as total from hold where status = 'ACTIVE' group by wallet_id) h on h.wallet_id = b.account_id
       where b.balance <> coalesce(p.total, 0) or b.held <> coalesce(h.total, 0)
       order by b.account_id`,
    );
    return rows.map((r) => r.account_id);
  }

  /**
   * Claims a synchronous transfer for its transaction: true when this call is the first. A concurrent claim of the
   * same transaction waits here until the first one's database transaction ends, then gets false.
   */
  async claimTransfer(em: EntityManager, transactionId: string, paymentId: string, at: Date): Promise<boolean> {
    const rows = await em.execute<{ transaction_id: string }[]>(
      `insert into transfer_command (transaction_id, payment_id, status, created_at) values (?, ?, 'STARTED', ?)
       on conflict (transaction_id) do nothing
       returning transaction_id`,
      [transactionId, paymentId, at],
    );
    return rows.length === 1;
  }

  /**
   * The synchronous transfer between two existing wallets, in one statement (the `wallet_transfer_p2p` function of
   * migration 20261204221500, its own transaction): the transaction claimed (a repeat waits for the first call and
   * gets its stored answer, `repeated`), both balance rows locked in account id order, the available amount decides,
   * and the entry, its postings, both balances, the transaction's hold born CAPTURED and the stored answer are written
   * together. OPENING: a wallet is missing, nothing was kept (the claim undone), and the general path must do it.
   */
  async transferBetweenWallets(
    q: Query,
    t: { transactionId: string; paymentId: string; senderId: string; recipientId: string; currency: string; amount: bigint; journalEntryId: string; holdId: string },
    at: Date,
  ): Promise<(TransferOutcomeRow & { repeated: boolean }) | { status: 'OPENING' }> {
    const [row] = await q<{
      status: TransferOutcomeRow['status'] | 'OPENING';
      journal_entry_id: string | null;
      sender_wallet_id: string | null;
      recipient_wallet_id: string | null;
      available: string | null;
      repeated: boolean;
    }>(`select * from wallet_transfer_p2p(?, ?, ?, ?, ?, ?::bigint, ?, ?, ?::timestamptz)`, [
      t.transactionId, t.paymentId, t.senderId, t.recipientId, t.currency, t.amount, t.journalEntryId, t.holdId, at,
    ]);
    if (!row) throw new Error(`transfer ${t.transactionId}: no answer`);
    if (row.status === 'OPENING') return { status: 'OPENING' };
    return {
      status: row.status,
      journalEntryId: row.journal_entry_id,
      senderWalletId: row.sender_wallet_id,
      recipientWalletId: row.recipient_wallet_id,
      available: row.available === null ? null : BigInt(row.available),
      repeated: row.repeated,
    };
  }

  async transferOutcome(q: Query, transactionId: string): Promise<TransferOutcomeRow | null> {
    const [row] = await q<
      {
        status: TransferOutcomeRow['status'];
        journal_entry_id: string | null;
        sender_wallet_id: string | null;
        recipient_wallet_id: string | null;
        available: string | null;
      }
    >(`select status, journal_entry_id, sender_wallet_id, recipient_wallet_id, available::text as available from transfer_command where transaction_id = ?`, [transactionId]);
    if (!row) return null;
    return {
      status: row.status,
      journalEntryId: row.journal_entry_id,
      senderWalletId: row.sender_wallet_id,
      recipientWalletId: row.recipient_wallet_id,
      available: row.available === null ? null : BigInt(row.available),
    };
  }

  async recordTransferOutcome(q: Query, transactionId: string, outcome: TransferOutcomeRow): Promise<void> {
    await q(
      `update transfer_command set status = ?, journal_entry_id = ?, sender_wallet_id = ?, recipient_wallet_id = ?, available = ? where transaction_id = ?`,
      [outcome.status, outcome.journalEntryId, outcome.senderWalletId, outcome.recipientWalletId, outcome.available, transactionId],
    );
  }
}

/** A synchronous transfer's answer, as stored for repeats. */
export interface TransferOutcomeRow {
  status: 'STARTED' | 'TRANSFERRED' | 'INSUFFICIENT_FUNDS' | 'WALLET_NOT_FOUND';
  journalEntryId: string | null;
  senderWalletId: string | null;
  recipientWalletId: string | null;
  available: bigint | null;
}

function toBalanceRow(r: BalanceSqlRow): BalanceRow {
  return { accountId: r.account_id, kind: r.kind, ownerId: r.owner_id, currency: r.currency, balance: BigInt(r.balance), held: BigInt(r.held) };
}
