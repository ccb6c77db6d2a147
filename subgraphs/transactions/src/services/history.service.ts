import type { EntityManager, MikroORM } from '@paygraph/platform/db';
import { plainSql } from '@paygraph/platform/plain-sql';
import { errors } from '@paygraph/platform/errors';
import { hasRole, requireUser, type Identity } from '@paygraph/platform/identity';
import { isId } from '@paygraph/platform/ids';
import { isCurrency } from '@paygraph/platform/money';
import { z } from '@paygraph/platform/config';
import { Transaction } from '../entities/transaction.entity.js';
import { TransactionStep } from '../entities/transaction-step.entity.js';
import { PAYMENT_KINDS, TRANSACTION_STATUSES, type PaymentKind, type TransactionStatus } from '../domain/saga/index.js';
import type { WalletDirectory } from './wallet-directory.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ActivityFilter {
  kinds?: readonly PaymentKind[] | null;
  /** PARTIALLY_REFUNDED / REFUNDED (payments' view of a refunded payment) are no transaction's status: they match none. */
  statuses?: readonly (TransactionStatus | 'PARTIALLY_REFUNDED' | 'REFUNDED')[] | null;
  currency?: string | null;
  createdAfter?: string | null;
  createdBefore?: string | null;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * What a Transaction is to the graph: the fields its resolvers read. A history page is made of these, read as plain
 * rows (no entity, no identity map: a page of 20 hydrated entities cost most of a history request); the loaders'
 * entities are TransactionViews too.
 */
export type TransactionView = Pick<
  Transaction,
  | 'id'
  | 'paymentId'
  | 'kind'
  | 'senderId'
  | 'recipientId'
  | 'amountMinor'
  | 'currency'
  | 'targetAmountMinor'
  | 'targetCurrency'
  | 'status'
  | 'failureReason'
  | 'createdAt'
  | 'updatedAt'
>;

/** The columns a TransactionView is read from (on alias `t`), and the view of one such row. */
const VIEW_COLUMNS = `t.id, t.payment_id, t.kind, t.sender_id, t.recipient_id, t.amount_minor::text as amount_minor, t.currency,
  t.target_amount_minor::text as target_amount_minor, t.target_currency, t.status, t.failure_reason, t.created_at, t.updated_at`;

interface ViewRow {
  id: string;
  payment_id: string;
  kind: TransactionView['kind'];
  sender_id: string;
  recipient_id: string;
  amount_minor: string;
  currency: string;
  target_amount_minor: string | null;
  target_currency: string | null;
  status: TransactionView['status'];
  failure_reason: TransactionView['failureReason'];
  /** Text: the ORM's pool leaves timestamps to it. */
  created_at: string;
  updated_at: string;
}

