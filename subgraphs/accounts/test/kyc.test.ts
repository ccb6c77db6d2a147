import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropTestDatabases } from '@paygraph/platform/testing';
import { newUserId, startHarness, USER_FIELDS, userRep, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const SUBMIT = `mutation ($input: SubmitKycInput!) {
  submitKyc(input: $input) {
    kyc { status tier submittedAt decidedAt rejectionReason limits { singlePayment { amount currency } daily { amount currency } monthly { amount currency } } }
    userErrors { code field message }
  }
}`;

const kycInput = (over: Record<string, string> = {}) => ({
  legalName: 'Ada Lovelace',
  dateOfBirth: '1990-12-10',
  country: 'GB',
  addressLine1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  documentNumber: 'P1234-5678',
  ...over,
});

const VERIFIED_LIMITS = { singlePayment: { amount: '5000.00', currency: 'USD' }, daily: { amount: '20000.00', currency: 'USD' }, monthly: null };
const UNVERIFIED_LIMITS = { singlePayment: null, daily: null, monthly: { amount: '500.00', currency: 'USD' } };

const rows = (userId: string) => h.sql(`select * from kyc_verification where user_id = $1 order by submitted_at`, [userId]);
const statusEvents = (userId: string) =>
  h.sql<{ envelope: any }>(`select envelope from outbox where type = 'KycStatusChanged' and aggregate_id = $1 order by id`, [userId]);

describe('submitKyc', () => {
  it('when a user has never submitted, then their kyc is UNVERIFIED with the unverified limits', async () => {
    const userId = newUserId();
    const res = await h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId });
    expect(res.data!._entities[0].kyc).toEqual({
      status: 'UNVERIFIED',
      tier: 'UNVERIFIED',
      submittedAt: null,
      decidedAt: null,
      rejectionReason: null,
      limits: UNVERIFIED_LIMITS,
    });
  });

  it('when the submission is valid, then VERIFIED with the verified limits, the event emitted, the document kept as last4 + hash', async () => {
    const userId = newUserId();
    const res = await h.call(SUBMIT, { input: kycInput() }, { userId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitKyc.userErrors).toEqual([]);
    expect(res.data!.submitKyc.kyc).toMatchObject({ status: 'VERIFIED', tier: 'VERIFIED', rejectionReason: null, limits: VERIFIED_LIMITS });
    expect(res.data!.submitKyc.kyc.submittedAt).toEqual(expect.any(String));
    expect(res.data!.submitKyc.kyc.decidedAt).toEqual(expect.any(String));

    const [row] = await rows(userId);
    expect(row).toMatchObject({ status: 'VERIFIED', tier: 'VERIFIED', country: 'GB', document_last4: '5678', provider: 'sandbox' });
    expect(row!.document_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await h.sql(`select * from kyc_verification where user_id = $1`, [userId]))).not.toMatch(/P1234-?5678/);

    const events = await statusEvents(userId);
    expect(events.map((e) => e.envelope.data)).toEqual([
      { userId, verificationId: row!.id, status: 'VERIFIED', tier: 'VERIFIED', previousStatus: 'UNVERIFIED', at: expect.any(String) },
    ]);

    const view = await h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId });
    expect(view.data!._entities[0].kyc).toMatchObject({ status: 'VERIFIED', tier: 'VERIFIED', limits: VERIFIED_LIMITS });
  });

  it('when a verified user submits again, then KYC_ALREADY_VERIFIED and nothing changes', async () => {
    const userId = newUserId();
    await h.call(SUBMIT, { input: kycInput() }, { userId });
    const again = await h.call(SUBMIT, { input: kycInput({ legalName: 'Someone REJECTED' }) }, { userId });
    expect(again.data!.submitKyc).toEqual({ kyc: null, userErrors: [{ code: 'KYC_ALREADY_VERIFIED', field: null, message: expect.any(String) }] });
    expect(await rows(userId)).toHaveLength(1);
    expect(await statusEvents(userId)).toHaveLength(1);
  });

  it('when concurrent submissions race, then exactly one verification is recorded', async () => {
    const userId = newUserId();
    const results = await Promise.all(Array.from({ length: 4 }, () => h.call(SUBMIT, { input: kycInput() }, { userId })));
    const codes = results.map((r) => r.data!.submitKyc.userErrors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual(['KYC_ALREADY_VERIFIED', 'KYC_ALREADY_VERIFIED', 'KYC_ALREADY_VERIFIED', 'OK']);
    expect(await rows(userId)).toHaveLength(1);
  });

  it('when the legal name contains "reject" in any case, then REJECTED with a reason; a resubmission may then verify', async () => {
    const userId = newUserId();
    const rejected = await h.call(SUBMIT, { input: kycInput({ legalName: 'Ada Rejectson' }) }, { userId });
    expect(rejected.data!.submitKyc.userErrors).toEqual([]);
    expect(rejected.data!.submitKyc.kyc).toMatchObject({ status: 'REJECTED', tier: 'UNVERIFIED', limits: UNVERIFIED_LIMITS });
    expect(rejected.data!.submitKyc.kyc.rejectionReason).toEqual(expect.any(String));

    const view = await h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId });
    expect(view.data!._entities[0].kyc).toMatchObject({ status: 'REJECTED', rejectionReason: expect.any(String) });

    const retried = await h.call(SUBMIT, { input: kycInput() }, { userId });
    expect(retried.data!.submitKyc.kyc).toMatchObject({ status: 'VERIFIED', tier: 'VERIFIED', rejectionReason: null });
    expect((await rows(userId)).map((r) => r.status)).toEqual(['REJECTED', 'VERIFIED']);
    expect((await statusEvents(userId)).map((e) => [e.envelope.data.previousStatus, e.envelope.data.status])).toEqual([
      ['UNVERIFIED', 'REJECTED'],
      ['REJECTED', 'VERIFIED'],
    ]);
  });

  it('when the input is invalid, then every problem is a userError and no row or event is written', async () => {
    const userId = newUserId();
    const res = await h.call(
      SUBMIT,
      { input: kycInput({ legalName: 'A', dateOfBirth: '1990-02-30', country: 'XX', addressLine1: '', documentNumber: '1!' }) },
      { userId },
    );
    expect(res.data!.submitKyc.kyc).toBeNull();
    expect(res.data!.submitKyc.userErrors.map((e: any) => [e.code, e.field.join('.')])).toEqual([
      ['INVALID_LEGAL_NAME', 'input.legalName'],
      ['INVALID_DATE_OF_BIRTH', 'input.dateOfBirth'],
      ['INVALID_COUNTRY', 'input.country'],
      ['INVALID_ADDRESS', 'input.addressLine1'],
      ['INVALID_DOCUMENT_NUMBER', 'input.documentNumber'],
    ]);
    const minor = await h.call(SUBMIT, { input: kycInput({ dateOfBirth: `${new Date().getUTCFullYear() - 17}-01-01` }) }, { userId });
    expect(minor.data!.submitKyc.userErrors.map((e: any) => e.code)).toEqual(['AGE_NOT_ELIGIBLE']);
    expect(await rows(userId)).toHaveLength(0);
    expect(await statusEvents(userId)).toHaveLength(0);
  });
});
