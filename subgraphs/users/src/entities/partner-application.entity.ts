import { defineEntity, p } from '@mikro-orm/core';

/**
 * A partner's integration (issue 13): registered by a business account's owner (or an admin) for that account, it
 * holds the API keys and the trusted documents the partner runs. Its keys act for `accountId`'s owner only.
 */
const PartnerApplicationSchema = defineEntity({
  name: 'PartnerApplication',
  properties: {
    id: p.text().primary(),
    /** The owner of the business account: whom the application's keys act for. */
    ownerId: p.text().index(),
    accountId: p.text(),
    name: p.text(),
    /** Who registered it (the owner, or an admin on their behalf). */
    createdBy: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class PartnerApplication extends PartnerApplicationSchema.class {}
PartnerApplicationSchema.setClass(PartnerApplication);
export { PartnerApplicationSchema };
