import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@paygraph/platform/ids';
import { dropTestDatabases } from '@paygraph/platform/testing';
import { recordHash } from '../src/services/chain.js';
import { as, deliver, deliverAll, envelope, eventually, newUserId, PAN, paymentStory, queueDrained, recordCount, startHarness, TRAIL, VERIFY, type Harness } from './support.js';

let h: Harness;
const admin = as('USER', 'ADMIN');
const compliance = as('USER', 'COMPLIANCE');
const user = as('USER');
let story: ReturnType<typeof paymentStory>;
const email = `zoe.${Date.now()}@example.com`;

beforeAll(async () => {
  h = await startHarness();
  story = paymentStory();
  const userId = newUserId();
  await deliverAll(h, [
    ...story.events,
    envelope('UserRegistered', 'users', userId, { userId, email, displayName: 'Zoe', registeredAt: new Date().toISOString() }),
  ]);
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const verify = (from?: number, to?: number, caller = admin) => h.call(VERIFY, { from, to }, caller).then((r) => r.data?.verifyAuditChain ?? r);

describe('appending', () => {
  it('when every event of a payment is delivered, and some twice, then each appears exactly once with its who, what and when', async () => {
    const before = await recordCount(h);
    // Redeliveries of events already applied: nothing is appended.
    await deliver(h, story.events[0]!);
    await deliver(h, story.events[5]!);
    await eventually(() => queueDrained(h));
    expect(await recordCount(h)).toBe(before);

    const ids = story.events.map((e) => e.id);
    const rows = await h.sql(`select * from audit_record where event_id = any($1::uuid[]) order by seq`, [ids]);
    expect(rows).toHaveLength(story.events.length);
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(ids));

    const initiated = rows.find((r) => r.event_type === 'PaymentInitiated')!;
    expect(initiated).toMatchObject({
      source: 'payments',
      actor_id: story.senderId,
      entity_type: 'Payment',
      entity_id: story.paymentId,
      version: 1,
      correlation_id: story.events[0]!.correlationId,
      causation_id: null,
      trace: story.events[0]!.trace,
    });
    expect(initiated.id).toMatch(/^aud_[0-9a-f]{32}$/);
    expect(initiated.occurred_at.toISOString()).toBe(story.events[0]!.occurredAt);
    const captured = rows.find((r) => r.event_type === 'FundsCaptured')!;
    expect(captured).toMatchObject({ entity_type: 'Transaction', entity_id: story.transactionId, actor_id: null, causation_id: story.events[0]!.id });

    // One linear chain: seq 1..n without gaps, each record linked to the one before.
    const all = await h.sql(`select seq::int as seq, prev_hash, hash from audit_record order by seq`);
    all.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      expect(r.prev_hash).toBe(i === 0 ? '0'.repeat(64) : all[i - 1]!.hash);
    });
    const [head] = await h.sql(`select seq::int as seq, hash from audit_chain_head`);
    expect(head).toEqual({ seq: all.length, hash: all.at(-1)!.hash });
  });

  it('when many aggregates deliver at once (received in batches, some events twice), then they still form one linear chain', async () => {
    const before = await recordCount(h);
    const events = Array.from({ length: 30 }, () => {
      const walletId = newId('wal');
      return envelope('WalletOpened', 'wallets', walletId, { walletId, ownerId: newUserId(), currency: 'EUR', at: new Date().toISOString() });
    });
    // Every fifth event delivered twice in a row: both copies may arrive in one received batch.
    await deliverAll(h, events.flatMap((e, i) => (i % 5 === 0 ? [e, e] : [e])));
    await eventually(() => queueDrained(h));
    expect(await recordCount(h)).toBe(before + events.length);
    expect(await verify()).toEqual({ ok: true, checked: before + events.length, firstBrokenSeq: null, reason: null });
  });

  it('when stored, then no card number or full email is in any payload; the masked email and the name are kept apart from the hashed facts', async () => {
    const payloads = (await h.sql(`select payload::text as p from audit_record`)).map((r) => r.p as string).join('\n');
    const personal = (await h.sql(`select data::text as p from audit_personal`)).map((r) => r.p as string).join('\n');
    for (const stored of [payloads, personal]) {
      expect(stored).not.toContain(PAN);
      expect(stored).not.toContain(PAN.replace(/ /g, ''));
      expect(stored).not.toContain(email);
    }
    expect(payloads).not.toContain(`z***@example.com`);
    expect(personal).toContain(`z***@example.com`);
    const [registered] = await h.sql(
      `select r.payload, r.hash_version, r.personal_digest, p.data from audit_record r join audit_personal p on p.record_id = r.id
        where r.event_type = 'UserRegistered' and r.payload->>'email' = '[PERSONAL]'`,
    );
    expect(registered).toMatchObject({ hash_version: 2, data: { '/email': 'z***@example.com', '/displayName': 'Zoe' } });
    expect(registered.payload).toMatchObject({ email: '[PERSONAL]', displayName: '[PERSONAL]' });
    expect(registered.personal_digest).toMatch(/^[0-9a-f]{64}$/);
    const [note] = await h.sql(`select payload->>'note' as note from audit_record where event_type = 'PaymentInitiated' and entity_id = $1`, [story.paymentId]);
    expect(note.note).toBe('[REDACTED]');
  });
});

