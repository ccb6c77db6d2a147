import { Migration } from '@mikro-orm/migrations';

/**
 * A P2P payment's creation as one function, so that it is one statement in autocommit (its own transaction)
 * instead of BEGIN with the sender's lock, the claim, COMMIT. Called by `P2PRepository.claimAndInsert`, which
 * documents the rules; the statements inside are those it sent before, in the same order.
 *
 * 1. The sender's advisory lock (when window limits apply: p_lock_key not null), held to the end of the statement's
 *    transaction. Each statement of a VOLATILE function takes a new snapshot, so the usage below sees every payment
 *    committed before the lock was granted: two concurrent payments of one sender cannot both fit.
 * 2. The idempotency key's claim: inserted, or taken over when the stored one expired. Lost (a live key, the
 *    concurrent winner waited for): claimed = false, nothing else done.
 * 3. The usage in the windows (when asked: p_since not null). Over a limit (usage + p_amount_usd above p_daily or
 *    p_monthly): the claim is removed again and fits = false; nothing is kept.
 * 4. The PENDING payment with its transaction id.
 */
export class Migration20261204223000_p2p_claim_function extends Migration {
  override name = 'Migration20261204223000_p2p_claim_function';

  override up(): void | Promise<void> {
    this.addSql(`create function "payments_claim_p2p"(
  p_lock_ns int, p_lock_key int,
  p_sender_id text, p_key text, p_operation text, p_request_hash text, p_payment_id text, p_created_at timestamptz, p_expires_at timestamptz,
  p_recipient_id text, p_amount bigint, p_currency text, p_usd_equivalent bigint, p_note text, p_transaction_id text,
  p_since timestamptz, p_day_start timestamptz, p_limited_kinds text[], p_amount_usd bigint, p_daily bigint, p_monthly bigint
) returns table (claimed boolean, fits boolean, usage_day bigint, usage_month bigint)
language plpgsql volatile as $fn$
#variable_conflict use_column
declare
  v_claimed int;
  v_day bigint;
  v_month bigint;
begin
  if p_lock_key is not null then
    perform pg_advisory_xact_lock(p_lock_ns, p_lock_key);
  end if;

  insert into idempotency_key (user_id, key, operation, request_hash, payment_id, created_at, expires_at)
  values (p_sender_id, p_key, p_operation, p_request_hash, p_payment_id, p_created_at, p_expires_at)
  on conflict (user_id, key) do update
    set operation = excluded.operation, request_hash = excluded.request_hash, payment_id = excluded.payment_id,
        created_at = excluded.created_at, expires_at = excluded.expires_at
    where idempotency_key.expires_at <= excluded.created_at;
  get diagnostics v_claimed = row_count;
  if v_claimed = 0 then
    return query select false, null::boolean, null::bigint, null::bigint;
    return;
  end if;

  if p_since is not null then
    select coalesce(sum(usd_equivalent) filter (where created_at > p_day_start), 0), coalesce(sum(usd_equivalent), 0)
      into v_day, v_month
      from (select p.usd_equivalent, p.created_at from payment p
             where p.sender_id = p_sender_id and p.kind = any (p_limited_kinds) and p.status <> 'FAILED' and p.created_at > p_since
            union all
            select w.usd_equivalent, w.created_at from withdrawal w
             where w.user_id = p_sender_id and w.status not in ('FAILED', 'RETURNED') and w.created_at > p_since) counted;
    if (p_daily is not null and v_day + p_amount_usd > p_daily) or (p_monthly is not null and v_month + p_amount_usd > p_monthly) then
      delete from idempotency_key k where k.user_id = p_sender_id and k.key = p_key;
      return query select true, false, v_day, v_month;
      return;
    end if;
  end if;

  insert into payment (id, kind, status, sender_id, recipient_id, amount, currency, usd_equivalent, note, transaction_id, created_at, updated_at)
  values (p_payment_id, 'P2P', 'PENDING', p_sender_id, p_recipient_id, p_amount, p_currency, p_usd_equivalent, p_note, p_transaction_id, p_created_at, p_created_at);
  return query select true, true, v_day, v_month;
end
$fn$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function if exists "payments_claim_p2p"(int, int, text, text, text, text, text, timestamptz, timestamptz, text, bigint, text, bigint, text, text, timestamptz, timestamptz, text[], bigint, bigint, bigint);`);
  }
}
