import pg from 'pg';
import { databaseUrl, type EntityManager } from '@paygraph/platform/db';
import { statementPeriod, monthOf, previousMonth } from '../../../subgraphs/wallets/src/domain/statement.js';
import { StatementRepository } from '../../../subgraphs/wallets/src/repositories/statement.repository.js';

/**
 * Reconciliation: proves from the records of wallets, payments and transactions that no money was lost, created or
 * duplicated. An operator tool: it reads each service's database directly (read-only; give it a read-only role in
 * production), so it also works — and matters most — when the services themselves are down or disagree.
 *
 * Checks:
 *  1. every journal entry sums to zero per currency;
 *  2. every balance row equals the sum of its account's postings, and `held` equals its active holds;
 *  3. per currency, the wallets hold exactly what came in through PSP clearing plus what FX clearing moved in;
 *  4. no wallet's available amount is negative;
 *  5. every payment older than the deadline is COMPLETED, FAILED or ON_HOLD;
 *  6. payments, transactions and journal entries agree one to one: each payment has one transaction with the same
 *     status; each COMPLETED transaction has its journal entry (same payment), and nothing else has one;
 *  7. refunds: what the COMPLETED refunds of a payment returned is its `refunded_amount`, never above its amount, and
 *     every refund goes from the refunded payment's recipient to its payer in its currency; each COMPLETED refund's
 *     journal entry has exactly two legs, its amount out of the refunder's wallet and into the payer's — or, for a
 *     refund of a checkout paid by card (back to the card), into PSP clearing; and what the PSP's records (the sandbox
 *     PSP's table) show refunded of each card-paid checkout's charge is exactly its COMPLETED refunds.
 *  8. withdrawals: per currency, PAYOUT_CLEARING holds exactly the PAID withdrawals (a returned one went in and came
 *     back out); every PENDING (held) or IN_TRANSIT withdrawal has its ACTIVE hold of the same amount and no other
 *     withdrawal has one; PAID and RETURNED ones have their WITHDRAWAL entry, RETURNED ones their WITHDRAWAL_RETURN,
 *     and nothing else has either; none is left without its hold past the deadline.
 *  9. checkouts: every CAPTURED checkout has its COMPLETED payment of kind CHECKOUT (same id, amount, buyer → merchant)
 *     and exactly one CHECKOUT journal entry with exactly its legs (buyer −captured, merchant +(captured − fee),
 *     FEES +fee), and no other checkout or transaction has one; per currency FEES holds exactly the captured fees;
 *     AUTHORIZED ones have their ACTIVE hold of the authorised amount, VOIDED and EXPIRED ones a released hold; none
 *     is left with an approval or a step under way past the deadline. A checkout paid by card has PSP clearing in the
 *     buyer's place in its legs and no hold in wallets: the PSP's records (the sandbox PSP's table in payments'
 *     database, as a PSP's report would be) show its authorisation approved and open while AUTHORIZED, voided once
 *     VOIDED or EXPIRED, and exactly the captured amount taken once CAPTURED.
 * 10. settlement batches: every batch's gross, fees, refunds and item count are the sums of its items and
 *     net = gross − fees − refunds; each item matches its source (a CAPTURED checkout's captured amount and fee, a
 *     COMPLETED refund's amount, of that account and currency); every CAPTURED checkout and every COMPLETED refund of a
 *     checkout payment whose UTC day is closed is in exactly one batch, of that day, and none is left on a day still
 *     not closed past its close time (day end + the close delay) and the deadline.
 * 11. statements: for a sample of the wallets with postings last month and this month, the statement as the wallets
 *     service builds it (its own SQL) opens at the ledger's balance at the month's start, every line's balance is the
 *     one before plus its amount, its lines are the month's postings, and it closes at the ledger's balance at the
 *     month's end (this month: at the wallet's balance row).
 */
export interface Finding {
  check: string;
  detail: string;
}

export interface ReconciliationReport {
  ok: boolean;
  findings: Finding[];
  summary: Record<string, string | number>;
}

export interface ReconciliationOptions {
  serverUrl: string;
  prefix: string;
  /** Payments younger than this may still be in flight. */
  olderThanSeconds: number;
  /** Payments' SETTLEMENT_CLOSE_DELAY_MS, in seconds (default 900): a day is due to be closed that long after it ends. */
  settlementCloseDelaySeconds?: number;
  /** How many wallets' statements check 11 rebuilds per month (default 200). */
  statementSample?: number;
}

