import type { EntityManager } from '@paygraph/platform/db';
import { PRIVACY_EXPORT_ROWS, type PrivacyParticipant } from '@paygraph/platform/privacy';

const LIMIT = PRIVACY_EXPORT_ROWS + 1;
const count = async (em: EntityManager, sql: string, params: unknown[]) =>
  (await em.execute<{ n: number }[]>(`with changed as (${sql} returning 1) select count(*)::int as n from changed`, params))[0]?.n ?? 0;

/**
 * accounts' part of privacy requests (docs/security.md, "Privacy requests"): the user's accounts, identity
 * verifications and funding instruments. Exported as the user gave them, never the PSP token or the keyed
 * fingerprints. Erased: the identity fields of every verification (name, date of birth, address, document's last
 * 4), the card holder's name, expiry and bank code of every instrument (all removed), business names; the accounts
 * are closed. Kept: each verification's outcome, country and dates with the keyed document hash, and each
 * instrument's kind, brand, last 4 and keyed fingerprint: pseudonyms that let anti-money-laundering and fraud
 * checks recognise a document or card seen before, and that the law asks us to keep.
 */
export class AccountsPrivacy implements PrivacyParticipant {
  async exportData(em: EntityManager, userId: string): Promise<Record<string, unknown>> {
    const accounts = await em.execute(
      `select id, type, status, business_name as "businessName", to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"
         from account where user_id = ? order by created_at desc, id desc limit ?`,
      [userId, LIMIT],
    );
    const verifications = await em.execute(
      `select id, status, tier, legal_name as "legalName", to_char(date_of_birth, 'YYYY-MM-DD') as "dateOfBirth", country,
              address_line1 as "addressLine1", city, postal_code as "postalCode", document_last4 as "documentLast4", provider,
              rejection_reason as "rejectionReason",
              to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "submittedAt",
              to_char(decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "decidedAt"
         from kyc_verification where user_id = ? order by submitted_at desc, id desc limit ?`,
      [userId, LIMIT],
    );
    const instruments = await em.execute(
      `select id, kind, status, last4, card_brand as "cardBrand", card_exp_month as "cardExpMonth", card_exp_year as "cardExpYear",
              holder_name as "holderName", bank_country as "bankCountry", bank_code as "bankCode", bank_verification as "bankVerification",
              to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
              to_char(removed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "removedAt"
         from funding_instrument where user_id = ? order by created_at desc, id desc limit ?`,
      [userId, LIMIT],
    );
    return { accounts, kycVerifications: verifications, fundingInstruments: instruments };
  }

  async erase(em: EntityManager, userId: string, at: Date): Promise<{ erased: Record<string, number>; kept: string[] }> {
    const kyc = await count(
      em,
      `update kyc_verification set legal_name = null, date_of_birth = null, address_line1 = null, city = null, postal_code = null,
              document_last4 = null, erased_at = ? where user_id = ? and erased_at is null`,
      [at, userId],
    );
    const instruments = await count(
      em,
      `update funding_instrument set holder_name = null, card_exp_month = null, card_exp_year = null, bank_code = null,
              status = 'REMOVED', removed_at = coalesce(removed_at, ?)
        where user_id = ? and (status <> 'REMOVED' or holder_name is not null or card_exp_month is not null or bank_code is not null)`,
      [at, userId],
    );
    const accounts = await count(
      em,
      `update account set business_name = null, status = 'CLOSED' where user_id = ? and (status <> 'CLOSED' or business_name is not null)`,
      [userId],
    );
    return {
      erased: { kyc_verification: kyc, funding_instrument: instruments, account: accounts },
      kept: [
        "each verification's status, tier, country, dates and keyed document hash (anti-money-laundering records)",
        "each instrument's kind, brand, last 4 and keyed fingerprint (fraud checks); the accounts, closed",
      ],
    };
  }
}
