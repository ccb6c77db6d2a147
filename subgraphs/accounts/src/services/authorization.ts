import { errors } from '@paygraph/platform/errors';
import { canSeeOwnedBy, requireUser, type Identity } from '@paygraph/platform/identity';

/** A user's accounts, KYC and instruments: the user themself or an admin; anyone else is refused outright. */
export function assertCanSeeUser(identity: Identity, userId: string): void {
  requireUser(identity);
  if (!canSeeOwnedBy(identity, userId)) throw errors.forbidden("Not allowed to see another user's accounts");
}

/**
 * For lookups by id: someone else's resource reads as absent (null), exactly like an unknown id, so that ids
 * cannot be probed for existence.
 */
export function visibleTo<T extends { userId: string }>(identity: Identity, row: T | null | undefined): T | null {
  if (!row || !identity.userId) return null;
  return canSeeOwnedBy(identity, row.userId) ? row : null;
}
