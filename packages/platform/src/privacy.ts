import type { EntityManager } from '@mikro-orm/postgresql';
import { PRIVACY_PART_MAX_BYTES, type PRIVACY_SUBGRAPHS } from '@paygraph/events';
import { Outbox, type EventHandler } from './events/index.js';
import { toMoneyDto, type MoneyDto } from './money.js';

/**
 * A subgraph's side of privacy requests (docs/security.md, "Privacy requests"): users asks on the backbone, each
 * subgraph that holds personal data answers with its part of an export, or erases and says so. The shape is the same
 * everywhere, so it lives here; what is exported and erased is each subgraph's own `PrivacyParticipant`.
 */
export type PrivacySubgraph = (typeof PRIVACY_SUBGRAPHS)[number];

/** Rows per list in an export part: the most recent ones. A list that had more is named in the part's `truncated`. */
export const PRIVACY_EXPORT_ROWS = 200;

/** A row as a raw SQL read returns it, before it becomes an export value. */
export type ExportRow = Record<string, unknown>;

/** An instant of a raw row as an export value: an ISO string, or null. */
export const exportInstant = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v ?? null);

/** An amount of a raw row (minor units as the driver returns them) as an export value: `{ amount, currency }`, or null. */
export const exportMoney = (minor: unknown, currency: unknown): MoneyDto | null =>
  minor == null ? null : toMoneyDto(String(minor), String(currency));

export interface PrivacyParticipant {
  /**
   * What the subgraph holds about the user, as JSON values (instants as ISO strings, amounts as decimal strings), each
   * list newest first and read with `limit PRIVACY_EXPORT_ROWS + 1` so that a cut can be told. Never a secret (a
   * token, a password hash): those are not the user's to take away, and a leaked export must not open the account.
   */
  exportData(em: EntityManager, userId: string): Promise<Record<string, unknown>>;
  /**
   * Removes or pseudonymises the user's personal data, in the caller's transaction, and says how many rows changed
   * per table and what is kept on purpose (money, fraud facts). Running it again changes nothing more.
   */
  erase(em: EntityManager, userId: string, at: Date, requestId: string): Promise<{ erased: Record<string, number>; kept: string[] }>;
}

export interface FittedPart {
  data: Record<string, unknown>;
  /** The lists that were cut, by path (`payments`, `applications.0.apiKeys`); `*` if nothing could be kept. */
  truncated: string[];
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * Bounds an export part for the backbone: every list to `rows` entries, then, while the whole is over `maxBytes`, the
 * list that weighs most (or the list inside it that makes most of its weight) is halved, its newest half kept, until
 * it fits. A part that cannot fit even with every list
 * empty (no subgraph's rows come near) is answered empty with `*`, rather than a message SQS would refuse.
 */
export function fitExportPart(data: Record<string, unknown>, maxBytes = PRIVACY_PART_MAX_BYTES, rows = PRIVACY_EXPORT_ROWS): FittedPart {
  const copy = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  const truncated = new Set<string>();
  const lists = (): { path: string; list: unknown[] }[] => {
    const found: { path: string; list: unknown[] }[] = [];
    const walk = (value: unknown, path: string[]) => {
      if (Array.isArray(value)) {
        found.push({ path: path.join('.'), list: value });
        value.forEach((v, i) => walk(v, [...path, String(i)]));
      } else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      }
    };
    walk(copy, []);
    return found;
  };
  for (const { path, list } of lists()) {
    if (list.length > rows) {
      list.length = rows;
      truncated.add(path);
    }
  }
  while (bytes(copy) > maxBytes) {
    const weighed = lists()
      .filter((l) => l.list.length > 0)
      .map((l) => ({ ...l, weight: bytes(l.list) }))
      .sort((a, b) => b.weight - a.weight);
    let heaviest = weighed[0];
    if (!heaviest) return { data: {}, truncated: ['*'] };
    // A list inside it that carries most of its weight is cut instead (an application's keys, not the application).
    for (;;) {
      const inner: { path: string; weight: number } | undefined = weighed.find((l) => l.path.startsWith(`${heaviest!.path}.`));
      if (!inner || inner.weight * 2 < heaviest.weight) break;
      heaviest = inner as typeof heaviest;
    }
    heaviest.list.length = Math.floor(heaviest.list.length / 2);
    truncated.add(heaviest.path);
  }
  return { data: copy, truncated: [...truncated].slice(0, 100) };
}

/**
 * The two consumers' handlers of a participant, for its consumer's handler table: an export request answered with
 * the fitted part, an erasure request done in the consumer's transaction and answered with what changed. Both
 * answers go through the outbox in that transaction, so a part exists exactly when its request was handled; a
 * request that does not name this subgraph is ignored.
 */
export function privacyHandlers(
  subgraph: Exclude<PrivacySubgraph, 'users'>,
  participant: PrivacyParticipant,
  now: () => Date = () => new Date(),
): { PrivacyExportRequested: EventHandler<'PrivacyExportRequested'>; PrivacyErasureRequested: EventHandler<'PrivacyErasureRequested'> } {
  const outbox = new Outbox(subgraph);
  return {
    PrivacyExportRequested: async ({ data: request }, em) => {
      if (!request.subgraphs.includes(subgraph)) return;
      const part = fitExportPart(await participant.exportData(em, request.userId));
      outbox.emit(em, 'PrivacyExportPart', request.requestId, {
        requestId: request.requestId,
        userId: request.userId,
        subgraph,
        data: part.data,
        truncated: part.truncated,
        at: now().toISOString(),
      });
    },
    PrivacyErasureRequested: async ({ data: request }, em) => {
      if (!request.subgraphs.includes(subgraph)) return;
      const at = now();
      const { erased, kept } = await participant.erase(em, request.userId, at, request.requestId);
      outbox.emit(em, 'PrivacyErasureDone', request.requestId, {
        requestId: request.requestId,
        userId: request.userId,
        subgraph,
        erased,
        kept,
        at: at.toISOString(),
      });
    },
  };
}
