import { failpoint } from '@paygraph/platform/failpoints';
import type { CheckoutPeers } from '../adapters/checkout-peers.js';
import type { CardAcquirer } from '../adapters/psp.js';
import { checkoutFee } from '../domain/checkout.js';
import type { Checkout } from '../entities/checkout.entity.js';

export interface WalletRef {
  walletId: string;
  ownerId: string;
}

/** What an approval under way ended with, whatever paid it. */
export type ApprovalAnswer =
  | { status: 'PAID'; journalEntryId: string; pspReference: string | null; wallets: WalletRef[] }
  | { status: 'AUTHORIZED'; holdId: string | null; pspReference: string | null; wallets: WalletRef[] }
  | { status: 'REFUSED'; code: 'INSUFFICIENT_FUNDS' | 'WALLET_NOT_FOUND' | 'CARD_DECLINED' };

/** What a capture, void or expiry under way ended with. */
export type StepAnswer =
  | { status: 'CAPTURED'; journalEntryId: string; wallets: WalletRef[] }
  | { status: 'RELEASED' }
  /** The hold or authorisation ended some other way than this step: never expected (every step marks the row first). */
  | { status: 'NOT_POSSIBLE'; detail: string };

/**
 * Step 2 of a checkout's approval, capture, void or expiry: the calls that move (or hold, or release) the money, by the
 * funding source the approval chose. Every call is idempotent on the approval's transaction id, so a repeat after a
 * crash or a lost answer gets the first answer:
 * - WALLET: wallets' checkout commands (a hold in the buyer's wallet, one CHECKOUT entry);
 * - CARD: the PSP first (charge or authorise under the transaction id; capture under `<txn>:capture`, void under
 *   `<txn>:void`), then, once the card paid, wallets' `checkoutCardCapture` books it (PSP clearing → merchant and fees).
 * Transient PSP failures and peers out of reach throw: the step stays under way for the retry or the checkout worker.
 */
export class CheckoutFunding {
  constructor(
    private readonly peers: CheckoutPeers,
    private readonly psp: CardAcquirer,
    /** Each PSP call gives up after this long (PSP_TIMEOUT_MS): the step stays under way for the retry. */
    private readonly pspTimeoutMs: number,
  ) {}

  private signal(): AbortSignal {
    return AbortSignal.timeout(this.pspTimeoutMs);
  }

  async approve(c: Checkout): Promise<ApprovalAnswer> {
    const amount = { minor: c.amount.toString(), currency: c.currency };
    if (c.fundingSource === 'CARD') {
      const card = { idempotencyKey: c.transactionId!, amount: c.amount, currency: c.currency, token: c.pspToken!, last4: c.cardLast4! };
      if (c.captureMode === 'MANUAL') {
        const auth = await this.psp.authorize(card, this.signal());
        if (auth.status === 'DECLINED') return { status: 'REFUSED', code: 'CARD_DECLINED' };
        return { status: 'AUTHORIZED', holdId: null, pspReference: auth.reference, wallets: [] };
      }
      const charged = await this.psp.charge(card, this.signal());
      if (charged.status === 'DECLINED') return { status: 'REFUSED', code: 'CARD_DECLINED' };
      // Crash tests: the card paid, the ledger not booked yet.
      failpoint('payments.checkout-card.after-charge');
      return this.bookCard(c, c.amount, checkoutFee(c.amount, c.feeBps, c.feeFixed), charged.reference);
    }
    const answer =
      c.captureMode === 'AUTOMATIC'
        ? await this.peers.pay({
            transactionId: c.transactionId!,
            paymentId: c.paymentId!,
            checkoutId: c.id,
            buyerId: c.buyerId!,
            merchantId: c.merchantId,
            amount,
            fee: checkoutFee(c.amount, c.feeBps, c.feeFixed).toString(),
          })
        : await this.peers.authorize({ transactionId: c.transactionId!, checkoutId: c.id, buyerId: c.buyerId!, amount });
    switch (answer.status) {
      case 'PAID':
        return {
          status: 'PAID',
          journalEntryId: answer.journalEntryId,
          pspReference: null,
          wallets: [
            { walletId: answer.buyerWalletId, ownerId: c.buyerId! },
            { walletId: answer.merchantWalletId, ownerId: c.merchantId },
          ],
        };
      case 'AUTHORIZED':
        return { status: 'AUTHORIZED', holdId: answer.holdId, pspReference: null, wallets: [{ walletId: answer.buyerWalletId, ownerId: c.buyerId! }] };
      default:
        return { status: 'REFUSED', code: answer.status };
    }
  }

  async step(c: Checkout): Promise<StepAnswer> {
    const step = c.step!;
    if (c.fundingSource === 'CARD') {
      if (step === 'CAPTURE') {
        const captured = await this.psp.capture({
          idempotencyKey: `${c.transactionId}:capture`,
          reference: c.pspReference!,
          amount: c.capturedAmount!,
          currency: c.currency,
        }, this.signal());
        if (captured.status === 'DECLINED') return { status: 'NOT_POSSIBLE', detail: `the PSP refused the capture: ${captured.code}` };
        failpoint('payments.checkout-card.after-capture');
        const booked = await this.bookCard(c, c.capturedAmount!, c.feeAmount!, captured.reference);
        return { status: 'CAPTURED', journalEntryId: booked.journalEntryId, wallets: booked.wallets };
      }
      const voided = await this.psp.void({ idempotencyKey: `${c.transactionId}:void`, reference: c.pspReference! }, this.signal());
      return voided.status === 'APPROVED' ? { status: 'RELEASED' } : { status: 'NOT_POSSIBLE', detail: `the PSP refused the void: ${voided.code}` };
    }
    const answer =
      step === 'CAPTURE'
        ? await this.peers.capture({
            transactionId: c.transactionId!,
            paymentId: c.paymentId!,
            checkoutId: c.id,
            holdId: c.holdId!,
            merchantId: c.merchantId,
            amount: { minor: c.capturedAmount!.toString(), currency: c.currency },
            fee: c.feeAmount!.toString(),
          })
        : await this.peers.release({ transactionId: c.transactionId!, checkoutId: c.id, holdId: c.holdId!, reason: step === 'VOID' ? 'CHECKOUT_VOIDED' : 'CHECKOUT_EXPIRED' });
    if (answer.status === 'HOLD_NOT_ACTIVE') return { status: 'NOT_POSSIBLE', detail: 'its hold is no longer active' };
    if (answer.status === 'RELEASED') return { status: 'RELEASED' };
    return {
      status: 'CAPTURED',
      journalEntryId: answer.journalEntryId,
      wallets: [
        { walletId: answer.buyerWalletId, ownerId: c.buyerId! },
        { walletId: answer.merchantWalletId, ownerId: c.merchantId },
      ],
    };
  }

  /** The card paid `gross`: wallets books it from PSP clearing to the merchant and the fee. */
  private async bookCard(c: Checkout, gross: bigint, fee: bigint, pspReference: string): Promise<Extract<ApprovalAnswer, { status: 'PAID' }>> {
    const booked = await this.peers.cardCapture({
      transactionId: c.transactionId!,
      paymentId: c.paymentId!,
      checkoutId: c.id,
      merchantId: c.merchantId,
      amount: { minor: gross.toString(), currency: c.currency },
      fee: fee.toString(),
      pspReference,
    });
    return { status: 'PAID', journalEntryId: booked.journalEntryId, pspReference, wallets: [{ walletId: booked.merchantWalletId, ownerId: c.merchantId }] };
  }
}
