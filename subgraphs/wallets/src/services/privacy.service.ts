import type { EntityManager } from '@paygraph/platform/db';
import { PRIVACY_EXPORT_ROWS, exportMoney, exportInstant, type ExportRow, type PrivacyParticipant } from '@paygraph/platform/privacy';

const LIMIT = PRIVACY_EXPORT_ROWS + 1;

/**
 * wallets' part of privacy requests (docs/security.md, "Privacy requests"): the user's wallets with their balances,
 * the postings on them (newest first), their holds and FX quotes. The ledger holds amounts and ids only, so an
 * erasure changes nothing here: a journal entry's postings must keep summing to zero and every balance must keep
 * equalling its postings, or reconciliation would fail. (users refuses the erasure while a wallet holds money.)
 */
export class WalletsPrivacy implements PrivacyParticipant {
  async exportData(em: EntityManager, userId: string): Promise<Record<string, unknown>> {
    const wallets = await em.execute<ExportRow[]>(
      `select a.id, a.currency, a.created_at, b.balance::text as balance, b.held::text as held
         from ledger_account a join account_balance b on b.account_id = a.id
        where a.kind = 'WALLET' and a.owner_id = ? order by a.created_at, a.id`,
      [userId],
    );
    const ids = wallets.map((w) => w.id);
    const inWallets = ids.map(() => '?').join(', ');
    const postings = ids.length
      ? await em.execute<ExportRow[]>(
          `select p.account_id, p.journal_entry_id, j.kind, p.amount::text as amount, p.currency, j.payment_id, j.transaction_id, p.created_at
             from posting p join journal_entry j on j.id = p.journal_entry_id
            where p.account_id in (${inWallets}) order by p.created_at desc, p.id desc limit ?`,
          [...ids, LIMIT],
        )
      : [];
    const holds = ids.length
      ? await em.execute<ExportRow[]>(
          `select id, wallet_id, amount::text as amount, currency, status, payment_id, created_at, ended_at
             from hold where wallet_id in (${inWallets}) order by created_at desc, id desc limit ?`,
          [...ids, LIMIT],
        )
      : [];
    const quotes = await em.execute<ExportRow[]>(
      `select id, source_amount::text as source_amount, source_currency, target_amount::text as target_amount, target_currency,
              rate::text as rate, created_at, used_at
         from fx_quote where owner_id = ? order by created_at desc, id desc limit ?`,
      [userId, LIMIT],
    );
    return {
      wallets: wallets.map((w) => ({
        id: w.id,
        currency: w.currency,
        balance: exportMoney(w.balance, w.currency),
        held: exportMoney(w.held, w.currency),
        createdAt: exportInstant(w.created_at),
      })),
      postings: postings.map((p) => ({
        walletId: p.account_id,
        journalEntryId: p.journal_entry_id,
        kind: p.kind,
        amount: exportMoney(p.amount, p.currency),
        paymentId: p.payment_id ?? null,
        transactionId: p.transaction_id ?? null,
        at: exportInstant(p.created_at),
      })),
      holds: holds.map((h) => ({
        id: h.id,
        walletId: h.wallet_id,
        amount: exportMoney(h.amount, h.currency),
        status: h.status,
        paymentId: h.payment_id,
        createdAt: exportInstant(h.created_at),
        endedAt: exportInstant(h.ended_at),
      })),
      fxQuotes: quotes.map((q) => ({
        id: q.id,
        source: exportMoney(q.source_amount, q.source_currency),
        target: exportMoney(q.target_amount, q.target_currency),
        rate: q.rate,
        createdAt: exportInstant(q.created_at),
        usedAt: exportInstant(q.used_at),
      })),
    };
  }

  async erase(): Promise<{ erased: Record<string, number>; kept: string[] }> {
    return { erased: {}, kept: ['wallets, balances, holds, FX quotes and every posting: amounts and ids only, and the ledger must keep balancing'] };
  }
}
