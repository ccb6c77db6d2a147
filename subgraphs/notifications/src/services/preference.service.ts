import type { EntityManager } from '@paygraph/platform/db';
import type { ExternalChannel } from '../entities/notification-delivery.entity.js';
import { NotificationPreference } from '../entities/notification-preference.entity.js';
import { NOTIFICATION_KINDS, type NotificationKind } from '../entities/notification.entity.js';

export interface PreferenceView {
  kind: NotificationKind;
  email: boolean;
  sms: boolean;
  push: boolean;
}

const SECURITY_KINDS: readonly NotificationKind[] = ['NEW_LOGIN', 'SESSION_REVOKED', 'PASSWORD_CHANGED', 'TWO_FACTOR_CHANGED'];

/**
 * Without a choice of their own a user gets email and push for everything, and SMS for security events only (a text
 * for every payment would be noise; one for a sign-in they did not make is not).
 */
export function defaultPreference(kind: NotificationKind): PreferenceView {
  return { kind, email: true, sms: SECURITY_KINDS.includes(kind), push: true };
}

export interface PreferenceChange {
  kind: NotificationKind;
  email?: boolean | null;
  sms?: boolean | null;
  push?: boolean | null;
}

export class PreferenceService {
  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Every kind, the stored choice or the default, in the enum's order. */
  async list(em: EntityManager, userId: string): Promise<PreferenceView[]> {
    const rows = await em.find(NotificationPreference, { userId });
    const stored = new Map(rows.map((r) => [r.kind, r]));
    return NOTIFICATION_KINDS.map((kind) => view(stored.get(kind)) ?? defaultPreference(kind));
  }

  async forKind(em: EntityManager, userId: string, kind: NotificationKind): Promise<PreferenceView> {
    return view(await em.findOne(NotificationPreference, { userId, kind })) ?? defaultPreference(kind);
  }

  /** Omitted channels keep their current value; one upsert, so two concurrent changes of different channels both last. */
  async update(em: EntityManager, userId: string, change: PreferenceChange): Promise<PreferenceView> {
    const d = defaultPreference(change.kind);
    const rows: Record<string, unknown>[] = await em.execute(
      `insert into notification_preference (user_id, kind, email, sms, push, updated_at)
       values (?, ?, coalesce(?::boolean, ?), coalesce(?::boolean, ?), coalesce(?::boolean, ?), ?)
       on conflict (user_id, kind) do update set
         email = coalesce(?::boolean, notification_preference.email),
         sms = coalesce(?::boolean, notification_preference.sms),
         push = coalesce(?::boolean, notification_preference.push),
         updated_at = excluded.updated_at
       returning kind, email, sms, push`,
      [
        userId,
        change.kind,
        change.email ?? null,
        d.email,
        change.sms ?? null,
        d.sms,
        change.push ?? null,
        d.push,
        this.clock(),
        change.email ?? null,
        change.sms ?? null,
        change.push ?? null,
      ],
    );
    const row = rows[0]!;
    return { kind: row.kind as NotificationKind, email: Boolean(row.email), sms: Boolean(row.sms), push: Boolean(row.push) };
  }
}

function view(row: NotificationPreference | null | undefined): PreferenceView | null {
  return row ? { kind: row.kind, email: row.email, sms: row.sms, push: row.push } : null;
}
