import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { failpoint } from '@paygraph/platform/failpoints';
import { newId } from '@paygraph/platform/ids';
import { checkoutPostings, positiveMinor, transferPostings } from '../../domain/journal.js';
import { CheckoutCommandRepository, type CheckoutCommandRow } from '../../repositories/checkout-command.repository.js';
import type { Books } from './books.js';

/**
 * A merchant checkout's ledger steps, each one internal command of payments in its own database transaction and
 * idempotent on the checkout attempt's transaction id:
 * - pay (capture mode AUTOMATIC): buyer → merchant and fee at once, one CHECKOUT entry, or a refusal;
 * - authorize (MANUAL): a hold of the amount in the buyer's wallet, or a refusal (both answers kept in checkout_command);
 * - capture: the hold becomes one CHECKOUT entry of the captured amount (at most the hold's); all of the hold leaves
 *   `held`, so a partial capture releases the rest in the same entry;
 * - release (void, expiry): the hold ends and nothing moves.
 * The CHECKOUT entry: buyer −gross, merchant +(gross − fee), FEES +fee (domain/journal.ts checkoutPostings). The
 * merchant's wallet in the currency is opened on the first capture if needed. A checkout hold does not expire in
 * wallets: payments' checkout worker releases it when the authorisation expires (it owns that deadline).
 *
 * A checkout paid by card has no hold here: the PSP holds and takes the money, and once it took it
 * - cardCapture: one CHECKOUT entry of the captured amount, PSP clearing −gross, merchant +net, FEES +fee;
 * - cardRefund (a refund of that payment to the card): one CHECKOUT_REFUND entry, merchant −amount, PSP clearing
 *   +amount, or a refusal (INSUFFICIENT_FUNDS, WALLET_NOT_FOUND), the first answer kept in checkout_command.
 */
export interface CheckoutMoney {
  minor: string;
  currency: string;
}

export interface CheckoutPayCommand {
  transactionId: string;
  paymentId: string;
  checkoutId: string;
  buyerId: string;
  merchantId: string;
  amount: CheckoutMoney;
  /** Minor units of amount.currency, 0 ≤ fee ≤ amount. */
  fee: string;
}

export interface CheckoutAuthorizeCommand {
  transactionId: string;
  checkoutId: string;
  buyerId: string;
  amount: CheckoutMoney;
}

export interface CheckoutCaptureCommand {
  transactionId: string;
  paymentId: string;
  checkoutId: string;
  holdId: string;
  merchantId: string;
  amount: CheckoutMoney;
  fee: string;
}

export interface CheckoutReleaseCommand {
  transactionId: string;
  checkoutId: string;
  holdId: string;
  reason: string;
}

export interface CheckoutCardCaptureCommand {
  transactionId: string;
  paymentId: string;
  checkoutId: string;
  merchantId: string;
  amount: CheckoutMoney;
  fee: string;
  /** The PSP's charge or capture that took the money from the card. */
  pspReference: string;
}

export interface CheckoutCardRefundCommand {
  /** The refund's own transaction and payment. */
  transactionId: string;
  paymentId: string;
  checkoutId: string;
  merchantId: string;
  amount: CheckoutMoney;
}

export type CheckoutCardCaptureResult = { status: 'CAPTURED'; journalEntryId: string; merchantWalletId: string; repeated: boolean };

export type CheckoutCardRefundResult =
  | { status: 'REFUNDED'; journalEntryId: string; merchantWalletId: string; repeated: boolean }
  | { status: 'INSUFFICIENT_FUNDS'; available: bigint | null; merchantWalletId: string | null; repeated: boolean }
  | { status: 'WALLET_NOT_FOUND'; repeated: boolean };

export type CheckoutApprovalResult =
  | { status: 'PAID'; journalEntryId: string; buyerWalletId: string; merchantWalletId: string; repeated: boolean }
  | { status: 'AUTHORIZED'; holdId: string; buyerWalletId: string; repeated: boolean }
  | { status: 'INSUFFICIENT_FUNDS'; available: bigint | null; buyerWalletId: string | null; repeated: boolean }
  | { status: 'WALLET_NOT_FOUND'; repeated: boolean };

export type CheckoutStepResult =
  | { status: 'CAPTURED'; journalEntryId: string; buyerWalletId: string; merchantWalletId: string; repeated: boolean }
  | { status: 'RELEASED'; repeated: boolean }
  | { status: 'HOLD_NOT_ACTIVE' };

const NEVER = new Date('9999-12-31T00:00:00.000Z');
const commands = new CheckoutCommandRepository();

