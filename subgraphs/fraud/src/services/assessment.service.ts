import type { EventData } from '@paygraph/events';
import type { EntityManager } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import { countDecisionOnCommit } from '@paygraph/platform/metrics';
import type { Outbox } from '@paygraph/platform/events';
import { ReviewCase } from '../entities/review-case.entity.js';
import { RiskAssessment } from '../entities/risk-assessment.entity.js';
import type { BlocklistService } from './blocklist.service.js';
import type { HistoryService } from './history.service.js';
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
  constructor(
    private readonly outbox: Outbox,
    private readonly history: HistoryService,
    private readonly blocklist: BlocklistService,
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
    const scored = await this.score(em, req);
    if (!scored) return null;
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
   * recovery) returns the first decision and changes nothing.
   */
  async decide(em: EntityManager, req: AssessmentRequest): Promise<Decision> {
    const scored = await this.score(em, req);
    if (scored) {
      await em.flush();
      return { assessmentId: scored.assessment.id, decision: scored.assessment.decision, score: scored.assessment.score, caseId: scored.caseId };
    }
    const first = await em.findOneOrFail(RiskAssessment, { transactionId: req.transactionId }, { refresh: true });
    const reviewCase = first.decision === 'REVIEW' ? await em.findOne(ReviewCase, { assessmentId: first.id }) : null;
    return { assessmentId: first.id, decision: first.decision, score: first.score, caseId: reviewCase?.id ?? null };
  }

  /** Scores a movement and stores the assessment (and a REVIEW's case); null when the transaction was scored before. */
  private async score(em: EntityManager, req: AssessmentRequest): Promise<{ assessment: RiskAssessment; caseId: string | null } | null> {
    const facts = await this.gather(em, req);
    const result = assess(facts, this.thresholds);
    const now = this.clock();
    const assessmentId = newId('rsk');
    const row = {
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
    const inserted = await em
      .createQueryBuilder(RiskAssessment)
      .insert(row)
      .onConflict(['transactionId'])
      .ignore()
      .execute('run');
    if (inserted.affectedRows === 0) return null;
    countDecisionOnCommit(em, result.decision, req.kind);

    let caseId: string | null = null;
    if (result.decision === 'REVIEW') {
      caseId = newId('rvc');
      em.create(ReviewCase, {
        id: caseId,
        assessmentId,
        transactionId: req.transactionId,
        paymentId: req.paymentId,
        status: 'OPEN',
        openedAt: now,
        resolvedBy: null,
        resolvedAt: null,
        note: null,
      });
    }
    // What was inserted, without reading it back.
    return { assessment: em.create(RiskAssessment, row, { persist: false }), caseId };
  }

  private async gather(em: EntityManager, req: AssessmentRequest): Promise<RiskFacts> {
    const at = new Date(req.at);
    const amountUsd = toUsdCents(BigInt(req.amount.minor), req.amount.currency);
    const needs = factsNeeded(req.kind);
    const toOther = req.recipientId !== req.senderId;

    const sender = (await this.history.touch(em, [req.senderId, req.recipientId], at)).get(req.senderId)!;
    const blocked = await this.blocklist.blockedAmong(
      em,
      toOther ? [req.senderId, req.recipientId] : [req.senderId],
      req.fundingInstrumentId ? [req.fundingInstrumentId] : [],
    );
    const recipientKnown = needs.fanOut && toOther ? await this.history.isKnownRecipient(em, req.senderId, req.recipientId) : false;

    let velocity: RiskFacts['velocity'] = null;
    if (needs.velocity) {
      const [minute, hour] = await this.velocity.record(`out:${req.senderId}`, req.transactionId, amountUsd, at, [MINUTE, HOUR]);
      velocity = { minute: minute!, hour: hour! };
    }
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
