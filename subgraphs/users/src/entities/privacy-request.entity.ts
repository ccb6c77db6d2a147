import { defineEntity, p } from '@mikro-orm/core';

export const PRIVACY_REQUEST_KINDS = ['EXPORT', 'ERASURE'] as const;
export const PRIVACY_REQUEST_STATUSES = ['PENDING', 'COMPLETED'] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number];

/** The partial unique index that makes "one pending request of each kind per user" a database fact (a repeat returns it). */
export const ONE_PENDING_PRIVACY_REQUEST = 'privacy_request_one_pending_unique';

/**
 * A user's data export or account erasure (docs/security.md, "Privacy requests"): PENDING until every subgraph in
 * `subgraphs` has answered (a PrivacyRequestPart each, users' own written with the request), then COMPLETED.
 */
export const PrivacyRequestSchema = defineEntity({
  name: 'PrivacyRequest',
  tableName: 'privacy_request',
  properties: {
    id: p.text().primary(),
    userId: p.text(),
    kind: p.enum(PRIVACY_REQUEST_KINDS),
    status: p.enum(PRIVACY_REQUEST_STATUSES).default('PENDING'),
    /** The subgraphs whose answer completes it (users included). */
    subgraphs: p.array<string>(),
    requestedAt: p.datetime(),
    completedAt: p.datetime().nullable(),
  },
  indexes: [{ name: 'privacy_request_user_requested_idx', properties: ['userId', 'requestedAt'] }],
  uniques: [{ name: ONE_PENDING_PRIVACY_REQUEST, properties: ['userId', 'kind'], where: { status: 'PENDING' } }],
});

export class PrivacyRequest extends PrivacyRequestSchema.class {}
PrivacyRequestSchema.setClass(PrivacyRequest);
