import type { JournalKind } from '../entities/journal-entry.entity.js';

/**
 * The double-entry rules, without I/O: what a journal entry is, when it is valid, what it does to balance rows, and
 * the postings of each kind of movement. The repository writes what these functions decide.
 */

export interface PostingInput {
  accountId: string;
  /** Minor units: positive into the account, negative out of it. Never zero. */
  amount: bigint;
  currency: string;
}

export interface JournalInput {
  kind: JournalKind;
  transactionId?: string | null;
  paymentId?: string | null;
  fx?: { quoteId: string; rate: string; midRate: string; spreadBps: number } | null;
  externalReference?: string | null;
  postings: PostingInput[];
  /** Holds this entry settles: the amount leaves the account's `held` as it leaves its `balance`. */
  releaseHeld?: { accountId: string; amount: bigint }[];
}

export interface BalanceDelta {
  balance: bigint;
  held: bigint;
}

/** The code's own check of the double-entry rule (the database checks it again at commit). */
export function validateJournal(journal: JournalInput): void {
  if (journal.postings.length < 2) throw new Error('A journal entry needs at least two postings');
  const sums = new Map<string, bigint>();
  for (const p of journal.postings) {
    if (p.amount === 0n) throw new Error(`Zero posting to ${p.accountId}`);
    sums.set(p.currency, (sums.get(p.currency) ?? 0n) + p.amount);
  }
  for (const [currency, sum] of sums) {
    if (sum !== 0n) throw new Error(`Journal entry does not balance in ${currency}: postings sum to ${sum}`);
  }
  for (const r of journal.releaseHeld ?? []) if (r.amount <= 0n) throw new Error('A released hold amount must be positive');
}

/** Every account the entry touches (postings and settled holds), once each. */
export function journalAccounts(journal: JournalInput): string[] {
  return [...new Set([...journal.postings.map((p) => p.accountId), ...(journal.releaseHeld ?? []).map((r) => r.accountId)])];
}

/** What the entry does to each balance row: postings move `balance`, settled holds leave `held`. */
export function journalDeltas(journal: JournalInput): Map<string, BalanceDelta> {
  const deltas = new Map<string, BalanceDelta>();
  const delta = (accountId: string) => {
    let d = deltas.get(accountId);
    if (!d) deltas.set(accountId, (d = { balance: 0n, held: 0n }));
    return d;
  };
  for (const p of journal.postings) delta(p.accountId).balance += p.amount;
  for (const r of journal.releaseHeld ?? []) delta(r.accountId).held -= r.amount;
  return deltas;
}

/** A payment between two wallets of one currency. */
export function transferPostings(fromWallet: string, toWallet: string, amount: bigint, currency: string): PostingInput[] {
  return [
    { accountId: fromWallet, amount: -amount, currency },
    { accountId: toWallet, amount, currency },
  ];
}

/** A card charge arriving: PSP clearing pays the wallet. */
export function creditPostings(pspClearing: string, wallet: string, amount: bigint, currency: string): PostingInput[] {
  return transferPostings(pspClearing, wallet, amount, currency);
}

/** A command's amount, which must be a positive integer of minor units. */
export function positiveMinor(minor: string): bigint {
  const amount = BigInt(minor);
  if (amount <= 0n) throw new Error(`Amount must be positive, got ${minor}`);
  return amount;
}

/**
 * A merchant checkout's capture: the buyer pays the gross amount, the merchant receives it less the fee, the FEES
 * account the fee. A zero leg (no fee; a fee that takes all of it) is left out: postings are never zero.
 */
export function checkoutPostings(buyerWallet: string, merchantWallet: string, fees: string, gross: bigint, fee: bigint, currency: string): PostingInput[] {
  if (gross <= 0n) throw new Error(`A checkout's amount must be positive, got ${gross}`);
  if (fee < 0n || fee > gross) throw new Error(`A checkout's fee must be between 0 and its amount, got ${fee} of ${gross}`);
  return [
    { accountId: buyerWallet, amount: -gross, currency },
    ...(gross - fee > 0n ? [{ accountId: merchantWallet, amount: gross - fee, currency }] : []),
    ...(fee > 0n ? [{ accountId: fees, amount: fee, currency }] : []),
  ];
}
