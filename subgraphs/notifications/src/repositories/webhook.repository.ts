import type { EntityManager } from '@paygraph/platform/db';
import { WebhookAttempt } from '../entities/webhook-attempt.entity.js';
import { WebhookDelivery, type WebhookDeliveryStatus } from '../entities/webhook-delivery.entity.js';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity.js';

type Row = Record<string, unknown>;

const ENDPOINT_COLUMNS =
  'id, application_id, account_id, owner_id, url, description, event_types, enabled, secret, previous_secret, previous_secret_expires_at, created_at, updated_at';
const DELIVERY_COLUMNS =
  'id, endpoint_id, event_id, event_type, body, status, attempts, next_attempt_at, retry_until, manual, last_response_status, last_error, created_at, completed_at';

export interface NewEndpoint {
  id: string;
  applicationId: string;
  accountId: string;
  ownerId: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  /** Sealed. */
  secret: string;
}

export interface EndpointChanges {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  enabled?: boolean;
}

export interface NewDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  body: string;
}

/** A delivery the worker took, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  body: string;
  /** This attempt's number (1 for the first). */
  attempt: number;
  retryUntil: Date;
  manual: boolean;
  url: string;
  /** The secrets that sign it, sealed (adapters/secret-box.ts): the current one, and the previous one while its overlap lasts. */
  secrets: string[];
}

export interface AttemptOutcome {
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  latencyMs: number;
  responseStatus: number | null;
  error: string | null;
  succeeded: boolean;
  manual: boolean;
  /** The next retry, or null: FAILED (when it did not succeed). */
  nextAttemptAt: Date | null;
}

export interface DeliveryPageQuery {
  endpointId: string;
  first: number;
  /** The page starts below this (created_at, id), exclusive: newest first. */
  before: { createdAt: Date; id: string } | null;
  status: WebhookDeliveryStatus | null;
}

/** The SQL of webhook endpoints, their deliveries and attempts (the notifications database). */
export class WebhookRepository {
  async insertEndpoint(em: EntityManager, e: NewEndpoint, maxPerApplication: number): Promise<WebhookEndpoint | null> {
    // The count and the insert in one statement: a concurrent pair may both pass, which costs one endpoint too many at
    // most; a lock per application would buy exactness nobody needs here.
    const [row] = await em.execute<Row[]>(
      `insert into webhook_endpoint (${ENDPOINT_COLUMNS})
       select ?, ?, ?, ?, ?, ?, ?::jsonb, true, ?, null, null, now(), now()
       where (select count(*) from webhook_endpoint where application_id = ?) < ?
       returning ${ENDPOINT_COLUMNS}`,
      [e.id, e.applicationId, e.accountId, e.ownerId, e.url, e.description, JSON.stringify(e.eventTypes), e.secret, e.applicationId, maxPerApplication],
    );
    return row ? em.map(WebhookEndpoint, row) : null;
  }

  async endpoint(em: EntityManager, id: string): Promise<WebhookEndpoint | null> {
    const [row] = await em.execute<Row[]>(`select ${ENDPOINT_COLUMNS} from webhook_endpoint where id = ?`, [id]);
    return row ? em.map(WebhookEndpoint, row) : null;
  }

  async endpointsOf(em: EntityManager, applicationIds: readonly string[]): Promise<WebhookEndpoint[]> {
    const rows = await em.execute<Row[]>(
      `select ${ENDPOINT_COLUMNS} from webhook_endpoint where application_id in (select jsonb_array_elements_text(?::jsonb))
       order by created_at, id`,
      [JSON.stringify([...new Set(applicationIds)])],
    );
    return rows.map((r) => em.map(WebhookEndpoint, r));
  }

  async updateEndpoint(em: EntityManager, id: string, c: EndpointChanges): Promise<WebhookEndpoint | null> {
    const [row] = await em.execute<Row[]>(
      `update webhook_endpoint set
         url = coalesce(?, url),
         description = case when ?::boolean then ? else description end,
         event_types = coalesce(?::jsonb, event_types),
         enabled = coalesce(?::boolean, enabled),
         updated_at = now()
       where id = ? returning ${ENDPOINT_COLUMNS}`,
      [
        c.url ?? null,
        c.description !== undefined,
        c.description ?? null,
        c.eventTypes ? JSON.stringify(c.eventTypes) : null,
        c.enabled ?? null,
        id,
      ],
    );
    return row ? em.map(WebhookEndpoint, row) : null;
  }

