import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@paygraph/platform/ids';
import { admin, assessed, type Harness, newUserId, type RequestData, riskRequest, startHarness, stopHarness } from './support.js';

let h: Harness;
let approved: { req: RequestData; id: string };
let reviewed: { req: RequestData; id: string; caseId: string };

beforeAll(async () => {
  h = await startHarness();
  const a = riskRequest({ amount: { minor: '1999', currency: 'EUR' } });
  approved = { req: a, id: (await assessed(h, a)).id };
  const r = riskRequest({ amount: { minor: '100000', currency: 'USD' } });
  const row = await assessed(h, r);
  const [c] = await h.sql(`select id from review_case where assessment_id = $1`, [row.id]);
  reviewed = { req: r, id: row.id, caseId: c!.id };
});

afterAll(() => stopHarness(h));

const ASSESSMENT_FIELDS = `id score decision reasons kind amount { amount currency } sender { id } recipient { id } payment { id } reviewCase { id status } createdAt`;
const ENTITIES = `query ($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on RiskAssessment { ${ASSESSMENT_FIELDS} }
    ... on Payment { id risk { ${ASSESSMENT_FIELDS} } }
    ... on Transaction { id risk { id score decision } }
  }
}`;
const rep = (__typename: string, id: string) => ({ __typename, id });

describe('_entities RiskAssessment', () => {
  it('when the sender asks, then the assessment is returned without reasons or review case', async () => {
    const res = await h.call(ENTITIES, { reps: [rep('RiskAssessment', approved.id)] }, { userId: approved.req.senderId });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      {
        id: approved.id,
        score: 10, // a new account: noted, not enough to review
        decision: 'APPROVE',
        reasons: [],
        kind: 'P2P',
        amount: { amount: '19.99', currency: 'EUR' },
        sender: { id: approved.req.senderId },
        recipient: { id: approved.req.recipientId },
        payment: { id: approved.req.paymentId },
        reviewCase: null,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      },
    ]);
  });

  it('when an admin asks, then the reasons and the review case are included', async () => {
    const res = await h.call(ENTITIES, { reps: [rep('RiskAssessment', reviewed.id)] }, admin());
    expect(res.data!._entities[0]).toMatchObject({
      decision: 'REVIEW',
      score: 85,
      reasons: [expect.stringMatching(/^LARGE_AMOUNT/), expect.stringMatching(/^NEW_ACCOUNT/)],
      reviewCase: { id: reviewed.caseId, status: 'OPEN' },
    });
  });

  it('when the recipient asks, then it is visible; a stranger, an anonymous caller or an unknown id get null', async () => {
    const reps = [rep('RiskAssessment', reviewed.id)];
    expect((await h.call(ENTITIES, { reps }, { userId: reviewed.req.recipientId })).data!._entities[0]).toMatchObject({ id: reviewed.id, reasons: [], reviewCase: null });
    expect((await h.call(ENTITIES, { reps }, { userId: newUserId() })).data!._entities).toEqual([null]);
    expect((await h.call(ENTITIES, { reps }, { userId: null })).data!._entities).toEqual([null]);
    const unknown = await h.call(ENTITIES, { reps: [rep('RiskAssessment', newId('rsk')), rep('RiskAssessment', "x' or 1=1")] }, admin());
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!._entities).toEqual([null, null]);
  });
});

describe('_entities Payment and Transaction', () => {
  it('when a participant asks for payments by id, then each one carries its risk (batched), null when not assessed', async () => {
    const notAssessed = newId('pay');
    const res = await h.call(
      ENTITIES,
      { reps: [rep('Payment', approved.req.paymentId), rep('Payment', notAssessed), rep('Payment', approved.req.paymentId)] },
      { userId: approved.req.recipientId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((p: any) => [p.id, p.risk?.id ?? null, p.risk?.decision ?? null])).toEqual([
      [approved.req.paymentId, approved.id, 'APPROVE'],
      [notAssessed, null, null],
      [approved.req.paymentId, approved.id, 'APPROVE'],
    ]);
  });

  it("when someone else asks for a payment's risk, then null; an admin sees any", async () => {
    const reps = [rep('Payment', reviewed.req.paymentId)];
    expect((await h.call(ENTITIES, { reps }, { userId: approved.req.senderId })).data!._entities).toEqual([{ id: reviewed.req.paymentId, risk: null }]);
    const asAdmin = await h.call(ENTITIES, { reps }, admin());
    expect(asAdmin.data!._entities[0].risk).toMatchObject({ id: reviewed.id, decision: 'REVIEW', reviewCase: { id: reviewed.caseId } });
  });

  it('when a transaction is referenced, then its risk is found by transaction id, for participants and admins only', async () => {
    const reps = [rep('Transaction', reviewed.req.transactionId), rep('Transaction', approved.req.transactionId)];
    const asSender = await h.call(ENTITIES, { reps }, { userId: reviewed.req.senderId });
    expect(asSender.data!._entities).toEqual([
      { id: reviewed.req.transactionId, risk: { id: reviewed.id, score: 85, decision: 'REVIEW' } },
      { id: approved.req.transactionId, risk: null },
    ]);
    const asAdmin = await h.call(ENTITIES, { reps }, admin());
    expect(asAdmin.data!._entities.map((t: any) => t.risk.id)).toEqual([reviewed.id, approved.id]);
  });
});