export async function runReconciliation(opts: ReconciliationOptions): Promise<ReconciliationReport> {
  const open = async (name: string) => {
    const client = new pg.Client({ connectionString: databaseUrl(opts.serverUrl, `${opts.prefix}${name}`) });
    await client.connect();
    await client.query('SET default_transaction_read_only = on');
    return client;
  };
  const [wallets, payments, transactions] = await Promise.all([open('wallets'), open('payments'), open('transactions')]);
  const findings: Finding[] = [];
  const add = (check: string, rows: unknown[], describe: (row: any) => string) => {
    for (const row of rows.slice(0, 50)) findings.push({ check, detail: describe(row) });
    if (rows.length > 50) findings.push({ check, detail: `… and ${rows.length - 50} more` });
  };
  try {
    const unbalanced = await wallets.query(
      `SELECT journal_entry_id, currency, sum(amount)::text AS total FROM posting GROUP BY 1, 2 HAVING sum(amount) <> 0`,
    );
    add('journal-balanced', unbalanced.rows, (r) => `journal ${r.journal_entry_id} sums to ${r.total} ${r.currency}`);

    const drift = await wallets.query(
      `SELECT b.account_id, b.balance::text AS balance, coalesce(p.total, 0)::text AS postings
         FROM account_balance b LEFT JOIN (SELECT account_id, sum(amount) AS total FROM posting GROUP BY 1) p USING (account_id)
        WHERE b.balance <> coalesce(p.total, 0)`,
    );
    add('balance-matches-postings', drift.rows, (r) => `account ${r.account_id}: balance ${r.balance}, postings ${r.postings}`);

    const heldDrift = await wallets.query(
      `SELECT b.account_id, b.held::text AS held, coalesce(h.total, 0)::text AS holds
         FROM account_balance b LEFT JOIN (SELECT wallet_id, sum(amount) AS total FROM hold WHERE status = 'ACTIVE' GROUP BY 1) h
           ON h.wallet_id = b.account_id
        WHERE b.kind = 'WALLET' AND b.held <> coalesce(h.total, 0)`,
    );
    add('held-matches-holds', heldDrift.rows, (r) => `wallet ${r.account_id}: held ${r.held}, active holds ${r.holds}`);

    const negative = await wallets.query(
      `SELECT account_id, (balance - held)::text AS available FROM account_balance WHERE kind = 'WALLET' AND balance - held < 0`,
    );
    add('available-not-negative', negative.rows, (r) => `wallet ${r.account_id} available ${r.available}`);

    const byCurrency = await wallets.query(
      `SELECT a.currency,
              coalesce(sum(p.amount) FILTER (WHERE a.kind = 'WALLET'), 0)::text AS wallets,
              (-coalesce(sum(p.amount) FILTER (WHERE a.kind = 'PSP_CLEARING'), 0))::text AS psp_inflow,
              (-coalesce(sum(p.amount) FILTER (WHERE a.kind = 'FX_CLEARING'), 0))::text AS fx_inflow,
              (-coalesce(sum(p.amount) FILTER (WHERE a.kind IN ('FEES', 'SUSPENSE')), 0))::text AS other,
              coalesce(sum(p.amount) FILTER (WHERE a.kind = 'PAYOUT_CLEARING'), 0)::text AS payout_outflow
         FROM posting p JOIN ledger_account a ON a.id = p.account_id GROUP BY a.currency`,
    );
    for (const r of byCurrency.rows) {
      if (BigInt(r.wallets) !== BigInt(r.psp_inflow) + BigInt(r.fx_inflow) + BigInt(r.other) - BigInt(r.payout_outflow)) {
        findings.push({
          check: 'wallets-equal-net-inflow',
          detail: `${r.currency}: wallets hold ${r.wallets}, but PSP brought ${r.psp_inflow}, FX ${r.fx_inflow}, other ${r.other}, payouts took ${r.payout_outflow}`,
        });
      }
    }

    // 7. withdrawals against payout clearing, holds and journal entries.
    const withdrawals = (
      await payments.query(
        `SELECT id, status, amount::text AS amount, currency, transaction_id, hold_id, journal_entry_id, return_journal_entry_id, created_at FROM withdrawal`,
      )
    ).rows as {
      id: string;
      status: string;
      amount: string;
      currency: string;
      transaction_id: string;
      hold_id: string | null;
      journal_entry_id: string | null;
      return_journal_entry_id: string | null;
      created_at: Date;
    }[];
    const paidByCurrency = new Map<string, bigint>();
    for (const w of withdrawals) if (w.status === 'PAID') paidByCurrency.set(w.currency, (paidByCurrency.get(w.currency) ?? 0n) + BigInt(w.amount));
    const clearing = new Map<string, bigint>(byCurrency.rows.map((r: { currency: string; payout_outflow: string }) => [r.currency, BigInt(r.payout_outflow)]));
    for (const currency of new Set([...paidByCurrency.keys(), ...clearing.keys()])) {
      const paid = paidByCurrency.get(currency) ?? 0n;
      const inClearing = clearing.get(currency) ?? 0n;
      if (paid !== inClearing) findings.push({ check: 'payout-clearing-equals-paid', detail: `${currency}: payout clearing holds ${inClearing}, PAID withdrawals sum to ${paid}` });
    }
    const payoutHolds = new Map(
      (
        (await wallets.query(`SELECT transaction_id, id, status, amount::text AS amount FROM hold WHERE transaction_id = ANY($1)`, [
          withdrawals.map((w) => w.transaction_id),
        ])).rows as { transaction_id: string; id: string; status: string; amount: string }[]
      ).map((h) => [h.transaction_id, h]),
    );
    const payoutJournals = new Map<string, { id: string; kind: string }[]>();
    for (const j of (await wallets.query(`SELECT id, transaction_id, kind FROM journal_entry WHERE kind IN ('WITHDRAWAL', 'WITHDRAWAL_RETURN')`)).rows as {
      id: string;
      transaction_id: string;
      kind: string;
    }[]) {
      payoutJournals.set(j.transaction_id, [...(payoutJournals.get(j.transaction_id) ?? []), j]);
    }
    const withdrawalTxIds = new Set(withdrawals.map((w) => w.transaction_id));
    const deadline = Date.now() - opts.olderThanSeconds * 1000;
    for (const w of withdrawals) {
      const hold = payoutHolds.get(w.transaction_id);
      const open = (w.status === 'PENDING' && w.hold_id !== null) || w.status === 'IN_TRANSIT';
      if (open && (!hold || hold.status !== 'ACTIVE' || hold.amount !== w.amount || hold.id !== w.hold_id)) {
        findings.push({ check: 'open-withdrawal-held', detail: `withdrawal ${w.id} is ${w.status} but its hold is ${hold ? `${hold.status} ${hold.amount}` : 'missing'}` });
      }
      if (!open && hold?.status === 'ACTIVE') findings.push({ check: 'open-withdrawal-held', detail: `withdrawal ${w.id} is ${w.status} with an ACTIVE hold ${hold.id}` });
      if (w.status === 'PENDING' && w.hold_id === null && new Date(w.created_at).getTime() < deadline) {
        findings.push({ check: 'withdrawal-held-in-time', detail: `withdrawal ${w.id} has waited for its hold since ${new Date(w.created_at).toISOString()}` });
      }
      const kinds = (payoutJournals.get(w.transaction_id) ?? []).map((j) => j.kind).sort().join(',');
      const expected = w.status === 'PAID' ? 'WITHDRAWAL' : w.status === 'RETURNED' ? 'WITHDRAWAL,WITHDRAWAL_RETURN' : '';
      if (kinds !== expected) findings.push({ check: 'withdrawal-journals', detail: `withdrawal ${w.id} is ${w.status} with journal entries [${kinds}]` });
    }

    const stuck = await payments.query(
      `SELECT id, status, created_at FROM payment
        WHERE status NOT IN ('COMPLETED', 'FAILED', 'ON_HOLD') AND created_at < now() - make_interval(secs => $1)`,
      [opts.olderThanSeconds],
    );
    add('payments-settled', stuck.rows, (r) => `payment ${r.id} is ${r.status} since ${new Date(r.created_at).toISOString()}`);

    const paymentRows = (await payments.query(`SELECT id, kind, status FROM payment`)).rows as { id: string; kind: string; status: string }[];
    const txRows = (await transactions.query(`SELECT id, payment_id, status, journal_entry_id FROM transaction`)).rows as {
      id: string;
      payment_id: string;
      status: string;
      journal_entry_id: string | null;
    }[];
    const journalRows = (await wallets.query(`SELECT id, payment_id, transaction_id, kind FROM journal_entry WHERE kind <> 'ADJUSTMENT'`))
      .rows as { id: string; payment_id: string | null; transaction_id: string | null; kind: string }[];

    const txByPayment = new Map<string, typeof txRows>();
    for (const tx of txRows) txByPayment.set(tx.payment_id, [...(txByPayment.get(tx.payment_id) ?? []), tx]);
    const journalsByTx = new Map<string, typeof journalRows>();
    for (const j of journalRows) if (j.transaction_id) journalsByTx.set(j.transaction_id, [...(journalsByTx.get(j.transaction_id) ?? []), j]);
    const paymentIds = new Set(paymentRows.map((p) => p.id));
    const settled = new Set(stuck.rows.map((r: { id: string }) => r.id));

    for (const payment of paymentRows) {
      const txs = txByPayment.get(payment.id) ?? [];
      if (txs.length !== 1) {
        // A payment just created may not have its transaction yet; one past the deadline must.
        if (txs.length > 1 || settled.has(payment.id) || payment.status !== 'PENDING') {
          findings.push({ check: 'payment-has-one-transaction', detail: `payment ${payment.id} (${payment.status}) has ${txs.length} transactions` });
        }
        continue;
      }
      const tx = txs[0]!;
      const terminal = ['COMPLETED', 'FAILED', 'ON_HOLD'];
      if ((terminal.includes(payment.status) || terminal.includes(tx.status)) && payment.status !== tx.status) {
        findings.push({ check: 'statuses-agree', detail: `payment ${payment.id} is ${payment.status}, transaction ${tx.id} is ${tx.status}` });
      }
      const journals = journalsByTx.get(tx.id) ?? [];
      if (tx.status === 'COMPLETED') {
        if (journals.length !== 1 || journals[0]!.payment_id !== payment.id || journals[0]!.id !== tx.journal_entry_id) {
          findings.push({ check: 'completed-has-one-journal', detail: `transaction ${tx.id} is COMPLETED with ${journals.length} journal entries` });
        }
      } else if (journals.length > 0 && tx.status === 'FAILED') {
        findings.push({ check: 'failed-moved-no-money', detail: `transaction ${tx.id} FAILED but has journal ${journals[0]!.id}` });
      }
    }
    for (const tx of txRows) {
      if (!paymentIds.has(tx.payment_id)) findings.push({ check: 'transaction-has-payment', detail: `transaction ${tx.id} names unknown payment ${tx.payment_id}` });
    }
    const txIds = new Set(txRows.map((t) => t.id));
    for (const j of journalRows) {
      if (j.kind === 'WITHDRAWAL' || j.kind === 'WITHDRAWAL_RETURN') {
        if (!j.transaction_id || !withdrawalTxIds.has(j.transaction_id)) {
          findings.push({ check: 'journal-has-transaction', detail: `journal ${j.id} (${j.kind}) names no known withdrawal` });
        }
        continue;
      }
      if (!j.transaction_id || !txIds.has(j.transaction_id)) {
        findings.push({ check: 'journal-has-transaction', detail: `journal ${j.id} (${j.kind}) names no known transaction` });
      }
    }
    await checkRefunds(payments, wallets, findings);
    const checkouts = await checkCheckouts(payments, wallets, findings, opts.olderThanSeconds);
    const settlementBatches = await checkSettlementBatches(payments, findings, opts.olderThanSeconds + (opts.settlementCloseDelaySeconds ?? 900));
    const statements = await checkStatements(wallets, findings, opts.statementSample ?? 200);
    return {
      ok: findings.length === 0,
      findings,
      summary: {
        payments: paymentRows.length,
        transactions: txRows.length,
        journalEntries: journalRows.length,
        refunds: paymentRows.filter((p) => p.kind === 'REFUND').length,
        withdrawals: withdrawals.length,
        checkouts,
        settlementBatches,
        statements,
        currencies: byCurrency.rows.map((r: { currency: string; wallets: string }) => `${r.currency} ${r.wallets}`).join(', ') || 'none',
      },
    };
  } finally {
    await Promise.all([wallets.end(), payments.end(), transactions.end()]);
  }
}

