import { defineEntity, p } from '@mikro-orm/core';

export const INSTRUMENT_KINDS = ['CARD', 'BANK_ACCOUNT'] as const;
export const INSTRUMENT_STATUSES = ['ACTIVE', 'REMOVED'] as const;
export const CARD_BRANDS = ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER', 'UNKNOWN'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];
export type InstrumentStatus = (typeof INSTRUMENT_STATUSES)[number];
export type CardBrand = (typeof CARD_BRANDS)[number];
export const BANK_VERIFICATION_STATUSES = ['PENDING', 'VERIFIED', 'FAILED'] as const;
export type BankVerificationStatus = (typeof BANK_VERIFICATION_STATUSES)[number];

/**
 * A card or bank account, tokenised. Never stored: the PAN, the CVC, the full IBAN or account number. Kept: what a
 * PSP would give back (an opaque token), the last 4, and a keyed fingerprint of the number (HMAC-SHA256) that
 * identifies the same card or account across links and across users without being reversible.
 */
export const FundingInstrumentSchema = defineEntity({
  name: 'FundingInstrument',
  tableName: 'funding_instrument',
  properties: {
    id: p.text().primary(),
    userId: p.text(),
    kind: p.enum(INSTRUMENT_KINDS),
    status: p.enum(INSTRUMENT_STATUSES).default('ACTIVE'),
    last4: p.string().length(4),
    fingerprint: p.string().length(64).index(),
    pspToken: p.string().length(64).unique(),
    cardBrand: p.enum(CARD_BRANDS).nullable(),
    cardExpMonth: p.smallint().nullable(),
    cardExpYear: p.smallint().nullable(),
    holderName: p.string().length(100).nullable(),
    bankCountry: p.string().length(2).nullable(),
    bankCode: p.string().length(20).nullable(),
    /**
     * Bank accounts only: PENDING until the owner confirms the two sandbox micro-deposits (verifyBankAccount), then
     * VERIFIED (withdrawals may go there), or FAILED after too many wrong answers. Null for cards.
     */
    bankVerification: p.enum(BANK_VERIFICATION_STATUSES).nullable(),
    bankVerificationAttempts: p.smallint().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    removedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['userId', 'status', 'createdAt'] }],
  // Linking the same card or account twice returns the first link; this index holds that under concurrency too.
  uniques: [
    { name: 'funding_instrument_active_fingerprint_unique', properties: ['userId', 'kind', 'fingerprint'], where: { status: 'ACTIVE' } },
  ],
});

export class FundingInstrument extends FundingInstrumentSchema.class {}
FundingInstrumentSchema.setClass(FundingInstrument);
