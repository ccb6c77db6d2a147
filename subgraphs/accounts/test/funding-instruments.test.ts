import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropTestDatabases } from '@paygraph/platform/testing';
import { futureYear, leaves, newUserId, startHarness, USER_FIELDS, userRep, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ MAX_ACTIVE_FUNDING_INSTRUMENTS: '3' });
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const FI_FIELDS = `id kind last4 status createdAt owner { id } card { brand expMonth expYear holderName fingerprint } bankAccount { country holderName bankCode }`;
const LINK_CARD = `mutation ($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { ${FI_FIELDS} } userErrors { code field message } } }`;
const LINK_BANK = `mutation ($input: LinkBankAccountInput!) { linkBankAccount(input: $input) { fundingInstrument { ${FI_FIELDS} } userErrors { code field message } } }`;
const REMOVE = `mutation ($id: ID!) { removeFundingInstrument(input: { id: $id }) { removedId userErrors { code field message } } }`;
const BY_ID = `query ($id: ID!) { fundingInstrument(id: $id) { id status } }`;
const FI_ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on FundingInstrument { id kind last4 } } }`;

const CVC = '737';
const card = (number: string, over: Record<string, unknown> = {}) => ({ number, expMonth: 12, expYear: futureYear(), cvc: CVC, holderName: 'Ada Lovelace', ...over });
const instruments = (userId: string) => h.sql(`select * from funding_instrument where user_id = $1`, [userId]);
const events = (userId: string, type: string) =>
  h.sql<{ envelope: any }>(`select envelope from outbox where type = $1 and envelope->'data'->>'userId' = $2 order by id`, [type, userId]);

/** Every text value in every table of the accounts database. */
async function wholeDatabase(): Promise<unknown[]> {
  const tables = await h.sql<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public'`);
  const out: unknown[] = [];
  for (const { tablename } of tables) out.push(...(await h.sql(`select row_to_json(t) as r from "${tablename}" t`)).map((x) => x.r));
  return out;
}

