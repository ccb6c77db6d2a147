import { defineEntity, p } from '@mikro-orm/core';
import { CHECKOUT_STATUSES } from '@paygraph/events';

export { CHECKOUT_STATUSES };
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];
export const CAPTURE_MODES = ['AUTOMATIC', 'MANUAL'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];
/** The second-phase step of an AUTHORIZED checkout under way (wallets asked, its answer not written yet). */
export const CHECKOUT_STEPS = ['CAPTURE', 'VOID', 'EXPIRE'] as const;
export type CheckoutStep = (typeof CHECKOUT_STEPS)[number];
/** What an approval pays with: the buyer's wallet (wallets' hold and entry) or a linked card (the PSP, then wallets). */
export const CHECKOUT_FUNDING_SOURCES = ['WALLET', 'CARD'] as const;
export type CheckoutFundingSource = (typeof CHECKOUT_FUNDING_SOURCES)[number];

/**
 * A merchant's request to be paid (domain/checkout.ts has the rules, services/checkout.service.ts the steps). A buyer
 * approves it: AUTOMATIC capture pays at once (OPEN → CAPTURED), MANUAL holds the amount in the buyer's wallet
 * (OPEN → AUTHORIZED) until the merchant captures all or part of it (CAPTURED), voids it (VOIDED), or the
 * authorisation expires (EXPIRED). The money moves as one payment of kind CHECKOUT (`paymentId`) under the approval's
 * transaction id, through wallets' checkout commands idempotent on it.
 *
 * Under way: `approvingSince` is set (with buyer, transaction and payment ids) from the approval's first write until its
 * answer is written; `step` is set on an AUTHORIZED checkout from a capture's, void's or expiry's first write until its
 * answer is. Either one keeps every other command out (the row lock decides who sets it), and the recovery worker
 * drives one left behind by a crash.
 */
export const CheckoutSchema = defineEntity({
  name: 'Checkout',
  tableName: 'checkout',
  properties: {
    id: p.text().primary(),
    /** The owner of the BUSINESS account, who receives the money. */
    merchantId: p.text(),
    merchantAccountId: p.text(),
    reference: p.string().length(200),
    returnUrl: p.string().length(2048),
    amount: p.bigint(),
    currency: p.string().length(3),
    captureMode: p.enum(CAPTURE_MODES),
    status: p.enum(CHECKOUT_STATUSES).default('OPEN'),
    /** The fee rule as it was when the checkout was created (config may change while it is open). */
    feeBps: p.integer(),
    feeFixed: p.bigint(),
    buyerId: p.text().nullable(),
    /** The approval attempt's transaction (a refused attempt clears it: the next one is a new transaction). */
    transactionId: p.text().nullable(),
    /** The payment (kind CHECKOUT) the capture writes; minted before wallets is asked. */
    paymentId: p.text().nullable(),
    approvingSince: p.datetime().nullable(),
    step: p.enum(CHECKOUT_STEPS).nullable(),
    stepSince: p.datetime().nullable(),
    /** Set with the approval attempt (cleared with it when refused). */
    fundingSource: p.enum(CHECKOUT_FUNDING_SOURCES).nullable(),
    /** CARD: the buyer's funding instrument, its PSP token and last 4 digits, as they were at approval. */
    cardId: p.text().nullable(),
    pspToken: p.string().length(64).nullable(),
    cardLast4: p.string().length(4).nullable(),
    /** CARD: the PSP's charge (AUTOMATIC) or authorisation (MANUAL) that captures and refunds refer to. */
    pspReference: p.string().length(100).nullable(),
    /** WALLET, MANUAL: the hold in the buyer's wallet. */
    holdId: p.text().nullable(),
    authorizedAmount: p.bigint().nullable(),
    authorizedAt: p.datetime().nullable(),
    authorizationExpiresAt: p.datetime().nullable(),
    /** What a capture under way (step CAPTURE) or done takes, and its fee. */
    capturedAmount: p.bigint().nullable(),
    feeAmount: p.bigint().nullable(),
    journalEntryId: p.text().nullable(),
    /** When it reached CAPTURED, VOIDED or EXPIRED. */
    closedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [
    { name: 'checkout_merchant_account_id_id_index', properties: ['merchantAccountId', 'id'] },
    { name: 'checkout_buyer_id_index', properties: ['buyerId'], where: 'buyer_id is not null' },
    // The checkout worker's queues: authorisations by deadline, and steps under way.
    { name: 'checkout_authorized_expires_idx', properties: ['authorizationExpiresAt'], where: "status = 'AUTHORIZED' and step is null" },
    { name: 'checkout_approving_idx', properties: ['approvingSince'], where: 'approving_since is not null' },
    { name: 'checkout_step_idx', properties: ['stepSince'], where: 'step is not null' },
    // A settlement day's captures (services/merchant-settlement.service.ts).
    { name: 'checkout_captured_closed_at_idx', properties: ['closedAt'], where: "status = 'CAPTURED'" },
  ],
  uniques: [{ name: 'checkout_payment_id_unique', properties: ['paymentId'], where: 'payment_id is not null' }],
  checks: [
    { name: 'checkout_amount_positive', expression: 'amount > 0' },
    { name: 'checkout_not_self', expression: 'buyer_id is null or buyer_id <> merchant_id' },
    { name: 'checkout_captured_within_authorized', expression: 'captured_amount is null or authorized_amount is null or captured_amount <= authorized_amount' },
    { name: 'checkout_fee_within_captured', expression: 'fee_amount is null or (fee_amount >= 0 and fee_amount <= captured_amount)' },
    { name: 'checkout_card_has_token', expression: "funding_source is distinct from 'CARD' or (card_id is not null and psp_token is not null and card_last4 is not null)" },
  ],
});

export class Checkout extends CheckoutSchema.class {}
CheckoutSchema.setClass(Checkout);
