import { defineEntity, p } from '@mikro-orm/core';
import { PartnerApplication } from './partner-application.entity.js';

/**
 * An operation a partner application registered (trusted documents): `hash` is the SHA-256 (hex) of `body`, the
 * document as graphql-js prints it, which is what the gateway accepts for the application's keys by hash or by text.
 */
const TrustedDocumentSchema = defineEntity({
  name: 'TrustedDocument',
  uniques: [{ properties: ['application', 'hash'] }],
  properties: {
    id: p.text().primary(),
    application: () => p.manyToOne(PartnerApplication),
    hash: p.text(),
    operationName: p.text().nullable(),
    body: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class TrustedDocument extends TrustedDocumentSchema.class {}
TrustedDocumentSchema.setClass(TrustedDocument);
export { TrustedDocumentSchema };
