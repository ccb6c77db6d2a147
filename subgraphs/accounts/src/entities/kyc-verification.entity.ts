import { defineEntity, p } from '@mikro-orm/core';

export const KYC_STATUSES = ['UNVERIFIED', 'PENDING', 'VERIFIED', 'REJECTED'] as const;
export const KYC_TIERS = ['UNVERIFIED', 'VERIFIED'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];
export type KycTier = (typeof KYC_TIERS)[number];

/**
 * One row per submission, so the history of attempts stays auditable; a user's current state is their latest row
 * (no row: UNVERIFIED). The document number is never stored: only its last 4 characters and a keyed hash, enough to
 * spot the same document used by two people without holding the number itself.
 */
export const KycVerificationSchema = defineEntity({
  name: 'KycVerification',
  tableName: 'kyc_verification',
  properties: {
    id: p.text().primary(),
    userId: p.text(),
    status: p.enum(KYC_STATUSES),
    tier: p.enum(KYC_TIERS),
    /** The identity fields: null once the user was erased (a privacy request); the outcome and `documentHash` stay. */
    legalName: p.string().length(100).nullable(),
    dateOfBirth: p.date().nullable(),
    country: p.string().length(2),
    addressLine1: p.string().length(200).nullable(),
    city: p.string().length(100).nullable(),
    postalCode: p.string().length(20).nullable(),
    documentLast4: p.string().length(4).nullable(),
    documentHash: p.string().length(64).index(),
    /** Which provider decided, and its reference, for disputes with the provider. */
    provider: p.string().length(40),
    providerReference: p.string().length(100).nullable(),
    submittedAt: p.datetime(),
    decidedAt: p.datetime().nullable(),
    rejectionReason: p.string().length(200).nullable(),
    erasedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['userId', 'submittedAt'] }],
  // At most one live (pending or verified) verification per user, whatever races the application lets through.
  uniques: [{ name: 'kyc_verification_live_user_id_unique', properties: ['userId'], where: "status in ('PENDING', 'VERIFIED')" }],
});

export class KycVerification extends KycVerificationSchema.class {}
KycVerificationSchema.setClass(KycVerification);
