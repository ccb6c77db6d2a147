import { coalesceTurn } from '@paygraph/platform/coalesce';
import type { Query } from '@paygraph/platform/plain-sql';
import type { PartyFacts } from '../services/history.service.js';

/** What the rules read from the database about one movement. */
export interface StoredFacts {
  /** The parties asked about (seen now if they were not), by user id. */
  parties: Map<string, PartyFacts>;
  /** Which of the users and instruments asked about are blocked. */
  blocked: Set<string>;
  /** Whether the sender has completed a payment to the recipient before (false when not asked). */
  knownRecipient: boolean;
}

/** The row of an assessment as stored, with the review case a REVIEW opens. */
export interface AssessmentRow {
  id: string;
  transactionId: string;
  paymentId: string;
  senderId: string;
  recipientId: string;
  kind: string;
  amountMinor: bigint;
  currency: string;
  amountUsdCents: bigint;
  fundingInstrumentId: string | null;
  score: number;
  decision: 'APPROVE' | 'REVIEW' | 'DECLINE';
  reasons: string[];
  requestedAt: Date;
  createdAt: Date;
}

interface FactSqlRow {
  fact: 'party' | 'blocked' | 'known';
  id: string | null;
  first_seen_at: Date | null;
  completed_out_count: number | null;
  completed_out_sum_usd_cents: string | null;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** What one movement's scoring asks the database. */
export interface FactsQuery {
  userIds: string[];
  at: Date;
  blockable: (readonly ['USER' | 'FUNDING_INSTRUMENT', string])[];
  known: { senderId: string; recipientId: string } | null;
}

interface TogetherRow {
  fact: 'party' | 'blocked' | 'known';
  id: string;
  other: string | null;
  first_seen_at: string | null;
  completed_out_count: number | null;
  completed_out_sum_usd_cents: string | null;
}

/**
 * The scoring path's SQL (one assessment per payment, so every statement counts): the facts in one read, the
 * assessment and its case in one write. Both run in the caller's `em`, in a transaction or not: each is one statement,
 * atomic by itself. The statements are `Query`s: plain SQL on the pool for the decision, the entity manager's
 * `execute` (emQuery) inside the saga's transaction.
 */
export class ScoringRepository {
  /**
   * Reads what fraud knows about these users, which of `blockable` are blocked, and whether `known` is a known
   * sender → recipient pair, in one statement, and records the users it had never seen (their first payment).
   *
   * The common case is a plain read: it takes no lock and waits on none. An `insert … on conflict do nothing` on
   * every call would, because it waits for any transaction updating the party's row (the history consumer's batch
   * counting its completed payments) to end before it can decide there is nothing to do. Only a user not seen yet is
   * inserted, by a second statement that returns the row whichever transaction inserted it (rare: a user's first
   * payment).
   */
  async read(query: Query, q: FactsQuery): Promise<StoredFacts> {
    const ids = [...new Set(q.userIds)].sort();
    const parts = [
      `select 'party' as fact, user_id as id, first_seen_at, completed_out_count, completed_out_sum_usd_cents::text as completed_out_sum_usd_cents
         from party where user_id in (${placeholders(ids.length)})`,
    ];
    const params: unknown[] = [...ids];
    if (q.blockable.length > 0) {
      parts.push(`select 'blocked', entity_id, null, null, null from blocklist_entry where (kind, entity_id) in (${q.blockable.map(() => '(?, ?)').join(', ')})`);
      params.push(...q.blockable.flat());
    }
    if (q.known) {
      parts.push(`select 'known', null, null, null, null where exists (select 1 from counterparty where sender_id = ? and recipient_id = ?)`);
      params.push(q.known.senderId, q.known.recipientId);
    }
    const rows = await query<FactSqlRow>(parts.join('\n union all '), params);
    const facts: StoredFacts = { parties: new Map(), blocked: new Set(), knownRecipient: false };
    for (const r of rows) {
      if (r.fact === 'party') facts.parties.set(r.id!, toParty(r));
      else if (r.fact === 'blocked') facts.blocked.add(r.id!);
      else facts.knownRecipient = true;
    }
    const unseen = ids.filter((id) => !facts.parties.has(id));
    if (unseen.length > 0) for (const party of await this.see(query, unseen, q.at)) facts.parties.set(party.userId, party);
    return facts;
  }

  /**
   * `read` for the synchronous decisions, on the pool (`query` outside any transaction): the decisions asked in one
   * turn of the event loop read their facts with one statement (platform/coalesce.ts), each taking its own from the
   * rows; a user none of them had seen is recorded per decision, as in `read`. One text whatever the number of
   * decisions, so it is prepared once per connection.
   */
  async readTogether(query: Query, q: FactsQuery): Promise<StoredFacts> {
    let read = this.together.get(query);
    if (!read) {
      read = coalesceTurn((requests: readonly FactsQuery[]) => this.readMany(query, requests));
      this.together.set(query, read);
    }
    const facts = await read(q);
    const unseen = [...new Set(q.userIds)].sort().filter((id) => !facts.parties.has(id));
    if (unseen.length > 0) for (const party of await this.see(query, unseen, q.at)) facts.parties.set(party.userId, party);
    return facts;
  }

