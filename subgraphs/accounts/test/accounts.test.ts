import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropTestDatabases, postGraphQL } from '@paygraph/platform/testing';
import { deliver, eventually, queueDrained, newUserId, startHarness, USER_FIELDS, userRegistered, userRep, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ MAX_BUSINESS_ACCOUNTS: '2' });
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const personalAccounts = (userId: string) =>
  h.sql<{ id: string }>(`select id from account where user_id = $1 and type = 'PERSONAL'`, [userId]);
const accountOpenedEvents = (userId: string) =>
  h.sql<{ id: string; envelope: any }>(`select id, envelope from outbox where type = 'AccountOpened' and envelope->'data'->>'userId' = $1`, [userId]);
const consumed = (eventId: string) => h.sql(`select 1 from inbox where consumer = 'accounts' and event_id = $1`, [eventId]).then((r) => r.length > 0);

describe('personal account', () => {
  it('when UserRegistered is delivered twice, then exactly one personal account and one AccountOpened exist', async () => {
    const userId = newUserId();
    const event = userRegistered(userId);
    await deliver(h, event);
    await deliver(h, event);
    await eventually(() => consumed(event.id));
    await eventually(() => queueDrained(h));

    expect(await personalAccounts(userId)).toHaveLength(1);
    const events = await accountOpenedEvents(userId);
    expect(events).toHaveLength(1);
    expect(events[0]!.envelope).toMatchObject({
      source: 'accounts',
      causationId: event.id,
      correlationId: event.correlationId,
      data: { userId, type: 'PERSONAL', accountId: (await personalAccounts(userId))[0]!.id },
    });
  });

  it('when two different UserRegistered events name the same user, then still one account', async () => {
    const userId = newUserId();
    const a = userRegistered(userId);
    const b = userRegistered(userId);
    await deliver(h, a);
    await deliver(h, b);
    await eventually(async () => (await consumed(a.id)) && (await consumed(b.id)));
    expect(await personalAccounts(userId)).toHaveLength(1);
    expect(await accountOpenedEvents(userId)).toHaveLength(1);
  });

  it("when the user's first calls race the event, then one account is opened and announced once", async () => {
    const userId = newUserId();
    const event = userRegistered(userId);
    const calls = Array.from({ length: 5 }, () => h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId }));
    await Promise.all([deliver(h, event), ...calls]);
    await eventually(() => consumed(event.id));

    const accounts = await personalAccounts(userId);
    expect(accounts).toHaveLength(1);
    expect(await accountOpenedEvents(userId)).toHaveLength(1);
    for (const res of await Promise.all(calls)) {
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities[0].accounts).toEqual([expect.objectContaining({ id: accounts[0]!.id, type: 'PERSONAL', status: 'ACTIVE' })]);
    }
  });

  it('when a user calls before any event, then their personal account is created on the spot and shown', async () => {
    const userId = newUserId();
    const res = await h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId });
    expect(res.errors).toBeUndefined();
    const [account] = res.data!._entities[0].accounts;
    expect(account).toMatchObject({ type: 'PERSONAL', status: 'ACTIVE', businessName: null, owner: { id: userId } });
    expect(account.id).toMatch(/^acc_[0-9a-f]{32}$/);
    expect(account.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('when the relay runs, then AccountOpened is published (outbox row marked sent)', async () => {
    const userId = newUserId();
    await h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId });
    await eventually(async () => {
      const rows = await h.sql(`select published_at from outbox where type = 'AccountOpened' and envelope->'data'->>'userId' = $1`, [userId]);
      return rows.length === 1 && rows[0]!.published_at !== null;
    });
  });
});

const OPEN_BUSINESS = `mutation ($input: OpenBusinessAccountInput!) {
  openBusinessAccount(input: $input) { account { id type status businessName owner { id } } userErrors { code field message } }
}`;

describe('openBusinessAccount', () => {
  it('when the name is valid, then a BUSINESS account opens beside the personal one, which stays first', async () => {
    const userId = newUserId();
    const res = await h.call(OPEN_BUSINESS, { input: { businessName: '  Acme Ltd ' } }, { userId });
    expect(res.data!.openBusinessAccount.userErrors).toEqual([]);
    expect(res.data!.openBusinessAccount.account).toMatchObject({ type: 'BUSINESS', status: 'ACTIVE', businessName: 'Acme Ltd', owner: { id: userId } });

    const list = await h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId });
    expect(list.data!._entities[0].accounts.map((a: any) => a.type)).toEqual(['PERSONAL', 'BUSINESS']);
    const opened = await accountOpenedEvents(userId);
    expect(opened.map((e) => e.envelope.data.type).sort()).toEqual(['BUSINESS', 'PERSONAL']);
  });

  it('when the name is too short or too long, then INVALID_BUSINESS_NAME and nothing is opened', async () => {
    const userId = newUserId();
    for (const businessName of ['A', 'x'.repeat(101)]) {
      const res = await h.call(OPEN_BUSINESS, { input: { businessName } }, { userId });
      expect(res.data!.openBusinessAccount).toEqual({
        account: null,
        userErrors: [{ code: 'INVALID_BUSINESS_NAME', field: ['input', 'businessName'], message: expect.any(String) }],
      });
    }
    expect(await h.sql(`select 1 from account where user_id = $1 and type = 'BUSINESS'`, [userId])).toHaveLength(0);
  });

  it('when the cap is reached, then BUSINESS_ACCOUNT_LIMIT, even for concurrent calls', async () => {
    const userId = newUserId();
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => h.call(OPEN_BUSINESS, { input: { businessName: `Shop ${i}` } }, { userId })),
    );
    const codes = results.map((r) => r.data!.openBusinessAccount.userErrors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual(['BUSINESS_ACCOUNT_LIMIT', 'BUSINESS_ACCOUNT_LIMIT', 'OK', 'OK']);
    expect(await h.sql(`select 1 from account where user_id = $1 and type = 'BUSINESS'`, [userId])).toHaveLength(2);
  });
});

