import type { EntityManager } from '@paygraph/platform/db';
import type { LedgerRepository } from '../../repositories/ledger.repository.js';

export interface CurrencyTotals {
  currency: string;
  wallets: bigint;
  held: bigint;
  pspClearing: bigint;
  fxClearing: bigint;
  fees: bigint;
  suspense: bigint;
  /** What went out to banks: withdrawals paid, minus those returned. */
  payoutClearing: bigint;
  /** The sum over every account: zero when the ledger is sound. */
  total: bigint;
}

export interface LedgerReport {
  balanced: boolean;
  currencies: CurrencyTotals[];
  /** Journal entries whose postings do not sum to zero in some currency (the database refuses these). */
  unbalancedJournalIds: string[];
  /** Accounts whose balance row disagrees with their postings, or whose `held` with their active holds. */
  mismatchedAccountIds: string[];
}

/** Checks the ledger's invariants over everything it holds (an admin query and the reconciliation job). */
export async function ledgerReport(repo: LedgerRepository, em: EntityManager): Promise<LedgerReport> {
  const unbalancedJournalIds = await repo.unbalancedJournalIds(em);
  const sums = await repo.balanceSums(em);
  const mismatchedAccountIds = await repo.mismatchedAccountIds(em);
  const byCurrency = new Map<string, CurrencyTotals>();
  for (const row of sums) {
    let t = byCurrency.get(row.currency);
    if (!t) {
      t = { currency: row.currency, wallets: 0n, held: 0n, pspClearing: 0n, fxClearing: 0n, fees: 0n, suspense: 0n, payoutClearing: 0n, total: 0n };
      byCurrency.set(row.currency, t);
    }
    t.total += row.balance;
    if (row.kind === 'WALLET') {
      t.wallets += row.balance;
      t.held += row.held;
    } else if (row.kind === 'PSP_CLEARING') t.pspClearing += row.balance;
    else if (row.kind === 'FX_CLEARING') t.fxClearing += row.balance;
    else if (row.kind === 'FEES') t.fees += row.balance;
    else if (row.kind === 'PAYOUT_CLEARING') t.payoutClearing += row.balance;
    else t.suspense += row.balance;
  }
  const currencies = [...byCurrency.values()]
    .filter((t) => t.wallets !== 0n || t.held !== 0n || t.pspClearing !== 0n || t.fxClearing !== 0n || t.fees !== 0n || t.suspense !== 0n || t.payoutClearing !== 0n || t.total !== 0n)
    .sort((a, b) => a.currency.localeCompare(b.currency));
  return {
    balanced: unbalancedJournalIds.length === 0 && mismatchedAccountIds.length === 0 && currencies.every((t) => t.total === 0n),
    currencies,
    unbalancedJournalIds,
    mismatchedAccountIds,
  };
}