  private readonly together = new WeakMap<Query, (q: FactsQuery) => Promise<StoredFacts>>();

  private async readMany(query: Query, requests: readonly FactsQuery[]): Promise<StoredFacts[]> {
    const users = [...new Set(requests.flatMap((r) => r.userIds))];
    const blockable = requests.flatMap((r) => r.blockable);
    const pairs = requests.flatMap((r) => (r.known ? [r.known] : []));
    const rows = await query<TogetherRow>(
      `select 'party' as fact, user_id as id, null::text as other, first_seen_at, completed_out_count,
              completed_out_sum_usd_cents::text as completed_out_sum_usd_cents
         from party where user_id = any (?::text[])
       union all
       select 'blocked', b.entity_id, b.kind, null, null, null
         from blocklist_entry b join unnest(?::text[], ?::text[]) as x(kind, entity_id) on b.kind = x.kind and b.entity_id = x.entity_id
       union all
       select 'known', c.sender_id, c.recipient_id, null, null, null
         from counterparty c join unnest(?::text[], ?::text[]) as x(sender_id, recipient_id) on c.sender_id = x.sender_id and c.recipient_id = x.recipient_id`,
      [
        toPgArray(users),
        toPgArray(blockable.map(([kind]) => kind)),
        toPgArray(blockable.map(([, id]) => id)),
        toPgArray(pairs.map((p) => p.senderId)),
        toPgArray(pairs.map((p) => p.recipientId)),
      ],
    );
    const parties = new Map<string, PartyFacts>();
    const blocked = new Set<string>();
    const known = new Set<string>();
    for (const r of rows) {
      if (r.fact === 'party') parties.set(r.id, toParty(r as unknown as FactSqlRow));
      else if (r.fact === 'blocked') blocked.add(`${r.other}:${r.id}`);
      else known.add(`${r.id}>${r.other}`);
    }
    return requests.map((r) => ({
      parties: new Map(r.userIds.flatMap((id) => (parties.has(id) ? [[id, parties.get(id)!] as const] : []))),
      blocked: new Set(r.blockable.filter(([kind, id]) => blocked.has(`${kind}:${id}`)).map(([, id]) => id)),
      knownRecipient: r.known !== null && known.has(`${r.known.senderId}>${r.known.recipientId}`),
    }));
  }

  /**
   * Records users seen for the first time and returns their rows. One a concurrent transaction inserted first is not
   * returned by the insert (which waited for that transaction to commit); the next statement's snapshot has it. Rows
   * in id order: two first movements between the same new users in opposite directions cannot deadlock.
   */
  private async see(query: Query, ids: string[], at: Date): Promise<PartyFacts[]> {
    const cols = 'user_id as id, first_seen_at, completed_out_count, completed_out_sum_usd_cents::text as completed_out_sum_usd_cents';
    const rows = await query<FactSqlRow>(
      `insert into party (user_id, first_seen_at) values ${ids.map(() => '(?, ?)').join(', ')} on conflict (user_id) do nothing returning ${cols}`,
      ids.flatMap((id) => [id, at]),
    );
    const found = new Map(rows.map((r) => [r.id!, toParty(r)]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      for (const r of await query<FactSqlRow>(`select ${cols} from party where user_id in (${placeholders(missing.length)})`, missing)) {
        found.set(r.id!, toParty(r));
      }
    }
    return [...found.values()];
  }

  /**
   * Inserts the assessment unless the transaction has one, and a REVIEW's case with it, in one statement. False when
   * the transaction was assessed before (nothing written).
   */
  async insertAssessment(q: Query, a: AssessmentRow, caseId: string | null): Promise<boolean> {
    const rows = await q<{ id: string }>(
      `with a as (
         insert into risk_assessment (id, transaction_id, payment_id, sender_id, recipient_id, kind, amount_minor, currency, amount_usd_cents,
                                      funding_instrument_id, score, decision, reasons, requested_at, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?)
         on conflict (transaction_id) do nothing
         returning id, transaction_id, payment_id, created_at
       ), c as (
         insert into review_case (id, assessment_id, transaction_id, payment_id, status, opened_at)
         select ?::text, a.id, a.transaction_id, a.payment_id, 'OPEN', a.created_at from a where ?::text is not null
         returning id
       )
       select a.id, (select count(*) from c)::int as cases from a`,
      [
        a.id, a.transactionId, a.paymentId, a.senderId, a.recipientId, a.kind, a.amountMinor, a.currency, a.amountUsdCents,
        a.fundingInstrumentId, a.score, a.decision, toPgArray(a.reasons), a.requestedAt, a.createdAt,
        caseId, caseId,
      ],
    );
    return rows.length > 0;
  }
}

function toParty(r: FactSqlRow): PartyFacts {
  return {
    userId: r.id!,
    firstSeenAt: new Date(r.first_seen_at!),
    completedOutCount: Number(r.completed_out_count),
    completedOutSumUsdCents: BigInt(r.completed_out_sum_usd_cents!),
  };
}

/** A text[] literal (the same through either kind of Query): every element quoted, quotes and backslashes escaped. */
function toPgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
