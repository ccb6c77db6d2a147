import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IdentitySigner } from '@paygraph/platform/identity';
import { InternalClient } from '@paygraph/platform/internal-client';
import { newId } from '@paygraph/platform/ids';
import { TEST_INTERNAL_SECRET } from '@paygraph/platform/testing';
import {
  assessmentOf,
  consumed,
  deliver,
  envelope,
  eventually,
  type Harness,
  outboxed,
  type RequestData,
  riskRequest,
  startHarness,
  stopHarness,
} from './support.js';

/**
 * The `decide` internal command (DESIGN.md §4): the decision of a P2P payment settled in its request, called over
 * HTTP as payments calls it. Scored once per transaction, answered in the response (no RiskAssessed), and the first
 * answer again for every repeat.
 */
let h: Harness;
let payments: InternalClient;

beforeAll(async () => {
  h = await startHarness();
  payments = new InternalClient({ target: 'fraud', url: h.service.url, signer: new IdentitySigner(TEST_INTERNAL_SECRET, 'payments'), retries: 0 });
});

afterAll(() => stopHarness(h));

interface Decision {
  assessmentId: string;
  decision: string;
  score: number;
  caseId: string | null;
}
const decide = (req: RequestData) => payments.command<Decision>('decide', req);

describe('when payments asks fraud to decide', () => {
  it('then the movement is scored and stored once, the decision comes back, and no RiskAssessed is written', async () => {
    const req = riskRequest();
    const answer = await decide(req);
    expect(answer).toMatchObject({ decision: 'APPROVE', caseId: null });
    expect(await assessmentOf(h, req.transactionId)).toMatchObject({ id: answer.assessmentId, decision: 'APPROVE', payment_id: req.paymentId });
    expect(await outboxed(h, 'RiskAssessed', req.transactionId)).toEqual([]);
  });

  it('when different decisions are asked at the same moment (their facts read together), then each is decided on its own facts', async () => {
    // A blocked sender, a blocked card, a blocked recipient and clean movements, all at once: the facts of decisions
    // asked in one turn are read by one statement (ScoringRepository.readTogether), each must take only its own.
    const [blockedSender, blockedRecipient, card] = [newId('usr'), newId('usr'), newId('fi')];
    for (const [kind, id] of [['USER', blockedSender], ['USER', blockedRecipient], ['FUNDING_INSTRUMENT', card]] as const) {
      await h.sql(`insert into blocklist_entry (id, kind, entity_id, reason, created_by, created_at) values ($1, $2, $3, 'test', 'usr_admin', now())`, [newId('blk'), kind, id]);
    }
    const cases = [
      { req: riskRequest({ senderId: blockedSender }), decision: 'DECLINE' },
      { req: riskRequest(), decision: 'APPROVE' },
      { req: riskRequest({ recipientId: blockedRecipient }), decision: 'DECLINE' },
      { req: riskRequest({ kind: 'ADD_FUNDS', fundingInstrumentId: card }), decision: 'DECLINE' },
      { req: riskRequest(), decision: 'APPROVE' },
      { req: riskRequest({ kind: 'ADD_FUNDS', fundingInstrumentId: newId('fi') }), decision: 'APPROVE' },
    ];
    const answers = await Promise.all(cases.map((c) => decide(c.req)));
    expect(answers.map((a) => a.decision)).toEqual(cases.map((c) => c.decision));
  });

  it('when the same decision is asked 10 times at once, then one assessment, and every answer is it', async () => {
    const req = riskRequest({ amount: { minor: '150000', currency: 'USD' } }); // a REVIEW: one case only, too
    const answers = await Promise.all(Array.from({ length: 10 }, () => decide(req)));
    expect(new Set(answers.map((a) => a.assessmentId)).size).toBe(1);
    expect(answers[0]).toMatchObject({ decision: 'REVIEW', caseId: expect.stringMatching(/^rvc_/) });
    expect(new Set(answers.map((a) => a.caseId)).size).toBe(1);
    expect(await h.sql(`select id from review_case where transaction_id = $1`, [req.transactionId])).toEqual([{ id: answers[0]!.caseId }]);
    // The assessment and its case are one statement: the case points at the stored assessment, its reasons kept as text[].
    const [stored] = await h.sql<{ id: string; reasons: string[]; case_assessment: string }>(
      `select a.id, a.reasons, c.assessment_id as case_assessment from risk_assessment a join review_case c on c.assessment_id = a.id where a.transaction_id = $1`,
      [req.transactionId],
    );
    expect(stored).toMatchObject({ id: answers[0]!.assessmentId, case_assessment: answers[0]!.assessmentId });
    expect(stored!.reasons.length).toBeGreaterThan(0);
    expect(stored!.reasons.every((r) => typeof r === 'string' && r.length > 0)).toBe(true);
  });

  it('when a repeat comes later with other facts (a later time), then the first decision still stands', async () => {
    const req = riskRequest();
    const first = await decide(req);
    const again = await decide({ ...req, at: new Date(Date.now() + 60_000).toISOString() });
    expect(again).toEqual(first);
  });

  it('when the saga later asks about a transaction already decided, then it is not scored again', async () => {
    const req = riskRequest();
    const first = await decide(req);
    const event = envelope('RiskAssessmentRequested', 'transactions', req.transactionId, req);
    await deliver(h, event);
    await eventually(() => consumed(h, event.id));
    expect(await h.sql(`select id from risk_assessment where transaction_id = $1`, [req.transactionId])).toEqual([{ id: first.assessmentId }]);
  });

  it('when the input is not a movement, then it is refused and nothing is stored', async () => {
    const transactionId = newId('txn');
    await expect(payments.command('decide', { ...riskRequest({ transactionId }), amount: { minor: 'x', currency: 'USD' } })).rejects.toThrow(/HTTP 400/);
    expect(await assessmentOf(h, transactionId)).toBeNull();
  });
});