/** Check 7: refunds against the payments they return and against their journal entries. */
async function checkRefunds(payments: pg.Client, wallets: pg.Client, findings: Finding[]): Promise<void> {
  const totals = await payments.query(
    `SELECT p.id, p.amount::text AS amount, p.refunded_amount::text AS refunded,
            coalesce(sum(r.amount) FILTER (WHERE r.status = 'COMPLETED'), 0)::text AS completed
       FROM payment p LEFT JOIN payment r ON r.refund_of_id = p.id
      WHERE p.refunded_amount > 0 OR r.id IS NOT NULL
      GROUP BY p.id`,
  );
  for (const r of totals.rows as { id: string; amount: string; refunded: string; completed: string }[]) {
    if (BigInt(r.refunded) !== BigInt(r.completed)) {
      findings.push({ check: 'refunded-matches-refunds', detail: `payment ${r.id}: refunded_amount ${r.refunded}, completed refunds ${r.completed}` });
    }
    if (BigInt(r.completed) > BigInt(r.amount)) {
      findings.push({ check: 'refunds-within-payment', detail: `payment ${r.id} of ${r.amount} has ${r.completed} refunded` });
    }
  }
  const shape = await payments.query(
    `SELECT r.id FROM payment r LEFT JOIN payment p ON p.id = r.refund_of_id
      WHERE r.kind = 'REFUND' AND (p.id IS NULL OR r.sender_id <> p.recipient_id OR r.recipient_id <> p.sender_id OR r.currency <> p.currency)`,
  );
  for (const r of shape.rows as { id: string }[]) {
    findings.push({ check: 'refund-reverses-payment', detail: `refund ${r.id} does not go from its payment's recipient back to its payer` });
  }
  const toCards = await payments.query(
    `SELECT c.id, s.refunded_amount::text AS psp_refunded, coalesce(sum(r.amount) FILTER (WHERE r.status = 'COMPLETED'), 0)::text AS completed
       FROM checkout c JOIN sandbox_psp_charge s ON s.reference = c.psp_reference LEFT JOIN payment r ON r.refund_of_id = c.payment_id
      WHERE c.funding_source = 'CARD' AND c.status = 'CAPTURED'
      GROUP BY c.id, s.refunded_amount
     HAVING s.refunded_amount <> coalesce(sum(r.amount) FILTER (WHERE r.status = 'COMPLETED'), 0)`,
  );
  for (const r of toCards.rows as { id: string; psp_refunded: string; completed: string }[]) {
    findings.push({ check: 'card-refunds-match-psp', detail: `checkout ${r.id}: the PSP refunded ${r.psp_refunded} of its charge, its completed refunds sum to ${r.completed}` });
  }
  const completed = (
    await payments.query(
      `SELECT id, sender_id, recipient_id, amount::text AS amount, currency, funding_instrument_id IS NOT NULL AS to_card FROM payment WHERE kind = 'REFUND' AND status = 'COMPLETED'`,
    )
  ).rows as { id: string; sender_id: string; recipient_id: string; amount: string; currency: string; to_card: boolean }[];
  if (completed.length === 0) return;
  const legs = (
    await wallets.query(
      `SELECT j.payment_id, a.owner_id, a.kind, p.currency, p.amount::text AS amount
         FROM journal_entry j JOIN posting p ON p.journal_entry_id = j.id JOIN ledger_account a ON a.id = p.account_id
        WHERE j.payment_id = ANY($1)`,
      [completed.map((r) => r.id)],
    )
  ).rows as { payment_id: string; owner_id: string | null; kind: string; currency: string; amount: string }[];
  const byRefund = new Map<string, typeof legs>();
  for (const leg of legs) byRefund.set(leg.payment_id, [...(byRefund.get(leg.payment_id) ?? []), leg]);
  for (const r of completed) {
    const l = byRefund.get(r.id) ?? [];
    const has = (owner: string, amount: bigint) =>
      l.some((x) => x.kind === 'WALLET' && x.owner_id === owner && x.currency === r.currency && BigInt(x.amount) === amount);
    const back = r.to_card
      ? l.some((x) => x.kind === 'PSP_CLEARING' && x.currency === r.currency && BigInt(x.amount) === BigInt(r.amount))
      : has(r.recipient_id, BigInt(r.amount));
    if (l.length !== 2 || !has(r.sender_id, -BigInt(r.amount)) || !back) {
      findings.push({ check: 'refund-legs-match', detail: `refund ${r.id} of ${r.amount} ${r.currency} has legs ${JSON.stringify(l.map((x) => `${x.owner_id ?? x.kind}:${x.amount}`))}` });
    }
  }
}