function answerOf(row: CheckoutCommandRow, repeated: boolean): CheckoutApprovalResult {
  switch (row.status) {
    case 'PAID':
      return { status: 'PAID', journalEntryId: row.journalEntryId!, buyerWalletId: row.buyerWalletId!, merchantWalletId: row.merchantWalletId!, repeated };
    case 'AUTHORIZED':
      return { status: 'AUTHORIZED', holdId: row.holdId!, buyerWalletId: row.buyerWalletId!, repeated };
    case 'INSUFFICIENT_FUNDS':
      return { status: 'INSUFFICIENT_FUNDS', available: row.available, buyerWalletId: row.buyerWalletId, repeated };
    case 'WALLET_NOT_FOUND':
      return { status: 'WALLET_NOT_FOUND', repeated };
    case 'REFUNDED':
    case 'STARTED':
      throw new Error(`checkout approval ${row.status} without an approval's outcome`);
  }
}

const rowOf = (a: CheckoutApprovalResult): CheckoutCommandRow & { status: Exclude<CheckoutCommandRow['status'], 'STARTED'> } => ({
  status: a.status,
  journalEntryId: a.status === 'PAID' ? a.journalEntryId : null,
  holdId: a.status === 'AUTHORIZED' ? a.holdId : null,
  buyerWalletId: a.status === 'WALLET_NOT_FOUND' ? null : a.buyerWalletId,
  merchantWalletId: a.status === 'PAID' ? a.merchantWalletId : null,
  available: a.status === 'INSUFFICIENT_FUNDS' ? a.available : null,
});

/** The first call of a transaction decides under the claim; any repeat reads the first answer. */
async function claimed(
  books: Books,
  orm: MikroORM,
  transactionId: string,
  checkoutId: string,
  decide: (em: EntityManager, at: Date) => Promise<CheckoutApprovalResult>,
): Promise<CheckoutApprovalResult> {
  return inTransaction(orm, async (em) => {
    const at = books.clock();
    if (!(await commands.claim(em, transactionId, checkoutId, at))) {
      const first = await commands.outcome(em, transactionId);
      if (!first) throw new Error(`checkout command ${transactionId} neither claimed nor found`);
      return answerOf(first, true);
    }
    const answer = await decide(em, at);
    await commands.record(em, transactionId, rowOf(answer));
    failpoint('wallets.checkout.before-commit');
    return answer;
  });
}

function amounts(amount: CheckoutMoney, feeMinor: string): { gross: bigint; fee: bigint } {
  const gross = positiveMinor(amount.minor);
  const fee = BigInt(feeMinor);
  if (fee < 0n || fee > gross) throw new Error(`fee ${feeMinor} is outside 0..${gross}`);
  return { gross, fee };
}

export async function payCheckout(books: Books, orm: MikroORM, cmd: CheckoutPayCommand): Promise<CheckoutApprovalResult> {
  const { gross, fee } = amounts(cmd.amount, cmd.fee);
  const { currency } = cmd.amount;
  if (cmd.buyerId === cmd.merchantId) throw new Error('a checkout cannot be paid by its merchant');
  const result = await claimed(books, orm, cmd.transactionId, cmd.checkoutId, async (em) => {
    const found = await books.repo.walletsOf(em, currency, [cmd.buyerId, cmd.merchantId]);
    const buyerWallet = found.find((w) => w.ownerId === cmd.buyerId)?.id;
    if (!buyerWallet) return { status: 'WALLET_NOT_FOUND', repeated: false };
    const merchantWallet = found.find((w) => w.ownerId === cmd.merchantId)?.id ?? (await books.wallets.ensureWallet(em, cmd.merchantId, currency)).id;
    const fees = books.systemAccountId('FEES', currency);
    const locked = await books.repo.lock(em, [buyerWallet, merchantWallet, fees]);
    const buyer = locked.get(buyerWallet)!;
    if (buyer.balance - buyer.held < gross) {
      return { status: 'INSUFFICIENT_FUNDS', available: buyer.balance - buyer.held, buyerWalletId: buyerWallet, repeated: false };
    }
    const posted = await books.post(
      em,
      { kind: 'CHECKOUT', transactionId: cmd.transactionId, paymentId: cmd.paymentId, postings: checkoutPostings(buyerWallet, merchantWallet, fees, gross, fee, currency) },
      locked,
    );
    if (!posted.posted) throw new Error(`transaction ${cmd.transactionId} already has a CHECKOUT entry but no command`);
    return { status: 'PAID', journalEntryId: posted.journalEntryId, buyerWalletId: buyerWallet, merchantWalletId: merchantWallet, repeated: false };
  });
  // Crash tests: the payment committed, its answer not yet sent.
  if (!result.repeated) failpoint('wallets.checkout.after-commit');
  return result;
}