  async rotateSecret(em: EntityManager, id: string, secret: string, overlapSeconds: number): Promise<WebhookEndpoint | null> {
    const [row] = await em.execute<Row[]>(
      `update webhook_endpoint set
         previous_secret = case when ?::int > 0 then secret else null end,
         previous_secret_expires_at = case when ?::int > 0 then now() + make_interval(secs => ?::int) else null end,
         secret = ?, updated_at = now()
       where id = ? returning ${ENDPOINT_COLUMNS}`,
      [overlapSeconds, overlapSeconds, overlapSeconds, secret, id],
    );
    return row ? em.map(WebhookEndpoint, row) : null;
  }

  /** The endpoint, its deliveries and their attempts, in one statement. */
  async deleteEndpoint(em: EntityManager, id: string): Promise<boolean> {
    const [row] = await em.execute<Row[]>(
      `with endpoint as (delete from webhook_endpoint where id = ? returning id),
       deliveries as (delete from webhook_delivery where endpoint_id in (select id from endpoint) returning id),
       attempts as (delete from webhook_attempt where delivery_id in (select id from deliveries))
       select count(*)::int as n from endpoint`,
      [id],
    );
    return Number(row?.n ?? 0) > 0;
  }

  /** The enabled endpoints of these owners subscribed to `eventType`. */
  /** The enabled endpoints of any of these owners, with the event types each subscribed to, in id order. */
  async subscribedEndpointsOf(em: EntityManager, ownerIds: readonly string[]): Promise<{ id: string; ownerId: string; eventTypes: string[] }[]> {
    const rows = await em.execute<{ id: string; owner_id: string; event_types: string[] }[]>(
      `select id, owner_id, event_types from webhook_endpoint
       where owner_id in (select jsonb_array_elements_text(?::jsonb)) and enabled
       order by id`,
      [JSON.stringify([...new Set(ownerIds)])],
    );
    return rows.map((r) => ({ id: r.id, ownerId: r.owner_id, eventTypes: r.event_types }));
  }

  /**
   * New deliveries, due now; one that exists already (the same event for the same endpoint) is left as it is.
   * created_at in whole milliseconds: the delivery log's cursor carries it in milliseconds.
   */
  async insertDeliveries(em: EntityManager, rows: NewDelivery[], retryForMs: number): Promise<void> {
    if (rows.length === 0) return;
    await em.execute(
      `insert into webhook_delivery (id, endpoint_id, event_id, event_type, body, status, attempts, next_attempt_at, retry_until, manual, created_at)
       select d.id, d.endpoint_id, d.event_id, d.event_type, d.body, 'PENDING', 0, now(), now() + make_interval(secs => ?::float8 / 1000), false, date_trunc('milliseconds', now())
       from jsonb_to_recordset(?::jsonb) as d(id text, endpoint_id text, event_id uuid, event_type text, body text)
       on conflict (id) do nothing`,
      [retryForMs, JSON.stringify(rows.map((r) => ({ id: r.id, endpoint_id: r.endpointId, event_id: r.eventId, event_type: r.eventType, body: r.body })))],
      'run',
    );
  }

  /**
   * Takes up to `limit` due deliveries of enabled endpoints (autocommitted; replicas share the work with SKIP LOCKED):
   * their attempt count goes up and they are hidden for `leaseSeconds`, after which a process that died mid-send has
   * them retried.
   */
  async claimDue(em: EntityManager, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const rows = await em.execute<Row[]>(
      `with batch as (
         select d.id, d.manual from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id and e.enabled
         where d.status = 'PENDING' and d.next_attempt_at <= now()
         order by d.next_attempt_at limit ? for update of d skip locked
       ), claimed as (
         update webhook_delivery d set attempts = d.attempts + 1, manual = false, next_attempt_at = now() + make_interval(secs => ?)
         from batch where d.id = batch.id
         returning d.id, d.endpoint_id, d.event_id, d.event_type, d.body, d.attempts, d.retry_until, batch.manual
       )
       select c.*, e.url, e.secret, case when e.previous_secret_expires_at > now() then e.previous_secret end as previous_secret
       from claimed c join webhook_endpoint e on e.id = c.endpoint_id`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({
      id: String(r.id),
      endpointId: String(r.endpoint_id),
      eventId: String(r.event_id),
      eventType: String(r.event_type),
      body: String(r.body),
      attempt: Number(r.attempts),
      retryUntil: new Date(r.retry_until as string),
      manual: Boolean(r.manual),
      url: String(r.url),
      secrets: [String(r.secret), ...(r.previous_secret ? [String(r.previous_secret)] : [])],
    }));
  }

