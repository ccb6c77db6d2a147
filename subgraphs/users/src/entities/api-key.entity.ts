import { defineEntity, p } from '@mikro-orm/core';
import { PartnerApplication } from './partner-application.entity.js';

/**
 * A secret key of a partner application. Only the SHA-256 of the secret is stored (the secret is 256 random bits, so
 * a fast hash is enough: nothing to guess); `prefix` (`pg_test_` and the first characters) and `last4` let the owner
 * tell keys apart. A key ends at `revokedAt`, or at `expiresAt` (set when it was rotated, to leave an overlap).
 */
const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  properties: {
    id: p.text().primary(),
    application: () => p.manyToOne(PartnerApplication).index(),
    secretHash: p.text().unique(),
    prefix: p.text(),
    last4: p.text(),
    scopes: p.array<string>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    /** The key this one replaced (rotateApiKey). */
    rotatedFrom: p.text().nullable(),
    /** Set whenever the key's end moves (revoked, rotated): the gateways' revocation list polls it. */
    changedAt: p.datetime().nullable().index(),
    lastUsedAt: p.datetime().nullable(),
  },
});

export class ApiKey extends ApiKeySchema.class {
  /** When it stops working: revocation or the end of a rotation's overlap, whichever is first; null if neither. */
  endsAt(): Date | null {
    const ends = [this.revokedAt, this.expiresAt].filter((d): d is Date => d !== null && d !== undefined);
    return ends.length === 0 ? null : new Date(Math.min(...ends.map((d) => d.getTime())));
  }
}
ApiKeySchema.setClass(ApiKey);
export { ApiKeySchema };