/** Check 9: checkouts against their payments, their CHECKOUT entries, the FEES account and their holds. Returns how many checkouts there are. */
async function checkCheckouts(payments: pg.Client, wallets: pg.Client, findings: Finding[], olderThanSeconds: number): Promise<number> {
  const rows = (
    await payments.query(
      `SELECT c.id, c.status, c.capture_mode, c.currency, c.merchant_id, c.buyer_id, c.transaction_id, c.payment_id, c.hold_id, c.funding_source,
              s.outcome AS psp_outcome, s.captured_amount::text AS psp_captured, s.voided_at IS NOT NULL AS psp_voided, s.amount::text AS psp_amount,
              c.authorized_amount::text AS authorized, c.captured_amount::text AS captured, c.fee_amount::text AS fee,
              (coalesce(c.approving_since, c.step_since) < now() - make_interval(secs => $1)) AS stuck,
              p.kind AS p_kind, p.status AS p_status, p.amount::text AS p_amount, p.sender_id AS p_sender, p.recipient_id AS p_recipient, p.currency AS p_currency
         FROM checkout c LEFT JOIN payment p ON p.id = c.payment_id AND c.status = 'CAPTURED'
         LEFT JOIN sandbox_psp_charge s ON s.reference = c.psp_reference AND c.funding_source = 'CARD'`,
      [olderThanSeconds],
    )
  ).rows as {
    id: string; status: string; capture_mode: string; currency: string; merchant_id: string; buyer_id: string | null; transaction_id: string | null;
    funding_source: string | null; psp_outcome: string | null; psp_captured: string | null; psp_voided: boolean | null; psp_amount: string | null;
    payment_id: string | null; hold_id: string | null; authorized: string | null; captured: string | null; fee: string | null; stuck: boolean | null;
    p_kind: string | null; p_status: string | null; p_amount: string | null; p_sender: string | null; p_recipient: string | null; p_currency: string | null;
  }[];
  const orphans = await payments.query(
    `SELECT p.id FROM payment p LEFT JOIN checkout c ON c.payment_id = p.id AND c.status = 'CAPTURED' WHERE p.kind = 'CHECKOUT' AND c.id IS NULL`,
  );
  for (const r of orphans.rows as { id: string }[]) findings.push({ check: 'checkout-payments', detail: `payment ${r.id} of kind CHECKOUT belongs to no captured checkout` });

  const legs = (
    await wallets.query(
      `SELECT j.id, j.transaction_id, a.kind, a.owner_id, p.currency, p.amount::text AS amount
         FROM journal_entry j JOIN posting p ON p.journal_entry_id = j.id JOIN ledger_account a ON a.id = p.account_id
        WHERE j.kind = 'CHECKOUT'`,
    )
  ).rows as { id: string; transaction_id: string; kind: string; owner_id: string | null; currency: string; amount: string }[];
  const byTx = new Map<string, typeof legs>();
  for (const l of legs) byTx.set(l.transaction_id, [...(byTx.get(l.transaction_id) ?? []), l]);
  const holds = new Map(
    (
      (await wallets.query(`SELECT transaction_id, status, amount::text AS amount FROM hold WHERE transaction_id = ANY($1)`, [
        rows.map((c) => c.transaction_id).filter((x) => x !== null),
      ])).rows as { transaction_id: string; status: string; amount: string }[]
    ).map((h) => [h.transaction_id, h]),
  );
  const feesByCurrency = new Map<string, bigint>();
  const captureTxs = new Set<string>();
  for (const c of rows) {
    if (c.stuck) findings.push({ check: 'checkout-settled', detail: `checkout ${c.id} has had a step under way past the deadline` });
    const hold = c.transaction_id ? holds.get(c.transaction_id) : undefined;
    const card = c.funding_source === 'CARD';
    if (card) {
      const psp = `the PSP's ${c.psp_outcome ?? 'missing'} charge (captured ${c.psp_captured ?? 'nothing'}${c.psp_voided ? ', voided' : ''})`;
      if (hold) findings.push({ check: 'checkout-holds', detail: `checkout ${c.id} is paid by card but has a hold in wallets` });
      if (c.status !== 'OPEN' && c.psp_outcome !== 'APPROVED') findings.push({ check: 'checkout-card-psp', detail: `checkout ${c.id} is ${c.status} with ${psp}` });
      else if (c.status === 'AUTHORIZED' && (c.psp_captured !== null || c.psp_voided || c.psp_amount !== c.authorized)) {
        findings.push({ check: 'checkout-card-psp', detail: `checkout ${c.id} is AUTHORIZED for ${c.authorized} with ${psp}` });
      } else if ((c.status === 'VOIDED' || c.status === 'EXPIRED') && (!c.psp_voided || c.psp_captured !== null)) {
        findings.push({ check: 'checkout-card-psp', detail: `checkout ${c.id} is ${c.status} with ${psp}` });
      } else if (c.status === 'CAPTURED' && c.psp_captured !== c.captured) {
        findings.push({ check: 'checkout-card-psp', detail: `checkout ${c.id} captured ${c.captured} with ${psp}` });
      }
    }
    if (!card && c.status === 'AUTHORIZED' && (!hold || hold.status !== 'ACTIVE' || hold.amount !== c.authorized)) {
      findings.push({ check: 'checkout-holds', detail: `checkout ${c.id} is AUTHORIZED but its hold is ${hold ? `${hold.status} ${hold.amount}` : 'missing'}` });
    }
    if (!card && (c.status === 'VOIDED' || c.status === 'EXPIRED') && hold?.status !== 'RELEASED') {
      findings.push({ check: 'checkout-holds', detail: `checkout ${c.id} is ${c.status} but its hold is ${hold?.status ?? 'missing'}` });
    }
    if (c.status !== 'CAPTURED') continue;
    captureTxs.add(c.transaction_id!);
    const captured = BigInt(c.captured!);
    const fee = BigInt(c.fee!);
    feesByCurrency.set(c.currency, (feesByCurrency.get(c.currency) ?? 0n) + fee);
    if (!card && c.capture_mode === 'MANUAL' && hold?.status !== 'CAPTURED') findings.push({ check: 'checkout-holds', detail: `checkout ${c.id} is CAPTURED but its hold is ${hold?.status ?? 'missing'}` });
    if (c.p_kind !== 'CHECKOUT' || c.p_status !== 'COMPLETED' || c.p_amount !== c.captured || c.p_sender !== c.buyer_id || c.p_recipient !== c.merchant_id || c.p_currency !== c.currency) {
      findings.push({ check: 'checkout-payments', detail: `checkout ${c.id} is CAPTURED but its payment ${c.payment_id} is ${c.p_kind ?? 'missing'} ${c.p_status ?? ''} ${c.p_amount ?? ''}` });
    }
    const l = byTx.get(c.transaction_id!) ?? [];
    const expected = [
      card ? `PSP_CLEARING:null:${-captured}` : `WALLET:${c.buyer_id}:${-captured}`,
      ...(captured - fee > 0n ? [`WALLET:${c.merchant_id}:${captured - fee}`] : []),
      ...(fee > 0n ? [`FEES:null:${fee}`] : []),
    ].sort();
    const actual = l.filter((x) => x.currency === c.currency).map((x) => `${x.kind}:${x.owner_id}:${x.amount}`).sort();
    if (new Set(l.map((x) => x.id)).size !== 1 || l.length !== actual.length || JSON.stringify(actual) !== JSON.stringify(expected)) {
      findings.push({ check: 'checkout-legs-match', detail: `checkout ${c.id} (${captured} − fee ${fee}) has legs ${JSON.stringify(actual)}` });
    }
  }
  for (const tx of byTx.keys()) {
    if (!captureTxs.has(tx)) findings.push({ check: 'checkout-legs-match', detail: `CHECKOUT entry of transaction ${tx} belongs to no captured checkout` });
  }
  const feesHeld = (await wallets.query(`SELECT currency, balance::text AS balance FROM account_balance WHERE kind = 'FEES'`)).rows as { currency: string; balance: string }[];
  for (const currency of new Set([...feesByCurrency.keys(), ...feesHeld.map((f) => f.currency)])) {
    const held = BigInt(feesHeld.find((f) => f.currency === currency)?.balance ?? '0');
    const taken = feesByCurrency.get(currency) ?? 0n;
    if (held !== taken) findings.push({ check: 'fees-equal-checkout-fees', detail: `${currency}: FEES holds ${held}, captured checkouts' fees sum to ${taken}` });
  }
  return rows.length;
}

