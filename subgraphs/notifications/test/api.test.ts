import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropTestDatabases } from '@paygraph/platform/testing';
import { newId } from '@paygraph/platform/ids';
import { NOTIFICATION_KINDS } from '../src/entities/notification.entity.js';
import { HISTORY, deliverAll, eventually, loggedIn, newUserId, notificationsOf, paymentStatus, sinkLines, startHarness, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const MARK = `mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { count userErrors { code field message } } }`;
const PREFS = `mutation($input: UpdateNotificationPreferencesInput!) {
  updateNotificationPreferences(input: $input) { preference { kind email sms push } userErrors { code field } }
}`;

/** A user with `n` sign-in notifications (seq 1..n), delivered in order. */
async function userWith(n: number): Promise<string> {
  const userId = newUserId();
  const session = newId('ses');
  await deliverAll(h, ...Array.from({ length: n }, () => loggedIn(userId, session)));
  return userId;
}

const history = (userId: string, vars: Record<string, unknown> = {}, as: { userId: string | null; roles?: any[] } = { userId }) =>
  h.call(HISTORY, { id: userId, ...vars }, as);

describe('User.notifications', () => {
  it('when a user pages through five notifications two at a time, then they come newest first with no gap or repeat', async () => {
    const userId = await userWith(5);
    const seen: string[] = [];
    let after: string | null = null;
    const hasNext: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await history(userId, { first: 2, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data._entities[0].notifications;
      seen.push(...conn.edges.map((e: any) => e.node.id));
      for (const e of conn.edges) expect(e.cursor).toBe(e.node.cursor);
      hasNext.push(conn.pageInfo.hasNextPage);
      after = conn.pageInfo.endCursor;
    }
    const rows = await notificationsOf(h, userId);
    expect(seen).toEqual(rows.map((r) => r.id).reverse());
    expect(hasNext).toEqual([true, true, false]);
  });

  it('when unread is true, then only unread notifications are listed, and markNotificationsRead marks only the caller\'s own', async () => {
    const userId = await userWith(3);
    const other = await userWith(1);
    const [first, second] = await notificationsOf(h, userId);
    const [foreign] = await notificationsOf(h, other);

    const marked = await h.call(MARK, { input: { ids: [first.id, foreign.id, 'ntf_nope', 'garbage'] } }, { userId });
    expect(marked.data).toEqual({ markNotificationsRead: { count: 1, userErrors: [] } });
    expect((await notificationsOf(h, other))[0].read_at).toBeNull();

    const unread = await history(userId, { unread: true });
    expect(unread.data._entities[0].notifications.edges.map((e: any) => e.node.id)).toEqual([
      (await notificationsOf(h, userId))[2].id,
      second.id,
    ]);
    const all = await history(userId);
    const readNode = all.data._entities[0].notifications.edges.find((e: any) => e.node.id === first.id).node;
    expect(readNode.readAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));

    // Marking again counts nothing new; `all` marks the rest.
    expect((await h.call(MARK, { input: { ids: [first.id] } }, { userId })).data.markNotificationsRead.count).toBe(0);
    expect((await h.call(MARK, { input: { all: true } }, { userId })).data.markNotificationsRead.count).toBe(2);
    expect((await history(userId, { unread: true })).data._entities[0].notifications.edges).toEqual([]);
  });

  it('when markNotificationsRead gets neither or both of ids and all, or too many ids, then it answers with a userError', async () => {
    const userId = newUserId();
    const neither = await h.call(MARK, { input: {} }, { userId });
    expect(neither.data.markNotificationsRead.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT' });
    const both = await h.call(MARK, { input: { ids: [], all: true } }, { userId });
    expect(both.data.markNotificationsRead.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT' });
    const many = await h.call(MARK, { input: { ids: Array.from({ length: 101 }, () => newId('ntf')) } }, { userId });
    expect(many.data.markNotificationsRead.userErrors[0]).toMatchObject({ code: 'TOO_MANY_IDS', field: ['input', 'ids'] });
    const anonymous = await h.call(MARK, { input: { all: true } }, { userId: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("when another user asks for someone's notifications or preferences, then FORBIDDEN; an admin may see them", async () => {
    const userId = await userWith(1);
    const stranger = await history(userId, {}, { userId: newUserId() });
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const prefs = await h.call(`query($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { notificationPreferences { kind } } } }`, { id: userId }, { userId: newUserId() });
    expect(prefs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await history(userId, {}, { userId: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const admin = await history(userId, {}, { userId: newUserId(), roles: ['USER', 'ADMIN'] });
    expect(admin.data._entities[0].notifications.edges).toHaveLength(1);
  });

  it('when first is out of range or the cursor is malformed, then BAD_USER_INPUT', async () => {
    const userId = newUserId();
    for (const vars of [{ first: -1 }, { first: 101 }, { after: 'not-a-cursor' }, { after: Buffer.from('0').toString('base64url') }]) {
      const res = await history(userId, vars);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('_entities', () => {
  it("when a Notification is resolved by id, then its user sees it with its payment link and anyone else gets null", async () => {
    const event = paymentStatus();
    await deliverAll(h, event);
    const [row] = await notificationsOf(h, event.data.senderId);
    const query = `query($id: ID!) { _entities(representations: [{ __typename: "Notification", id: $id }]) {
      ... on Notification { id kind title cursor payment { id } wallet { id } createdAt } } }`;
    const own = await h.call(query, { id: row.id }, { userId: event.data.senderId });
    expect(own.data._entities[0]).toMatchObject({ id: row.id, kind: 'PAYMENT_SENT', payment: { id: event.data.paymentId }, wallet: null });
    expect((await h.call(query, { id: row.id }, { userId: event.data.recipientId })).data._entities).toEqual([null]);
    expect((await h.call(query, { id: 'garbage' }, { userId: event.data.senderId })).data._entities).toEqual([null]);
  });
});

describe('preferences', () => {
  it('when a user never chose, then defaults are listed for every kind (SMS for security kinds only)', async () => {
    const userId = newUserId();
    const res = await h.call(`query($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { notificationPreferences { kind email sms push } } } }`, { id: userId }, { userId });
    const prefs = res.data._entities[0].notificationPreferences;
    expect(prefs.map((p: any) => p.kind)).toEqual([...NOTIFICATION_KINDS]);
    expect(prefs.find((p: any) => p.kind === 'NEW_LOGIN')).toEqual({ kind: 'NEW_LOGIN', email: true, sms: true, push: true });
    expect(prefs.find((p: any) => p.kind === 'PAYMENT_RECEIVED')).toEqual({ kind: 'PAYMENT_RECEIVED', email: true, sms: false, push: true });
  });

  it('when a user turns email off for received payments, then the next one writes no email line but still a push line', async () => {
    const userId = newUserId();
    const res = await h.call(PREFS, { input: { kind: 'PAYMENT_RECEIVED', email: false } }, { userId });
    expect(res.data.updateNotificationPreferences).toEqual({ preference: { kind: 'PAYMENT_RECEIVED', email: false, sms: false, push: true }, userErrors: [] });
    // An omitted channel keeps its value.
    const again = await h.call(PREFS, { input: { kind: 'PAYMENT_RECEIVED', push: false } }, { userId });
    expect(again.data.updateNotificationPreferences.preference).toEqual({ kind: 'PAYMENT_RECEIVED', email: false, sms: false, push: false });
    await h.call(PREFS, { input: { kind: 'PAYMENT_RECEIVED', push: true } }, { userId });

    const event = paymentStatus({ recipientId: userId });
    await deliverAll(h, event);
    const [row] = await notificationsOf(h, userId);
    const [senderRow] = await notificationsOf(h, event.data.senderId);
    // The sender's email (default on) is the marker that the worker has run past this event.
    await eventually(async () => (await sinkLines(h, 'email')).some((l) => l.notificationId === senderRow.id));
    await eventually(async () => (await sinkLines(h, 'push')).some((l) => l.notificationId === row.id));
    expect((await sinkLines(h, 'email')).filter((l) => l.notificationId === row.id)).toEqual([]);
    expect(await h.sql(`select channel from notification_delivery where notification_id = $1`, [row.id])).toEqual([{ channel: 'PUSH' }]);
  });
});
