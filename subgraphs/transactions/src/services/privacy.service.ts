import type { EntityManager } from '@paygraph/platform/db';
import { PRIVACY_EXPORT_ROWS, exportMoney, exportInstant, type ExportRow, type PrivacyParticipant } from '@paygraph/platform/privacy';


/**
 * transactions' part of privacy requests (docs/security.md, "Privacy requests"): the history of every money movement
 * the user was a party to, with its steps. It holds no names, notes or contact data (only ids, amounts, statuses and
 * the saga's own texts), so an erasure changes nothing here and says so: the history is the books' read model.
 */
export class TransactionsPrivacy implements PrivacyParticipant {
  async exportData(em: EntityManager, userId: string): Promise<Record<string, unknown>> {
    const rows = await em.execute<ExportRow[]>(
      `select id, payment_id, kind, status, amount_minor::text as amount_minor, currency, target_amount_minor::text as target_amount_minor,
              target_currency, sender_id, recipient_id, failure_reason, started_at, updated_at
         from transaction where sender_id = ? or recipient_id = ? order by created_at desc, id desc limit ?`,
      [userId, userId, PRIVACY_EXPORT_ROWS + 1],
    );
    const steps = rows.length
      ? await em.execute<ExportRow[]>(
          `select transaction_id, name, status, at from transaction_step where transaction_id in (${rows.map(() => '?').join(', ')}) order by at, id`,
          rows.map((r) => r.id),
        )
      : [];
    return {
      transactions: rows.map((t) => ({
        id: t.id,
        paymentId: t.payment_id,
        kind: t.kind,
        status: t.status,
        role: t.sender_id === userId ? 'SENDER' : 'RECIPIENT',
        amount: exportMoney(t.amount_minor, t.currency),
        targetAmount: exportMoney(t.target_amount_minor, t.target_currency),
        senderId: t.sender_id,
        recipientId: t.recipient_id,
        failureReason: t.failure_reason ?? null,
        startedAt: exportInstant(t.started_at),
        updatedAt: exportInstant(t.updated_at),
        steps: steps.filter((s) => s.transaction_id === t.id).map((s) => ({ name: s.name, status: s.status, at: exportInstant(s.at) })),
      })),
    };
  }

  async erase(): Promise<{ erased: Record<string, number>; kept: string[] }> {
    return { erased: {}, kept: ['the history of every money movement: ids, amounts, statuses and steps, with no personal fields to remove'] };
  }
}
