import type { EntityManager } from '@paygraph/platform/db';
import type { PayoutHoldOutcome } from '../entities/payout-command.entity.js';

export interface PayoutHoldRow {
  status: PayoutHoldOutcome | 'STARTED';
  holdId: string | null;
  walletId: string | null;
  available: bigint | null;
}

/** The payout_command table: a withdrawal's hold decision, claimed once per transaction (see the entity). */
export class PayoutRepository {
  /** True when this call is the first for the transaction; a concurrent claim waits for the first one's commit. */
  async claim(em: EntityManager, transactionId: string, withdrawalId: string, at: Date): Promise<boolean> {
    const rows = await em.execute<{ transaction_id: string }[]>(
      `insert into payout_command (transaction_id, withdrawal_id, status, created_at) values (?, ?, 'STARTED', ?)
       on conflict (transaction_id) do nothing
       returning transaction_id`,
      [transactionId, withdrawalId, at],
    );
    return rows.length === 1;
  }

  async outcome(em: EntityManager, transactionId: string): Promise<PayoutHoldRow | null> {
    const [row] = await em.execute<{ status: PayoutHoldRow['status']; hold_id: string | null; wallet_id: string | null; available: string | null }[]>(
      `select status, hold_id, wallet_id, available::text as available from payout_command where transaction_id = ?`,
      [transactionId],
    );
    if (!row) return null;
    return { status: row.status, holdId: row.hold_id, walletId: row.wallet_id, available: row.available === null ? null : BigInt(row.available) };
  }

  async record(em: EntityManager, transactionId: string, outcome: Omit<PayoutHoldRow, 'status'> & { status: PayoutHoldOutcome }): Promise<void> {
    await em.execute(`update payout_command set status = ?, hold_id = ?, wallet_id = ?, available = ? where transaction_id = ?`, [
      outcome.status,
      outcome.holdId,
      outcome.walletId,
      outcome.available,
      transactionId,
    ]);
  }
}
