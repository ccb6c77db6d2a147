import { defineEntity, p } from '@mikro-orm/core';

/**
 * One subgraph's answer to a privacy request: for an export, its part of the document (`data`, bounded by the
 * catalog's PRIVACY_PART_MAX_BYTES, and the lists it cut); for an erasure, what it changed and what it keeps. An
 * export's data is removed when its user is erased.
 */
export const PrivacyRequestPartSchema = defineEntity({
  name: 'PrivacyRequestPart',
  tableName: 'privacy_request_part',
  properties: {
    requestId: p.text().primary(),
    subgraph: p.text().primary(),
    data: p.json<Record<string, unknown>>().nullable(),
    truncated: p.array<string>(),
    receivedAt: p.datetime(),
  },
});

export class PrivacyRequestPart extends PrivacyRequestPartSchema.class {}
PrivacyRequestPartSchema.setClass(PrivacyRequestPart);
