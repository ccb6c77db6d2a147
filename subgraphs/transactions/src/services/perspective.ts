import type { Identity } from '@paygraph/platform/identity';
import type { Transaction } from '../entities/transaction.entity.js';

/** Movements of a user's own money between their own wallets or in from their card: no other party. */
const isSelfMovement = (txn: Pick<Transaction, 'kind'>) => txn.kind === 'ADD_FUNDS' || txn.kind === 'CONVERSION';

/**
 * Whose point of view `direction` and `counterparty` take. In a user's activity or wallet history it is that user's
 * (also when an admin reads it), which the resolver records; otherwise the viewer's when they take part, and the
 * sender's for an admin looking at someone else's transaction.
 */
export function perspectiveOf(txn: Pick<Transaction, 'senderId' | 'recipientId'>, identity: Identity, recorded?: string): string {
  if (recorded) return recorded;
  if (identity.userId === txn.senderId || identity.userId === txn.recipientId) return identity.userId;
  return txn.senderId;
}

export function directionFor(txn: Pick<Transaction, 'kind' | 'senderId'>, userId: string): 'IN' | 'OUT' {
  if (txn.kind === 'ADD_FUNDS') return 'IN';
  if (txn.kind === 'CONVERSION') return 'OUT';
  return userId === txn.senderId ? 'OUT' : 'IN';
}

export function counterpartyOf(txn: Pick<Transaction, 'kind' | 'senderId' | 'recipientId'>, userId: string): string | null {
  if (isSelfMovement(txn)) return null;
  return userId === txn.senderId ? txn.recipientId : txn.senderId;
}
