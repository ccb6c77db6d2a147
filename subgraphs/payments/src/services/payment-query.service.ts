import type { EntityManager } from '@paygraph/platform/db';
import { errors } from '@paygraph/platform/errors';
import { canSeeOwnedBy, hasRole, type Identity } from '@paygraph/platform/identity';
import { isId } from '@paygraph/platform/ids';
import { Payment } from '../entities/payment.entity.js';
import type { Withdrawal } from '../entities/withdrawal.entity.js';
import type { PaymentRequest } from '../entities/payment-request.entity.js';
import { isParty } from '../domain/payment-request.js';
import type { Checkout } from '../entities/checkout.entity.js';
import { isCheckoutParty } from '../domain/checkout.js';

export const PAGE_DEFAULT = 20;
export const PAGE_MAX = 100;

/** A payment is its sender's, its recipient's and the admins' to see; to anyone else it does not exist. */
export function visibleTo(identity: Identity, payment: Payment | null | undefined): Payment | null {
  if (!payment || !identity.userId) return null;
  return identity.userId === payment.senderId || identity.userId === payment.recipientId || hasRole(identity, 'ADMIN')
    ? payment
    : null;
}

/** A withdrawal is its owner's and the admins' to see; to anyone else it does not exist. */
export function withdrawalVisibleTo(identity: Identity, withdrawal: Withdrawal | null | undefined): Withdrawal | null {
  if (!withdrawal || !identity.userId) return null;
  return identity.userId === withdrawal.userId || hasRole(identity, 'ADMIN') ? withdrawal : null;
}

/** A payment request is its two parties' and the admins' to see; to anyone else it does not exist. */
export function requestVisibleTo(identity: Identity, request: PaymentRequest | null | undefined): PaymentRequest | null {
  if (!request || !identity.userId) return null;
  return isParty(request, identity.userId) || hasRole(identity, 'ADMIN') ? request : null;
}

/** A checkout is its merchant's, its buyer's (once they approved it) and the admins' to see; to anyone else it does not exist. */
export function checkoutVisibleTo(identity: Identity, checkout: Checkout | null | undefined): Checkout | null {
  if (!checkout || !identity.userId) return null;
  return isCheckoutParty(checkout, identity.userId) || hasRole(identity, 'ADMIN') ? checkout : null;
}

/** A Relay connection of one page fetched with `first + 1` rows (forward pagination only). */
export function connection<T extends { id: string }>(rows: T[], first: number) {
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export function assertCanSeePaymentsOf(identity: Identity, userId: string): void {
  if (!identity.userId) throw errors.unauthenticated();
  if (!canSeeOwnedBy(identity, userId)) throw errors.forbidden("Not allowed to see another user's payments");
}

/** Cursors are opaque to clients; inside, the payment (or withdrawal) id (ids sort by creation time). */
export const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

export function decodeCursor(cursor: string, prefix = 'pay'): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isId(prefix, id)) throw errors.user('BAD_USER_INPUT', 'Invalid cursor', 'after');
  return id;
}

export interface PageArgs {
  first: number;
  /** Payment id the page starts after (exclusive). */
  after: string | null;
}

export function pageArgs(first: number | null | undefined, after: string | null | undefined, prefix = 'pay'): PageArgs {
  const n = first ?? PAGE_DEFAULT;
  if (!Number.isInteger(n) || n < 0 || n > PAGE_MAX) throw errors.user('BAD_USER_INPUT', `first must be between 0 and ${PAGE_MAX}`, 'first');
  return { first: n, after: after === null || after === undefined ? null : decodeCursor(after, prefix) };
}

export class PaymentQueryService {
  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, Payment>> {
    const wellFormed = [...new Set(ids.filter((id) => isId('pay', id)))];
    const rows = wellFormed.length === 0 ? [] : await em.find(Payment, { id: { $in: wellFormed } });
    return new Map(rows.map((p) => [p.id, p]));
  }

  /**
   * For each user, up to `limit` payments they sent or received, newest first, after the cursor: one query for any
   * number of users (each side of the union walks its own index).
   */
  async newestForUsers(em: EntityManager, userIds: readonly string[], limit: number, after: string | null): Promise<Map<string, Payment[]>> {
    const result = new Map<string, Payment[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0 || limit === 0) return result;
    const rows = await em.execute<Record<string, unknown>[]>(
      `select u.party as "__party", p.* from unnest(array[?]::text[]) as u(party)
       cross join lateral (
         (select * from payment where sender_id = u.party and (?::text is null or id < ?) order by id desc limit ?)
         union
         (select * from payment where recipient_id = u.party and (?::text is null or id < ?) order by id desc limit ?)
         order by id desc limit ?
       ) p
       order by u.party, p.id desc`,
      [[...userIds], after, after, limit, after, after, limit, limit],
    );
    for (const row of rows) {
      const party = row.__party as string;
      delete row.__party;
      result.get(party)?.push(em.map(Payment, row));
    }
    return result;
  }
}
