import type { EventData } from '@paygraph/events';
import type { EntityManager } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import { countDecisionOnCommit } from '@paygraph/platform/metrics';
import { emQuery, type Query } from '@paygraph/platform/plain-sql';
import type { Outbox } from '@paygraph/platform/events';
import { ReviewCase } from '../entities/review-case.entity.js';
import { ScoringRepository, type AssessmentRow, type FactsQuery } from '../repositories/scoring.repository.js';
import { RiskAssessment } from '../entities/risk-assessment.entity.js';
import { assess, factsNeeded, type RiskFacts, type RuleThresholds, type WindowStat } from './rules.js';
import { toUsdCents } from './usd-rates.js';
import type { VelocityStore } from './velocity-store.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type AssessmentRequest = EventData<'RiskAssessmentRequested'>;

/** A movement's decision as the synchronous command answers it. */
export interface Decision {
  assessmentId: string;
  decision: RiskAssessment['decision'];
  score: number;
  caseId: string | null;
}

/**
 * Scores money movements: gathers the facts the rules of the movement's kind read (history and blocklist from the
 * database, sliding windows from the velocity store), runs the rules, and stores the assessment with its RiskAssessed
 * event (and the review case of a REVIEW) in the caller's transaction.
 *
 * A failure anywhere (the database, Redis) throws: the request is retried and the payment waits. Nothing is approved
 * because a fact could not be read.
 */
export class AssessmentService {
  private readonly scoring = new ScoringRepository();

