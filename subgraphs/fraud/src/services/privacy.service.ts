import type { EntityManager } from '@paygraph/platform/db';
import { PRIVACY_EXPORT_ROWS, exportMoney, exportInstant, type ExportRow, type PrivacyParticipant } from '@paygraph/platform/privacy';


/**
 * fraud's part of privacy requests (docs/security.md, "Privacy requests"): the risk decisions on the user's payments
 * and the history facts scoring reads (first seen, completed payments out, known recipients). Reviewers' case notes
 * and blocklist entries are not exported: telling someone what flags them would defeat the check (a restriction the
 * GDPR allows for fraud prevention). Nothing is erased: fraud keeps ids, amounts, scores and decisions only, which
 * fraud prevention and anti-money-laundering rules require to be kept; there is no contact data here.
 */
export class FraudPrivacy implements PrivacyParticipant {
  async exportData(em: EntityManager, userId: string): Promise<Record<string, unknown>> {
    const assessments = await em.execute<ExportRow[]>(
      `select id, payment_id, transaction_id, kind, amount_minor::text as amount_minor, currency, score, decision, reasons, sender_id, recipient_id, created_at
         from risk_assessment where sender_id = ? or recipient_id = ? order by created_at desc, id desc limit ?`,
      [userId, userId, PRIVACY_EXPORT_ROWS + 1],
    );
    const [party] = await em.execute<ExportRow[]>(
      `select first_seen_at, completed_out_count, completed_out_sum_usd_cents::text as completed_out_sum_usd_cents from party where user_id = ?`,
      [userId],
    );
    const counterparties = await em.execute<ExportRow[]>(
      `select recipient_id, completed_count, first_completed_at, last_completed_at from counterparty where sender_id = ?
        order by last_completed_at desc limit ?`,
      [userId, PRIVACY_EXPORT_ROWS + 1],
    );
    return {
      riskAssessments: assessments.map((a) => ({
        id: a.id,
        paymentId: a.payment_id,
        transactionId: a.transaction_id,
        kind: a.kind,
        role: a.sender_id === userId ? 'SENDER' : 'RECIPIENT',
        amount: exportMoney(a.amount_minor, a.currency),
        score: a.score,
        decision: a.decision,
        reasons: a.reasons,
        at: exportInstant(a.created_at),
      })),
      history: party
        ? {
            firstSeenAt: exportInstant(party.first_seen_at),
            completedPaymentsOut: party.completed_out_count,
            completedOutUsd: exportMoney(party.completed_out_sum_usd_cents, 'USD')?.amount ?? null,
          }
        : null,
      knownRecipients: counterparties.map((c) => ({
        recipientId: c.recipient_id,
        completedPayments: c.completed_count,
        firstAt: exportInstant(c.first_completed_at),
        lastAt: exportInstant(c.last_completed_at),
      })),
    };
  }

  async erase(): Promise<{ erased: Record<string, number>; kept: string[] }> {
    return {
      erased: {},
      kept: ['risk assessments, history facts, review cases and blocklist entries: ids, amounts and scores kept for fraud prevention'],
    };
  }
}
