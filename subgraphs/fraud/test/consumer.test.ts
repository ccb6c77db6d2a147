import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  admin,
  assessed,
  assessmentOf,
  completed,
  consumed,
  deliver,
  eventually,
  type Harness,
  newUserId,
  outboxed,
  queueDrained,
  requested,
  riskRequest,
  startHarness,
  stopHarness,
} from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(() => stopHarness(h));

describe('RiskAssessmentRequested', () => {
  it('when a request arrives, then one assessment is stored and RiskAssessed is published with it, keyed by the transaction', async () => {
    const req = riskRequest();
    const event = requested(req);
    await deliver(h, event);
    await eventually(() => consumed(h, event.id));

    const row = await assessmentOf(h, req.transactionId);
    expect(row).toMatchObject({
      payment_id: req.paymentId,
      sender_id: req.senderId,
      recipient_id: req.recipientId,
      kind: 'P2P',
      amount_minor: '2500',
      currency: 'USD',
      decision: 'APPROVE',
    });
    expect(row!.id).toMatch(/^rsk_[0-9a-f]{32}$/);
    const [published] = await outboxed(h, 'RiskAssessed', req.transactionId);
    expect(published).toMatchObject({
      source: 'fraud',
      aggregateId: req.transactionId,
      correlationId: event.correlationId,
      causationId: event.id,
      data: { transactionId: req.transactionId, paymentId: req.paymentId, assessmentId: row!.id, decision: 'APPROVE', caseId: null },
    });
    await eventually(async () => (await h.sql(`select 1 from outbox where aggregate_id = $1 and published_at is not null`, [req.transactionId])).length === 1);
  });

  it('when the same request is delivered twice, then one assessment and one RiskAssessed', async () => {
    const req = riskRequest();
    const event = requested(req);
    await deliver(h, event);
    await deliver(h, event);
    await eventually(() => consumed(h, event.id));
    await eventually(() => queueDrained(h));

    expect(await h.sql(`select id from risk_assessment where transaction_id = $1`, [req.transactionId])).toHaveLength(1);
    expect(await outboxed(h, 'RiskAssessed', req.transactionId)).toHaveLength(1);
  });

  it('when copies of a request arrive under different event ids, also at the same time, then the transaction is still scored once', async () => {
    const req = riskRequest({ amount: { minor: '100000', currency: 'USD' } }); // a REVIEW: a case must not open twice either
    const copies = Array.from({ length: 4 }, () => requested(req));
    // Different message groups would be handled concurrently; the aggregate (transaction) is the group here, so also
    // send two copies straight into two groups to race them.
    await Promise.all(copies.map((c, i) => deliver(h, i < 2 ? c : { ...c, aggregateId: `${c.aggregateId}-race${i}` })));
    await eventually(async () => {
      for (const c of copies) if (!(await consumed(h, c.id))) return false;
      return true;
    });

    expect(await h.sql(`select id from risk_assessment where transaction_id = $1`, [req.transactionId])).toHaveLength(1);
    expect(await h.sql(`select id from review_case where transaction_id = $1`, [req.transactionId])).toHaveLength(1);
    expect(await outboxed(h, 'RiskAssessed', req.transactionId)).toHaveLength(1);
  });

  it('when the decision is REVIEW, then an OPEN review case is opened and RiskAssessed names it', async () => {
    const req = riskRequest({ amount: { minor: '150000', currency: 'USD' } }); // a brand-new sender's first 1500.00
    const row = await assessed(h, req);
    expect(row).toMatchObject({ decision: 'REVIEW', score: 85 });
    const [reviewCase] = await h.sql(`select * from review_case where assessment_id = $1`, [row.id]);
    expect(reviewCase).toMatchObject({ status: 'OPEN', transaction_id: req.transactionId, payment_id: req.paymentId, resolved_by: null });
    expect(reviewCase!.id).toMatch(/^rvc_[0-9a-f]{32}$/);
    const [event] = await outboxed(h, 'RiskAssessed', req.transactionId);
    expect(event!.data).toMatchObject({ decision: 'REVIEW', score: 85, caseId: reviewCase!.id, reasons: [expect.stringMatching(/^LARGE_AMOUNT/), expect.stringMatching(/^NEW_ACCOUNT/)] });
  });

  it('when the decision is APPROVE or DECLINE, then no review case is opened', async () => {
    const approved = await assessed(h, riskRequest());
    const blocked = riskRequest();
    const block = await h.call(
      `mutation ($input: BlockEntityInput!) { blockEntity(input: $input) { entry { id } userErrors { code } } }`,
      { input: { kind: 'USER', id: blocked.senderId, reason: 'test' } },
      admin(),
    );
    expect(block.data!.blockEntity.userErrors).toEqual([]);
    const declined = await assessed(h, blocked);
    expect([approved.decision, declined.decision]).toEqual(['APPROVE', 'DECLINE']);
    expect(await h.sql(`select 1 from review_case where assessment_id = any($1)`, [[approved.id, declined.id]])).toHaveLength(0);
    expect((await outboxed(h, 'RiskAssessed', blocked.transactionId))[0]!.data).toMatchObject({ decision: 'DECLINE', score: 100, caseId: null });
  });
});

