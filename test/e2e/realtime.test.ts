import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { bootStack, operation, registerUser, type TestStack } from '../support/stack.js';
import { fund, walletOf } from '../support/money.js';
import { activeSubscriptions, bearer, connect, untilSubscribed, type Connection } from '../support/subscriptions.js';
import { freePort, startChildGateway, type ChildService } from '../support/child-service.js';

/**
 * Subscriptions through the gateway with the real graphql-ws client, on the real stack: events travel from the
 * backbone (SQS) through notifications and Redis pub/sub to the gateway, which resolves the rest of each selection
 * (payments, fraud, users, wallets) through the federated plan as the subscriber.
 */
const NOTIFICATIONS = operation('realtime.graphql', 'Notifications');
const PAYMENT_UPDATES = operation('realtime.graphql', 'PaymentUpdates');
const WALLET_BALANCE = operation('realtime.graphql', 'WalletBalance');
const STATUS_RANK: Record<string, number> = { PENDING: 0, PROCESSING: 1, ON_HOLD: 1, COMPLETED: 2, FAILED: 2 };

let t: TestStack;
const connections: Connection[] = [];
const open = (token: string | null, params?: Record<string, unknown>, url = t.stack.gatewayUrl) => {
  const c = connect(url, params ?? (token ? bearer(token) : undefined));
  connections.push(c);
  return c;
};

beforeAll(async () => {
  t = await bootStack({ WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '20' });
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.dispose().catch(() => {})));
  await t?.stop();
});

/** Subscribes and waits until the gateway holds the subscription open, so that what the test causes next reaches it. */
async function live<T = any>(conn: Connection, query: string, variables: Record<string, unknown> = {}, url = t.stack.gatewayUrl) {
  const before = await activeSubscriptions(url);
  const sub = conn.subscribe<T>(query, variables);
  await untilSubscribed(url, before + 1);
  return sub;
}

/**
 * Registration mails a verification link, and its in-app notification is written by the backbone consumer: wait for
 * it before subscribing, so that it is not the live notification a test expects to be the payment's.
 */