describe('linkCard', () => {
  it('when each sandbox test card is linked, then each is ACTIVE, tokenised, with brand and last4 only', async () => {
    const userId = newUserId();
    for (const number of ['4242424242424242', '4000000000000002', '4000000000000259']) {
      const res = await h.call(LINK_CARD, { input: card(number) }, { userId });
      expect(res.errors).toBeUndefined();
      expect(res.data!.linkCard.userErrors).toEqual([]);
      expect(res.data!.linkCard.fundingInstrument).toMatchObject({
        kind: 'CARD',
        last4: number.slice(-4),
        status: 'ACTIVE',
        owner: { id: userId },
        card: { brand: 'VISA', expMonth: 12, expYear: futureYear(), holderName: 'Ada Lovelace', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) },
        bankAccount: null,
      });
    }
    const stored = await instruments(userId);
    expect(stored).toHaveLength(3);
    for (const row of stored) expect(row.psp_token).toMatch(/^tok_[0-9a-f]{32}$/);
    expect((await events(userId, 'FundingInstrumentLinked')).map((e) => e.envelope.data.last4).sort()).toEqual(['0002', '0259', '4242']);

    const view = await h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId });
    expect(view.data!._entities[0].fundingInstruments.map((f: any) => f.last4)).toEqual(['0259', '0002', '4242']);
  });

  it('when the PAN and CVC were submitted, then neither appears anywhere in the database', async () => {
    const userId = newUserId();
    const pan = '4000000000000259';
    await h.call(LINK_CARD, { input: card('4000 0000 0000 0259') }, { userId });
    await h.call(LINK_CARD, { input: card('4000000000000077', { cvc: '12' }) }, { userId });
    const everything = await wholeDatabase();
    const all = leaves(everything).join('\n');
    expect(all).toContain('0259');
    expect(all).not.toContain(pan);
    expect(all).not.toContain('4000000000000077');
    expect(all).not.toContain('4000 0000 0000 0259');
    const readable = leaves(everything, true);
    expect(readable.filter((v) => v.includes(CVC))).toEqual([]);
  });

  it('when the same card is linked twice by one user, then the first instrument comes back; another user gets their own', async () => {
    const userId = newUserId();
    const first = await h.call(LINK_CARD, { input: card('4242424242424242') }, { userId });
    const second = await h.call(LINK_CARD, { input: card('4242-4242-4242-4242') }, { userId });
    expect(second.data!.linkCard.fundingInstrument.id).toBe(first.data!.linkCard.fundingInstrument.id);
    expect(await instruments(userId)).toHaveLength(1);
    expect(await events(userId, 'FundingInstrumentLinked')).toHaveLength(1);

    const other = newUserId();
    const theirs = await h.call(LINK_CARD, { input: card('4242424242424242') }, { userId: other });
    expect(theirs.data!.linkCard.fundingInstrument.id).not.toBe(first.data!.linkCard.fundingInstrument.id);
    expect(theirs.data!.linkCard.fundingInstrument.card.fingerprint).toBe(first.data!.linkCard.fundingInstrument.card.fingerprint);
  });

  it('when the same card is linked concurrently, then one instrument exists', async () => {
    const userId = newUserId();
    const results = await Promise.all(Array.from({ length: 4 }, () => h.call(LINK_CARD, { input: card('5555555555554444') }, { userId })));
    const ids = new Set(results.map((r) => r.data!.linkCard.fundingInstrument.id));
    expect(ids.size).toBe(1);
    expect(await instruments(userId)).toHaveLength(1);
  });

  it.each([
    ['a failed Luhn check', 'INVALID_CARD_NUMBER', 'number', card('4242424242424241')],
    ['an expired card', 'CARD_EXPIRED', 'expYear', card('4242424242424242', { expYear: new Date().getUTCFullYear() - 1 })],
    ['a 2-digit CVC', 'INVALID_CVC', 'cvc', card('4242424242424242', { cvc: '12' })],
    ['a 3-digit CVC on Amex', 'INVALID_CVC', 'cvc', card('378282246310005', { cvc: '123' })],
    ['month 13', 'INVALID_EXPIRY', 'expMonth', card('4242424242424242', { expMonth: 13 })],
  ])('when the card has %s, then %s on input.%s and no row is written', async (_label, code, field, input) => {
    const userId = newUserId();
    const res = await h.call(LINK_CARD, { input }, { userId });
    expect(res.data!.linkCard).toEqual({ fundingInstrument: null, userErrors: [{ code, field: ['input', field], message: expect.any(String) }] });
    expect(await instruments(userId)).toHaveLength(0);
    expect(await events(userId, 'FundingInstrumentLinked')).toHaveLength(0);
  });

  it('when the cap of active instruments is reached, then FUNDING_INSTRUMENT_LIMIT; removing one frees a slot', async () => {
    const userId = newUserId();
    const ids: string[] = [];
    for (const number of ['4242424242424242', '4000000000000002', '4000000000000259']) {
      ids.push((await h.call(LINK_CARD, { input: card(number) }, { userId })).data!.linkCard.fundingInstrument.id);
    }
    const over = await h.call(LINK_CARD, { input: card('5555555555554444') }, { userId });
    expect(over.data!.linkCard.userErrors.map((e: any) => e.code)).toEqual(['FUNDING_INSTRUMENT_LIMIT']);
    await h.call(REMOVE, { id: ids[0] }, { userId });
    const after = await h.call(LINK_CARD, { input: card('5555555555554444') }, { userId });
    expect(after.data!.linkCard.fundingInstrument).toMatchObject({ card: { brand: 'MASTERCARD' } });
  });
});

describe('linkBankAccount', () => {
  it('when a valid IBAN is given, then a BANK_ACCOUNT with last4 and bank code, the IBAN not stored', async () => {
    const userId = newUserId();
    const res = await h.call(LINK_BANK, { input: { country: 'DE', holderName: 'Ada Lovelace', iban: 'DE89 3704 0044 0532 0130 00' } }, { userId });
    expect(res.data!.linkBankAccount.userErrors).toEqual([]);
    expect(res.data!.linkBankAccount.fundingInstrument).toMatchObject({
      kind: 'BANK_ACCOUNT',
      last4: '3000',
      status: 'ACTIVE',
      card: null,
      bankAccount: { country: 'DE', holderName: 'Ada Lovelace', bankCode: '37040044' },
    });
    expect(JSON.stringify(await instruments(userId))).not.toContain('0532013000');
    expect(await events(userId, 'FundingInstrumentLinked')).toHaveLength(1);
  });

  it('when a valid US routing and account number are given, then it links with the routing number as bank code', async () => {
    const userId = newUserId();
    const res = await h.call(LINK_BANK, { input: { country: 'US', holderName: 'Ada', routingNumber: '110000000', accountNumber: '000123456789' } }, { userId });
    expect(res.data!.linkBankAccount.fundingInstrument).toMatchObject({ last4: '6789', bankAccount: { country: 'US', bankCode: '110000000' } });
    expect(JSON.stringify(await instruments(userId))).not.toContain('000123456789');
  });

  it.each([
    ['an IBAN with a bad checksum', 'INVALID_IBAN', 'iban', { country: 'DE', holderName: 'Ada', iban: 'DE89370400440532013001' }],
    ['a routing number with a bad checksum', 'INVALID_ROUTING_NUMBER', 'routingNumber', { country: 'US', holderName: 'Ada', routingNumber: '110000001', accountNumber: '000123456789' }],
    ['a 3-digit account number', 'INVALID_ACCOUNT_NUMBER', 'accountNumber', { country: 'US', holderName: 'Ada', routingNumber: '110000000', accountNumber: '123' }],
  ])('when given %s, then %s on input.%s and no row is written', async (_label, code, field, input) => {
    const userId = newUserId();
    const res = await h.call(LINK_BANK, { input }, { userId });
    expect(res.data!.linkBankAccount).toEqual({ fundingInstrument: null, userErrors: [{ code, field: ['input', field], message: expect.any(String) }] });
    expect(await instruments(userId)).toHaveLength(0);
  });
});

