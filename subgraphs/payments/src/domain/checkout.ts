import { UserErrors } from '@paygraph/platform/errors';
import { isId } from '@paygraph/platform/ids';
import { parseMoney, type Money } from '@paygraph/platform/money';
import type { CanonicalRequest } from './idempotency.js';
import { Collector, checkKey } from './payment-input.js';
import type { CaptureMode, Checkout, CheckoutStep } from '../entities/checkout.entity.js';

/**
 * The rules of merchant checkouts, without I/O.
 *
 * OPEN ──approve (AUTOMATIC)──▶ CAPTURED                    buyer −amount, merchant +(amount − fee), FEES +fee
 * OPEN ──approve (MANUAL)────▶ AUTHORIZED ──capture(≤ authorised)──▶ CAPTURED   (the rest of the hold released)
 *                                          ──void (merchant)───────▶ VOIDED     (hold released, nothing moved)
 *                                          ──authorisation expiry──▶ EXPIRED    (hold released, nothing moved)
 * An approval refused by wallets (INSUFFICIENT_FUNDS, no wallet) or by the card network (CARD_DECLINED) leaves the
 * checkout OPEN for another try. Paid by card, the same machine runs on the PSP: approve authorises (MANUAL) or charges
 * (AUTOMATIC) the card, capture takes all or part of the authorisation, void and expiry release it; wallets books what
 * the card paid (PSP clearing −amount, merchant +(amount − fee), FEES +fee) once the PSP took it.
 *
 * The fee: `round_half_up(amount × bps / 10 000) + fixed`, computed on the captured amount in its minor units, and
 * never more than it (a capture smaller than the fixed fee goes all to fees). bps and fixed are the configuration's
 * when the checkout was created.
 */

const fail = (code: string, field: string[], message: string): never => {
  throw new UserErrors([{ code, field, message }]);
};

export const REFERENCE_MAX = 200;
export const RETURN_URL_MAX = 2048;
const PRINTABLE = /^[\x20-\x7e]+$/;

export interface CreateCheckoutInput {
  accountId: string;
  amount: { amount: string; currency: string };
  reference: string;
  returnUrl: string;
  captureMode?: CaptureMode | null;
  idempotencyKey: string;
}

export interface ValidCreateCheckout {
  accountId: string;
  money: Money;
  reference: string;
  returnUrl: string;
  captureMode: CaptureMode;
  key: string;
  canonical: CanonicalRequest;
}

export function validateCreateCheckout(input: CreateCheckoutInput): ValidCreateCheckout {
  const c = new Collector();
  if (!isId('acc', input.accountId)) c.add('NOT_A_BUSINESS_ACCOUNT', ['input', 'accountId'], 'No such business account of yours');
  const money = c.attempt(() => parseMoney(input.amount, 'input.amount'));
  const reference = input.reference.trim();
  if (reference.length === 0 || reference.length > REFERENCE_MAX || !PRINTABLE.test(reference)) {
    c.add('INVALID_REFERENCE', ['input', 'reference'], `1 to ${REFERENCE_MAX} printable ASCII characters`);
  }
  const returnUrl = input.returnUrl.trim();
  if (!validReturnUrl(returnUrl)) c.add('INVALID_RETURN_URL', ['input', 'returnUrl'], `An absolute https URL (http only for localhost) of at most ${RETURN_URL_MAX} characters`);
  checkKey(c, input.idempotencyKey);
  c.done();
  const captureMode = input.captureMode ?? 'AUTOMATIC';
  return {
    accountId: input.accountId,
    money: money!,
    reference,
    returnUrl,
    captureMode,
    key: input.idempotencyKey,
    canonical: {
      operation: 'createCheckout',
      fields: { accountId: input.accountId, amount: money!.amount.toString(), currency: money!.currency, reference, returnUrl, captureMode },
    },
  };
}

function validReturnUrl(value: string): boolean {
  if (value.length === 0 || value.length > RETURN_URL_MAX || !PRINTABLE.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1'));
}

export interface ApproveCheckoutInput {
  checkoutId: string;
  walletId?: string | null;
  cardId?: string | null;
}

/** What the buyer pays with: a wallet of theirs (null: their wallet in the checkout's currency) or a linked card. */
export type CheckoutFunding = { source: 'WALLET'; walletId: string | null } | { source: 'CARD'; cardId: string };

/**
 * An approval's input: the checkout, and at most one of walletId and cardId (neither: the buyer's wallet in the
 * checkout's currency, as before cards could pay). Malformed ids read as unknown ones.
 */
export function validateApproveCheckout(input: ApproveCheckoutInput): { checkoutId: string; funding: CheckoutFunding } {
  if (!isId('chk', input.checkoutId)) fail('CHECKOUT_NOT_FOUND', ['input', 'checkoutId'], 'No such checkout');
  if (input.walletId && input.cardId) fail('INVALID_FUNDING_SOURCE', ['input', 'cardId'], 'Pay with either walletId or cardId, not both');
  if (input.cardId) {
    if (!isId('fi', input.cardId)) fail('CARD_NOT_FOUND', ['input', 'cardId'], 'No such card of yours');
    return { checkoutId: input.checkoutId, funding: { source: 'CARD', cardId: input.cardId } };
  }
  if (input.walletId && !isId('wal', input.walletId)) fail('WALLET_NOT_FOUND', ['input', 'walletId'], 'No such wallet of yours');
  return { checkoutId: input.checkoutId, funding: { source: 'WALLET', walletId: input.walletId ?? null } };
}

/** The fee of capturing `amount` minor units: half-up on the basis points, plus the fixed part, at most the amount. */
export function checkoutFee(amount: bigint, bps: number, fixed: bigint): bigint {
  if (amount <= 0n) throw new Error('fee of a non-positive amount');
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000 || fixed < 0n) throw new Error('invalid fee rule');
  const variable = (amount * BigInt(bps) + 5_000n) / 10_000n;
  const fee = variable + fixed;
  return fee > amount ? amount : fee;
}

