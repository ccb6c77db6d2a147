import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { dropTestDatabases, callSubgraph } from '@paygraph/platform/testing';
import { newId } from '@paygraph/platform/ids';
import { MemoryRealtimeBus, userChannel, type RealtimeMessage } from '@paygraph/platform/realtime';
import { Notification } from '../src/entities/notification.entity.js';
import { encodeCursor } from '../src/services/cursor.js';
import { notificationMessage, streamMessages } from '../src/services/realtime.service.js';
import { deliverAll, envelope, eventually, newUserId, paymentStatus, startHarness, type Harness } from './support.js';

/**
 * What notifications publishes for the gateway's subscriptions, and the tickets it answers: the snapshot is what the
 * gateway answers the primary fetch from, so it must hold every field the subgraph declares on the payload types.
 */
const PREFIX = `nt:${newId('x').slice(2, 10)}:`;
const bus = new MemoryRealtimeBus();
const owners = new Map<string, { senderId: string; recipientId: string }>();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ REALTIME_CHANNEL_PREFIX: PREFIX }, {
    bus,
    participants: {
      paymentParticipants: async (id) => owners.get(id) ?? null,
      walletOwner: async () => null,
    },
  });
});
afterAll(async () => {
  await h?.stop();
  await bus.close();
  if (h) await dropTestDatabases(h.env);
});

const sdl = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
const fieldsOf = (name: string) =>
  (sdl.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name)!.fields ?? [])
    .map((f) => f.name.value)
    .sort();
const keysOf = (snapshot: Record<string, unknown>) => Object.keys(snapshot).filter((k) => k !== '__typename').sort();

describe('the snapshots published with each event', () => {
  it('when built for each payload type, then they hold exactly the fields the subgraph declares on it', () => {
    const n = Object.assign(new Notification(), {
      id: newId('ntf'), userId: newUserId(), seq: 7, kind: 'PAYMENT_RECEIVED', title: 't', body: 'b',
      paymentId: newId('pay'), walletId: null, eventId: 'e', createdAt: new Date(), readAt: null,
    });
    expect(keysOf(notificationMessage(n as Notification, Date.now()).data)).toEqual(fieldsOf('Notification'));
    const [payment] = streamMessages(paymentStatus());
    expect(keysOf(payment!.data)).toEqual(fieldsOf('PaymentUpdate'));
    const balance = streamMessages(envelope('WalletBalanceChanged', 'wallets', newId('wal'), {
      walletId: newId('wal'), ownerId: newUserId(), at: new Date().toISOString(),
      balance: { minor: '100', currency: 'USD' }, available: { minor: '100', currency: 'USD' }, held: { minor: '0', currency: 'USD' },
    }));
    expect(keysOf(balance[0]!.data)).toEqual(fieldsOf('WalletBalanceChange'));
  });
});

describe('when a payment event is consumed', () => {
  it("then each party's channel gets its notification (with its seq) and a paymentUpdated for that payment", async () => {
    const event = paymentStatus();
    const received: RealtimeMessage[] = [];
    const stops = await Promise.all(
      [event.data.senderId, event.data.recipientId].map((u) => bus.subscribe(userChannel(PREFIX, u), (raw) => received.push(JSON.parse(raw)))),
    );
    await deliverAll(h, event);
    await eventually(async () => received.length >= 4);
    for (const userId of [event.data.senderId, event.data.recipientId]) {
      const mine = received.filter((m) => m.userId === userId);
      expect(mine.map((m) => m.field).sort()).toEqual(['notificationReceived', 'paymentUpdated']);
      expect(mine.find((m) => m.field === 'notificationReceived')).toMatchObject({ seq: 1, data: { payment: { id: event.data.paymentId } } });
      expect(mine.find((m) => m.field === 'paymentUpdated')).toMatchObject({ match: { paymentId: event.data.paymentId } });
    }
    await Promise.all(stops.map((s) => s()));
  });
});

describe('_subscription (the gateway opening a subscription for a viewer)', () => {
  const OPEN = 'query($field: String!, $arguments: String!, $afterSeq: Int) { _subscription(field: $field, arguments: $arguments, afterSeq: $afterSeq) { channel headSeq replay hasMore } }';

  it('when a viewer comes back with since, then it returns what came after, in order, and the head', async () => {
    const user = newUserId();
    const events = [1, 2, 3].map(() => paymentStatus({ recipientId: user }));
    for (const e of events) await deliverAll(h, e);
    const first = await callSubgraph(h.service.url, OPEN, { field: 'notificationReceived', arguments: '{}' }, { userId: user });
    expect(first.data!._subscription).toEqual({ channel: userChannel(PREFIX, user), headSeq: 3, replay: [], hasMore: false });
    const since = encodeCursor(1);
    const res = await callSubgraph<{ _subscription: { replay: string[]; headSeq: number } }>(h.service.url, OPEN, { field: 'notificationReceived', arguments: JSON.stringify({ since }) }, { userId: user });
    const replay = res.data!._subscription.replay.map((r) => JSON.parse(r) as RealtimeMessage);
    expect(replay.map((m) => m.seq)).toEqual([2, 3]);
    expect(replay.map((m) => (m.data.payment as { id: string }).id)).toEqual(events.slice(1).map((e) => e.data.paymentId));
  });

  it("when the viewer is not a party to the payment, the id is unknown or malformed, or the caller is not the gateway, then it refuses", async () => {
    const payment = newId('pay');
    owners.set(payment, { senderId: newUserId(), recipientId: newUserId() });
    const code = async (field: string, args: unknown, issuer = 'gateway') =>
      (await callSubgraph(h.service.url, OPEN, { field, arguments: JSON.stringify(args) }, { userId: newUserId(), issuer })).errors?.[0]?.extensions?.code;
    // Another user's payment is NOT_FOUND, the same answer as for an unknown id.
    expect(await code('paymentUpdated', { paymentId: payment })).toBe('NOT_FOUND');
    expect(await code('paymentUpdated', { paymentId: newId('pay') })).toBe('NOT_FOUND');
    expect(await code('paymentUpdated', { paymentId: 'pay_nope' })).toBe('BAD_USER_INPUT');
    expect(await code('notificationReceived', { since: 'bm90IGEgbnVtYmVy' })).toBe('BAD_USER_INPUT');
    expect(await code('somethingElse', {})).toBe('BAD_USER_INPUT');
    expect(await code('notificationReceived', {}, 'payments')).toBe('FORBIDDEN');
  });
});