  constructor(
    private readonly outbox: Outbox,
    private readonly velocity: VelocityStore,
    private readonly thresholds: RuleThresholds,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Assesses a movement once per transaction. A repeated request (redelivered, duplicated under another event id,
   * or handled concurrently) loses the insert to the first assessment (unique per transaction) and emits nothing.
   * What it gathered on the way leaves no trace: seeing a party is idempotent, and recording in the velocity store
   * is idempotent by member, so a repeat does not count twice there either.
   */
  async assess(em: EntityManager, req: AssessmentRequest): Promise<RiskAssessment | null> {
    const stored = await this.score(emQuery(em), req);
    if (!stored) return null;
    countDecisionOnCommit(em, stored.row.decision, req.kind);
    // What was inserted, without reading it back.
    const scored = { assessment: em.create(RiskAssessment, stored.row as never, { persist: false }), caseId: stored.caseId };
    // The saga orders a transaction's events by its id: RiskAssessed before any ReviewResolved of the same case.
    this.outbox.emit(em, 'RiskAssessed', req.transactionId, {
      transactionId: req.transactionId,
      paymentId: req.paymentId,
      assessmentId: scored.assessment.id,
      score: scored.assessment.score,
      decision: scored.assessment.decision,
      reasons: scored.assessment.reasons.slice(0, 20).map((r) => r.slice(0, 200)),
      caseId: scored.caseId,
      at: this.clock().toISOString(),
    });
    await em.flush();
    return scored.assessment;
  }

  /**
   * The synchronous decision (internal command `decide`, DESIGN.md §4): the same scoring, answered in the response
   * instead of by RiskAssessed. Idempotent per transaction: a repeat (a retry after a lost answer, the payment's
   * recovery) returns the first decision and changes nothing. `q` runs its two statements (plain SQL on the pool:
   * each is atomic by itself, no transaction); `em` is asked only by a repeat, to read the first decision.
   */
  async decide(q: Query, em: () => EntityManager, req: AssessmentRequest): Promise<Decision> {
    // On the pool: the facts of the decisions asked at the same moment are read together (ScoringRepository.readTogether).
    const scored = await this.score(q, req, true);
    // Plain SQL, committed already: counted now.
    if (scored) countDecisionOnCommit(em(), scored.row.decision, req.kind);
    if (scored) return { assessmentId: scored.row.id, decision: scored.row.decision, score: scored.row.score, caseId: scored.caseId };
    return this.firstDecision(em(), req);
  }

  private async firstDecision(em: EntityManager, req: AssessmentRequest): Promise<Decision> {
    const first = await em.findOneOrFail(RiskAssessment, { transactionId: req.transactionId }, { refresh: true });
    const reviewCase = first.decision === 'REVIEW' ? await em.findOne(ReviewCase, { assessmentId: first.id }) : null;
    return { assessmentId: first.id, decision: first.decision, score: first.score, caseId: reviewCase?.id ?? null };
  }

  /** Scores a movement and stores the assessment (and a REVIEW's case); null when the transaction was scored before. */
  private async score(q: Query, req: AssessmentRequest, onPool = false): Promise<{ row: AssessmentRow; caseId: string | null } | null> {
    const facts = await this.gather(q, req, onPool);
    const result = assess(facts, this.thresholds);
    const now = this.clock();
    const assessmentId = newId('rsk');
    const row: AssessmentRow = {
      id: assessmentId,
      transactionId: req.transactionId,
      paymentId: req.paymentId,
      senderId: req.senderId,
      recipientId: req.recipientId,
      kind: req.kind,
      amountMinor: BigInt(req.amount.minor),
      currency: req.amount.currency,
      amountUsdCents: facts.amountUsd,
      fundingInstrumentId: req.fundingInstrumentId,
      score: result.score,
      decision: result.decision,
      reasons: result.reasons,
      requestedAt: facts.at,
      createdAt: now,
    };
    const caseId = result.decision === 'REVIEW' ? newId('rvc') : null;
    // The assessment and a REVIEW's case in one statement: atomic with or without the caller's transaction.
    if (!(await this.scoring.insertAssessment(q, row, caseId))) return null;
    return { row, caseId };
  }

  private async gather(q: Query, req: AssessmentRequest, onPool: boolean): Promise<RiskFacts> {
    const at = new Date(req.at);
    const amountUsd = toUsdCents(BigInt(req.amount.minor), req.amount.currency);
    const needs = factsNeeded(req.kind);
    const toOther = req.recipientId !== req.senderId;

    // The database's facts in one statement, and the sender's velocity (Redis) at the same time.
    const read = onPool ? (f: FactsQuery) => this.scoring.readTogether(q, f) : (f: FactsQuery) => this.scoring.read(q, f);
    const [stored, outWindows] = await Promise.all([
      read({
        userIds: [req.senderId, req.recipientId],
        at,
        blockable: [
          ...(toOther ? [req.senderId, req.recipientId] : [req.senderId]).map((id) => ['USER', id] as const),
          ...(req.fundingInstrumentId ? [['FUNDING_INSTRUMENT', req.fundingInstrumentId] as const] : []),
        ],
        known: needs.fanOut && toOther ? { senderId: req.senderId, recipientId: req.recipientId } : null,
      }),
      needs.velocity ? this.velocity.record(`out:${req.senderId}`, req.transactionId, amountUsd, at, [MINUTE, HOUR]) : Promise.resolve(null),
    ]);
    const sender = stored.parties.get(req.senderId)!;
    const blocked = stored.blocked;
    const recipientKnown = stored.knownRecipient;
    const velocity: RiskFacts['velocity'] = outWindows ? { minute: outWindows[0]!, hour: outWindows[1]! } : null;
    let newRecipientsToday: number | null = null;
    if (needs.fanOut && toOther && !recipientKnown) {
      // Members are recipients, not payments: a second payment to the same new recipient is not a second one.
      const [day] = await this.velocity.record(`new-recipients:${req.senderId}`, req.recipientId, 0n, at, [DAY]);
      newRecipientsToday = day!.count;
    }
    let card: RiskFacts['card'] = null;
    if (needs.card && req.fundingInstrumentId) {
      const [hour, day] = await this.velocity.record(`card:${req.fundingInstrumentId}`, req.transactionId, amountUsd, at, [HOUR, DAY]);
      card = { hour: hour as WindowStat, day: day as WindowStat };
    }

    return {
      kind: req.kind,
      amountUsd,
      at,
      sender: {
        firstSeenAt: sender.firstSeenAt,
        completedCount: sender.completedOutCount,
        completedSumUsd: BigInt(sender.completedOutSumUsdCents),
      },
      recipientKnown,
      blocked: {
        sender: blocked.has(req.senderId),
        recipient: toOther && blocked.has(req.recipientId),
        instrument: req.fundingInstrumentId !== null && blocked.has(req.fundingInstrumentId),
      },
      velocity,
      newRecipientsToday,
      card,
    };
  }

  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, RiskAssessment>> {
    const rows = ids.length === 0 ? [] : await em.find(RiskAssessment, { id: { $in: [...ids] } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async byPaymentIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, RiskAssessment>> {
    // One transaction per payment, so one assessment; should a payment ever have more, the latest speaks for it.
    const rows = ids.length === 0 ? [] : await em.find(RiskAssessment, { paymentId: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return new Map(rows.map((r) => [r.paymentId, r]));
  }

  async byTransactionIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, RiskAssessment>> {
    const rows = ids.length === 0 ? [] : await em.find(RiskAssessment, { transactionId: { $in: [...ids] } });
    return new Map(rows.map((r) => [r.transactionId, r]));
  }
}
