import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@paygraph/platform/ids';
import { dropTestDatabases } from '@paygraph/platform/testing';
import { paymentInitiated, saga, startHarness, transactionOf, type Harness, type PaymentKind, type TxnRow } from './support.js';

let h: Harness;

const A = newId('usr');
const B = newId('usr');
const C = newId('usr');
const ADMIN = newId('usr');
const asA = { userId: A };
const asB = { userId: B };
const asC = { userId: C };
const asAdmin = { userId: ADMIN, roles: ['USER', 'ADMIN'] as ('USER' | 'ADMIN')[] };

const BASE = Date.parse('2026-03-01T12:00:00.000Z');
const minute = (n: number) => new Date(BASE + n * 60_000).toISOString();

async function seed(kind: PaymentKind, senderId: string, recipientId: string, createdAt: string, amount = { minor: '1000', currency: 'USD' }, extra = {}): Promise<TxnRow> {
  const event = paymentInitiated(kind, { senderId, recipientId, createdAt, amount, ...extra });
  await h.handle(event);
  return (await transactionOf(h, event.data.paymentId))!;
}

// The fixture: A's movements, newest first once listed.
let p2pCompleted: TxnRow; // A → B, 10.00 USD, COMPLETED (minute 1)
let p2pFailed: TxnRow; // B → A, 5.00 EUR, FAILED INSUFFICIENT_FUNDS (minute 2)
let addFunds: TxnRow; // A, 100.00 USD from a card, PROCESSING (minute 3)
let conversion: TxnRow; // A, USD → EUR, ON_HOLD (minute 4)
let p2pYen: TxnRow; // A → C, 1200 JPY, PROCESSING (minute 5)
let bulk: TxnRow[]; // 30 × A → B USD at minutes 10.., with ties (same createdAt for pairs)
const walletUsdA = newId('wal');

