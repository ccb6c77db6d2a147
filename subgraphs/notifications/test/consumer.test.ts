import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropTestDatabases } from '@paygraph/platform/testing';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { openServiceDatabase } from '@paygraph/platform/subgraph-runtime';
import { entities, migrations } from '../src/database.js';
import { NotificationService } from '../src/services/notification.service.js';
import { deliverAll, envelope, eventually, loggedIn, newUserId, notificationsOf, paymentStatus, queueDrained, sinkLines, startHarness, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

describe('PaymentStatusChanged', () => {
  it('when a P2P payment completes, then the sender and the recipient each get one notification linked to it', async () => {
    const event = paymentStatus();
    await deliverAll(h, event);
    const [sent] = await notificationsOf(h, event.data.senderId);
    const [received] = await notificationsOf(h, event.data.recipientId);
    expect(sent).toMatchObject({ kind: 'PAYMENT_SENT', payment_id: event.data.paymentId, event_id: event.id, seq: '1', read_at: null });
    expect(sent.body).toBe('You sent 12.34 USD to a Paygraph user.');
    expect(received).toMatchObject({ kind: 'PAYMENT_RECEIVED', payment_id: event.data.paymentId, seq: '1' });
    expect(received.body).toBe('You received 12.34 USD.');
    expect(sent.id).toMatch(/^ntf_[0-9a-f]{32}$/);
  });

  it('when the same event arrives twice, then each party still has exactly one notification', async () => {
    const event = paymentStatus();
    await deliverAll(h, event);
    await deliverAll(h, event);
    // The second copy may still be in flight after the first one's inbox row: wait for the queue to be empty.
    await eventually(() => queueDrained(h));
    expect(await notificationsOf(h, event.data.senderId)).toHaveLength(1);
    expect(await notificationsOf(h, event.data.recipientId)).toHaveLength(1);
  });

  it('when the same event id reaches the service past the inbox, then the unique (user, event) makes nothing new and uses no seq', async () => {
    const event = paymentStatus();
    await deliverAll(h, event);
    await h.sql(`delete from inbox where event_id = $1`, [event.id]);
    await deliverAll(h, event);
    const rows = await notificationsOf(h, event.data.senderId);
    expect(rows.map((r) => r.seq)).toEqual(['1']);
    expect((await h.sql(`select last_seq from notification_counter where user_id = $1`, [event.data.senderId]))[0].last_seq).toBe('1');
  });

  it('when a payment fails or is held, then only the sender is told, with the reason', async () => {
    const failed = paymentStatus({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    const held = paymentStatus({ status: 'ON_HOLD' });
    const processing = paymentStatus({ status: 'PROCESSING', previousStatus: 'PENDING' });
    await deliverAll(h, failed, held, processing);
    expect(await notificationsOf(h, failed.data.senderId)).toEqual([
      expect.objectContaining({ kind: 'PAYMENT_FAILED', body: expect.stringContaining('not enough funds') }),
    ]);
    expect(await notificationsOf(h, failed.data.recipientId)).toEqual([]);
    expect(await notificationsOf(h, held.data.senderId)).toEqual([expect.objectContaining({ kind: 'PAYMENT_ON_HOLD' })]);
    expect(await notificationsOf(h, held.data.recipientId)).toEqual([]);
    expect(await notificationsOf(h, processing.data.senderId)).toEqual([]);
  });

  it('when a user adds funds, then they get one PAYMENT_RECEIVED', async () => {
    const userId = newUserId();
    const event = paymentStatus({ kind: 'ADD_FUNDS', senderId: userId, recipientId: userId });
    await deliverAll(h, event);
    expect(await notificationsOf(h, userId)).toEqual([expect.objectContaining({ kind: 'PAYMENT_RECEIVED', title: 'Funds added' })]);
  });
});

describe('other events', () => {
  it('when KYC, sign-in, token reuse and a linked card arrive, then each makes its kind; a balance change makes none', async () => {
    const userId = newUserId();
    const at = new Date().toISOString();
    const events = [
      envelope('KycStatusChanged', 'accounts', userId, { userId, verificationId: newId('kyc'), status: 'VERIFIED', tier: 'VERIFIED', previousStatus: 'PENDING', at }),
      envelope('UserLoggedIn', 'users', userId, { userId, sessionId: newId('ses'), ip: null, at }),
      envelope('RefreshTokenReuseDetected', 'users', userId, { userId, sessionId: newId('ses'), ip: '198.51.100.1', at }),
      envelope('FundingInstrumentLinked', 'accounts', userId, { instrumentId: newId('fi'), userId, kind: 'CARD', last4: '4242', brand: 'VISA', at }),
      envelope('WalletBalanceChanged', 'wallets', newId('wal'), {
        walletId: newId('wal'),
        ownerId: userId,
        balance: { minor: '100', currency: 'USD' },
        available: { minor: '100', currency: 'USD' },
        held: { minor: '0', currency: 'USD' },
        at,
      }),
    ];
    // One aggregate: delivered in order, so the seqs follow the events.
    for (const e of events) await deliverAll(h, e);
    const rows = await notificationsOf(h, userId);
    expect(rows.map((r) => [r.seq, r.kind])).toEqual([
      ['1', 'KYC_UPDATED'],
      ['2', 'NEW_LOGIN'],
      ['3', 'SESSION_REVOKED'],
      ['4', 'FUNDING_INSTRUMENT_LINKED'],
    ]);
    expect(rows[3].body).toContain('VISA card ending in 4242');
  });
});

describe('ordering', () => {
  it('when 20 events for one user arrive concurrently, some twice, then their notifications are numbered 1..20 without gaps or duplicates', async () => {
    const userId = newUserId();
    // Different aggregates: different FIFO groups, so the consumer's pollers apply them in parallel.
    const events = Array.from({ length: 20 }, () => loggedIn(userId));
    await deliverAll(h, ...events, ...events.slice(0, 5));
    await eventually(() => queueDrained(h));
    const rows = await notificationsOf(h, userId);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(20);
    // seq is creation order.
    const created = rows.map((r) => new Date(r.created_at).getTime());
    expect([...created].sort((a, b) => a - b)).toEqual(created);
  });
});

describe('ordering without retries', () => {
  it('when 20 transactions create notifications for one user at once, then every one commits first time with its own seq', async () => {
    const orm = await openServiceDatabase({ name: 'notifications', config: h.config, entities, migrations });
    try {
      const service = new NotificationService(orm);
      const userId = newUserId();
      const draft = { userId, kind: 'NEW_LOGIN' as const, title: 't', body: 'b' };
      // No inbox and no redelivery here: a unique violation would reject, so only the counter lock can make this pass.
      const created = await Promise.all(
        Array.from({ length: 20 }, () => orm.em.fork().transactional((em) => service.createFromEvent(em, uuidv7(), [draft]))),
      );
      expect(created.map((c) => c[0]!.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    } finally {
      await orm.close(true);
    }
  });
});

describe('batches', () => {
  it('when batches naming the same users in opposite orders commit at once, then none deadlocks and each user gets every notification', async () => {
    const orm = await openServiceDatabase({ name: 'notifications', config: h.config, entities, migrations });
    try {
      const service = new NotificationService(orm);
      const users = Array.from({ length: 6 }, () => newUserId());
      const draft = (userId: string) => ({ userId, kind: 'NEW_LOGIN' as const, title: 't', body: 'b' });
      // Each batch: events of two users each, users in one order here and reversed there. Taken in receive order, the
      // counters' row locks would cross and PostgreSQL would abort one batch with a deadlock.
      const batch = (order: string[]) =>
        order.map((u, i) => ({ eventId: uuidv7(), drafts: [draft(u), draft(order[(i + 1) % order.length]!)] }));
      const rounds = 10;
      const results = await Promise.allSettled(
        Array.from({ length: rounds }, (_, r) => {
          const order = r % 2 === 0 ? users : [...users].reverse();
          return orm.em.fork().transactional((em) => service.createFromEvents(em, batch(order)));
        }),
      );
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      for (const userId of users) expect(await notificationsOf(h, userId)).toHaveLength(rounds * 2);
    } finally {
      await orm.close(true);
    }
  });
});

describe('external channels', () => {
  it('when a notification is created, then email and push sink lines appear after commit, and SMS only for security kinds', async () => {
    const userId = newUserId();
    const login = loggedIn(userId);
    await deliverAll(h, login);
    const [row] = await notificationsOf(h, userId);
    const mine = async (ch: 'email' | 'sms' | 'push') => (await sinkLines(h, ch)).filter((l) => l.notificationId === row.id);
    await eventually(async () => (await mine('email')).length === 1 && (await mine('sms')).length === 1 && (await mine('push')).length === 1);
    expect((await mine('email'))[0]).toMatchObject({ channel: 'EMAIL', to: userId, kind: 'NEW_LOGIN', title: row.title });
    await eventually(async () => (await h.sql(`select 1 from notification_delivery where notification_id = $1 and status = 'SENT'`, [row.id])).length === 3);

    const payment = paymentStatus({ senderId: userId });
    await deliverAll(h, payment);
    const second = (await notificationsOf(h, userId))[1];
    await eventually(async () => (await h.sql(`select 1 from notification_delivery where notification_id = $1 and status = 'SENT'`, [second.id])).length === 2);
    expect((await sinkLines(h, 'sms')).filter((l) => l.notificationId === second.id)).toEqual([]);
  });

  it("when the user turned a channel off for a kind, then that kind's new notifications get no delivery on it", async () => {
    const userId = newUserId();
    const off = await h.call(
      'mutation($input: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { userErrors { code } } }',
      { input: { kind: 'PAYMENT_RECEIVED', email: false } },
      { userId },
    );
    expect(off.data.updateNotificationPreferences.userErrors).toEqual([]);
    await deliverAll(h, paymentStatus({ recipientId: userId }));
    const [row] = await notificationsOf(h, userId);
    const channels = await h.sql<{ channel: string }>('select channel from notification_delivery where notification_id = $1 order by channel', [row.id]);
    expect(channels.map((c) => c.channel)).toEqual(['PUSH']);
  });
});
