import { coalesceReads } from '@paygraph/platform/coalesce';
import { errors } from '@paygraph/platform/errors';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import { currencyInfo } from '@paygraph/platform/money';
import type { Outbox } from '@paygraph/platform/events';
import { plainSql } from '@paygraph/platform/plain-sql';

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
  /**
   * byIds and byOwners for the request loaders, one statement for all the requests of an event-loop turn
   * (platform/coalesce.ts): the balance screen is the most asked read.
   */
  readonly loadByIds = coalesceReads((ids) => this.byIds(ids));
  readonly loadByOwners = coalesceReads((ownerIds) => this.byOwners(ownerIds));

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
    const wallet = (await this.byIds([id])).get(id);
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

  /**
   * Wallets by id with their balances. Like byOwners, one prepared statement on the pool (PlainSql, outside any
   * transaction): these are the reads behind every balance a client shows, so they skip the ORM's query building.
   */
  async byIds(ids: readonly string[]): Promise<Map<string, WalletView>> {
    if (ids.length === 0) return new Map();
    const rows = await plainSql(this.orm).query<WalletRow>(`${WALLET_VIEW} where a.kind = 'WALLET' and a.id = any(?::text[])`, [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, walletView(r)]));
  }

  /** Each owner's wallets, oldest first. */
  async byOwners(ownerIds: readonly string[]): Promise<Map<string, WalletView[]>> {
    const result = new Map<string, WalletView[]>(ownerIds.map((id) => [id, []]));
    if (ownerIds.length === 0) return result;
    const rows = await plainSql(this.orm).query<WalletRow>(
      `${WALLET_VIEW} where a.kind = 'WALLET' and a.owner_id = any(?::text[]) order by a.created_at, a.id`,
      [[...new Set(ownerIds)]],
    );
    for (const r of rows) result.get(r.owner_id)?.push(walletView(r));
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
}

/** A wallet and its balance row (every wallet has one, written with it). */
const WALLET_VIEW = `select a.id, a.owner_id, a.currency, a.created_at, b.balance::text as balance, b.held::text as held
  from ledger_account a left join account_balance b on b.account_id = a.id`;

interface WalletRow {
  id: string;
  owner_id: string;
  currency: string;
  /** As pg gives it on the ORM's pool: the text of the timestamptz. */
  created_at: string;
  balance: string | null;
  held: string | null;
}

function walletView(r: WalletRow): WalletView {
  return { id: r.id, ownerId: r.owner_id, currency: r.currency, createdAt: new Date(r.created_at), balance: BigInt(r.balance ?? 0), held: BigInt(r.held ?? 0) };
}
