import { randomBytes } from 'node:crypto';
import { errors, UserErrors } from '@paygraph/platform/errors';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import { plainSql } from '@paygraph/platform/plain-sql';
import type { Outbox } from '@paygraph/platform/events';
import { KycVerification, type KycStatus, type KycTier } from '../entities/kyc-verification.entity.js';
import { limitsAsMoney, type Money } from './limits.js';
import { validateKyc, type KycInput, type ValidKyc } from './kyc-validation.js';
import type { Fingerprinter } from './fingerprint.js';
import { lockUser } from './locks.js';

/** What the KycVerification GraphQL type shows: the user's current state and the limits of their tier. */
export interface KycView {
  status: KycStatus;
  tier: KycTier;
  submittedAt: string | null;
  decidedAt: string | null;
  rejectionReason: string | null;
  limits: { singlePayment: Money | null; daily: Money | null; monthly: Money | null };
}

export interface KycDecision {
  /** PENDING: the provider answers later (a real provider calls back); the sandbox always decides at once. */
  status: 'VERIFIED' | 'REJECTED' | 'PENDING';
  reason: string | null;
  reference: string | null;
}

export interface KycProvider {
  readonly name: string;
  verify(subject: ValidKyc & { userId: string }): Promise<KycDecision>;
}

/** Verifies everyone except legal names containing "REJECT" (any case), so both paths can be exercised end to end. */
export class SandboxKycProvider implements KycProvider {
  readonly name = 'sandbox';

  async verify(subject: ValidKyc): Promise<KycDecision> {
    const reference = `sbx_${randomBytes(8).toString('hex')}`;
    if (subject.legalName.toUpperCase().includes('REJECT')) {
      return { status: 'REJECTED', reason: 'Identity could not be verified against the submitted document', reference };
    }
    return { status: 'VERIFIED', reason: null, reference };
  }
}

export const tierOf = (status: KycStatus): KycTier => (status === 'VERIFIED' ? 'VERIFIED' : 'UNVERIFIED');

export function kycView(row: KycVerification | null | undefined): KycView {
  const status: KycStatus = row?.status ?? 'UNVERIFIED';
  const tier = row?.tier ?? tierOf(status);
  return {
    status,
    tier,
    submittedAt: row?.submittedAt?.toISOString() ?? null,
    decidedAt: row?.decidedAt?.toISOString() ?? null,
    rejectionReason: row?.rejectionReason ?? null,
    limits: limitsAsMoney(tier),
  };
}

/** How many users' tiers `currentTier` remembers (then it starts afresh: forgetting costs one read each). */
const TIERS_MAX = 50_000;

export class KycService {
  /** `currentTier`'s answers, each until `until` (epoch ms), and how many verifications this process has ended. */
  private readonly tiers = new Map<string, { tier: KycView['tier']; until: number }>();
  private changes = 0;

  /**
   * `tierCacheMs`: how long a user's tier, asked on every payment, is answered from memory. A verification recorded
   * by this process forgets it at once (see `forgetTier`), so one replica is exact; a change recorded by another
   * replica is seen here within that time. 0 reads it every time.
   */
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly provider: KycProvider,
    private readonly fingerprints: Fingerprinter,
    private readonly clock: () => Date = () => new Date(),
    private readonly tierCacheMs = 0,
  ) {}

  /**
   * Validates, asks the provider and records the decision with its KycStatusChanged event in one transaction.
   * Submissions of one user are serialised (a per-user lock), so "already verified" is decided on the latest state.
   */
  async submit(userId: string, input: KycInput): Promise<KycView> {
    const now = this.clock();
    const checked = validateKyc(input, now);
    if (!checked.ok) throw new UserErrors(checked.errors);
    const subject = checked.value;

    try {
      return await this.record(userId, subject, now);
    } finally {
      // Committed or not: a tier read while this ran is not kept.
      this.forgetTier(userId);
    }
  }

  private record(userId: string, subject: ValidKyc, now: Date): Promise<KycView> {
    return inTransaction(this.orm, async (em) => {
      await lockUser(em, 'kyc', userId);
      const current = (await this.latestFor(em, [userId])).get(userId);
      const previousStatus: KycStatus = current?.status ?? 'UNVERIFIED';
      if (previousStatus === 'VERIFIED') throw errors.user('KYC_ALREADY_VERIFIED', 'Your identity is already verified');
      if (previousStatus === 'PENDING') throw errors.user('KYC_PENDING', 'A verification is already in progress');

      // The sandbox decides instantly, so the call sits inside the transaction; a real provider answers PENDING here
      // and its callback records the decision in a later transaction.
      const decision = await this.provider.verify({ ...subject, userId });
      const decidedAt = decision.status === 'PENDING' ? null : this.clock();
      const row = em.create(KycVerification, {
        id: newId('kyc'),
        userId,
        status: decision.status,
        tier: tierOf(decision.status),
        legalName: subject.legalName,
        dateOfBirth: subject.dateOfBirth,
        country: subject.country,
        addressLine1: subject.addressLine1,
        city: subject.city,
        postalCode: subject.postalCode,
        documentLast4: subject.documentNumber.slice(-4),
        documentHash: this.fingerprints.document(subject.country, subject.documentNumber),
        provider: this.provider.name,
        providerReference: decision.reference,
        submittedAt: now,
        decidedAt,
        rejectionReason: decision.status === 'REJECTED' ? (decision.reason ?? 'Verification failed') : null,
      });
      this.outbox.emit(em, 'KycStatusChanged', userId, {
        userId,
        verificationId: row.id,
        status: row.status,
        tier: row.tier,
        previousStatus,
        at: (decidedAt ?? now).toISOString(),
      });
      await em.flush();
      return kycView(row);
    });
  }

  /**
   * A user's tier as `kycView` of their latest verification gives it, read for the limits asked on every payment:
   * one prepared statement on plain SQL, no entity mapped.
   */
  async currentTier(userId: string): Promise<KycView['tier']> {
    const now = Date.now();
    const known = this.tiers.get(userId);
    if (known && known.until > now) return known.tier;
    const changesBefore = this.changes;
    const [row] = await plainSql(this.orm).query<{ status: KycStatus; tier: KycView['tier'] | null }>(
      `select status, tier from kyc_verification where user_id = ? order by submitted_at desc, id desc limit 1`,
      [userId],
    );
    const tier = row?.tier ?? tierOf(row?.status ?? 'UNVERIFIED');
    // Kept only if no verification ended meanwhile (the read may predate its commit).
    if (this.tierCacheMs > 0 && this.changes === changesBefore) {
      if (this.tiers.size >= TIERS_MAX) this.tiers.clear();
      this.tiers.set(userId, { tier, until: now + this.tierCacheMs });
    }
    return tier;
  }

  /** Every writer of a user's verifications calls this once its transaction has ended. */
  private forgetTier(userId: string): void {
    this.tiers.delete(userId);
    this.changes++;
  }

  /** The latest verification per user (users without one are absent: UNVERIFIED). One query for any number of users. */
  async latestFor(em: EntityManager, userIds: readonly string[]): Promise<Map<string, KycVerification>> {
    const result = new Map<string, KycVerification>();
    if (userIds.length === 0) return result;
    const rows = await em.execute<Record<string, unknown>[]>(
      `select distinct on (user_id) * from kyc_verification where user_id in (${userIds.map(() => '?').join(', ')})
       order by user_id, submitted_at desc, id desc`,
      [...userIds],
    );
    for (const row of rows) {
      const entity = em.map(KycVerification, row);
      result.set(entity.userId, entity);
    }
    return result;
  }
}
