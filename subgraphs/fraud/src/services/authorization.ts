import { hasRole, type Identity } from '@paygraph/platform/identity';
import type { RiskAssessment } from '../entities/risk-assessment.entity.js';

/**
 * Fraud cannot ask payments who takes part in a payment, so the assessment carries its sender and recipient: they and
 * admins may see it. For anyone else it reads as absent (null), like an unknown id.
 */
export function visibleAssessment(identity: Identity, assessment: RiskAssessment | null | undefined): RiskAssessment | null {
  if (!assessment || !identity.userId) return null;
  const { userId } = identity;
  return userId === assessment.senderId || userId === assessment.recipientId || hasRole(identity, 'ADMIN') ? assessment : null;
}

export const isAdmin = (identity: Identity) => hasRole(identity, 'ADMIN');
