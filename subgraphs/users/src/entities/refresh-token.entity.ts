import { defineEntity, p } from '@mikro-orm/core';
import { Session } from './session.entity.js';

/** Only the SHA-256 of a refresh token is stored: a database leak yields nothing that can be presented. */
const RefreshTokenSchema = defineEntity({
  name: 'RefreshToken',
  properties: {
    id: p.text().primary(),
    session: () => p.manyToOne(Session).index(),
    tokenHash: p.text().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    /** Set when it was exchanged; presenting it again is reuse. */
    usedAt: p.datetime().nullable(),
    /** The id of the token it was exchanged for. */
    replacedBy: p.text().nullable(),
  },
});

export class RefreshToken extends RefreshTokenSchema.class {}
RefreshTokenSchema.setClass(RefreshToken);
export { RefreshTokenSchema };