beforeAll(async () => {
  h = await startHarness();
  p2pCompleted = await seed('P2P', A, B, minute(1));
  const s1 = saga(p2pCompleted);
  const hold = newId('hld');
  await h.handle(s1.riskAssessed('APPROVE'));
  await h.handle(s1.transferred(hold, walletUsdA));

  p2pFailed = await seed('P2P', B, A, minute(2), { minor: '500', currency: 'EUR' });
  await h.handle(saga(p2pFailed).riskAssessed('APPROVE'));
  await h.handle(saga(p2pFailed).reservationFailed('INSUFFICIENT_FUNDS'));

  addFunds = await seed('ADD_FUNDS', A, A, minute(3), { minor: '10000', currency: 'USD' });

  conversion = await seed('CONVERSION', A, A, minute(4), { minor: '2500', currency: 'USD' }, { targetAmount: { minor: '2290', currency: 'EUR' } });
  await h.handle(saga(conversion).riskAssessed('REVIEW'));
  await h.handle(saga(conversion).fundsReserved(newId('hld'), walletUsdA, { minor: '2500', currency: 'USD' }));

  p2pYen = await seed('P2P', A, C, minute(5), { minor: '1200', currency: 'JPY' });

  bulk = [];
  for (let i = 0; i < 30; i++) bulk.push(await seed('P2P', A, B, minute(10 + Math.floor(i / 2))));
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const ACTIVITY = `query ($reps: [_Any!]!, $first: Int, $after: String, $filter: ActivityFilter) {
  _entities(representations: $reps) {
    ... on User {
      id
      activity(first: $first, after: $after, filter: $filter) {
        edges { cursor node { id kind status failureReason direction amount { amount currency } targetAmount { amount currency } counterparty { id } createdAt updatedAt } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }
}`;

const user = (id: string) => ({ __typename: 'User', id });

async function activity(of: string, as: { userId: string | null; roles?: any[] }, args: { first?: number; after?: string; filter?: Record<string, unknown> } = {}) {
  return h.call(ACTIVITY, { reps: [user(of)], ...args }, as);
}

/** Every id of a user's activity, walking the pages. */
async function walk(of: string, first: number, filter?: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await activity(of, asA, { first, after, filter });
    expect(res.errors).toBeUndefined();
    const conn = res.data!._entities[0].activity;
    ids.push(...conn.edges.map((e: any) => e.node.id));
    if (!conn.pageInfo.hasNextPage) return ids;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

/** A's movements, newest first: createdAt desc, then id desc. */
const expectedOrder = () =>
  [p2pCompleted, p2pFailed, addFunds, conversion, p2pYen, ...bulk]
    .sort((x, y) => (y.created_at as Date).getTime() - (x.created_at as Date).getTime() || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0))
    .map((t) => t.id);

describe('User.activity', () => {
  it('when the user reads the first page, then 20 movements newest first, failed and on-hold ones included later on', async () => {
    const res = await activity(A, asA);
    expect(res.errors).toBeUndefined();
    const conn = res.data!._entities[0].activity;
    expect(conn.edges).toHaveLength(20);
    expect(conn.edges.map((e: any) => e.node.id)).toEqual(expectedOrder().slice(0, 20));
    expect(conn.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: conn.edges[0].cursor, endCursor: conn.edges[19].cursor });
  });

  it('when every page is walked (several page sizes), then each movement appears once, in order', async () => {
    const all = expectedOrder();
    expect(all).toHaveLength(35);
    for (const size of [1, 7, 20, 100]) expect(await walk(A, size)).toEqual(all);
  });

  it('when a movement is created between two pages, then the next page continues where the last one stopped', async () => {
    const D = newId('usr');
    const rows = [];
    for (let i = 0; i < 5; i++) rows.push(await seed('P2P', D, B, minute(100 + i)));
    const first = (await activity(D, { userId: D }, { first: 2 })).data!._entities[0].activity;
    await seed('P2P', D, B, minute(200));
    const second = (await activity(D, { userId: D }, { first: 10, after: first.pageInfo.endCursor })).data!._entities[0].activity;
    expect([...first.edges, ...second.edges].map((e: any) => e.node.id)).toEqual(rows.reverse().map((r) => r.id));
  });

  it('when the movements are shown to the user, then direction, counterparty and amounts are from their point of view', async () => {
    const nodes = new Map<string, any>(
      (await activity(A, asA, { first: 100 })).data!._entities[0].activity.edges.map((e: any) => [e.node.id, e.node]),
    );
    expect(nodes.get(p2pCompleted.id)).toMatchObject({ kind: 'P2P', status: 'COMPLETED', direction: 'OUT', counterparty: { id: B }, amount: { amount: '10.00', currency: 'USD' }, failureReason: null });
    expect(nodes.get(p2pFailed.id)).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS', direction: 'IN', counterparty: { id: B }, amount: { amount: '5.00', currency: 'EUR' } });
    expect(nodes.get(addFunds.id)).toMatchObject({ kind: 'ADD_FUNDS', status: 'PROCESSING', direction: 'IN', counterparty: null, amount: { amount: '100.00', currency: 'USD' } });
    expect(nodes.get(conversion.id)).toMatchObject({
      kind: 'CONVERSION',
      status: 'ON_HOLD',
      direction: 'OUT',
      counterparty: null,
      amount: { amount: '25.00', currency: 'USD' },
      targetAmount: { amount: '22.90', currency: 'EUR' },
    });
    expect(nodes.get(p2pYen.id)).toMatchObject({ direction: 'OUT', counterparty: { id: C }, amount: { amount: '1200', currency: 'JPY' }, targetAmount: null });
    expect(nodes.get(p2pYen.id).createdAt).toBe(minute(5));
  });

  it('when the recipient reads their activity, then the same payment is IN with the sender as counterparty', async () => {
    const res = await activity(B, asB, { first: 100 });
    const node = res.data!._entities[0].activity.edges.find((e: any) => e.node.id === p2pCompleted.id).node;
    expect(node).toMatchObject({ direction: 'IN', counterparty: { id: A } });
  });

  it('when filtered by kind, status, currency or dates, then only matching movements are listed (still newest first)', async () => {
    expect(await walk(A, 50, { kinds: ['ADD_FUNDS', 'CONVERSION'] })).toEqual([conversion.id, addFunds.id]);
    expect(await walk(A, 50, { statuses: ['FAILED', 'ON_HOLD'] })).toEqual([conversion.id, p2pFailed.id]);
    expect(await walk(A, 50, { currency: 'EUR' })).toEqual([conversion.id, p2pFailed.id]);
    expect(await walk(A, 50, { currency: 'JPY' })).toEqual([p2pYen.id]);
    expect(await walk(A, 50, { createdAfter: minute(2), createdBefore: minute(5) })).toEqual([conversion.id, addFunds.id, p2pFailed.id]);
    expect(await walk(A, 2, { kinds: ['P2P'], statuses: ['PROCESSING'], currency: 'USD', createdAfter: minute(10), createdBefore: minute(12) })).toEqual(
      expectedOrder().filter((id) => bulk.slice(0, 4).some((b) => b.id === id)),
    );
    expect(await walk(A, 50, { kinds: [], statuses: [] })).toHaveLength(35);
  });

  it('when a filter is invalid, then BAD_USER_INPUT naming the field', async () => {
    for (const [filter, field] of [
      [{ currency: 'XXX' }, ['filter', 'currency']],
      [{ currency: 'usd' }, ['filter', 'currency']],
      [{ createdAfter: 'yesterday' }, ['filter', 'createdAfter']],
      [{ createdBefore: '2026-13-01T00:00:00Z' }, ['filter', 'createdBefore']],
    ] as const) {
      const res = await activity(A, asA, { filter });
      expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
    }
  });

  it('when first is out of 0..100, then BAD_USER_INPUT; first 0 gives an empty page', async () => {
    for (const first of [-1, 101, 1000]) {
      const res = await activity(A, asA, { first });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
    const empty = (await activity(A, asA, { first: 0 })).data!._entities[0].activity;
    expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });

  it('when the cursor is not one of ours, then BAD_USER_INPUT', async () => {
    const forged = (s: string) => Buffer.from(s).toString('base64url');
    for (const after of [
      'garbage!',
      '',
      forged('2026-03-01T12:00:00.000Z'),
      forged(`not-a-date|${p2pYen.id}`),
      forged(`2026-03-01T12:00:00.000Z|${newId('pay')}`),
      forged(`2026-03-01T12:00:00.000Z|${p2pYen.id}|x`),
      forged(`2026-03-01T12:00:00.000Z|txn_1' or '1'='1`),
      'a'.repeat(500),
    ]) {
      const res = await activity(A, asA, { after });
      expect({ after, codes: res.errors?.map((e) => e.extensions?.code) }).toEqual({ after, codes: ['BAD_USER_INPUT'] });
    }
  });

  it("when a user reads someone else's activity, then FORBIDDEN; anonymous: UNAUTHENTICATED", async () => {
    const other = await activity(A, asB);
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(other.data?._entities).toEqual([null]);
    const anonymous = await activity(A, { userId: null });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it("when an admin reads two users' activity in one request, then each list is from its own user's point of view", async () => {
    const res = await h.call(ACTIVITY, { reps: [user(A), user(B)], first: 100 }, asAdmin);
    expect(res.errors).toBeUndefined();
    const [ofA, ofB] = res.data!._entities.map((u: any) => new Map(u.activity.edges.map((e: any) => [e.node.id, e.node])));
    expect((ofA as Map<string, any>).get(p2pCompleted.id)).toMatchObject({ direction: 'OUT', counterparty: { id: B } });
    expect((ofB as Map<string, any>).get(p2pCompleted.id)).toMatchObject({ direction: 'IN', counterparty: { id: A } });
  });
});

const TRANSACTION = `query ($id: ID!) {
  transaction(id: $id) { id kind status direction counterparty { id } steps { name status at } payment { id } }
}`;

describe('Query.transaction and Transaction fields', () => {
  it('when a participant asks, then the transaction with its steps and payment', async () => {
    const res = await h.call(TRANSACTION, { id: p2pCompleted.id }, asA);
    expect(res.errors).toBeUndefined();
    expect(res.data!.transaction).toMatchObject({ id: p2pCompleted.id, status: 'COMPLETED', direction: 'OUT', counterparty: { id: B }, payment: { id: p2pCompleted.payment_id } });
    expect(res.data!.transaction.steps.map((s: any) => `${s.name}:${s.status}`)).toEqual([
      'RISK_ASSESSMENT:PENDING',
      'RISK_ASSESSMENT:SUCCEEDED',
      'FUNDS_RESERVATION:PENDING',
      'FUNDS_CAPTURE:PENDING',
      'FUNDS_RESERVATION:SUCCEEDED',
      'FUNDS_CAPTURE:SUCCEEDED',
      'COMPLETION:SUCCEEDED',
    ]);
    expect(res.data!.transaction.steps[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const asRecipient = await h.call(TRANSACTION, { id: p2pCompleted.id }, asB);
    expect(asRecipient.data!.transaction).toMatchObject({ direction: 'IN', counterparty: { id: A } });
  });

  it('when a non-participant asks, or the id is unknown or malformed, then null; an admin sees it (sender\'s view)', async () => {
    expect((await h.call(TRANSACTION, { id: p2pCompleted.id }, asC)).data!.transaction).toBeNull();
    expect((await h.call(TRANSACTION, { id: newId('txn') }, asA)).data!.transaction).toBeNull();
    const malformed = await h.call(TRANSACTION, { id: "txn_1' or '1'='1" }, asA);
    expect(malformed.errors).toBeUndefined();
    expect(malformed.data!.transaction).toBeNull();
    expect((await h.call(TRANSACTION, { id: p2pCompleted.id }, asAdmin)).data!.transaction).toMatchObject({ id: p2pCompleted.id, direction: 'OUT', counterparty: { id: B } });
    expect((await h.call(TRANSACTION, { id: p2pCompleted.id }, { userId: null })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('_entities', () => {
  const TXN_ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Transaction { id status kind } } }`;
  const PAYMENT_ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Payment { id transaction { id status } } } }`;
  const WALLET_ENTITIES = `query ($reps: [_Any!]!, $first: Int) { _entities(representations: $reps) { ... on Wallet { id transactions(first: $first) { edges { node { id direction amount { currency } } } pageInfo { hasNextPage } } } } }`;

  it('when Transaction keys are resolved, then participants and admins get them, others null', async () => {
    const reps = [{ __typename: 'Transaction', id: p2pCompleted.id }, { __typename: 'Transaction', id: p2pYen.id }, { __typename: 'Transaction', id: newId('txn') }];
    expect((await h.call(TXN_ENTITIES, { reps }, asA)).data!._entities).toEqual([
      { id: p2pCompleted.id, status: 'COMPLETED', kind: 'P2P' },
      { id: p2pYen.id, status: 'PROCESSING', kind: 'P2P' },
      null,
    ]);
    expect((await h.call(TXN_ENTITIES, { reps }, asB)).data!._entities).toEqual([{ id: p2pCompleted.id, status: 'COMPLETED', kind: 'P2P' }, null, null]);
    expect((await h.call(TXN_ENTITIES, { reps }, asC)).data!._entities).toEqual([null, { id: p2pYen.id, status: 'PROCESSING', kind: 'P2P' }, null]);
    expect((await h.call(TXN_ENTITIES, { reps }, asAdmin)).data!._entities.filter(Boolean)).toHaveLength(2);
  });

  it('when Payment keys are resolved, then Payment.transaction for participants, null for others and unknown payments', async () => {
    const reps = [{ __typename: 'Payment', id: p2pCompleted.payment_id }, { __typename: 'Payment', id: newId('pay') }];
    expect((await h.call(PAYMENT_ENTITIES, { reps }, asB)).data!._entities).toEqual([
      { id: p2pCompleted.payment_id, transaction: { id: p2pCompleted.id, status: 'COMPLETED' } },
      { id: reps[1]!.id, transaction: null },
    ]);
    expect((await h.call(PAYMENT_ENTITIES, { reps }, asC)).data!._entities[0]).toEqual({ id: p2pCompleted.payment_id, transaction: null });
  });

  it("when a Wallet learned from FundsReserved is resolved, then its owner's movements in its currency", async () => {
    const res = await h.call(WALLET_ENTITIES, { reps: [{ __typename: 'Wallet', id: walletUsdA }], first: 100 }, asA);
    expect(res.errors).toBeUndefined();
    const edges = res.data!._entities[0].transactions.edges;
    // A's USD movements: the P2P sends, the card top-up, the conversion out of USD; not the EUR or JPY ones.
    expect(edges.map((e: any) => e.node.id)).toEqual(expectedOrder().filter((id) => ![p2pFailed.id, p2pYen.id].includes(id)));
    expect(edges.every((e: any) => e.node.amount.currency === 'USD')).toBe(true);
    expect(h.wallets.calls).toBe(0);
  });

  it('when a Wallet no event named is resolved, then wallets is asked once and the answer kept', async () => {
    const eurWalletOfA = newId('wal');
    h.wallets.known.set(eurWalletOfA, { ownerId: A, currency: 'EUR' });
    const before = h.wallets.calls;
    for (let i = 0; i < 2; i++) {
      const res = await h.call(WALLET_ENTITIES, { reps: [{ __typename: 'Wallet', id: eurWalletOfA }], first: 10 }, asA);
      expect(res.errors).toBeUndefined();
      // EUR: the payment B tried to send A, and the conversion into EUR.
      expect(res.data!._entities[0].transactions.edges.map((e: any) => [e.node.id, e.node.direction])).toEqual([
        [conversion.id, 'OUT'],
        [p2pFailed.id, 'IN'],
      ]);
    }
    expect(h.wallets.calls - before).toBe(1);
    expect(await h.sql(`select owner_id, currency from wallet_ref where wallet_id = $1`, [eurWalletOfA])).toEqual([{ owner_id: A, currency: 'EUR' }]);
  });

  it("when someone else's wallet is asked for, then FORBIDDEN; an unknown or malformed one NOT_FOUND; admins see any", async () => {
    const reps = (id: string) => ({ reps: [{ __typename: 'Wallet', id }], first: 5 });
    expect((await h.call(WALLET_ENTITIES, reps(walletUsdA), asB)).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await h.call(WALLET_ENTITIES, reps(newId('wal')), asA)).errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect((await h.call(WALLET_ENTITIES, reps('wal_nope'), asA)).errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const admin = await h.call(WALLET_ENTITIES, reps(walletUsdA), asAdmin);
    expect(admin.errors).toBeUndefined();
    expect(admin.data!._entities[0].transactions.edges[0].node.direction).toBe('OUT');
    expect(admin.data!._entities[0].transactions.pageInfo.hasNextPage).toBe(true);
  });

  it('when User keys are resolved, then the id comes back (activity hangs from it)', async () => {
    const res = await h.call(`query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id } } }`, { reps: [user(A), user(B)] }, asA);
    expect(res.data!._entities).toEqual([{ id: A }, { id: B }]);
  });
});
