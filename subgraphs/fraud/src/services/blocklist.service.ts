import { errors } from '@paygraph/platform/errors';
import { inTransaction, type EntityManager, type MikroORM } from '@paygraph/platform/db';
import { isId, newId } from '@paygraph/platform/ids';
import { BlocklistEntry, type BlockedKind } from '../entities/blocklist-entry.entity.js';

const ID_PREFIX: Record<BlockedKind, string> = { USER: 'usr', FUNDING_INSTRUMENT: 'fi' };
export const BLOCK_REASON_MAX = 200;

export interface BlockInput {
  kind: BlockedKind;
  id: string;
  reason: string;
}

export class BlocklistService {
  constructor(private readonly orm: MikroORM) {}

  /** Blocks the entity; blocking it again returns the first entry unchanged (also under concurrent calls). */
  async block(adminId: string, input: BlockInput): Promise<BlocklistEntry> {
    const entityId = this.entityId(input.kind, input.id);
    const reason = input.reason.trim();
    if (reason.length < 1 || reason.length > BLOCK_REASON_MAX || /\p{Cc}/u.test(reason)) {
      throw errors.user('INVALID_REASON', `The reason must be 1 to ${BLOCK_REASON_MAX} characters`, 'input.reason');
    }
    return inTransaction(this.orm, async (em) => {
      await em
        .createQueryBuilder(BlocklistEntry)
        .insert({ id: newId('blk'), kind: input.kind, entityId, reason, createdBy: adminId, createdAt: new Date() })
        .onConflict(['kind', 'entityId'])
        .ignore()
        .execute('run');
      return em.findOneOrFail(BlocklistEntry, { kind: input.kind, entityId });
    });
  }

  /** Lifts a block; returns the entry that was removed, or null when the entity was not blocked. */
  async unblock(input: { kind: BlockedKind; id: string }): Promise<BlocklistEntry | null> {
    const entityId = this.entityId(input.kind, input.id);
    return inTransaction(this.orm, async (em) => {
      const entry = await em.findOne(BlocklistEntry, { kind: input.kind, entityId });
      if (!entry) return null;
      await em.remove(entry).flush();
      return entry;
    });
  }

  private entityId(kind: BlockedKind, id: string): string {
    const prefix = ID_PREFIX[kind];
    if (!isId(prefix, id)) {
      throw errors.user('INVALID_ID', `A ${kind === 'USER' ? 'user' : 'funding instrument'} id looks like ${prefix}_…`, 'input.id');
    }
    return id;
  }
}
