import { defineEntity, p } from '@mikro-orm/core';

export const BLOCKED_KINDS = ['USER', 'FUNDING_INSTRUMENT'] as const;
export type BlockedKind = (typeof BLOCKED_KINDS)[number];

/** A user or funding instrument whose money movements are declined. Unique per entity: blocking twice is a no-op. */
export const BlocklistEntrySchema = defineEntity({
  name: 'BlocklistEntry',
  tableName: 'blocklist_entry',
  properties: {
    id: p.text().primary(),
    kind: p.enum(BLOCKED_KINDS),
    entityId: p.text(),
    reason: p.string().length(200),
    createdBy: p.text(),
    createdAt: p.datetime(),
  },
  uniques: [{ name: 'blocklist_entry_entity_unique', properties: ['kind', 'entityId'] }],
});

export class BlocklistEntry extends BlocklistEntrySchema.class {}
BlocklistEntrySchema.setClass(BlocklistEntry);
