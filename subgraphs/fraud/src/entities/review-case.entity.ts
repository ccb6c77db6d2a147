import { defineEntity, p } from '@mikro-orm/core';

export const REVIEW_STATUSES = ['OPEN', 'APPROVED', 'DECLINED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A REVIEW decision waiting for (or decided by) an admin. One per assessment. */
export const ReviewCaseSchema = defineEntity({
  name: 'ReviewCase',
  tableName: 'review_case',
  properties: {
    id: p.text().primary(),
    assessmentId: p.text().unique(),
    transactionId: p.text(),
    paymentId: p.text(),
    status: p.enum(REVIEW_STATUSES).default('OPEN'),
    openedAt: p.datetime(),
    resolvedBy: p.text().nullable(),
    resolvedAt: p.datetime().nullable(),
    note: p.string().length(500).nullable(),
  },
  // The review queue: OPEN cases, oldest first.
  indexes: [{ name: 'review_case_open_queue_idx', properties: ['openedAt', 'id'], where: { status: 'OPEN' } }],
  checks: [
    {
      name: 'review_case_resolution',
      expression: "(status = 'OPEN') = (resolved_at is null) and (status = 'OPEN') = (resolved_by is null)",
    },
  ],
});

export class ReviewCase extends ReviewCaseSchema.class {}
ReviewCaseSchema.setClass(ReviewCase);
