import { errors } from '@paygraph/platform/errors';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import { currencyInfo } from '@paygraph/platform/money';
import type { Outbox } from '@paygraph/platform/events';
import { AccountBalance } from '../entities/account-balance.entity.js';
import { LedgerAccount } from '../entities/ledger-account.entity.js';

/** A wallet as the API shows it: the WALLET ledger account with its balance row. */
export interface WalletView {
  id: string;
  ownerId: string;
  currency: string;
  createdAt: Date;
  /** Minor units posted to the wallet, held funds included. */
  balance: bigint;
  /** Minor units reserved by active holds. */
  held: bigint;
}

export const available = (w: Pick<WalletView, 'balance' | 'held'>) => w.balance - w.held;

export class WalletService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly opts: { currencies: ReadonlySet<string> },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  supports(currency: string): boolean {
    return this.opts.currencies.has(currency);
  }

  /** Opens the owner's wallet in `currency`, or returns the one already open: one wallet per owner and currency. */
  async open(ownerId: string, currency: string): Promise<WalletView> {
    const info = currencyInfo(currency, 'input.currency');
    if (!this.supports(info.code)) throw errors.user('UNSUPPORTED_CURRENCY', `Wallets in ${info.code} are not offered`, 'input.currency');
    const { id } = await inTransaction(this.orm, (em) => this.ensureWallet(em, ownerId, info.code));
    const wallet = (await this.byIds(this.orm.em.fork(), [id])).get(id);
    if (!wallet) throw new Error(`Wallet ${id} vanished after opening`);
    return wallet;
  }

  /**
   * The owner's wallet in `currency`, opened (with its zero balance row, and WalletOpened) if there is none, inside
   * the caller's transaction. Concurrent openers meet on the partial unique index: one inserts, the others wait for
   * it to commit and then find its row.
   */
  async ensureWallet(em: EntityManager, ownerId: string, currency: string): Promise<{ id: string; opened: boolean }> {
    // Nearly always the wallet exists: one indexed read, no insert attempt.
    const known = await this.findWalletId(em, ownerId, currency);
    if (known) return { id: known, opened: false };
    const id = newId('wal');
    const now = this.clock();
    const inserted = await em.execute<{ id: string }[]>(
      `insert into ledger_account (id, kind, owner_id, currency, created_at)
       values (?, 'WALLET', ?, ?, ?)
       on conflict (owner_id, currency) where kind = 'WALLET' do nothing
       returning id`,
      [id, ownerId, currency, now],
    );
    if (inserted.length === 0) {
      const existing = await this.findWalletId(em, ownerId, currency);
      if (!existing) throw new Error(`Wallet of ${ownerId} in ${currency} neither inserted nor found`);
      return { id: existing, opened: false };
    }
    await em.execute(
      `insert into account_balance (account_id, kind, currency, balance, held, version, updated_at) values (?, 'WALLET', ?, 0, 0, 0, ?)`,
      [id, currency, now],
    );
    this.outbox.emit(em, 'WalletOpened', id, { walletId: id, ownerId, currency, at: now.toISOString() });
    return { id, opened: true };
  }

  async findWalletId(em: EntityManager, ownerId: string, currency: string): Promise<string | null> {
    const rows = await em.execute<{ id: string }[]>(
      `select id from ledger_account where kind = 'WALLET' and owner_id = ? and currency = ?`,
      [ownerId, currency],
    );
    return rows[0]?.id ?? null;
  }

  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, WalletView>> {
    if (ids.length === 0) return new Map();
    const accounts = await em.find(LedgerAccount, { id: { $in: [...ids] }, kind: 'WALLET' });
    const views = await this.withBalances(em, accounts);
    return new Map(views.map((w) => [w.id, w]));
  }

  /** Each owner's wallets, oldest first. */
  async byOwners(em: EntityManager, ownerIds: readonly string[]): Promise<Map<string, WalletView[]>> {
    const result = new Map<string, WalletView[]>(ownerIds.map((id) => [id, []]));
    if (ownerIds.length === 0) return result;
    const accounts = await em.find(
      LedgerAccount,
      { ownerId: { $in: [...ownerIds] }, kind: 'WALLET' },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    for (const wallet of await this.withBalances(em, accounts)) result.get(wallet.ownerId)?.push(wallet);
    return result;
  }

  /** The wallet's balance at an instant, from its postings (holds do not change the balance). */
  async balanceAt(em: EntityManager, walletId: string, at: Date): Promise<bigint> {
    const rows = await em.execute<{ total: string }[]>(
      `select coalesce(sum(amount), 0)::text as total from posting where account_id = ? and created_at <= ?`,
      [walletId, at],
    );
    return BigInt(rows[0]?.total ?? '0');
  }

  private async withBalances(em: EntityManager, accounts: LedgerAccount[]): Promise<WalletView[]> {
    if (accounts.length === 0) return [];
    const balances = await em.find(AccountBalance, { accountId: { $in: accounts.map((a) => a.id) } }, { refresh: true });
    const byId = new Map(balances.map((b) => [b.accountId, b]));
    return accounts.map((a) => {
      const b = byId.get(a.id);
      return { id: a.id, ownerId: a.ownerId!, currency: a.currency, createdAt: a.createdAt, balance: b?.balance ?? 0n, held: b?.held ?? 0n };
    });
  }
}
