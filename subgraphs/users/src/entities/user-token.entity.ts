import { defineEntity, p } from '@mikro-orm/core';
import { User } from './user.entity.js';

export const USER_TOKEN_PURPOSES = ['EMAIL_VERIFICATION', 'PASSWORD_RESET'] as const;
export type UserTokenPurpose = (typeof USER_TOKEN_PURPOSES)[number];

/**
 * A token mailed to a user (docs/security.md, "Tokens mailed to users"). Only its SHA-256 is stored; it works once,
 * until `expiresAt`, and only for the address it was sent to.
 */
const UserTokenSchema = defineEntity({
  name: 'UserToken',
  tableName: 'user_token',
  properties: {
    id: p.text().primary(),
    user: () => p.manyToOne(User).index(),
    purpose: p.enum(USER_TOKEN_PURPOSES),
    /** Normalised address the link was mailed to: a token proves control of that address only. */
    email: p.text(),
    tokenHash: p.text().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    /** Set when it was used, or when a newer token (or a password change) made it void. */
    usedAt: p.datetime().nullable(),
  },
});

export class UserToken extends UserTokenSchema.class {}
UserTokenSchema.setClass(UserToken);
export { UserTokenSchema };
