import type { EntityManager, MikroORM } from '@paygraph/platform/db';
import { plainSql } from '@paygraph/platform/plain-sql';
import { newId, isId } from '@paygraph/platform/ids';
import { errors } from '@paygraph/platform/errors';
import { MAILED_TOKEN_KINDS, Notification } from '../entities/notification.entity.js';
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

const CREATE_NOTIFICATIONS = `
  with input as (
    select * from jsonb_to_recordset(?::jsonb) as x(
      ord int, id text, user_id text, event_id uuid, kind text, title text, body text, payment_id text, wallet_id text,
      email boolean, sms boolean, push boolean, email_only boolean, sealed_link text)
  ), fresh as (
    select i.* from input i
    where not exists (select 1 from notification n where n.user_id = i.user_id and n.event_id = i.event_id)
  ), counted as (
    select user_id, count(*)::bigint as n from fresh group by user_id
  ), counter as (
    insert into notification_counter as c (user_id, last_seq)
    select user_id, n from counted order by user_id
    on conflict (user_id) do update set last_seq = c.last_seq + excluded.last_seq
    returning c.user_id, c.last_seq
  ), numbered as (
    select f.*, counter.last_seq - counted.n + row_number() over (partition by f.user_id order by f.ord) as seq
    from fresh f join counter using (user_id) join counted using (user_id)
  ), created as (
    insert into notification (id, user_id, seq, kind, title, body, payment_id, wallet_id, event_id, created_at)
    select id, user_id, seq, kind, title, body, payment_id, wallet_id, event_id, clock_timestamp()
    from numbered order by user_id, seq
    returning ${ROW_COLUMNS}
  ), deliveries as (
    insert into notification_delivery (id, notification_id, user_id, channel, status, attempts, next_attempt_at, created_at, sealed_link)
    select gen_random_uuid(), created.id, created.user_id, ch.channel, 'PENDING', 0, now(), now(),
      case when ch.channel = 'EMAIL' then i.sealed_link end
    from created
    join input i on i.id = created.id
    left join notification_preference p on p.user_id = created.user_id and p.kind = created.kind,
    lateral (values ('EMAIL', coalesce(p.email, i.email)), ('SMS', coalesce(p.sms, i.sms)), ('PUSH', coalesce(p.push, i.push))) as ch(channel, wanted)
    where case when i.email_only then ch.channel = 'EMAIL' else ch.wanted end
  )
  select * from created`;

export class NotificationService {
  constructor(private readonly orm: MikroORM) {}


  /**
   * Creates the drafts of one event, in the consumer's transaction (see `createFromEvents`).
   */
  async createFromEvent(em: EntityManager, eventId: string, drafts: NotificationDraft[]): Promise<Notification[]> {
    return (await this.createFromEvents(em, [{ eventId, drafts }])).get(eventId) ?? [];
  }

  /**
   * Creates the notifications of a batch of events in the consumer's transaction, in one statement whatever the
   * batch's size (each statement is a round trip on an event loop shared with the request path, so a statement per
   * notification made this consumer the one that fell behind). The statement:
   * - skips every (user, event) that has a notification already, so a redelivery that got past the inbox creates
   *   nothing and uses no seq (should a concurrent transaction create the same pair meanwhile, the unique constraint
   *   rejects this one and the consumer handles the events again one at a time, when the inbox sees the duplicate);
   * - bumps each user's counter row once, by the number of the user's new notifications, taking the rows in user id
   *   order (so two batches, or a batch and a single event, cannot deadlock on them); the row lock makes `seq` the
   *   order in which the user's notifications commit, without gaps;
   * - numbers the user's notifications from the counter in the given order (drafts in event order), and inserts them
   *   with one PENDING delivery per external channel the user's preference (or the kind's default) chooses, which the
   *   delivery worker carries out after commit.
   */
  async createFromEvents(em: EntityManager, events: { eventId: string; drafts: NotificationDraft[] }[]): Promise<Map<string, Notification[]>> {
    const input: Record<string, unknown>[] = [];
    for (const { eventId, drafts } of events) {
      const seen = new Set<string>();
      for (const draft of drafts) {
        if (seen.has(draft.userId)) continue;
        seen.add(draft.userId);
        const d = defaultPreference(draft.kind);
        input.push({
          ord: input.length,
          id: newId('ntf'),
          user_id: draft.userId,
          event_id: eventId,
          kind: draft.kind,
          title: draft.title,
          body: draft.body,
          payment_id: draft.paymentId ?? null,
          wallet_id: draft.walletId ?? null,
          email: d.email,
          sms: d.sms,
          push: d.push,
          // A link that signs in or proves the address goes by email only, whatever the preferences say.
          email_only: MAILED_TOKEN_KINDS.includes(draft.kind),
          sealed_link: draft.sealedLink ?? null,
        });
      }
    }
    const created = new Map<string, Notification[]>(events.map((e) => [e.eventId, []]));
    if (input.length === 0) return created;
    const rows = await em.execute<Record<string, unknown>[]>(CREATE_NOTIFICATIONS, [JSON.stringify(input)]);
    const notifications = rows.map((row) => em.map(Notification, row));
    for (const n of notifications.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : a.seq - b.seq))) {
      created.get(n.eventId)?.push(n);
    }
    return created;
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
    // Every notification-history request reads here: one named prepared statement on the pool (PlainSql), cheaper
    // than the ORM's execute; the rows still become entities of the request's EntityManager.
    const rows = await plainSql(this.orm).query<Record<string, unknown>>(
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
