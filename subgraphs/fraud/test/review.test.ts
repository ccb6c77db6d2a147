import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@paygraph/platform/ids';
import { admin, assessed, type Harness, newUserId, outboxed, riskRequest, startHarness, stopHarness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(() => stopHarness(h));

/** A payment that scores REVIEW (a brand-new sender's first 1000.00): returns its case id and request. */
async function openCase() {
  const req = riskRequest({ amount: { minor: '100000', currency: 'USD' } });
  const row = await assessed(h, req);
  expect(row.decision).toBe('REVIEW');
  const [c] = await h.sql<{ id: string }>(`select id from review_case where assessment_id = $1`, [row.id]);
  return { caseId: c!.id, assessmentId: row.id as string, req };
}

const QUEUE = `query ($first: Int, $after: String) {
  reviewQueue(first: $first, after: $after) {
    edges { cursor node { id status openedAt resolvedAt resolvedBy { id } payment { id } assessment { id score decision reasons kind amount { amount currency } sender { id } recipient { id } } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

const RESOLVE = `mutation ($input: ResolveReviewInput!) {
  resolveReview(input: $input) {
    reviewCase { id status resolvedAt resolvedBy { id } note assessment { id decision } }
    userErrors { code field message }
  }
}`;

describe('reviewQueue', () => {
  it('when a user or an anonymous caller asks, then FORBIDDEN or UNAUTHENTICATED', async () => {
    const asUser = await h.call(QUEUE, {}, { userId: newUserId() });
    expect(asUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(asUser.data).toBeNull();
    const anonymous = await h.call(QUEUE, {}, { userId: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when an admin pages through, then OPEN cases come oldest first with their assessments, resolved ones drop out', async () => {
    const opened = [];
    for (let i = 0; i < 3; i++) opened.push(await openCase());
    const me = admin();
    const all: any[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await h.call(QUEUE, { first: 2, after }, me);
      expect(res.errors).toBeUndefined();
      const { edges, pageInfo } = res.data.reviewQueue;
      expect(pageInfo).toMatchObject({ hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null });
      all.push(...edges.map((e: any) => e.node));
      expect(res.data.reviewQueue.totalCount).toBeGreaterThanOrEqual(3);
      if (!res.data.reviewQueue.pageInfo.hasNextPage) break;
      after = res.data.reviewQueue.pageInfo.endCursor;
    }
    const ids = all.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    const mine = opened.map((o) => ids.indexOf(o.caseId));
    expect(mine.every((i) => i >= 0)).toBe(true);
    expect([...mine].sort((a, b) => a - b)).toEqual(mine); // oldest first
    const openedAts = all.map((n) => n.openedAt);
    expect([...openedAts].sort()).toEqual(openedAts);
    const node = all[ids.indexOf(opened[0]!.caseId)];
    expect(node).toMatchObject({
      status: 'OPEN',
      resolvedAt: null,
      resolvedBy: null,
      payment: { id: opened[0]!.req.paymentId },
      assessment: {
        id: opened[0]!.assessmentId,
        score: 85,
        decision: 'REVIEW',
        kind: 'P2P',
        amount: { amount: '1000.00', currency: 'USD' },
        sender: { id: opened[0]!.req.senderId },
        recipient: { id: opened[0]!.req.recipientId },
        reasons: [expect.stringMatching(/^LARGE_AMOUNT/), expect.stringMatching(/^NEW_ACCOUNT/)],
      },
    });

    await h.call(RESOLVE, { input: { caseId: opened[1]!.caseId, decision: 'APPROVE' } }, me);
    const after1 = await h.call(QUEUE, { first: 100 }, me);
    expect(after1.data!.reviewQueue.edges.map((e: any) => e.node.id)).not.toContain(opened[1]!.caseId);
  });

  it('when the cursor or the page size is bad, then a typed error', async () => {
    const bad = await h.call(QUEUE, { after: 'not-a-cursor' }, admin());
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    const big = await h.call(QUEUE, { first: 1000 }, admin());
    expect(big.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
  });
});

describe('resolveReview', () => {
  it('when a user tries, then FORBIDDEN and the case stays OPEN with no event', async () => {
    const { caseId, req } = await openCase();
    const res = await h.call(RESOLVE, { input: { caseId, decision: 'APPROVE' } }, { userId: req.senderId });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await h.sql(`select status from review_case where id = $1`, [caseId])).toEqual([{ status: 'OPEN' }]);
    expect(await outboxed(h, 'ReviewResolved', req.transactionId)).toHaveLength(0);
  });

  it('when an admin approves, then the case is APPROVED and ReviewResolved is emitted once, also when repeated', async () => {
    const { caseId, assessmentId, req } = await openCase();
    const me = admin();
    const first = await h.call(RESOLVE, { input: { caseId, decision: 'APPROVE', note: '  called the customer ' } }, me);
    expect(first.data!.resolveReview).toMatchObject({
      userErrors: [],
      reviewCase: { id: caseId, status: 'APPROVED', resolvedBy: { id: me.userId }, note: 'called the customer', assessment: { id: assessmentId, decision: 'REVIEW' } },
    });
    const again = await h.call(RESOLVE, { input: { caseId, decision: 'APPROVE' } }, admin());
    expect(again.data!.resolveReview).toEqual(first.data!.resolveReview);

    const events = await outboxed(h, 'ReviewResolved', req.transactionId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'fraud',
      aggregateId: req.transactionId,
      data: { transactionId: req.transactionId, paymentId: req.paymentId, caseId, assessmentId, decision: 'APPROVE', resolvedBy: me.userId },
    });
  });

  it('when a resolved case gets the other decision, then CASE_ALREADY_RESOLVED and nothing changes', async () => {
    const { caseId, req } = await openCase();
    await h.call(RESOLVE, { input: { caseId, decision: 'DECLINE' } }, admin());
    const res = await h.call(RESOLVE, { input: { caseId, decision: 'APPROVE' } }, admin());
    expect(res.data!.resolveReview).toEqual({
      reviewCase: null,
      userErrors: [{ code: 'CASE_ALREADY_RESOLVED', field: ['input', 'decision'], message: expect.any(String) }],
    });
    expect(await h.sql(`select status from review_case where id = $1`, [caseId])).toEqual([{ status: 'DECLINED' }]);
    expect((await outboxed(h, 'ReviewResolved', req.transactionId)).map((e) => e.data.decision)).toEqual(['DECLINE']);
  });

  it('when two admins decide differently at the same time, then exactly one decision wins and one event is emitted', async () => {
    const { caseId, req } = await openCase();
    const results = await Promise.all(
      (['APPROVE', 'DECLINE', 'APPROVE', 'DECLINE'] as const).map((decision) => h.call(RESOLVE, { input: { caseId, decision } }, admin())),
    );
    const [event, ...rest] = await outboxed(h, 'ReviewResolved', req.transactionId);
    expect(rest).toHaveLength(0);
    const winner = event!.data.decision;
    for (const [i, res] of results.entries()) {
      const decision = i % 2 === 0 ? 'APPROVE' : 'DECLINE';
      const codes = res.data!.resolveReview.userErrors.map((e: any) => e.code);
      expect(codes).toEqual(decision === winner ? [] : ['CASE_ALREADY_RESOLVED']);
    }
  });

  it('when the case id is unknown or malformed, or the note too long, then a userError', async () => {
    for (const caseId of [newId('rvc'), "rvc_1' or 1=1 --", newId('rsk')]) {
      const res = await h.call(RESOLVE, { input: { caseId, decision: 'APPROVE' } }, admin());
      expect(res.data!.resolveReview.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'caseId'], message: expect.any(String) }]);
    }
    const { caseId } = await openCase();
    const long = await h.call(RESOLVE, { input: { caseId, decision: 'APPROVE', note: 'x'.repeat(501) } }, admin());
    expect(long.data!.resolveReview.userErrors[0].code).toBe('INVALID_NOTE');
    expect(await h.sql(`select status from review_case where id = $1`, [caseId])).toEqual([{ status: 'OPEN' }]);
  });
});

const BLOCK = `mutation ($input: BlockEntityInput!) {
  blockEntity(input: $input) { entry { id kind entityId reason createdBy { id } createdAt } userErrors { code field message } }
}`;
const UNBLOCK = `mutation ($input: UnblockEntityInput!) { unblockEntity(input: $input) { removed { id entityId } userErrors { code field } } }`;

describe('blockEntity / unblockEntity', () => {
  it('when a user tries, then FORBIDDEN and nothing is blocked', async () => {
    const target = newUserId();
    const res = await h.call(BLOCK, { input: { kind: 'USER', id: target, reason: 'x' } }, { userId: newUserId() });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const un = await h.call(UNBLOCK, { input: { kind: 'USER', id: target } }, { userId: newUserId() });
    expect(un.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await h.sql(`select 1 from blocklist_entry where entity_id = $1`, [target])).toHaveLength(0);
  });

  it('when an admin blocks twice, then one entry (the first); unblocking removes it', async () => {
    const me = admin();
    const card = newId('fi');
    const first = await h.call(BLOCK, { input: { kind: 'FUNDING_INSTRUMENT', id: card, reason: ' stolen ' } }, me);
    expect(first.data!.blockEntity).toMatchObject({
      userErrors: [],
      entry: { kind: 'FUNDING_INSTRUMENT', entityId: card, reason: 'stolen', createdBy: { id: me.userId } },
    });
    const second = await h.call(BLOCK, { input: { kind: 'FUNDING_INSTRUMENT', id: card, reason: 'again' } }, admin());
    expect(second.data!.blockEntity.entry).toEqual(first.data!.blockEntity.entry);

    const removed = await h.call(UNBLOCK, { input: { kind: 'FUNDING_INSTRUMENT', id: card } }, me);
    expect(removed.data!.unblockEntity).toEqual({ removed: { id: first.data!.blockEntity.entry.id, entityId: card }, userErrors: [] });
    expect((await h.call(UNBLOCK, { input: { kind: 'FUNDING_INSTRUMENT', id: card } }, me)).data!.unblockEntity.removed).toBeNull();
  });

  it('when the id does not fit the kind or the reason is empty, then a userError', async () => {
    const wrongKind = await h.call(BLOCK, { input: { kind: 'USER', id: newId('fi'), reason: 'x' } }, admin());
    expect(wrongKind.data!.blockEntity.userErrors).toEqual([{ code: 'INVALID_ID', field: ['input', 'id'], message: expect.any(String) }]);
    const empty = await h.call(BLOCK, { input: { kind: 'USER', id: newUserId(), reason: '   ' } }, admin());
    expect(empty.data!.blockEntity.userErrors).toEqual([{ code: 'INVALID_REASON', field: ['input', 'reason'], message: expect.any(String) }]);
  });
});
