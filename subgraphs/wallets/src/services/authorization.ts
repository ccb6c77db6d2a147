import { errors } from '@paygraph/platform/errors';
import { canSeeOwnedBy, requireRole, requireUser, type Identity } from '@paygraph/platform/identity';

/** A user's wallets: the user themself or an admin; anyone else is refused outright. */
export function assertCanSeeUser(identity: Identity, userId: string): void {
  requireUser(identity);
  if (!canSeeOwnedBy(identity, userId)) throw errors.forbidden("Not allowed to see another user's wallets");
}

/**
 * For lookups by id: someone else's wallet reads as absent (null), exactly like an unknown id, so that ids cannot be
 * probed for existence.
 */
export function visibleTo<T extends { ownerId: string }>(identity: Identity, row: T | null | undefined): T | null {
  if (!row || !identity.userId) return null;
  return canSeeOwnedBy(identity, row.ownerId) ? row : null;
}

export function requireAdmin(identity: Identity): void {
  requireRole(identity, 'ADMIN');
}
