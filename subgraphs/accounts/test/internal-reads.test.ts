import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IdentitySigner } from '@paygraph/platform/identity';
import { InternalClient } from '@paygraph/platform/internal-client';
import { callSubgraph, dropTestDatabases, TEST_INTERNAL_SECRET } from '@paygraph/platform/testing';
import { futureYear, newUserId, startHarness, type Harness } from './support.js';

/** `_limits` and `_fundingInstrument`: the reads payments makes before it accepts a payment. */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const LIMITS = `query ($userId: ID!) { _limits(userId: $userId) { userId tier currency singlePayment daily monthly } }`;
const INSTRUMENT = `query ($id: ID!, $userId: ID!) { _fundingInstrument(id: $id, userId: $userId) { id userId kind status last4 pspToken } }`;
const LINK_CARD = `mutation ($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } userErrors { code } } }`;
const REMOVE = `mutation ($id: ID!) { removeFundingInstrument(input: { id: $id }) { removedId userErrors { code } } }`;
const SUBMIT_KYC = `mutation ($input: SubmitKycInput!) { submitKyc(input: $input) { kyc { status } userErrors { code } } }`;

/** As the payments subgraph calls: its own service identity, no end user. */
const asPayments = <T = any>(query: string, variables: Record<string, unknown>) =>
  callSubgraph<T>(h.service.url, query, variables, { issuer: 'payments', userId: null, roles: [], scopes: ['internal'] });

const command = (issuer: string) =>
  new InternalClient({ target: 'accounts', url: h.service.url, signer: new IdentitySigner(TEST_INTERNAL_SECRET, issuer), retries: 0 });

const kycInput = (legalName: string, userId: string) => ({
  legalName,
  dateOfBirth: '1990-12-10',
  country: 'GB',
  addressLine1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  documentNumber: `P${userId.slice(-8)}`,
});

async function linkCard(userId: string, number = '4242424242424242'): Promise<string> {
  const res = await h.call(LINK_CARD, { input: { number, expMonth: 12, expYear: futureYear(), cvc: '123' } }, { userId });
  return res.data!.linkCard.fundingInstrument.id;
}