describe('the database keeps the log append-only', () => {
  it('when a row is updated, deleted or the table truncated, then the database refuses', async () => {
    await expect(h.sql(`update audit_record set payload = '{}' where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(h.sql(`delete from audit_record where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(h.sql(`truncate audit_record`)).rejects.toThrow(/append-only/);
    await expect(h.sql(`delete from audit_chain_head`)).rejects.toThrow(/append-only/);
    const [row] = await h.sql(`select payload::text as p from audit_record where seq = 1`);
    expect(row.p).not.toBe('{}');
  });
});

describe('auditTrail', () => {
  it("when compliance pages through a payment's trail, then its records come in log order, page by page, redacted", async () => {
    const first = await h.call(TRAIL, { id: story.transactionId, first: 3 }, compliance);
    expect(first.errors).toBeUndefined();
    const page1 = first.data.auditTrail;
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const seen = [...page1.edges];
    let after = page1.pageInfo.endCursor;
    for (;;) {
      const next = await h.call(TRAIL, { id: story.transactionId, first: 3, after }, admin);
      seen.push(...next.data.auditTrail.edges);
      if (!next.data.auditTrail.pageInfo.hasNextPage) break;
      after = next.data.auditTrail.pageInfo.endCursor;
    }
    const expected = story.events.filter((e) => e.aggregateId === story.transactionId).map((e) => e.type);
    expect(seen.map((e) => e.node.eventType)).toEqual(expected);
    const seqs = seen.map((e) => e.node.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(seen.every((e) => e.node.entityId === story.transactionId && e.node.entityType === 'Transaction')).toBe(true);

    const payment = await h.call(TRAIL, { id: story.paymentId }, admin);
    const initiated = payment.data.auditTrail.edges[0].node;
    expect(initiated).toMatchObject({ eventType: 'PaymentInitiated', source: 'payments', actorId: story.senderId, entityType: 'Payment' });
    expect(JSON.parse(initiated.payload).note).toBe('[REDACTED]');
    expect(initiated.payload).toBe(JSON.stringify(JSON.parse(initiated.payload))); // compact
    expect(Object.keys(JSON.parse(initiated.payload))).toEqual(Object.keys(JSON.parse(initiated.payload)).sort());
    expect(initiated.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when the id is unknown or malformed, then the trail is empty; a bad cursor or page size is refused', async () => {
    expect((await h.call(TRAIL, { id: newId('pay') }, admin)).data.auditTrail.edges).toEqual([]);
    expect((await h.call(TRAIL, { id: "x'; drop table audit_record;--" }, admin)).data.auditTrail.edges).toEqual([]);
    expect((await h.call(TRAIL, { id: story.paymentId, after: 'garbage' }, admin)).errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    expect((await h.call(TRAIL, { id: story.paymentId, first: 0 }, admin)).errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect((await h.call(TRAIL, { id: story.paymentId, first: 101 }, admin)).errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
  });
});

describe('roles', () => {
  it('when a plain user or an anonymous caller asks, then FORBIDDEN or UNAUTHENTICATED', async () => {
    expect((await h.call(TRAIL, { id: story.paymentId }, user)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.call(VERIFY, {}, user)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.call(TRAIL, { id: story.paymentId }, { userId: null })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await h.call(VERIFY, {}, { userId: null })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await verify(undefined, undefined, compliance)).ok).toBe(true);
  });
});

describe('privacy requests (docs/security.md, "Privacy requests")', () => {
  const request = (type: 'PrivacyExportRequested' | 'PrivacyErasureRequested', userId: string) => {
    const requestId = newId('prv');
    return envelope(type, 'users', requestId, { requestId, userId, subgraphs: ['audit', 'wallets'], requestedAt: new Date().toISOString() });
  };
  const answer = async (type: string, requestId: string) =>
    eventually(async () => (await h.sql(`select envelope->'data' as data from outbox where type = $1 and aggregate_id = $2`, [type, requestId]))[0]?.data, 20_000);
  /** A person's story in the log: registered, signed in from an IP, paid someone with a note. */
  function story(name: string) {
    const userId = newUserId();
    const other = newUserId();
    const paymentId = newId('pay');
    const at = new Date().toISOString();
    const events = [
      envelope('UserRegistered', 'users', userId, { userId, email: `${name}@example.com`, displayName: name, registeredAt: at }),
      envelope('UserLoggedIn', 'users', userId, { userId, sessionId: newId('ses'), ip: '203.0.113.7', at }),
      envelope('PaymentSettled', 'payments', paymentId, {
        paymentId, transactionId: newId('txn'), kind: 'P2P', status: 'COMPLETED', failureReason: null, senderId: userId, recipientId: other,
        amount: { minor: '1234', currency: 'USD' }, note: `dinner with ${name}`, risk: null, journalEntryId: newId('jnl'), wallets: [], createdAt: at, at,
      }),
    ];
    return { userId, other, paymentId, events };
  }

  it('when a user asks for an export, then audit answers their records with the personal values, and logs the part by its digest only', async () => {
    const s = story('Ulla');
    // One at a time, so the log's order is the story's and the export's newest-first order can be checked.
    for (const event of s.events) await deliverAll(h, [event]);
    const ask = request('PrivacyExportRequested', s.userId);
    await deliverAll(h, [ask]);
    const part = await answer('PrivacyExportPart', ask.aggregateId);
    expect(part).toMatchObject({ requestId: ask.aggregateId, userId: s.userId, subgraph: 'audit', truncated: [] });
    const records = part.data.records as { eventType: string; payload: Record<string, unknown>; hash: string }[];
    expect(records.map((r) => r.eventType)).toEqual(['PaymentSettled', 'UserLoggedIn', 'UserRegistered']);
    expect(records[0]!.payload).toMatchObject({ note: 'dinner with Ulla', amount: { minor: '1234', currency: 'USD' } });
    expect(records[1]!.payload.ip).toBe('203.0.113.7');
    expect(records[2]!.payload).toMatchObject({ email: 'U***@example.com', displayName: 'Ulla' });

    // The part itself comes back to the log (audit hears everything): its size and digest, not the user's data.
    const partEvent = await eventually(async () => (await h.sql(`select id, envelope from outbox where type = 'PrivacyExportPart' and aggregate_id = $1`, [ask.aggregateId]))[0], 5_000);
    await deliverAll(h, [partEvent.envelope]);
    const [logged] = await h.sql(`select payload from audit_record where event_id = $1`, [partEvent.id]);
    expect(logged.payload.data).toEqual({ bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(logged.payload)).not.toContain('Ulla');
  });

  it('when a user is erased, then their personal values are gone from every record that names them, the hashes are untouched and the chain verifies', async () => {
    const s = story('Edna');
    await deliverAll(h, s.events);
    const eventIds = s.events.map((e) => e.id);
    const before = await h.sql(`select id, seq::int, hash, payload from audit_record where event_id = any($1::uuid[]) order by seq`, [eventIds]);
    expect(await h.sql(`select 1 from audit_personal where record_id = any($1::text[])`, [before.map((r) => r.id)])).toHaveLength(3);

    const ask = request('PrivacyErasureRequested', s.userId);
    await deliverAll(h, [ask]);
    const done = await answer('PrivacyErasureDone', ask.aggregateId);
    expect(done).toMatchObject({ requestId: ask.aggregateId, userId: s.userId, subgraph: 'audit', erased: { audit_personal: 3 } });

    expect(await h.sql(`select 1 from audit_personal where record_id = any($1::text[])`, [before.map((r) => r.id)])).toEqual([]);
    const after = await h.sql(`select id, seq::int, hash, payload from audit_record where event_id = any($1::uuid[]) order by seq`, [eventIds]);
    expect(after).toEqual(before);
    expect(await verify()).toMatchObject({ ok: true, firstBrokenSeq: null });

    // Readers see that the values were erased; the facts (ids, amounts) stay.
    const trail = await h.call(TRAIL, { id: s.paymentId }, admin);
    const settled = JSON.parse(trail.data.auditTrail.edges[0].node.payload);
    expect(settled).toMatchObject({ note: '[ERASED]', senderId: s.userId, recipientId: s.other, amount: { minor: '1234', currency: 'USD' } });
    const user = JSON.parse((await h.call(TRAIL, { id: s.userId }, admin)).data.auditTrail.edges[0].node.payload);
    expect(user).toMatchObject({ email: '[ERASED]', displayName: '[ERASED]', userId: s.userId });

    // A late event about the erased user (a key's uses reported afterwards) keeps no personal values, and still verifies.
    const late = envelope('UserLoggedIn', 'users', s.userId, { userId: s.userId, sessionId: newId('ses'), ip: '198.51.100.9', at: new Date().toISOString() });
    await deliverAll(h, [late]);
    const [lateRow] = await h.sql(`select r.personal_digest, p.record_id from audit_record r left join audit_personal p on p.record_id = r.id where r.event_id = $1`, [late.id]);
    expect(lateRow).toEqual({ personal_digest: expect.stringMatching(/^[0-9a-f]{64}$/), record_id: null });
    expect(await verify()).toMatchObject({ ok: true });

    // Erasing again is a no-op; the list of erased users and the personal values refuse updates.
    const again = request('PrivacyErasureRequested', s.userId);
    await deliverAll(h, [again]);
    expect(await answer('PrivacyErasureDone', again.aggregateId)).toMatchObject({ erased: { audit_personal: 0 } });
    await expect(h.sql(`delete from audit_erasure where user_id = $1`, [s.userId])).rejects.toThrow(/append-only/);
    await expect(h.sql(`update audit_personal set data = '{}'`)).rejects.toThrow(/append-only/);
  });

  it('when personal values are altered or removed without an erasure, then verification names the record', async () => {
    const s = story('Tess');
    await deliverAll(h, s.events);
    const [row] = await h.sql(`select r.id, r.seq::int as seq, p.data::text as data, p.salt from audit_record r join audit_personal p on p.record_id = r.id where r.event_id = $1`, [s.events[2]!.id]);
    await h.sql(`alter table audit_personal disable trigger audit_personal_insert_or_delete_only`);
    try {
      await h.sql(`update audit_personal set data = jsonb_set(data, '{/note}', '"nothing to see"') where record_id = $1`, [row.id]);
    } finally {
      await h.sql(`alter table audit_personal enable trigger audit_personal_insert_or_delete_only`);
    }
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: row.seq, reason: expect.stringMatching(/personal values do not match/) });
    await h.sql(`delete from audit_personal where record_id = $1`, [row.id]);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: row.seq, reason: expect.stringMatching(/none of its subjects was erased/) });
    await h.sql(`insert into audit_personal (record_id, salt, data) values ($1, $2, $3::jsonb)`, [row.id, row.salt, row.data]);
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('verifyAuditChain', () => {
  it('when the range is given, then only it is checked; a reversed range is refused', async () => {
    expect(await verify(2, 5)).toEqual({ ok: true, checked: 4, firstBrokenSeq: null, reason: null });
    expect((await h.call(VERIFY, { from: 5, to: 2 }, admin)).errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect((await h.call(VERIFY, { from: 0 }, admin)).errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
  });

  // Last: these tests tamper with the log as someone with superuser access to the database could.
  it('when a payload is changed directly in SQL, then the first broken seq is that record, and restoring it heals the chain', async () => {
    const total = await recordCount(h);
    const target = 4;
    const [orig] = await h.sql(`select payload::text as p from audit_record where seq = $1`, [target]);
    const tamper = async (sql: string, values: unknown[]) => {
      await h.sql(`alter table audit_record disable trigger audit_record_append_only`);
      try {
        await h.sql(sql, values);
      } finally {
        await h.sql(`alter table audit_record enable trigger audit_record_append_only`);
      }
    };
    await tamper(`update audit_record set payload = jsonb_set(payload, '{at}', '"2020-01-01T00:00:00.000Z"') where seq = $1`, [target]);

    expect(await verify()).toEqual({ ok: false, checked: target - 1, firstBrokenSeq: target, reason: expect.stringMatching(/altered/) });
    expect(await verify(1, target - 1)).toMatchObject({ ok: true, checked: target - 1 });
    expect(await verify(target + 1)).toMatchObject({ ok: true, checked: total - target });

    // Recomputing the altered record's hash moves the break to its successor, whose prevHash no longer matches.
    const [row] = await h.sql(`select * from audit_record where seq = $1`, [target]);
    const rehashed = recordHash(row.prev_hash, {
      id: row.id, seq: BigInt(row.seq), eventId: row.event_id, eventType: row.event_type, version: row.version, source: row.source,
      actorId: row.actor_id, entityType: row.entity_type, entityId: row.entity_id, occurredAt: row.occurred_at, recordedAt: row.recorded_at,
      correlationId: row.correlation_id, causationId: row.causation_id, trace: row.trace, payload: row.payload,
      hashVersion: row.hash_version, personalDigest: row.personal_digest,
    });
    await tamper(`update audit_record set hash = $2 where seq = $1`, [target, rehashed]);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: target + 1, reason: expect.stringMatching(/prevHash/) });

    await tamper(`update audit_record set payload = $2::jsonb, hash = $3 where seq = $1`, [target, orig.p, row.hash]);
    expect(await verify()).toEqual({ ok: true, checked: total, firstBrokenSeq: null, reason: null });

    // A removed record leaves a gap; a removed tail no longer matches the head.
    await tamper(`delete from audit_record where seq = $1`, [total]);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: total, reason: 'record missing' });
    await tamper(`delete from audit_record where seq = $1`, [2]);
    expect(await verify()).toMatchObject({ ok: false, checked: 1, firstBrokenSeq: 2, reason: 'record missing' });
  });
});