/** Check 10: settlement batches against their items, and the items against the captures and refunds of closed days. Returns how many batches there are. */
async function checkSettlementBatches(payments: pg.Client, findings: Finding[], dueAfterSeconds: number): Promise<number> {
  const batches = await payments.query(
    `SELECT b.id, b.gross::text, b.fees::text, b.refunds::text, b.net::text, b.item_count,
            coalesce(sum(i.amount) FILTER (WHERE i.kind = 'CAPTURE'), 0)::text AS i_gross,
            coalesce(sum(i.fee) FILTER (WHERE i.kind = 'CAPTURE'), 0)::text AS i_fees,
            coalesce(sum(i.amount) FILTER (WHERE i.kind = 'REFUND'), 0)::text AS i_refunds,
            count(i.id)::int AS i_count
       FROM settlement_batch b LEFT JOIN settlement_item i ON i.batch_id = b.id
      GROUP BY b.id`,
  );
  for (const b of batches.rows as Record<string, string | number>[]) {
    const [gross, fees, refunds, net] = [b.gross, b.fees, b.refunds, b.net].map((v) => BigInt(v!));
    if (net !== gross! - fees! - refunds!) findings.push({ check: 'settlement-net', detail: `batch ${b.id}: net ${net} is not ${gross} − ${fees} − ${refunds}` });
    if (b.gross !== b.i_gross || b.fees !== b.i_fees || b.refunds !== b.i_refunds || b.item_count !== b.i_count) {
      findings.push({
        check: 'settlement-batch-equals-items',
        detail: `batch ${b.id}: gross ${b.gross} fees ${b.fees} refunds ${b.refunds} (${b.item_count} items), its items sum to ${b.i_gross} ${b.i_fees} ${b.i_refunds} (${b.i_count})`,
      });
    }
  }
  const mismatched = await payments.query(
    `SELECT i.id, i.kind, i.source_id FROM settlement_item i JOIN settlement_batch b ON b.id = i.batch_id
       LEFT JOIN checkout c ON i.kind = 'CAPTURE' AND c.id = i.source_id
       LEFT JOIN payment r ON i.kind = 'REFUND' AND r.id = i.source_id
       LEFT JOIN checkout rc ON rc.payment_id = r.refund_of_id
      WHERE NOT coalesce(
              CASE i.kind
                WHEN 'CAPTURE' THEN c.status = 'CAPTURED' AND c.captured_amount = i.amount AND c.fee_amount = i.fee AND c.payment_id = i.payment_id
                                    AND c.merchant_account_id = b.merchant_account_id AND c.currency = b.currency
                                    AND (c.closed_at AT TIME ZONE 'UTC')::date = b.business_date
                ELSE r.kind = 'REFUND' AND r.status = 'COMPLETED' AND r.amount = i.amount AND i.fee = 0 AND r.refund_of_id = i.payment_id
                     AND rc.merchant_account_id = b.merchant_account_id AND rc.currency = b.currency
                     AND (r.updated_at AT TIME ZONE 'UTC')::date = b.business_date
              END, false)`,
  );
  for (const r of mismatched.rows as { id: string; kind: string; source_id: string }[]) {
    findings.push({ check: 'settlement-item-matches-source', detail: `item ${r.id} (${r.kind} ${r.source_id}) does not match its source` });
  }
  const missing = await payments.query(
    `SELECT s.source_id, s.day::text FROM (
         SELECT c.id AS source_id, (c.closed_at AT TIME ZONE 'UTC')::date AS day FROM checkout c WHERE c.status = 'CAPTURED'
         UNION ALL
         SELECT r.id, (r.updated_at AT TIME ZONE 'UTC')::date FROM payment r JOIN checkout c ON c.payment_id = r.refund_of_id
          WHERE r.kind = 'REFUND' AND r.status = 'COMPLETED'
       ) s
       JOIN settlement_day d ON d.business_date = s.day
      WHERE NOT EXISTS (SELECT 1 FROM settlement_item i WHERE i.source_id = s.source_id)`,
  );
  for (const r of missing.rows as { source_id: string; day: string }[]) {
    findings.push({ check: 'settlement-closed-day-complete', detail: `${r.source_id} of closed day ${r.day} is in no settlement batch` });
  }
  const unclosed = await payments.query(
    `SELECT s.day::text, count(*)::int AS items FROM (
         SELECT (c.closed_at AT TIME ZONE 'UTC')::date AS day FROM checkout c WHERE c.status = 'CAPTURED'
         UNION ALL
         SELECT (r.updated_at AT TIME ZONE 'UTC')::date FROM payment r JOIN checkout c ON c.payment_id = r.refund_of_id
          WHERE r.kind = 'REFUND' AND r.status = 'COMPLETED'
       ) s
      WHERE (s.day + 1)::timestamp AT TIME ZONE 'UTC' < now() - make_interval(secs => $1)
        AND NOT EXISTS (SELECT 1 FROM settlement_day d WHERE d.business_date = s.day)
      GROUP BY s.day ORDER BY s.day`,
    [dueAfterSeconds],
  );
  for (const r of unclosed.rows as { day: string; items: number }[]) {
    findings.push({ check: 'settlement-day-closed', detail: `day ${r.day} is past its close time with ${r.items} captures and refunds, but not closed` });
  }
  return batches.rows.length;
}

