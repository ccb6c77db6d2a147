import { defineEntity, p } from '@mikro-orm/core';
import type { JWK } from 'jose';

/**
 * An access-token signing key. Lifecycle: published (in the JWKS) at creation, signs from `activatedAt` until a newer
 * key activates, stays published until `retiredAt` so tokens it signed keep verifying, then drops out.
 */
const SigningKeySchema = defineEntity({
  name: 'SigningKey',
  properties: {
    kid: p.text().primary(),
    alg: p.text(),
    publicJwk: p.json<JWK>(),
    privateJwk: p.json<JWK>().hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
    activatedAt: p.datetime(),
    retiredAt: p.datetime().nullable(),
  },
});

export class SigningKey extends SigningKeySchema.class {}
SigningKeySchema.setClass(SigningKey);
export { SigningKeySchema };