describe('TransactionCompleted', () => {
  it('when a P2P payment completes, then the pair is known and the sender totals grow (in USD equivalents)', async () => {
    const req = riskRequest({ amount: { minor: '10000', currency: 'EUR' } });
    const event = completed(req);
    await deliver(h, event);
    await eventually(() => consumed(h, event.id));

    expect(await h.sql(`select completed_count from counterparty where sender_id = $1 and recipient_id = $2`, [req.senderId, req.recipientId])).toEqual([
      { completed_count: 1 },
    ]);
    const parties = await h.sql(`select user_id, completed_out_count, completed_out_sum_usd_cents from party where user_id = any($1) order by user_id`, [
      [req.senderId, req.recipientId],
    ]);
    expect(parties).toEqual(
      expect.arrayContaining([
        { user_id: req.senderId, completed_out_count: 1, completed_out_sum_usd_cents: '10800' },
        { user_id: req.recipientId, completed_out_count: 0, completed_out_sum_usd_cents: '0' },
      ]),
    );
  });

  it('when the completion of one transaction arrives twice under different event ids, then it is counted once', async () => {
    const req = riskRequest();
    const a = completed(req);
    const b = completed(req);
    await deliver(h, a);
    await deliver(h, b);
    await deliver(h, a);
    await eventually(async () => (await consumed(h, a.id)) && (await consumed(h, b.id)));
    await eventually(() => queueDrained(h));
    expect(await h.sql(`select completed_out_count from party where user_id = $1`, [req.senderId])).toEqual([{ completed_out_count: 1 }]);
    expect(await h.sql(`select completed_count from counterparty where sender_id = $1`, [req.senderId])).toEqual([{ completed_count: 1 }]);
  });

  it('when a conversion or add funds completes, then nobody becomes a counterparty and totals stay', async () => {
    const user = newUserId();
    for (const kind of ['CONVERSION', 'ADD_FUNDS'] as const) {
      const event = completed(riskRequest({ kind, senderId: user, recipientId: user }));
      await deliver(h, event);
      await eventually(() => consumed(h, event.id));
    }
    expect(await h.sql(`select 1 from counterparty where sender_id = $1`, [user])).toHaveLength(0);
    expect(await h.sql(`select completed_out_count from party where user_id = $1`, [user])).toEqual([{ completed_out_count: 0 }]);
  });

  it('when a recipient was paid and the payment completed, then the next payments to them are not counted as fan-out', async () => {
    const sender = newUserId();
    const recipients = Array.from({ length: 6 }, newUserId);
    // Two minutes apart, so that velocity stays out of it.
    const start = Date.now() - 60 * 60_000;
    let n = 0;
    const at = () => new Date(start + 2 * 60_000 * n++).toISOString();
    // Five new recipients, each completed: known from then on.
    for (const recipientId of recipients.slice(0, 5)) {
      const req = riskRequest({ senderId: sender, recipientId, at: at() });
      await assessed(h, req);
      const done = completed(req);
      await deliver(h, done);
      await eventually(() => consumed(h, done.id));
    }
    for (const recipientId of recipients.slice(0, 5)) {
      expect((await assessed(h, riskRequest({ senderId: sender, recipientId, at: at() }))).decision).toBe('APPROVE');
    }
    const sixth = await assessed(h, riskRequest({ senderId: sender, recipientId: recipients[5]!, at: at() }));
    expect(sixth.decision).toBe('REVIEW');
    expect(sixth.reasons).toEqual(expect.arrayContaining(['FAN_OUT: 6 new recipients in 24 h (limit 5)']));
  });
});