/** The `em.execute` the statement SQL is written for, on a plain pg client (positional `?`, bigint as text). */
function executorOn(client: pg.Client): EntityManager {
  const execute = async (sql: string, params: unknown[] = []) => {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    return (await client.query(text, params.map((v) => (typeof v === 'bigint' ? v.toString() : v)))).rows;
  };
  return { execute } as unknown as EntityManager;
}

/** Check 11: statements rebuilt by the wallets' statement SQL against the ledger. Returns how many were checked. */
async function checkStatements(wallets: pg.Client, findings: Finding[], sample: number): Promise<number> {
  const now = new Date();
  const repository = new StatementRepository();
  const em = executorOn(wallets);
  let checked = 0;
  for (const month of [previousMonth(now), monthOf(now)]) {
    const period = statementPeriod(month, now);
    const rows = (
      await wallets.query(
        `SELECT p.account_id, count(*)::int AS lines,
                (SELECT coalesce(sum(q.amount), 0) FROM posting q WHERE q.account_id = p.account_id AND q.created_at <= $1)::text AS at_start,
                (SELECT coalesce(sum(q.amount), 0) FROM posting q WHERE q.account_id = p.account_id AND q.created_at <= $2)::text AS at_end,
                b.balance::text AS balance,
                EXISTS (SELECT 1 FROM posting q WHERE q.account_id = p.account_id AND q.created_at > $2) AS later
           FROM posting p JOIN ledger_account a ON a.id = p.account_id AND a.kind = 'WALLET' JOIN account_balance b ON b.account_id = p.account_id
          WHERE p.created_at > $1 AND p.created_at <= $2
          GROUP BY p.account_id, b.balance ORDER BY p.account_id LIMIT $3`,
        [period.start, period.end, sample],
      )
    ).rows as { account_id: string; lines: number; at_start: string; at_end: string; balance: string; later: boolean }[];
    for (const w of rows) {
      checked++;
      const problem = (detail: string) => findings.push({ check: 'statement-closing-equals-ledger', detail: `wallet ${w.account_id} ${month}: ${detail}` });
      const totals = await repository.totals(em, w.account_id, period.start, period.end);
      const closing = totals.opening + totals.credits - totals.debits;
      if (totals.opening !== BigInt(w.at_start)) problem(`opens at ${totals.opening}, the ledger had ${w.at_start} at ${period.start.toISOString()}`);
      if (closing !== BigInt(w.at_end)) problem(`closes at ${closing}, the ledger has ${w.at_end} at ${period.end.toISOString()}`);
      // The current month ends now; a wallet posted to since then (a live system) is compared at the month's end only.
      if (period.current && !w.later && closing !== BigInt(w.balance)) problem(`closes at ${closing}, the wallet's balance is ${w.balance}`);
      let balance = totals.opening;
      let count = 0;
      let afterId: string | null = null;
      for (;;) {
        const page = await repository.lines(em, w.account_id, period, totals.opening, { afterId, limit: 1000 });
        for (const line of page) {
          balance += line.amount;
          count++;
          if (line.balanceAfter !== balance) problem(`line of posting ${line.postingId} shows ${line.balanceAfter}, the running balance is ${balance}`);
        }
        if (page.length < 1000) break;
        afterId = page.at(-1)!.postingId;
      }
      if (count !== w.lines) problem(`${count} lines for ${w.lines} postings`);
      if (balance !== closing) problem(`lines end at ${balance}, the statement closes at ${closing}`);
    }
  }
  return checked;
}

export function formatReport(report: ReconciliationReport): string {
  const head = `reconciliation ${report.ok ? 'green' : 'RED'}: ${Object.entries(report.summary).map(([k, v]) => `${k} ${v}`).join('; ')}`;
  return [head, ...report.findings.map((f) => `  ✗ [${f.check}] ${f.detail}`)].join('\n');
}