const ACCOUNT_QUERY = `query ($id: ID!) { account(id: $id) { id type owner { id } } }`;
const ACCOUNT_ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Account { id type businessName } } }`;

describe('reading accounts', () => {
  let owner: string;
  let other: string;
  let accountId: string;

  beforeAll(async () => {
    owner = newUserId();
    other = newUserId();
    const res = await h.call(OPEN_BUSINESS, { input: { businessName: 'Owner Co' } }, { userId: owner });
    accountId = res.data!.openBusinessAccount.account.id;
  });

  it('when the owner asks for the account by id, then it is returned', async () => {
    const res = await h.call(ACCOUNT_QUERY, { id: accountId }, { userId: owner });
    expect(res.data!.account).toEqual({ id: accountId, type: 'BUSINESS', owner: { id: owner } });
  });

  it('when another user asks, or the id is unknown or malformed, then null (not found)', async () => {
    expect((await h.call(ACCOUNT_QUERY, { id: accountId }, { userId: other })).data!.account).toBeNull();
    expect((await h.call(ACCOUNT_QUERY, { id: `acc_${'0'.repeat(32)}` }, { userId: owner })).data!.account).toBeNull();
    const malformed = await h.call(ACCOUNT_QUERY, { id: "acc_1' or '1'='1" }, { userId: owner });
    expect(malformed.errors).toBeUndefined();
    expect(malformed.data!.account).toBeNull();
  });

  it('when an admin asks, then any account is returned', async () => {
    const res = await h.call(ACCOUNT_QUERY, { id: accountId }, { userId: other, roles: ['USER', 'ADMIN'] });
    expect(res.data!.account).toMatchObject({ id: accountId });
  });

  it('when _entities resolves Account keys, then the owner and admins get them and others get null', async () => {
    const reps = [{ __typename: 'Account', id: accountId }, { __typename: 'Account', id: `acc_${'f'.repeat(32)}` }];
    expect((await h.call(ACCOUNT_ENTITIES, { reps }, { userId: owner })).data!._entities).toEqual([
      { id: accountId, type: 'BUSINESS', businessName: 'Owner Co' },
      null,
    ]);
    expect((await h.call(ACCOUNT_ENTITIES, { reps }, { userId: other })).data!._entities).toEqual([null, null]);
    expect((await h.call(ACCOUNT_ENTITIES, { reps }, { userId: other, roles: ['ADMIN'] })).data!._entities[0]).toMatchObject({ id: accountId });
  });
});

describe('User fields authorization', () => {
  it('when a user reads their own fields, then they are returned', async () => {
    const userId = newUserId();
    const res = await h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toMatchObject({ id: userId, kyc: { status: 'UNVERIFIED' }, fundingInstruments: [] });
  });

  it("when a user reads another user's fields, then FORBIDDEN", async () => {
    const me = newUserId();
    const them = newUserId();
    await h.call(USER_FIELDS, { reps: [userRep(them)] }, { userId: them });
    for (const field of ['accounts { id }', 'kyc { status }', 'fundingInstruments { id }']) {
      const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id ${field} } } }`;
      const res = await h.call(query, { reps: [userRep(them)] }, { userId: me });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(res.data?._entities).toEqual([null]);
    }
  });

  it("when an admin reads several users' fields in one request, then each gets their own data", async () => {
    const users = [newUserId(), newUserId(), newUserId()];
    for (const userId of users) await h.call(USER_FIELDS, { reps: [userRep(userId)] }, { userId });
    await h.call(OPEN_BUSINESS, { input: { businessName: 'Second Co' } }, { userId: users[1]! });
    const admin = newUserId();
    const res = await h.call(USER_FIELDS, { reps: users.map(userRep) }, { userId: admin, roles: ['USER', 'ADMIN'] });
    expect(res.errors).toBeUndefined();
    const entities = res.data!._entities as any[];
    expect(entities.map((e) => e.id)).toEqual(users);
    expect(entities.map((e) => e.accounts.length)).toEqual([1, 2, 1]);
    for (const [i, e] of entities.entries()) for (const a of e.accounts) expect(a.owner.id).toBe(users[i]);
  });

  it('when a request carries no identity, then UNAUTHENTICATED', async () => {
    const res = await postGraphQL(h.service.url, USER_FIELDS, { reps: [userRep(newUserId())] });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when the identity is signed with another secret, then UNAUTHENTICATED', async () => {
    const { callSubgraph } = await import('@paygraph/platform/testing');
    const res = await callSubgraph(h.service.url, USER_FIELDS, { reps: [userRep(newUserId())] }, { userId: newUserId() }, 'x'.repeat(48));
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when an anonymous identity asks for user fields or mutates, then UNAUTHENTICATED', async () => {
    const res = await h.call(USER_FIELDS, { reps: [userRep(newUserId())] }, { userId: null });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const mut = await h.call(OPEN_BUSINESS, { input: { businessName: 'Nobody Inc' } }, { userId: null });
    expect(mut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
