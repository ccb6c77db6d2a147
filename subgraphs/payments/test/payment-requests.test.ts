import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventsOf, key, registerUser, startWorld, type TestUser, type World } from './support.js';

/** Payment requests in the payments subgraph alone: the entity reference, visibility, and the events they write. */
let w: World;
let requester: TestUser;
let payer: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  w = await startWorld();
  [requester, payer, stranger] = await Promise.all([registerUser(w, 'Req'), registerUser(w, 'Pay'), registerUser(w, 'Stranger')]);
});

afterAll(async () => {
  await w?.stop();
});

const REQUEST_MONEY = `mutation ($input: RequestMoneyInput!) { requestMoney(input: $input) { paymentRequest { id status } userErrors { code field message } } }`;
const DECLINE = `mutation ($input: DeclineRequestInput!) { declineRequest(input: $input) { paymentRequest { id status closedAt } userErrors { code } } }`;
const ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on PaymentRequest { id status amount { amount currency } requester { id } payer { id } } } }`;

describe('when a payment request is made and declined', () => {
  it('then each step writes its event once, and _entities resolves it for its parties and admins only', async () => {
    const made = await w.call(REQUEST_MONEY, { input: { from: payer.id, amount: { amount: '7.00', currency: 'EUR' }, note: 'tickets', idempotencyKey: key() } }, { userId: requester.id });
    expect(made.errors).toBeUndefined();
    const id = made.data.requestMoney.paymentRequest.id as string;
    expect(id).toMatch(/^prq_[0-9a-f]{32}$/);
    expect((await eventsOf(w, 'PaymentRequestCreated', id)).map((e) => e.data)).toEqual([
      expect.objectContaining({ requestId: id, requesterId: requester.id, payerId: payer.id, amount: { minor: '700', currency: 'EUR' }, note: 'tickets' }),
    ]);

    const reps = { reps: [{ __typename: 'PaymentRequest', id }, { __typename: 'PaymentRequest', id: 'prq_00000000000000000000000000000000' }] };
    const expected = { id, status: 'OPEN', amount: { amount: '7.00', currency: 'EUR' }, requester: { id: requester.id }, payer: { id: payer.id } };
    for (const [userId, roles, visible] of [
      [requester.id, ['USER'], true],
      [payer.id, ['USER'], true],
      [stranger.id, ['USER', 'ADMIN'], true],
      [stranger.id, ['USER'], false],
    ] as const) {
      const res = await w.call(ENTITIES, reps, { userId, roles: [...roles] });
      expect(res.errors).toBeUndefined();
      expect(res.data._entities).toEqual([visible ? expected : null, null]);
    }

    const declined = await w.call(DECLINE, { input: { requestId: id } }, { userId: payer.id });
    expect(declined.data.declineRequest).toMatchObject({ userErrors: [], paymentRequest: { id, status: 'DECLINED' } });
    const again = await w.call(DECLINE, { input: { requestId: id } }, { userId: payer.id });
    expect(again.data.declineRequest.userErrors).toEqual([{ code: 'REQUEST_NOT_OPEN' }]);
    expect((await eventsOf(w, 'PaymentRequestUpdated', id)).map((e) => e.data)).toEqual([
      expect.objectContaining({ requestId: id, status: 'DECLINED', previousStatus: 'OPEN', paymentId: null }),
    ]);
  });
});