export async function authorizeCheckout(books: Books, orm: MikroORM, cmd: CheckoutAuthorizeCommand): Promise<CheckoutApprovalResult> {
  const amount = positiveMinor(cmd.amount.minor);
  const { currency } = cmd.amount;
  return claimed(books, orm, cmd.transactionId, cmd.checkoutId, async (em, at) => {
    const wallet = await books.repo.lockWalletOf(em, cmd.buyerId, currency);
    if (!wallet) return { status: 'WALLET_NOT_FOUND', repeated: false };
    if (wallet.balance - wallet.held < amount) {
      return { status: 'INSUFFICIENT_FUNDS', available: wallet.balance - wallet.held, buyerWalletId: wallet.accountId, repeated: false };
    }
    const holdId = newId('hld');
    await books.repo.insertActiveHold(
      em,
      { id: holdId, walletId: wallet.accountId, amount, currency, transactionId: cmd.transactionId, paymentId: cmd.checkoutId, expiresAt: NEVER },
      at,
    );
    books.events.balancesChanged(em, await books.repo.applyDeltas(em, new Map([[wallet.accountId, { balance: 0n, held: amount }]]), at), at);
    return { status: 'AUTHORIZED', holdId, buyerWalletId: wallet.accountId, repeated: false };
  });
}

export async function captureCheckout(books: Books, orm: MikroORM, cmd: CheckoutCaptureCommand): Promise<CheckoutStepResult> {
  const { gross, fee } = amounts(cmd.amount, cmd.fee);
  const result = await inTransaction(orm, async (em): Promise<CheckoutStepResult> => {
    const at = books.clock();
    // The hold's row lock serialises a capture with a release (void, expiry) of the same authorisation.
    const hold = await books.repo.lockHold(em, cmd.holdId, at);
    if (!hold || hold.transactionId !== cmd.transactionId) throw new Error(`hold ${cmd.holdId} is not checkout ${cmd.checkoutId}'s`);
    const merchantWalletId = async () =>
      (await books.repo.walletsOf(em, hold.currency, [cmd.merchantId]))[0]?.id ?? (await books.wallets.ensureWallet(em, cmd.merchantId, hold.currency)).id;
    if (hold.status === 'CAPTURED') {
      return { status: 'CAPTURED', journalEntryId: hold.journalEntryId!, buyerWalletId: hold.walletId, merchantWalletId: await merchantWalletId(), repeated: true };
    }
    if (hold.status !== 'ACTIVE') return { status: 'HOLD_NOT_ACTIVE' };
    if (cmd.amount.currency !== hold.currency || gross > hold.amount) throw new Error(`capture of ${gross} ${cmd.amount.currency} exceeds hold ${hold.id}`);
    const merchantWallet = await merchantWalletId();
    const fees = books.systemAccountId('FEES', hold.currency);
    const posted = await books.post(em, {
      kind: 'CHECKOUT',
      transactionId: cmd.transactionId,
      paymentId: cmd.paymentId,
      postings: checkoutPostings(hold.walletId, merchantWallet, fees, gross, fee, hold.currency),
      // All of the hold leaves `held`: what is not captured is released by the same entry.
      releaseHeld: [{ accountId: hold.walletId, amount: hold.amount }],
    });
    if (!posted.posted) throw new Error(`hold ${hold.id} is active but ${cmd.transactionId} already has a CHECKOUT entry`);
    await books.repo.markHoldCaptured(em, hold.id, posted.journalEntryId, at);
    failpoint('wallets.checkout-capture.before-commit');
    return { status: 'CAPTURED', journalEntryId: posted.journalEntryId, buyerWalletId: hold.walletId, merchantWalletId: merchantWallet, repeated: false };
  });
  if (result.status === 'CAPTURED' && !result.repeated) failpoint('wallets.checkout-capture.after-commit');
  return result;
}

export async function releaseCheckout(books: Books, orm: MikroORM, cmd: CheckoutReleaseCommand): Promise<CheckoutStepResult> {
  return inTransaction(orm, async (em): Promise<CheckoutStepResult> => {
    const at = books.clock();
    const hold = await books.repo.lockHold(em, cmd.holdId, at);
    if (!hold || hold.transactionId !== cmd.transactionId) throw new Error(`hold ${cmd.holdId} is not checkout ${cmd.checkoutId}'s`);
    if (hold.status === 'RELEASED' || hold.status === 'EXPIRED') return { status: 'RELEASED', repeated: true };
    if (hold.status !== 'ACTIVE') return { status: 'HOLD_NOT_ACTIVE' };
    await books.endHold(em, hold, 'RELEASED', cmd.reason, at);
    return { status: 'RELEASED', repeated: false };
  });
}