describe('removeFundingInstrument', () => {
  it('when the owner removes, then REMOVED, gone from the list, one event; removing again is a harmless no-op', async () => {
    const userId = newUserId();
    const id = (await h.call(LINK_CARD, { input: card('4242424242424242') }, { userId })).data!.linkCard.fundingInstrument.id;
    const keep = (await h.call(LINK_CARD, { input: card('4000000000000002') }, { userId })).data!.linkCard.fundingInstrument.id;

    expect((await h.call(REMOVE, { id }, { userId })).data!.removeFundingInstrument).toEqual({ removedId: id, userErrors: [] });
    const [row] = await h.sql(`select status, removed_at from funding_instrument where id = $1`, [id]);
    expect(row).toMatchObject({ status: 'REMOVED', removed_at: expect.any(Date) });
    const view = await h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId });
    expect(view.data!._entities[0].fundingInstruments.map((f: any) => f.id)).toEqual([keep]);
    expect((await h.call(BY_ID, { id }, { userId })).data!.fundingInstrument).toEqual({ id, status: 'REMOVED' });

    expect((await h.call(REMOVE, { id }, { userId })).data!.removeFundingInstrument).toEqual({ removedId: id, userErrors: [] });
    expect(await events(userId, 'FundingInstrumentRemoved')).toHaveLength(1);
  });

  it('when the card is linked again after removal, then a new instrument is created', async () => {
    const userId = newUserId();
    const first = (await h.call(LINK_CARD, { input: card('4242424242424242') }, { userId })).data!.linkCard.fundingInstrument.id;
    await h.call(REMOVE, { id: first }, { userId });
    const again = (await h.call(LINK_CARD, { input: card('4242424242424242') }, { userId })).data!.linkCard.fundingInstrument.id;
    expect(again).not.toBe(first);
  });

  it("when someone else's, an unknown or a malformed id is removed, then NOT_FOUND and nothing changes", async () => {
    const owner = newUserId();
    const id = (await h.call(LINK_CARD, { input: card('4242424242424242') }, { userId: owner })).data!.linkCard.fundingInstrument.id;
    const intruder = newUserId();
    for (const target of [id, `fi_${'0'.repeat(32)}`, 'not-an-id']) {
      const res = await h.call(REMOVE, { id: target }, { userId: intruder });
      expect(res.data!.removeFundingInstrument).toEqual({
        removedId: null,
        userErrors: [{ code: 'NOT_FOUND', field: ['input', 'id'], message: 'Funding instrument not found' }],
      });
    }
    expect((await h.sql(`select status from funding_instrument where id = $1`, [id]))[0]!.status).toBe('ACTIVE');
    expect(await events(owner, 'FundingInstrumentRemoved')).toHaveLength(0);
  });
});

describe('reading funding instruments', () => {
  it('when the owner, another user or an admin looks an instrument up, then only the owner and the admin see it', async () => {
    const owner = newUserId();
    const id = (await h.call(LINK_CARD, { input: card('4242424242424242') }, { userId: owner })).data!.linkCard.fundingInstrument.id;
    const other = newUserId();
    expect((await h.call(BY_ID, { id }, { userId: owner })).data!.fundingInstrument).toEqual({ id, status: 'ACTIVE' });
    expect((await h.call(BY_ID, { id }, { userId: other })).data!.fundingInstrument).toBeNull();
    expect((await h.call(BY_ID, { id }, { userId: other, roles: ['ADMIN'] })).data!.fundingInstrument).toEqual({ id, status: 'ACTIVE' });

    const reps = [{ __typename: 'FundingInstrument', id }];
    expect((await h.call(FI_ENTITIES, { reps }, { userId: owner })).data!._entities).toEqual([{ id, kind: 'CARD', last4: '4242' }]);
    expect((await h.call(FI_ENTITIES, { reps }, { userId: other })).data!._entities).toEqual([null]);
    expect((await h.call(FI_ENTITIES, { reps }, { userId: other, roles: ['ADMIN'] })).data!._entities).toEqual([{ id, kind: 'CARD', last4: '4242' }]);
  });
});
