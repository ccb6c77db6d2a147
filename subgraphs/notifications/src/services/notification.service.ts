import type { EntityManager } from '@paygraph/platform/db';
import { newId, isId } from '@paygraph/platform/ids';
import { errors } from '@paygraph/platform/errors';
import { Notification } from '../entities/notification.entity.js';
import type { NotificationDraft } from './messages.js';
import { defaultPreference } from './preference.service.js';

export const PAGE_DEFAULT = 20;
export const PAGE_MAX = 100;
export const MARK_READ_MAX_IDS = 100;

export interface PageQuery {
  userId: string;
  first: number;
  /** The page starts below this seq (exclusive): newest first. */
  before: number | null;
  unread: boolean;
}

type QueryResult = { affectedRows?: number };

// Lists travel as one JSON parameter: the ORM would expand an array parameter into a list of placeholders.
const ROW_COLUMNS = 'id, user_id, seq, kind, title, body, payment_id, wallet_id, event_id, created_at, read_at';

export class NotificationService {

  /**
   * Creates the drafts of one event, in the consumer's transaction, one statement per recipient (in user id order, so
   * two events between the same two users cannot deadlock). The statement bumps the user's counter row — whose row
   * lock makes `seq` the order in which the user's notifications commit, without gaps — only when no notification of
   * this (user, event) exists yet, so a redelivery that got past the inbox creates nothing and uses no seq; it inserts
   * the notification with that seq, and one PENDING delivery per external channel the user's preference (or the
   * kind's default) chooses, which the delivery worker carries out after commit.
   */
  async createFromEvent(em: EntityManager, eventId: string, drafts: NotificationDraft[]): Promise<Notification[]> {
    return (await this.createFromEvents(em, [{ eventId, drafts }])).get(eventId) ?? [];
  }

  /**
   * `createFromEvent` for a batch of events in one transaction (the consumer's batch mode): every (user, event) is
   * created in user id order, and in the given order within a user, so that two batches, or a batch and a single
   * event, always take the users' counter rows in the same order and cannot deadlock.
   */
  async createFromEvents(em: EntityManager, events: { eventId: string; drafts: NotificationDraft[] }[]): Promise<Map<string, Notification[]>> {
    const work: { userId: string; eventId: string; draft: NotificationDraft; order: number }[] = [];
    for (const { eventId, drafts } of events) {
      const seen = new Set<string>();
      for (const draft of drafts) {
        if (seen.has(draft.userId)) continue;
        seen.add(draft.userId);
        work.push({ userId: draft.userId, eventId, draft, order: work.length });
      }
    }
    work.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : a.order - b.order));
    const created = new Map<string, Notification[]>(events.map((e) => [e.eventId, []]));
    for (const { userId, eventId, draft } of work) {
      const row = await this.createOne(em, eventId, userId, draft);
      if (row) created.get(eventId)!.push(row);
    }
    return created;
  }

  private async createOne(em: EntityManager, eventId: string, userId: string, draft: NotificationDraft): Promise<Notification | null> {
    const d = defaultPreference(draft.kind);
    const [row] = await em.execute<Record<string, unknown>[]>(
      `with counter as (
         insert into notification_counter as c (user_id, last_seq) values (?, 1)
         on conflict (user_id) do update set last_seq = c.last_seq + 1
           where not exists (select 1 from notification n where n.user_id = excluded.user_id and n.event_id = ?::uuid)
         returning last_seq
       ), created as (
         insert into notification (id, user_id, seq, kind, title, body, payment_id, wallet_id, event_id, created_at)
         select ?, ?, last_seq, ?, ?, ?, ?, ?, ?::uuid, clock_timestamp() from counter
         returning ${ROW_COLUMNS}
       ), preference as (
         select coalesce(p.email, ?::boolean) as email, coalesce(p.sms, ?::boolean) as sms, coalesce(p.push, ?::boolean) as push
         from (select 1) one left join notification_preference p on p.user_id = ? and p.kind = ?
       ), deliveries as (
         insert into notification_delivery (id, notification_id, user_id, channel, status, attempts, next_attempt_at, created_at)
         select gen_random_uuid(), created.id, created.user_id, ch.channel, 'PENDING', 0, now(), now()
         from created, preference,
           lateral (values ('EMAIL', preference.email), ('SMS', preference.sms), ('PUSH', preference.push)) as ch(channel, wanted)
         where ch.wanted
       )
       select * from created`,
      [
        userId, eventId,
        newId('ntf'), userId, draft.kind, draft.title, draft.body, draft.paymentId ?? null, draft.walletId ?? null, eventId,
        d.email, d.sms, d.push, userId, draft.kind,
      ],
    );
    return row ? em.map(Notification, row) : null;
  }

  async byIds(em: EntityManager, ids: readonly string[]): Promise<Map<string, Notification>> {
    const wellFormed = [...new Set(ids.filter((id) => isId('ntf', id)))];
    const rows = wellFormed.length === 0 ? [] : await em.find(Notification, { id: { $in: wellFormed } });
    return new Map(rows.map((n) => [n.id, n]));
  }

  /**
   * Pages for many users with the same arguments in one query (a lateral join per user); each list holds up to
   * `first + 1` rows so the caller can tell whether there is a next page.
   */
  async pages(em: EntityManager, userIds: readonly string[], q: Omit<PageQuery, 'userId'>): Promise<Map<string, Notification[]>> {
    const rows = await em.execute<Record<string, unknown>[]>(
      `select n.* from jsonb_array_elements_text(?::jsonb) as u(id) cross join lateral (
         select ${ROW_COLUMNS} from notification
         where user_id = u.id and (?::bigint is null or seq < ?::bigint) and (not ?::boolean or read_at is null)
         order by seq desc limit ?
       ) n`,
      [JSON.stringify([...new Set(userIds)]), q.before, q.before, q.unread, q.first + 1],
    );
    const result = new Map<string, Notification[]>(userIds.map((id) => [id, []]));
    for (const row of rows) {
      const n = em.map(Notification, row);
      result.get(n.userId)!.push(n);
    }
    for (const list of result.values()) list.sort((a, b) => b.seq - a.seq);
    return result;
  }

  /** Marks the user's own notifications read; ids of others, unknown or malformed ids match nothing. */
  async markRead(em: EntityManager, userId: string, input: { ids?: readonly string[] | null; all?: boolean | null }): Promise<number> {
    const hasIds = input.ids !== undefined && input.ids !== null;
    if (hasIds === Boolean(input.all)) throw errors.user('INVALID_INPUT', 'Give either ids or all: true', 'input');
    if (input.all) {
      const all = await em.execute<QueryResult>('update notification set read_at = now() where user_id = ? and read_at is null', [userId], 'run');
      return all.affectedRows ?? 0;
    }
    if (input.ids!.length > MARK_READ_MAX_IDS) throw errors.user('TOO_MANY_IDS', `At most ${MARK_READ_MAX_IDS} ids at once`, 'input.ids');
    const ids = [...new Set(input.ids!.filter((id) => isId('ntf', id)))];
    if (ids.length === 0) return 0;
    const result = await em.execute<QueryResult>(
      'update notification set read_at = now() where user_id = ? and id in (select jsonb_array_elements_text(?::jsonb)) and read_at is null',
      [userId, JSON.stringify(ids)],
      'run',
    );
    return result.affectedRows ?? 0;
  }
}