/** A card-paid checkout's capture (the PSP took the money): PSP clearing pays the merchant and the fee. */
export async function captureCardCheckout(books: Books, orm: MikroORM, cmd: CheckoutCardCaptureCommand): Promise<CheckoutCardCaptureResult> {
  const { gross, fee } = amounts(cmd.amount, cmd.fee);
  const { currency } = cmd.amount;
  const result = await inTransaction(orm, async (em): Promise<CheckoutCardCaptureResult> => {
    const merchantWallet = (await books.repo.walletsOf(em, currency, [cmd.merchantId]))[0]?.id ?? (await books.wallets.ensureWallet(em, cmd.merchantId, currency)).id;
    const clearing = books.systemAccountId('PSP_CLEARING', currency);
    const fees = books.systemAccountId('FEES', currency);
    // One CHECKOUT entry per transaction (the journal's unique key): a repeat, concurrent or later, gets the first one.
    const posted = await books.post(em, {
      kind: 'CHECKOUT',
      transactionId: cmd.transactionId,
      paymentId: cmd.paymentId,
      externalReference: cmd.pspReference,
      postings: checkoutPostings(clearing, merchantWallet, fees, gross, fee, currency),
    });
    if (posted.posted) failpoint('wallets.checkout-card.before-commit');
    return { status: 'CAPTURED', journalEntryId: posted.journalEntryId, merchantWalletId: merchantWallet, repeated: !posted.posted };
  });
  if (!result.repeated) failpoint('wallets.checkout-card.after-commit');
  return result;
}

/** A refund of a card-paid checkout: out of the merchant's wallet into PSP clearing, or refused; the first answer kept. */
export async function refundCardCheckout(books: Books, orm: MikroORM, cmd: CheckoutCardRefundCommand): Promise<CheckoutCardRefundResult> {
  const amount = positiveMinor(cmd.amount.minor);
  const { currency } = cmd.amount;
  const result = await inTransaction(orm, async (em): Promise<CheckoutCardRefundResult> => {
    const at = books.clock();
    if (!(await commands.claim(em, cmd.transactionId, cmd.checkoutId, at))) {
      const first = await commands.outcome(em, cmd.transactionId);
      if (first?.status === 'REFUNDED') return { status: 'REFUNDED', journalEntryId: first.journalEntryId!, merchantWalletId: first.merchantWalletId!, repeated: true };
      if (first?.status === 'INSUFFICIENT_FUNDS') return { status: 'INSUFFICIENT_FUNDS', available: first.available, merchantWalletId: first.merchantWalletId, repeated: true };
      if (first?.status === 'WALLET_NOT_FOUND') return { status: 'WALLET_NOT_FOUND', repeated: true };
      throw new Error(`checkout refund ${cmd.transactionId} claimed without a refund's outcome (${first?.status ?? 'none'})`);
    }
    const wallet = (await books.repo.walletsOf(em, currency, [cmd.merchantId]))[0]?.id;
    let answer: CheckoutCardRefundResult;
    if (!wallet) answer = { status: 'WALLET_NOT_FOUND', repeated: false };
    else {
      const clearing = books.systemAccountId('PSP_CLEARING', currency);
      const locked = await books.repo.lock(em, [wallet, clearing]);
      const row = locked.get(wallet)!;
      if (row.balance - row.held < amount) answer = { status: 'INSUFFICIENT_FUNDS', available: row.balance - row.held, merchantWalletId: wallet, repeated: false };
      else {
        const posted = await books.post(
          em,
          { kind: 'CHECKOUT_REFUND', transactionId: cmd.transactionId, paymentId: cmd.paymentId, postings: transferPostings(wallet, clearing, amount, currency) },
          locked,
        );
        if (!posted.posted) throw new Error(`transaction ${cmd.transactionId} already has a CHECKOUT_REFUND entry but no command`);
        answer = { status: 'REFUNDED', journalEntryId: posted.journalEntryId, merchantWalletId: wallet, repeated: false };
      }
    }
    await commands.record(em, cmd.transactionId, {
      status: answer.status,
      journalEntryId: answer.status === 'REFUNDED' ? answer.journalEntryId : null,
      holdId: null,
      buyerWalletId: null,
      merchantWalletId: answer.status === 'WALLET_NOT_FOUND' ? null : answer.merchantWalletId,
      available: answer.status === 'INSUFFICIENT_FUNDS' ? answer.available : null,
    });
    failpoint('wallets.checkout-refund.before-commit');
    return answer;
  });
  if (!result.repeated) failpoint('wallets.checkout-refund.after-commit');
  return result;
}
