import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventData, EventType } from '@paygraph/events';
import type { Env } from '@paygraph/platform/config';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { consumed, deliver, eventually, queueDrained, startSubgraphHarness, testEnv, type SubgraphHarness } from '@paygraph/platform/testing';
import type { EventEnvelope } from '@paygraph/platform/events';
import { notificationsConfigSchema, type NotificationsConfig } from '../src/config.js';
import { start, type NotificationsDeps } from '../src/server.js';

export { consumed, deliver, eventually, queueDrained };

export type Harness = SubgraphHarness<NotificationsConfig>;

export function startHarness(overrides: Env = {}, deps: NotificationsDeps = {}): Promise<Harness> {
  const env = testEnv({
    NOTIFICATIONS_PORT: '0',
    NOTIFICATIONS_SINK_DIR: mkdtempSync(path.join(tmpdir(), 'paygraph-notifications-')),
    NOTIFICATIONS_DELIVERY_POLL_MS: '50',
    SQS_WAIT_TIME_SECONDS: '1',
    OUTBOX_POLL_INTERVAL_MS: '50',
    ...overrides,
  });
  return startSubgraphHarness({ name: 'notifications', env, configSchema: notificationsConfigSchema, start: (config) => start(config, deps) });
}

export const newUserId = () => newId('usr');

export function envelope<T extends EventType>(type: T, source: string, aggregateId: string, data: EventData<T>): EventEnvelope<T> {
  const id = uuidv7();
  return { id, type, version: 1, source, occurredAt: new Date().toISOString(), aggregateId, correlationId: id, causationId: null, trace: {}, data };
}

export type StatusData = EventData<'PaymentStatusChanged'>;

/** A P2P payment of 12.34 USD between two new users reaching COMPLETED; override anything. */
export function paymentStatus(overrides: Partial<StatusData> = {}): EventEnvelope<'PaymentStatusChanged'> {
  const data: StatusData = {
    paymentId: newId('pay'),
    kind: 'P2P',
    status: 'COMPLETED',
    previousStatus: 'PROCESSING',
    failureReason: null,
    senderId: newUserId(),
    recipientId: newUserId(),
    amount: { minor: '1234', currency: 'USD' },
    at: new Date().toISOString(),
    ...overrides,
  };
  return envelope('PaymentStatusChanged', 'payments', data.paymentId, data);
}

export const loggedIn = (userId: string, aggregateId = newId('ses')) =>
  envelope('UserLoggedIn', 'users', aggregateId, { userId, sessionId: newId('ses'), ip: '203.0.113.7', at: new Date().toISOString() });

/** Delivers events and waits until the consumer applied every one (inbox rows). */
export async function deliverAll(h: Harness, ...events: EventEnvelope[]): Promise<void> {
  await Promise.all(events.map((e) => deliver(h, e)));
  await eventually(async () => {
    // One query at a time: the harness has a single SQL connection.
    for (const e of events) if (!(await consumed(h, e.id))) return false;
    return true;
  }, 20_000);
}

export const notificationsOf = (h: Harness, userId: string) =>
  h.sql(`select * from notification where user_id = $1 order by seq`, [userId]);

/** The JSON lines a sandbox sink wrote (empty when it wrote none). */
export async function sinkLines(h: Harness, channel: 'email' | 'sms' | 'push'): Promise<Record<string, any>[]> {
  const text = await readFile(path.join(h.config.NOTIFICATIONS_SINK_DIR, `${channel}.jsonl`), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export const HISTORY = `query($id: ID!, $first: Int, $after: String, $unread: Boolean) {
  _entities(representations: [{ __typename: "User", id: $id }]) {
    ... on User { notifications(first: $first, after: $after, unread: $unread) {
      edges { cursor node { id kind title body readAt createdAt cursor payment { id } wallet { id } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    } }
  }
}`;
