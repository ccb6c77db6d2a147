import { errors } from '@paygraph/platform/errors';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import type { Outbox } from '@paygraph/platform/events';
import { Account } from '../entities/account.entity.js';
import { lockUser } from './locks.js';

export const BUSINESS_NAME_MIN = 2;
export const BUSINESS_NAME_MAX = 100;

export interface EventCause {
  correlationId?: string;
  causationId?: string;
}

/** Remembers users whose personal account is known to exist, so most requests skip the database check. */
class KnownUsers {
  private readonly ids = new Set<string>();
  constructor(private readonly max = 100_000) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    // Forgetting is harmless (one extra idempotent check), so a full set is simply started over.
    if (this.ids.size >= this.max) this.ids.clear();
    this.ids.add(id);
  }
}

export class AccountService {
  private readonly known = new KnownUsers();

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly opts: { maxBusinessAccounts: number },
  ) {}

  /**
   * Opens the user's PERSONAL account unless it exists. Both the UserRegistered consumer and a user's first request
   * land here, in any order and any number of times: the partial unique index decides, and only the insert that wins
   * emits AccountOpened, in the same transaction as the row. Returns whether this call opened it.
   */
  async openPersonalAccount(em: EntityManager, userId: string, cause: EventCause = {}): Promise<boolean> {
    const id = newId('acc');
    const openedAt = new Date();
    const inserted = await em.execute<{ id: string }[]>(
      `insert into account (id, user_id, type, status, business_name, created_at)
       values (?, ?, 'PERSONAL', 'ACTIVE', null, ?)
       on conflict (user_id) where type = 'PERSONAL' do nothing
       returning id`,
      [id, userId, openedAt],
    );
    if (inserted.length === 0) return false;
    this.outbox.emit(em, 'AccountOpened', id, { accountId: id, userId, type: 'PERSONAL', openedAt: openedAt.toISOString() }, cause);
    await em.flush();
    return true;
  }

  /** For any request on behalf of a user: their personal account exists once this returns. */
  async ensurePersonalAccount(userId: string): Promise<void> {
    if (this.known.has(userId)) return;
    const em = this.orm.em.fork();
    const existing = await em.count(Account, { userId, type: 'PERSONAL' });
    if (existing === 0) await inTransaction(this.orm, (tx) => this.openPersonalAccount(tx, userId));
    this.known.add(userId);
  }

  async openBusinessAccount(userId: string, businessNameInput: string): Promise<Account> {
    const businessName = businessNameInput.trim();
    if (businessName.length < BUSINESS_NAME_MIN || businessName.length > BUSINESS_NAME_MAX || /[\p{Cc}]/u.test(businessName)) {
      throw errors.user(
        'INVALID_BUSINESS_NAME',
        `Business name must be ${BUSINESS_NAME_MIN} to ${BUSINESS_NAME_MAX} characters`,
        'input.businessName',
      );
    }
    await this.ensurePersonalAccount(userId);
    return inTransaction(this.orm, async (em) => {
      await lockUser(em, 'accounts', userId);
      const open = await em.count(Account, { userId, type: 'BUSINESS', status: { $ne: 'CLOSED' } });
      if (open >= this.opts.maxBusinessAccounts) {
        throw errors.user('BUSINESS_ACCOUNT_LIMIT', `A user may have at most ${this.opts.maxBusinessAccounts} business accounts`);
      }
      const account = em.create(Account, { id: newId('acc'), userId, type: 'BUSINESS', status: 'ACTIVE', businessName, createdAt: new Date() });
      this.outbox.emit(em, 'AccountOpened', account.id, {
        accountId: account.id,
        userId,
        type: 'BUSINESS',
        openedAt: account.createdAt.toISOString(),
      });
      await em.flush();
      return account;
    });
  }

  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, Account>> {
    const rows = ids.length === 0 ? [] : await em.find(Account, { id: { $in: [...ids] } });
    return new Map(rows.map((a) => [a.id, a]));
  }

  /** Each user's accounts, personal first, then by opening date. */
  async byUsers(em: EntityManager, userIds: readonly string[]): Promise<Map<string, Account[]>> {
    const result = new Map<string, Account[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return result;
    const rows = await em.find(Account, { userId: { $in: [...userIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    for (const row of rows) result.get(row.userId)?.push(row);
    for (const list of result.values()) list.sort((a, b) => Number(b.type === 'PERSONAL') - Number(a.type === 'PERSONAL'));
    return result;
  }
}
