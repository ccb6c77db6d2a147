import { LockMode } from '@mikro-orm/core';
import { errors } from '@paygraph/platform/errors';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { isId } from '@paygraph/platform/ids';
import type { Outbox } from '@paygraph/platform/events';
import { ReviewCase } from '../entities/review-case.entity.js';
import { RiskAssessment } from '../entities/risk-assessment.entity.js';

export const NOTE_MAX = 500;
export const QUEUE_PAGE_MAX = 100;

export interface ResolveReviewInput {
  caseId: string;
  decision: 'APPROVE' | 'DECLINE';
  note?: string | null;
}

export interface ReviewQueuePage {
  edges: { cursor: string; node: ReviewCase }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** Opaque to clients; inside, the position in the queue's order (openedAt, id). */
export function encodeCursor(c: ReviewCase): string {
  return Buffer.from(`${c.openedAt.toISOString()}|${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { openedAt: Date; id: string } {
  const invalid = () => errors.user('INVALID_CURSOR', 'The cursor is not one this list returned', 'after');
  if (cursor.length > 200) throw invalid();
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const openedAt = new Date(at ?? '');
  if (rest.length > 0 || !id || !isId('rvc', id) || Number.isNaN(openedAt.getTime())) throw invalid();
  return { openedAt, id };
}

export class ReviewService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** OPEN cases, oldest first, keyset-paginated so that cases resolved meanwhile never shift a page. */
  async queue(em: EntityManager, first: number, after: string | null): Promise<ReviewQueuePage> {
    if (!Number.isInteger(first) || first < 1 || first > QUEUE_PAGE_MAX) {
      throw errors.user('INVALID_ARGUMENT', `first must be 1 to ${QUEUE_PAGE_MAX}`, 'first');
    }
    const from = after ? decodeCursor(after) : null;
    const where = from
      ? { status: 'OPEN' as const, $or: [{ openedAt: { $gt: from.openedAt } }, { openedAt: from.openedAt, id: { $gt: from.id } }] }
      : { status: 'OPEN' as const };
    const [rows, totalCount] = await Promise.all([
      em.find(ReviewCase, where, { orderBy: { openedAt: 'asc', id: 'asc' }, limit: first + 1 }),
      em.fork().count(ReviewCase, { status: 'OPEN' }),
    ]);
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
    // Forward pagination only: Relay lets hasPreviousPage be false when looking back is not offered.
    const pageInfo = {
      hasNextPage: rows.length > first,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    };
    return { edges, pageInfo, totalCount };
  }

  /**
   * Decides an OPEN case and emits ReviewResolved with the change. The case row is locked, so two admins deciding at
   * once are serialised: the second sees the first's decision. The same decision again is a no-op that returns the
   * case; another decision is CASE_ALREADY_RESOLVED.
   */
  async resolve(adminId: string, input: ResolveReviewInput): Promise<ReviewCase> {
    const notFound = () => errors.user('NOT_FOUND', 'Review case not found', 'input.caseId');
    if (!isId('rvc', input.caseId)) throw notFound();
    const note = input.note?.trim() || null;
    if (note && note.length > NOTE_MAX) throw errors.user('INVALID_NOTE', `The note must be at most ${NOTE_MAX} characters`, 'input.note');
    const target = input.decision === 'APPROVE' ? 'APPROVED' : 'DECLINED';

    return inTransaction(this.orm, async (em) => {
      const reviewCase = await em.findOne(ReviewCase, { id: input.caseId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!reviewCase) throw notFound();
      if (reviewCase.status === target) return reviewCase;
      if (reviewCase.status !== 'OPEN') {
        throw errors.user('CASE_ALREADY_RESOLVED', `The case was already resolved: ${reviewCase.status}`, 'input.decision');
      }
      const assessment = await em.findOneOrFail(RiskAssessment, { id: reviewCase.assessmentId });
      const now = this.clock();
      reviewCase.status = target;
      reviewCase.resolvedBy = adminId;
      reviewCase.resolvedAt = now;
      reviewCase.note = note;
      this.outbox.emit(em, 'ReviewResolved', reviewCase.transactionId, {
        transactionId: reviewCase.transactionId,
        paymentId: reviewCase.paymentId,
        caseId: reviewCase.id,
        assessmentId: assessment.id,
        decision: input.decision,
        resolvedBy: adminId,
        at: now.toISOString(),
      });
      await em.flush();
      return reviewCase;
    });
  }

  async byAssessmentIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, ReviewCase>> {
    const rows = ids.length === 0 ? [] : await em.find(ReviewCase, { assessmentId: { $in: [...ids] } });
    return new Map(rows.map((r) => [r.assessmentId, r]));
  }
}
