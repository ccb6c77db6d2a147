import type { EntityManager } from '@paygraph/platform/db';
import type { CheckoutCommandOutcome } from '../entities/checkout-command.entity.js';

export interface CheckoutCommandRow {
  status: CheckoutCommandOutcome | 'STARTED';
  journalEntryId: string | null;
  holdId: string | null;
  buyerWalletId: string | null;
  merchantWalletId: string | null;
  available: bigint | null;
}

/** The checkout_command table: a checkout approval's first answer, claimed once per transaction (see the entity). */
export class CheckoutCommandRepository {
  /** True when this call is the first for the transaction; a concurrent claim waits for the first one's commit. */
  async claim(em: EntityManager, transactionId: string, checkoutId: string, at: Date): Promise<boolean> {
    const rows = await em.execute<{ transaction_id: string }[]>(
      `insert into checkout_command (transaction_id, checkout_id, status, created_at) values (?, ?, 'STARTED', ?)
       on conflict (transaction_id) do nothing
       returning transaction_id`,
      [transactionId, checkoutId, at],
    );
    return rows.length === 1;
  }

  async outcome(em: EntityManager, transactionId: string): Promise<CheckoutCommandRow | null> {
    const [row] = await em.execute<
      { status: CheckoutCommandRow['status']; journal_entry_id: string | null; hold_id: string | null; buyer_wallet_id: string | null; merchant_wallet_id: string | null; available: string | null }[]
    >(
      `select status, journal_entry_id, hold_id, buyer_wallet_id, merchant_wallet_id, available::text as available from checkout_command where transaction_id = ?`,
      [transactionId],
    );
    if (!row) return null;
    return {
      status: row.status,
      journalEntryId: row.journal_entry_id,
      holdId: row.hold_id,
      buyerWalletId: row.buyer_wallet_id,
      merchantWalletId: row.merchant_wallet_id,
      available: row.available === null ? null : BigInt(row.available),
    };
  }

  async record(em: EntityManager, transactionId: string, outcome: CheckoutCommandRow & { status: CheckoutCommandOutcome }): Promise<void> {
    await em.execute(
      `update checkout_command set status = ?, journal_entry_id = ?, hold_id = ?, buyer_wallet_id = ?, merchant_wallet_id = ?, available = ? where transaction_id = ?`,
      [outcome.status, outcome.journalEntryId, outcome.holdId, outcome.buyerWalletId, outcome.merchantWalletId, outcome.available, transactionId],
    );
  }
}