  /**
   * The attempt's log entry and the delivery's new state, in one statement, only if the delivery is still the one
   * claimed (not deleted with its endpoint, not claimed again after the lease ran out). A redelivery asked for while
   * the attempt was in flight wins: the attempt is logged, the delivery stays due now.
   */
  async recordAttempt(em: EntityManager, o: AttemptOutcome): Promise<void> {
    const status: WebhookDeliveryStatus = o.succeeded ? 'SUCCEEDED' : o.nextAttemptAt ? 'PENDING' : 'FAILED';
    await em.execute(
      `with claimed as (
         select id, manual from webhook_delivery where id = ? and attempts = ? for update
       ), updated as (
         update webhook_delivery d set status = ?, last_response_status = ?, last_error = ?,
           next_attempt_at = coalesce(?::timestamptz, d.next_attempt_at),
           completed_at = case when ? = 'PENDING' then null else now() end
         from claimed c where d.id = c.id and not c.manual and d.status = 'PENDING'
         returning d.id
       ), logged as (
         insert into webhook_attempt (delivery_id, number, started_at, latency_ms, response_status, error, succeeded, manual)
         select id, ?, ?, ?, ?, ?, ?, ? from claimed
         on conflict do nothing
         returning delivery_id
       )
       select (select count(*) from updated) as updated, (select count(*) from logged) as logged`,
      [
        o.deliveryId, o.attempt,
        status, o.responseStatus, o.error, o.nextAttemptAt?.toISOString() ?? null, status,
        o.attempt, o.startedAt.toISOString(), o.latencyMs, o.responseStatus, o.error, o.succeeded, o.manual,
      ],
    );
  }

  /** Due again now, with a new retry window and the next attempt marked manual. */
  async redeliver(em: EntityManager, id: string, retryForMs: number): Promise<WebhookDelivery | null> {
    const [row] = await em.execute<Row[]>(
      `update webhook_delivery set status = 'PENDING', manual = true, next_attempt_at = now(),
         retry_until = now() + make_interval(secs => ?::float8 / 1000), completed_at = null
       where id = ? returning ${DELIVERY_COLUMNS}`,
      [retryForMs, id],
    );
    return row ? em.map(WebhookDelivery, row) : null;
  }

  async delivery(em: EntityManager, id: string): Promise<WebhookDelivery | null> {
    const [row] = await em.execute<Row[]>(`select ${DELIVERY_COLUMNS} from webhook_delivery where id = ?`, [id]);
    return row ? em.map(WebhookDelivery, row) : null;
  }

  /** Up to `first + 1` deliveries (the extra one tells whether there is a next page), newest first. */
  async deliveries(em: EntityManager, q: DeliveryPageQuery): Promise<WebhookDelivery[]> {
    const rows = await em.execute<Row[]>(
      `select ${DELIVERY_COLUMNS} from webhook_delivery
       where endpoint_id = ? and (?::text is null or status = ?)
         and (?::timestamptz is null or (created_at, id) < (?::timestamptz, ?))
       order by created_at desc, id desc limit ?`,
      [
        q.endpointId, q.status, q.status,
        q.before?.createdAt.toISOString() ?? null, q.before?.createdAt.toISOString() ?? null, q.before?.id ?? null,
        q.first + 1,
      ],
    );
    return rows.map((r) => em.map(WebhookDelivery, r));
  }

  async attemptsOf(em: EntityManager, deliveryIds: readonly string[]): Promise<Map<string, WebhookAttempt[]>> {
    const rows = await em.execute<Row[]>(
      `select * from webhook_attempt where delivery_id in (select jsonb_array_elements_text(?::jsonb)) order by delivery_id, number`,
      [JSON.stringify([...new Set(deliveryIds)])],
    );
    const result = new Map<string, WebhookAttempt[]>(deliveryIds.map((id) => [id, []]));
    for (const row of rows) {
      const a = em.map(WebhookAttempt, row);
      result.get(a.deliveryId)?.push(a);
    }
    return result;
  }
}
