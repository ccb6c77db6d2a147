import { defineEntity, p } from '@mikro-orm/core';
import type { Role } from '@paygraph/platform/identity';

const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.text().primary(),
    /** As the person typed it (trimmed): what we show and mail to. */
    email: p.text(),
    /** Lower-cased: uniqueness and login lookups are case-insensitive. */
    emailNormalized: p.text().unique(),
    displayName: p.text(),
    passwordHash: p.text().hidden(),
    roles: p.array<Role>().default(['USER']),
    /** When `roles` last changed; the gateways poll it so a revoked role stops working before the tokens carrying it expire. */
    rolesChangedAt: p.datetime().nullable().index(),
    /** When the user proved they receive mail at `email` (a verification or password reset link); null until then. */
    emailVerifiedAt: p.datetime().nullable(),
    /**
     * The TOTP secret (base32), sealed (SealedBox purpose `totp secrets`, the user id as associated data): pending
     * from enableTotp until confirmTotp sets `totpEnabledAt`, then in use until disableTotp clears both.
     */
    totpSecretSealed: p.text().nullable().hidden(),
    totpEnabledAt: p.datetime().nullable(),
    /** The last TOTP step accepted: that code, and every earlier one, is refused from then on (no replay). */
    totpLastStep: p.bigint('number').nullable(),
    /** When TOTP was last turned on or off; the gateways poll it (revocation list) to apply step-up to older tokens. */
    totpChangedAt: p.datetime().nullable().index(),
    /**
     * When the account was erased (a privacy request): the email, name and password were replaced by placeholders
     * that no one can sign in with, every session ended. The row stays so that ids elsewhere still name someone.
     */
    erasedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class User extends UserSchema.class {}
UserSchema.setClass(User);
export { UserSchema };
