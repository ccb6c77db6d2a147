import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import { countJournalOnCommit } from '@paygraph/platform/metrics';
import type { Logger } from '@paygraph/platform/logger';
import { SYSTEM_ACCOUNT_KINDS, type SystemAccountKind } from '../../entities/ledger-account.entity.js';
import { journalAccounts, journalDeltas, validateJournal, type JournalInput } from '../../domain/journal.js';
import type { BalanceRow, HoldRow, LedgerRepository } from '../../repositories/ledger.repository.js';
import type { FxService } from '../fx.service.js';
import type { WalletService } from '../wallet.service.js';
import type { LedgerEvents } from './ledger-events.js';

export type PostResult = { posted: true; journalEntryId: string; at: Date } | { posted: false; journalEntryId: string };

export interface LedgerOptions {
  holdTtlSeconds: number;
}

/**
 * What every command handler of the ledger shares: the repository, the events, the system accounts, and the two
 * compound steps several handlers take — posting a journal entry, and ending a hold without moving money.
 */
export class Books {
  constructor(
    readonly repo: LedgerRepository,
    readonly events: LedgerEvents,
    readonly wallets: WalletService,
    readonly fx: FxService,
    readonly opts: LedgerOptions,
    readonly clock: () => Date,
    readonly logger?: Logger,
    private readonly systemAccounts = new Map<string, string>(),
  ) {}

  /** The same books telling the rest of Paygraph through other events (the synchronous commands' silence). */
  withEvents(events: LedgerEvents): Books {
    return new Books(this.repo, events, this.wallets, this.fx, this.opts, this.clock, this.logger, this.systemAccounts);
  }

  /** Creates the missing system accounts (one per kind and currency) and remembers their ids; idempotent. */
  async ensureSystemAccounts(orm: MikroORM, currencies: readonly string[]): Promise<void> {
    const now = this.clock();
    await inTransaction(orm, (em) =>
      this.repo.insertSystemAccounts(
        em,
        currencies.flatMap((currency) => SYSTEM_ACCOUNT_KINDS.map((kind) => [newId('lac'), kind, currency] as const)),
        now,
      ),
    );
    for (const row of await this.repo.systemAccounts(orm.em.fork())) this.systemAccounts.set(`${row.kind}:${row.currency}`, row.id);
  }

  systemAccountId(kind: SystemAccountKind, currency: string): string {
    const id = this.systemAccounts.get(`${kind}:${currency}`);
    if (!id) throw new Error(`No ${kind} account in ${currency}`);
    return id;
  }

  /**
   * Records one journal entry and applies it to the balance rows, under their row locks (taken in account id
   * order). A second entry of the same kind for the same transaction is not posted: the existing entry's id is
   * returned with `posted: false`. Emits WalletBalanceChanged for every wallet whose numbers changed.
   */
  async post(em: EntityManager, journal: JournalInput, alreadyLocked?: Map<string, BalanceRow>): Promise<PostResult> {
    validateJournal(journal);
    const accountIds = journalAccounts(journal);
    // The caller may hold the locks already (`lock` in this transaction): then they are not asked for again.
    const locked = alreadyLocked && accountIds.every((id) => alreadyLocked.has(id)) ? alreadyLocked : await this.repo.lock(em, accountIds);
    for (const p of journal.postings) {
      const row = locked.get(p.accountId);
      if (!row) throw new Error(`Ledger account ${p.accountId} does not exist`);
      if (row.currency !== p.currency) throw new Error(`Posting in ${p.currency} to ${p.accountId}, an account in ${row.currency}`);
    }

    const id = newId('jnl');
    const at = this.clock();
    if (!(await this.repo.insertJournal(em, id, journal, at))) {
      return { posted: false, journalEntryId: (await this.repo.journalIdOf(em, journal.transactionId ?? null, journal.kind))! };
    }
    await this.repo.insertPostings(em, id, journal.postings, at);
    countJournalOnCommit(em, journal.kind, journal.postings);
    const rows = await this.repo.applyDeltas(em, journalDeltas(journal), at);
    this.events.balancesChanged(em, rows, at);
    return { posted: true, journalEntryId: id, at };
  }

  /** Ends an active hold without moving money: its amount leaves the wallet's `held`. */
  async endHold(em: EntityManager, hold: HoldRow, status: 'RELEASED' | 'EXPIRED', reason: string, at: Date): Promise<void> {
    const endReason = reason.slice(0, 100);
    await this.repo.markHoldEnded(em, hold.id, status, endReason, at);
    const rows = await this.repo.applyDeltas(em, new Map([[hold.walletId, { balance: 0n, held: -hold.amount }]]), at);
    this.events.balancesChanged(em, rows, at);
    this.events.released(em, hold, endReason, at);
  }
}