describe('_limits', () => {
  it('when the user never verified, then the UNVERIFIED tier: only a monthly 500.00 USD, in cents', async () => {
    const userId = newUserId();
    const res = await asPayments(LIMITS, { userId });
    expect(res.errors).toBeUndefined();
    expect(res.data!._limits).toEqual({ userId, tier: 'UNVERIFIED', currency: 'USD', singlePayment: null, daily: null, monthly: '50000' });
  });

  it('when the user is verified, then 5,000.00 per payment and 20,000.00 a day, no monthly cap', async () => {
    const userId = newUserId();
    const kyc = await h.call(SUBMIT_KYC, { input: kycInput('Ada Lovelace', userId) }, { userId });
    expect(kyc.data!.submitKyc.kyc.status).toBe('VERIFIED');
    const res = await asPayments(LIMITS, { userId });
    expect(res.data!._limits).toEqual({ userId, tier: 'VERIFIED', currency: 'USD', singlePayment: '500000', daily: '2000000', monthly: null });
    // The `limits` command, which payments calls on every payment, answers the same.
    expect(await command('payments').command('limits', { userId })).toEqual(res.data!._limits);
  });

  it('when payments asks with the `limits` command, then the same answer as the query; any other caller is refused', async () => {
    const userId = newUserId();
    expect(await command('payments').command('limits', { userId })).toEqual({
      userId,
      tier: 'UNVERIFIED',
      currency: 'USD',
      singlePayment: null,
      daily: null,
      monthly: '50000',
    });
    await expect(command('gateway').command('limits', { userId })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(command('payments').command('limits', { userId: 'nope' })).rejects.toThrow(/HTTP 400/);
  });

  it('when a tier was answered from memory, then a verification recorded here is seen at once, one recorded by another replica within ACCOUNTS_TIER_CACHE_MS', async () => {
    const ask = (userId: string) => command('payments').command<{ tier: string }>('limits', { userId }).then((l) => l.tier);
    // Recorded here: the next payment's limits are the new tier's, with no wait.
    const verifying = newUserId();
    expect(await ask(verifying)).toBe('UNVERIFIED');
    const res = await h.call(SUBMIT_KYC, { input: kycInput('Ada Lovelace', verifying) }, { userId: verifying });
    expect(res.data!.submitKyc.kyc.status).toBe('VERIFIED');
    expect(await ask(verifying)).toBe('VERIFIED');

    // Recorded by another replica (a row written straight to the table): seen once the remembered answer expires.
    const elsewhere = newUserId();
    await h.call(SUBMIT_KYC, { input: kycInput('Reject Me', elsewhere) }, { userId: elsewhere });
    expect(await ask(elsewhere)).toBe('UNVERIFIED');
    await h.sql(
      `insert into kyc_verification
       select (jsonb_populate_record(null::kyc_verification, to_jsonb(k) || jsonb_build_object(
         'id', k.id || '_2', 'status', 'VERIFIED', 'tier', 'VERIFIED', 'rejection_reason', null, 'submitted_at', k.submitted_at + interval '1 second'))).*
       from kyc_verification k where user_id = $1`,
      [elsewhere],
    );
    expect(await ask(elsewhere)).toBe('UNVERIFIED'); // still remembered
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // ACCOUNTS_TIER_CACHE_MS, default 2 s
    expect(await ask(elsewhere)).toBe('VERIFIED');
  });

  it('when the id is malformed, then null', async () => {
    const res = await asPayments(LIMITS, { userId: 'not-an-id' });
    expect(res.errors).toBeUndefined();
    expect(res.data!._limits).toBeNull();
  });
});

describe('_fundingInstrument', () => {
  it("when asked for the owner's card, then its status, kind, last4 and PSP token", async () => {
    const userId = newUserId();
    const id = await linkCard(userId, '4000000000000002');
    const res = await asPayments(INSTRUMENT, { id, userId });
    expect(res.errors).toBeUndefined();
    expect(res.data!._fundingInstrument).toEqual({ id, userId, kind: 'CARD', status: 'ACTIVE', last4: '0002', pspToken: expect.any(String) });
    const [row] = await h.sql('select psp_token from funding_instrument where id = $1', [id]);
    expect(res.data!._fundingInstrument.pspToken).toBe(row!.psp_token);
  });

  it("when the card is someone else's, unknown or malformed, then null", async () => {
    const owner = newUserId();
    const id = await linkCard(owner);
    for (const [fi, userId] of [
      [id, newUserId()],
      ['fi_00000000000000000000000000000000', owner],
      ['nope', owner],
    ]) {
      const res = await asPayments(INSTRUMENT, { id: fi, userId });
      expect(res.errors).toBeUndefined();
      expect(res.data!._fundingInstrument).toBeNull();
    }
  });

  it('when the card was removed, then it is returned with status REMOVED (the caller decides)', async () => {
    const userId = newUserId();
    const id = await linkCard(userId);
    await h.call(REMOVE, { id }, { userId });
    const res = await asPayments(INSTRUMENT, { id, userId });
    expect(res.data!._fundingInstrument).toMatchObject({ id, status: 'REMOVED' });
  });
});

describe('when a client reaches the internal reads through the gateway', () => {
  it('then both are FORBIDDEN, even for the owner and for admins', async () => {
    const userId = newUserId();
    const id = await linkCard(userId);
    for (const roles of [['USER'], ['USER', 'ADMIN']] as const) {
      const limits = await h.call(LIMITS, { userId }, { userId, roles: [...roles] });
      expect(limits.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(limits.data?._limits ?? null).toBeNull();
      const instrument = await h.call(INSTRUMENT, { id, userId }, { userId, roles: [...roles] });
      expect(instrument.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(instrument.data?._fundingInstrument ?? null).toBeNull();
    }
  });
});