/** Parses `USD=30,EUR=25` (minor units per currency; a currency not listed pays no fixed part). */
export function parseFixedFees(value: string, known: (code: string) => boolean): Record<string, bigint> {
  const table: Record<string, bigint> = {};
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Z]{3})=(0|[1-9][0-9]{0,8})$/.exec(part);
    if (!m || !known(m[1]!)) throw new Error(`"${part}" is not CODE=minor-units with a supported currency`);
    table[m[1]!] = BigInt(m[2]!);
  }
  return table;
}


/** Who may see a checkout: its merchant, its buyer (once one approved it) and admins. */
export function isCheckoutParty(c: Pick<Checkout, 'merchantId' | 'buyerId'>, userId: string): boolean {
  return c.merchantId === userId || c.buyerId === userId;
}

/**
 * What an approval by `buyerId` does to the checkout it found (under its row lock): START a new attempt, JOIN the
 * attempt of the same buyer under way (a retry or a concurrent duplicate), or DONE (this buyer's approval already
 * ended: the checkout as it is). Anything else is refused. A checkout is paid by whoever approves it first; another
 * buyer trying meanwhile or afterwards gets CHECKOUT_NOT_OPEN.
 */
export function decideApprove(c: Checkout | null, buyerId: string): 'START' | 'JOIN' | 'DONE' {
  if (!c) return fail('CHECKOUT_NOT_FOUND', ['input', 'checkoutId'], 'No such checkout');
  if (c.merchantId === buyerId) fail('CANNOT_PAY_SELF', ['input', 'checkoutId'], 'You cannot pay your own checkout');
  if (c.status === 'OPEN' && !c.approvingSince) return 'START';
  if (c.buyerId === buyerId) return c.status === 'OPEN' ? 'JOIN' : 'DONE';
  return fail('CHECKOUT_NOT_OPEN', ['input', 'checkoutId'], 'This checkout is no longer open for payment');
}

/** A merchant command on an AUTHORIZED checkout: only its merchant may; the buyer learns it is not theirs to do. */
function checkMerchant(c: Checkout | null, userId: string): Checkout {
  if (!c || !isCheckoutParty(c, userId)) return fail('CHECKOUT_NOT_FOUND', ['input', 'checkoutId'], 'No such checkout');
  if (c.merchantId !== userId) fail('CHECKOUT_NOT_ALLOWED', ['input', 'checkoutId'], "Only the checkout's merchant can do this");
  return c;
}

/**
 * A capture of `money` (null: all of the authorisation) by `userId`: START with the amount, JOIN the same capture under
 * way, DONE when this capture happened already; CHECKOUT_NOT_AUTHORIZED once it left AUTHORIZED any other way (or
 * another step is under way), AUTHORIZATION_EXPIRED past the deadline, CAPTURE_EXCEEDS_AUTHORIZED above the hold.
 */
export function decideCapture(
  found: Checkout | null,
  userId: string,
  money: Money | null,
  now: Date,
): { action: 'START' | 'JOIN' | 'DONE'; amount: bigint } {
  const c = checkMerchant(found, userId);
  if (money && money.currency !== c.currency) fail('CURRENCY_MISMATCH', ['input', 'amount', 'currency'], `The checkout is in ${c.currency}`);
  const authorized = c.authorizedAmount ?? 0n;
  const amount = money?.amount ?? (c.step === 'CAPTURE' || c.status === 'CAPTURED' ? c.capturedAmount! : authorized);
  if (c.captureMode !== 'MANUAL') fail('CHECKOUT_NOT_AUTHORIZED', ['input', 'checkoutId'], 'This checkout captures automatically');
  if (c.status === 'CAPTURED' && c.capturedAmount === amount) return { action: 'DONE', amount };
  if (c.status === 'AUTHORIZED' && c.step === 'CAPTURE' && c.capturedAmount === amount) return { action: 'JOIN', amount };
  if (c.status !== 'AUTHORIZED' || c.step !== null) fail('CHECKOUT_NOT_AUTHORIZED', ['input', 'checkoutId'], 'This checkout has no authorisation left to capture');
  if (c.authorizationExpiresAt && c.authorizationExpiresAt <= now) fail('AUTHORIZATION_EXPIRED', ['input', 'checkoutId'], 'The authorisation has expired');
  if (amount > authorized) fail('CAPTURE_EXCEEDS_AUTHORIZED', ['input', 'amount', 'amount'], 'That is more than was authorised');
  return { action: 'START', amount };
}

/** A void by `userId`: START, JOIN the void under way, DONE when voided already; CHECKOUT_NOT_AUTHORIZED otherwise. */
export function decideVoid(found: Checkout | null, userId: string): 'START' | 'JOIN' | 'DONE' {
  const c = checkMerchant(found, userId);
  if (c.status === 'VOIDED') return 'DONE';
  if (c.status === 'AUTHORIZED' && c.step === 'VOID') return 'JOIN';
  if (c.status !== 'AUTHORIZED' || c.step !== null) return fail('CHECKOUT_NOT_AUTHORIZED', ['input', 'checkoutId'], 'This checkout has no authorisation to void');
  return 'START';
}

/** Where a second-phase step ends. */
export const STEP_OUTCOME: Record<CheckoutStep, 'CAPTURED' | 'VOIDED' | 'EXPIRED'> = { CAPTURE: 'CAPTURED', VOID: 'VOIDED', EXPIRE: 'EXPIRED' };