function toView(r: ViewRow): TransactionView {
  return {
    id: r.id,
    paymentId: r.payment_id,
    kind: r.kind,
    senderId: r.sender_id,
    recipientId: r.recipient_id,
    amountMinor: BigInt(r.amount_minor),
    currency: r.currency,
    targetAmountMinor: r.target_amount_minor === null ? null : BigInt(r.target_amount_minor),
    targetCurrency: r.target_currency,
    status: r.status,
    failureReason: r.failure_reason,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

export interface TransactionPage {
  edges: { cursor: string; node: TransactionView }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** A participant (sender or recipient) or an admin may see a transaction; for anyone else it does not exist. */
export function canSeeTransaction(identity: Identity, txn: Pick<TransactionView, 'senderId' | 'recipientId'>): boolean {
  if (!identity.userId) return false;
  return identity.userId === txn.senderId || identity.userId === txn.recipientId || hasRole(identity, 'ADMIN');
}

export function visibleTransaction<T extends TransactionView>(identity: Identity, txn: T | null | undefined): T | null {
  return txn && canSeeTransaction(identity, txn) ? txn : null;
}

/** A user's history: the user themself or an admin; anyone else is refused outright. */
export function assertCanSeeHistoryOf(identity: Identity, userId: string, what = 'activity'): void {
  requireUser(identity);
  if (identity.userId !== userId && !hasRole(identity, 'ADMIN')) throw errors.forbidden(`Not allowed to see another user's ${what}`);
}

/**
 * Cursors are opaque to clients: base64url of `<createdAt ISO>|<id>`, the position in the (created_at desc, id desc)
 * order. Keyset pagination on that pair is stable while new transactions arrive (they sort before any cursor).
 */
export function encodeCursor(txn: Pick<TransactionView, 'createdAt' | 'id'>): string {
  return Buffer.from(`${txn.createdAt.toISOString()}|${txn.id}`, 'utf8').toString('base64url');
}

const ISO_INSTANT = z.iso.datetime({ offset: true });

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const bad = () => errors.user('BAD_USER_INPUT', 'Invalid cursor: use a cursor from this connection', 'after');
  if (typeof cursor !== 'string' || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  const [instant, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !instant || !id || !ISO_INSTANT.safeParse(instant).success || !isId('txn', id)) throw bad();
  const createdAt = new Date(instant);
  if (Number.isNaN(createdAt.getTime())) throw bad();
  return { createdAt, id };
}

function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw errors.user('BAD_USER_INPUT', `first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
  }
  return first;
}

function instant(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  if (!ISO_INSTANT.safeParse(value).success) throw errors.user('BAD_USER_INPUT', `${field} must be an ISO 8601 instant`, ['filter', field]);
  return new Date(value);
}

/** SQL conditions of a filter (on alias `t`), validated; shared by both halves of the history query. */
function filterSql(filter: ActivityFilter | null | undefined): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const kinds = filter?.kinds ?? [];
  if (kinds.length > 0) {
    if (kinds.some((k) => !(PAYMENT_KINDS as readonly string[]).includes(k))) throw errors.user('BAD_USER_INPUT', 'Unknown kind', ['filter', 'kinds']);
    parts.push(`t.kind in (${kinds.map(() => '?').join(', ')})`);
    params.push(...kinds);
  }
  const statuses = filter?.statuses ?? [];
  if (statuses.length > 0) {
    if (statuses.some((s) => !(TRANSACTION_STATUSES as readonly string[]).includes(s) && s !== 'PARTIALLY_REFUNDED' && s !== 'REFUNDED')) {
      throw errors.user('BAD_USER_INPUT', 'Unknown status', ['filter', 'statuses']);
    }
    parts.push(`t.status in (${statuses.map(() => '?').join(', ')})`);
    params.push(...statuses);
  }
  if (filter?.currency !== null && filter?.currency !== undefined) {
    if (!isCurrency(filter.currency)) throw errors.user('BAD_USER_INPUT', 'Unsupported currency; use an ISO 4217 code such as USD', ['filter', 'currency']);
    // A conversion belongs to both of its currencies.
    parts.push('(t.currency = ? or t.target_currency = ?)');
    params.push(filter.currency, filter.currency);
  }
  const after = instant(filter?.createdAfter, 'createdAfter');
  if (after) {
    parts.push('t.created_at >= ?');
    params.push(after);
  }
  const before = instant(filter?.createdBefore, 'createdBefore');
  if (before) {
    parts.push('t.created_at < ?');
    params.push(before);
  }
  return { sql: parts.map((p) => ` and ${p}`).join(''), params };
}

export class HistoryService {
  constructor(
    private readonly wallets: WalletDirectory,
    private readonly orm: MikroORM,
  ) {}

  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, Transaction>> {
    const valid = ids.filter((id) => isId('txn', id));
    const rows = valid.length === 0 ? [] : await em.find(Transaction, { id: { $in: valid } });
    return new Map(rows.map((t) => [t.id, t]));
  }

  async byPaymentIds(em: EntityManager, paymentIds: readonly string[]): Promise<Map<string, Transaction>> {
    const valid = paymentIds.filter((id) => isId('pay', id));
    const rows = valid.length === 0 ? [] : await em.find(Transaction, { paymentId: { $in: valid } });
    return new Map(rows.map((t) => [t.paymentId, t]));
  }

  async stepsOf(em: EntityManager, transactionIds: readonly string[]): Promise<Map<string, TransactionStep[]>> {
    const result = new Map<string, TransactionStep[]>(transactionIds.map((id) => [id, []]));
    if (transactionIds.length === 0) return result;
    const rows = await em.find(TransactionStep, { transactionId: { $in: [...transactionIds] } }, { orderBy: { id: 'asc' } });
    for (const row of rows) result.get(row.transactionId)?.push(row);
    return result;
  }

  /**
   * A user's movements, newest first. Two index range scans (as sender; as recipient of someone else's payment, so a
   * movement to oneself appears once), each cut at the page size, merged and cut again.
   */
  async activity(userId: string, args: PageArgs, filter?: ActivityFilter | null): Promise<TransactionPage> {
    const first = pageSize(args.first);
    const cursor = args.after === null || args.after === undefined ? null : decodeCursor(args.after);
    const f = filterSql(filter);
    if (first === 0) {
      return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
    }
    const keyset = cursor ? ' and (t.created_at, t.id) < (?, ?)' : '';
    const keysetParams = cursor ? [cursor.createdAt, cursor.id] : [];
    const limit = first + 1;
    const sql = `select * from (
        (select ${VIEW_COLUMNS} from "transaction" t where t.sender_id = ?${f.sql}${keyset} order by t.created_at desc, t.id desc limit ?)
        union all
        (select ${VIEW_COLUMNS} from "transaction" t where t.recipient_id = ? and t.sender_id <> ?${f.sql}${keyset} order by t.created_at desc, t.id desc limit ?)
      ) h order by h.created_at desc, h.id desc limit ?`;
    const params = [userId, ...f.params, ...keysetParams, limit, userId, userId, ...f.params, ...keysetParams, limit, limit];
    // One prepared statement on the pool (PlainSql): a page is read on every history request, and the ORM's query
    // building, its driver's result handling and its entities cost more than the statement itself.
    const rows = await plainSql(this.orm).query<ViewRow>(sql, params);
    const nodes = rows.slice(0, first).map(toView);
    const edges = nodes.map((node) => ({ cursor: encodeCursor(node), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  /**
   * A wallet's movements: its owner's movements in its currency (wallets are one per owner and currency). Resolved
   * through the wallet's owner, so the owner and admins may read it; anyone else is refused.
   */
  async walletTransactions(em: EntityManager, identity: Identity, walletId: string, args: PageArgs): Promise<{ ownerId: string; page: TransactionPage }> {
    requireUser(identity);
    if (!isId('wal', walletId)) throw errors.notFound('Wallet');
    const wallet = await this.wallets.find(em, walletId);
    if (!wallet) throw errors.notFound('Wallet');
    assertCanSeeHistoryOf(identity, wallet.ownerId, 'wallets');
    return { ownerId: wallet.ownerId, page: await this.activity(wallet.ownerId, args, { currency: wallet.currency }) };
  }
}
