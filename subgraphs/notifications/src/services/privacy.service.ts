import type { EntityManager } from '@paygraph/platform/db';
import { PRIVACY_EXPORT_ROWS, exportInstant, type ExportRow, type PrivacyParticipant } from '@paygraph/platform/privacy';

const LIMIT = PRIVACY_EXPORT_ROWS + 1;
const count = async (em: EntityManager, sql: string, params: unknown[]) =>
  (await em.execute<{ n: number }[]>(`with changed as (${sql} returning 1) select count(*)::int as n from changed`, params))[0]?.n ?? 0;
/** Where an erased user's webhook endpoints point: a name that never resolves (RFC 2606). */
export const ERASED_ENDPOINT_URL = 'https://erased.invalid/';

/**
 * notifications' part of privacy requests (docs/security.md, "Privacy requests"): the user's notifications (what was
 * said to them), their channel preferences, and the webhook endpoints of their partner applications with the
 * deliveries made to them. Never exported: signing secrets and sealed links. Erased: every notification and its
 * channel deliveries (sealed links included) and the preferences are deleted; the user's webhook endpoints are
 * disabled, their URL and description replaced, and their deliveries and attempts deleted. Kept: the per-user
 * counter (a number, so that a later notification could not reuse a cursor). Payment texts never name the other
 * party, so nobody else's notifications mention the erased user.
 */
export class NotificationsPrivacy implements PrivacyParticipant {
  async exportData(em: EntityManager, userId: string): Promise<Record<string, unknown>> {
    const notifications = await em.execute<ExportRow[]>(
      `select id, kind, title, body, payment_id, wallet_id, created_at, read_at from notification where user_id = ? order by seq desc limit ?`,
      [userId, LIMIT],
    );
    const preferences = await em.execute<ExportRow[]>(
      `select kind, email, sms, push, updated_at from notification_preference where user_id = ? order by kind`,
      [userId],
    );
    const endpoints = await em.execute<ExportRow[]>(
      `select id, application_id, url, description, enabled, event_types, created_at, updated_at from webhook_endpoint
        where owner_id = ? order by created_at desc, id desc limit ?`,
      [userId, LIMIT],
    );
    const deliveries = endpoints.length
      ? await em.execute<ExportRow[]>(
          `select id, endpoint_id, event_type, status, attempts, last_response_status, created_at, completed_at from webhook_delivery
            where endpoint_id in (${endpoints.map(() => '?').join(', ')}) order by created_at desc, id desc limit ?`,
          [...endpoints.map((e) => e.id), LIMIT],
        )
      : [];
    return {
      notifications: notifications.map((n) => ({
        id: n.id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        paymentId: n.payment_id ?? null,
        walletId: n.wallet_id ?? null,
        createdAt: exportInstant(n.created_at),
        readAt: exportInstant(n.read_at),
      })),
      preferences: preferences.map((p) => ({ kind: p.kind, email: p.email, sms: p.sms, push: p.push, updatedAt: exportInstant(p.updated_at) })),
      webhookEndpoints: endpoints.map((e) => ({
        id: e.id,
        applicationId: e.application_id,
        url: e.url,
        description: e.description ?? null,
        enabled: e.enabled,
        eventTypes: e.event_types,
        createdAt: exportInstant(e.created_at),
        updatedAt: exportInstant(e.updated_at),
      })),
      webhookDeliveries: deliveries.map((d) => ({
        id: d.id,
        endpointId: d.endpoint_id,
        eventType: d.event_type,
        status: d.status,
        attempts: d.attempts,
        lastResponseStatus: d.last_response_status ?? null,
        createdAt: exportInstant(d.created_at),
        completedAt: exportInstant(d.completed_at),
      })),
    };
  }

  async erase(em: EntityManager, userId: string, at: Date): Promise<{ erased: Record<string, number>; kept: string[] }> {
    const deliveries = await count(em, `delete from notification_delivery where user_id = ?`, [userId]);
    const notifications = await count(em, `delete from notification where user_id = ?`, [userId]);
    const preferences = await count(em, `delete from notification_preference where user_id = ?`, [userId]);
    const ofEndpoints = `select id from webhook_endpoint where owner_id = ?`;
    const attempts = await count(
      em,
      `delete from webhook_attempt where delivery_id in (select id from webhook_delivery where endpoint_id in (${ofEndpoints}))`,
      [userId],
    );
    const webhookDeliveries = await count(em, `delete from webhook_delivery where endpoint_id in (${ofEndpoints})`, [userId]);
    const endpoints = await count(
      em,
      `update webhook_endpoint set enabled = false, url = ?, description = null, updated_at = ? where owner_id = ? and url <> ?`,
      [ERASED_ENDPOINT_URL, at, userId, ERASED_ENDPOINT_URL],
    );
    return {
      erased: {
        notification: notifications,
        notification_delivery: deliveries,
        notification_preference: preferences,
        webhook_endpoint: endpoints,
        webhook_delivery: webhookDeliveries,
        webhook_attempt: attempts,
      },
      kept: ["the user's notification counter (a number)"],
    };
  }
}