async function registeredQuietly(displayName: string) {
  const user = await registerUser(t, displayName);
  for (let i = 0; i < 100; i++) {
    const page = await t.op('realtime.graphql', 'NotificationHistory', { first: 10 }, user.accessToken);
    if (page.data.me.notifications.edges.some((e: { node: { kind: string } }) => e.node.kind === 'EMAIL_VERIFICATION')) return user;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no verification notification for ${displayName}`);
}

async function send(from: { accessToken: string }, to: { email: string }, amount: string, awaitCompletion = true) {
  const res = await t.op('money.graphql', 'SendMoney', {
    input: { recipientEmail: to.email, amount: { amount, currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion },
  }, from.accessToken);
  const payment = res.data?.sendMoney?.payment;
  if (!payment) throw new Error(`sendMoney failed: ${JSON.stringify(res)}`);
  return payment as { id: string; status: string };
}

describe('when A pays B while B listens to notificationReceived', () => {
  it("then B receives the notification with the payment's fields from payments and the sender's name from users", async () => {
    const a = await registerUser(t, 'Ada Sender');
    const b = await registeredQuietly('Bea Receiver');
    await fund(t, a.accessToken, '50.00', 'USD');
    const sub = await live(open(b.accessToken), NOTIFICATIONS);
    const payment = await send(a, b, '7.50');

    const [event] = await sub.waitFor(1);
    expect(event!.errors).toBeUndefined();
    expect(event!.data).toMatchObject({
      notificationReceived: {
        kind: 'PAYMENT_RECEIVED',
        cursor: expect.any(String),
        payment: { id: payment.id, status: 'COMPLETED', amount: { amount: '7.50', currency: 'USD' }, sender: { displayName: 'Ada Sender' } },
      },
    });
  });
});

describe('when A listens to paymentUpdated and sends money', () => {
  it('then the payment, settled in the request, arrives COMPLETED with risk from fraud, and nothing goes backwards', async () => {
    const a = await registerUser(t, 'Ada Updates');
    const b = await registerUser(t, 'Bea Updates');
    await fund(t, a.accessToken, '50.00', 'USD');
    const sub = await live(open(a.accessToken), PAYMENT_UPDATES);
    const payment = await send(a, b, '3.00', false);
    // P2P settles in the request: no waiting asked for, and still the final answer.
    expect(payment.status).toBe('COMPLETED');

    const deadline = Date.now() + 15_000;
    const mine = () => sub.events.filter((e) => e.data?.paymentUpdated?.payment?.id === payment.id);
    while (Date.now() < deadline && mine().at(-1)?.data.paymentUpdated.payment.status !== 'COMPLETED') await sub.waitFor(sub.events.length + 1).catch(() => {});
    const statuses = mine().map((e) => e.data.paymentUpdated.payment.status as string);
    expect(statuses.at(-1)).toBe('COMPLETED');
    for (let i = 1; i < statuses.length; i++) expect(STATUS_RANK[statuses[i]!]).toBeGreaterThanOrEqual(STATUS_RANK[statuses[i - 1]!]!);
    expect(mine().at(-1)!.data.paymentUpdated.payment).toMatchObject({ amount: { amount: '3.00', currency: 'USD' }, risk: { decision: 'APPROVE' } });
  });
});

describe('when B reconnects with since', () => {
  it('then exactly the missed notifications arrive in cursor order, then live ones, with no duplicate', async () => {
    const a = await registerUser(t, 'Ada Replay');
    const b = await registeredQuietly('Bea Replay');
    await fund(t, a.accessToken, '50.00', 'USD');
    const first = open(b.accessToken);
    const current = await live(first, NOTIFICATIONS);
    await send(a, b, '1.00');
    const [seen] = await current.waitFor(1);
    const since = seen!.data.notificationReceived.cursor as string;
    await first.dispose();

    const missed = [await send(a, b, '2.00'), await send(a, b, '3.00')];
    // B's notifications are written by the backbone consumer: wait until both exist before reconnecting.
    for (let i = 0; i < 50; i++) {
      const page = await t.op('realtime.graphql', 'NotificationHistory', { first: 10 }, b.accessToken);
      if (page.data.me.notifications.edges.length >= 4) break; // the verification notification and three payments
      await new Promise((r) => setTimeout(r, 100));
    }
    const again = open(b.accessToken).subscribe(NOTIFICATIONS, { since });
    const replayed = await again.waitFor(2);
    expect(replayed.map((e) => e.data.notificationReceived.payment.id)).toEqual(missed.map((p) => p.id));

    const later = await send(a, b, '4.00');
    const all = await again.waitFor(3);
    await new Promise((r) => setTimeout(r, 500));
    expect(all.map((e) => e.data.notificationReceived.payment.id)).toEqual([...missed, later].map((p) => p.id));
    const cursors = all.map((e) => e.data.notificationReceived.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
  });
});

describe("when a user subscribes to another user's payment or wallet, or with bad arguments", () => {
  it('then NOT_FOUND or BAD_USER_INPUT ends the subscription and nothing is delivered', async () => {
    const a = await registerUser(t, 'Ada Private');
    const b = await registerUser(t, 'Bea Private');
    const eve = await registerUser(t, 'Eve Snoop');
    await fund(t, a.accessToken, '20.00', 'USD');
    const payment = await send(a, b, '1.00');
    const wallet = (await walletOf(t, a.accessToken, 'USD')) as unknown as { id: string };
    const conn = open(eve.accessToken);
    const cases: [string, Record<string, unknown>, string][] = [
      // Another's payment or wallet is NOT_FOUND, as one that does not exist (its existence is not revealed).
      [PAYMENT_UPDATES, { paymentId: payment.id }, 'NOT_FOUND'],
      [WALLET_BALANCE, { walletId: wallet.id }, 'NOT_FOUND'],
      [PAYMENT_UPDATES, { paymentId: 'pay_0123456789abcdef0123456789abcdef' }, 'NOT_FOUND'],
      [PAYMENT_UPDATES, { paymentId: 'not-an-id' }, 'BAD_USER_INPUT'],
      [NOTIFICATIONS, { since: '!!not a cursor' }, 'BAD_USER_INPUT'],
      [NOTIFICATIONS, { since: 42 }, 'BAD_USER_INPUT'],
    ];
    for (const [query, variables, code] of cases) {
      const sub = conn.subscribe(query, variables);
      await sub.ended;
      expect({ variables, code: sub.error()?.[0]?.extensions?.code }).toEqual({ variables, code });
      expect(sub.events).toEqual([]);
    }
    // The owner of the payment may follow it.
    const own = await live(open(a.accessToken), PAYMENT_UPDATES, { paymentId: payment.id });
    expect(own.error()).toBeNull();
  });
});

describe('when B follows one wallet with walletBalanceChanged', () => {
  it('then each change shows the balance read from wallets, and changes of other wallets are not delivered', async () => {
    const a = await registerUser(t, 'Ada Balance');
    const b = await registerUser(t, 'Bea Balance');
    await fund(t, a.accessToken, '30.00', 'USD');
    await fund(t, b.accessToken, '1.00', 'USD');
    await fund(t, b.accessToken, '1.00', 'EUR');
    const usd = (await walletOf(t, b.accessToken, 'USD')) as unknown as { id: string };
    const sub = await live(open(b.accessToken), WALLET_BALANCE, { walletId: usd.id });
    await send(a, b, '5.00');
    await fund(t, b.accessToken, '2.00', 'EUR');
    const [event] = await sub.waitFor(1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(sub.events.every((e) => e.data.walletBalanceChanged.wallet.id === usd.id)).toBe(true);
    expect(event!.data.walletBalanceChanged.wallet).toMatchObject({ currency: 'USD', balance: { amount: '6.00', currency: 'USD' }, available: { amount: '6.00' } });
  });
});

describe('when one connection asks for thousands of subscriptions', () => {
  it('then only the configured number is held and the rest are refused with TOO_MANY_SUBSCRIPTIONS', async () => {
    const a = await registerUser(t, 'Ada Many');
    const conn = open(a.accessToken);
    const before = await activeSubscriptions(t.stack.gatewayUrl);
    const subs = Array.from({ length: 2000 }, () => conn.subscribe(WALLET_BALANCE, {}));
    for (let i = 0; i < 100 && subs.filter((s) => s.error()).length < 1980; i++) await new Promise((r) => setTimeout(r, 100));
    const codes = subs.map((s) => s.error()?.[0]?.extensions?.code ?? 'OPEN');
    expect(codes.filter((c) => c === 'OPEN').length).toBe(20);
    expect(codes.filter((c) => c === 'TOO_MANY_SUBSCRIPTIONS').length).toBe(1980);
    // The gateway holds exactly the 20, and the connection stays usable.
    await untilSubscribed(t.stack.gatewayUrl, before + 20);
    expect(await activeSubscriptions(t.stack.gatewayUrl)).toBe(before + 20);
    const closed = await Promise.race([conn.closed.then(() => true), new Promise((r) => setTimeout(() => r(false), 200))]);
    expect(closed).toBe(false);
  });
});

describe('when a client subscribes without a token, with a bad one, or with oversized connectionParams', () => {
  it('then the connection is closed with 4401 or 4400 and nothing runs', async () => {
    expect((await open(null).closed).code).toBe(4401);
    expect((await open('not.a.token').closed).code).toBe(4401);
    const a = await registerUser(t, 'Ada Big');
    expect((await open(null, { ...bearer(a.accessToken), padding: 'x'.repeat(10_000) }).closed).code).toBe(4400);
  });
});

// Needs a Redis to share (jest.config.js says when there is none and this is skipped).
const describeWithRedis = process.env.PAYGRAPH_TEST_REDIS === 'none' ? describe.skip : describe;

describeWithRedis('when two gateway processes share one Redis', () => {
  let second: ChildService;
  afterAll(async () => second?.kill('SIGTERM'));

  it('then a client on either one receives each of its events exactly once', async () => {
    second = await startChildGateway(await freePort(), {
      ...t.env,
      JWKS_URL: `${new URL(t.stack.services.users!.url).origin}/.well-known/jwks.json`,
      SUBGRAPH_URLS: Object.values(t.stack.services).map((s) => `${s.name}=${s.url}`).join(','),
    });
    const a = await registerUser(t, 'Ada Twin');
    const b = await registerUser(t, 'Bea Twin');
    await fund(t, a.accessToken, '20.00', 'USD');
    const onFirst = await live(open(b.accessToken), NOTIFICATIONS);
    const onSecond = await live(open(b.accessToken, undefined, second.url), NOTIFICATIONS, {}, second.url);
    const p1 = await send(a, b, '1.25');
    const p2 = await send(a, b, '2.25');
    await onFirst.waitFor(2);
    await onSecond.waitFor(2);
    await new Promise((r) => setTimeout(r, 1000));
    for (const sub of [onFirst, onSecond]) {
      expect(sub.events.map((e) => e.data.notificationReceived.payment.id)).toEqual([p1.id, p2.id]);
    }

    // A gateway that shuts down says so: 1001 Going away.
    const conn = open(b.accessToken, undefined, second.url);
    await live(conn, NOTIFICATIONS, {}, second.url);
    await second.kill('SIGTERM');
    expect((await conn.closed).code).toBe(1001);
  });
});
