import { Migration } from '@mikro-orm/migrations';

/**
 * The synchronous P2P transfer between two existing wallets as one function, so that it is one statement (one round
 * trip, its own transaction in autocommit) instead of BEGIN, claim-and-lock, post, COMMIT. The rules are those of
 * `services/ledger/transfer-now.ts`, which calls it and documents them; the deferred triggers still check the entry
 * when the statement's transaction commits.
 *
 * Order inside, the general path's (`transferOpening`) so that the two cannot deadlock: claim the transaction (a
 * repeat waits here for the first call's commit and gets the stored answer, nothing changed) → lock both balance
 * rows in account id order (as every path that locks balances) → a missing wallet undoes the claim and answers
 * OPENING (the caller takes the general path, which opens it) → the available amount decides → entry, postings,
 * balances, the captured hold and the stored answer.
 */
export class Migration20261204221500_transfer_function extends Migration {
  override name = 'Migration20261204221500_transfer_function';

  override up(): void | Promise<void> {
    this.addSql(`create function "wallet_transfer_p2p"(
  p_transaction_id text, p_payment_id text, p_sender_id text, p_recipient_id text, p_currency text, p_amount bigint,
  p_journal_entry_id text, p_hold_id text, p_at timestamptz
) returns table (status text, journal_entry_id text, sender_wallet_id text, recipient_wallet_id text, available bigint, repeated boolean)
language plpgsql volatile as $fn$
#variable_conflict use_column
declare
  v_row record;
  v_sender text;
  v_available bigint;
  v_recipient text;
  v_claimed int;
begin
  if p_amount is null or p_amount <= 0 then
    raise exception 'transfer % of a non-positive amount %', p_transaction_id, p_amount using errcode = '22023';
  end if;
  insert into transfer_command (transaction_id, payment_id, status, created_at) values (p_transaction_id, p_payment_id, 'STARTED', p_at)
  on conflict (transaction_id) do nothing;
  get diagnostics v_claimed = row_count;
  if v_claimed = 0 then
    return query select t.status, t.journal_entry_id, t.sender_wallet_id, t.recipient_wallet_id, t.available, true
                   from transfer_command t where t.transaction_id = p_transaction_id;
    return;
  end if;

  for v_row in
    select b.account_id, a.owner_id, b.balance - b.held as available
      from account_balance b join ledger_account a on a.id = b.account_id
     where a.kind = 'WALLET' and a.currency = p_currency and a.owner_id in (p_sender_id, p_recipient_id)
     order by b.account_id
       for update of b
  loop
    if v_row.owner_id = p_sender_id then
      v_sender := v_row.account_id;
      v_available := v_row.available;
    else
      v_recipient := v_row.account_id;
    end if;
  end loop;

  if v_sender is null or v_recipient is null or p_sender_id = p_recipient_id then
    delete from transfer_command t where t.transaction_id = p_transaction_id;
    return query select 'OPENING'::text, null::text, null::text, null::text, null::bigint, false;
    return;
  end if;

  if v_available < p_amount then
    update transfer_command t set status = 'INSUFFICIENT_FUNDS', sender_wallet_id = v_sender, available = v_available
     where t.transaction_id = p_transaction_id;
    return query select 'INSUFFICIENT_FUNDS'::text, null::text, v_sender, null::text, v_available, false;
    return;
  end if;

  insert into journal_entry (id, kind, transaction_id, payment_id, created_at) values (p_journal_entry_id, 'P2P', p_transaction_id, p_payment_id, p_at);
  insert into posting (journal_entry_id, account_id, amount, currency, created_at)
  values (p_journal_entry_id, v_sender, -p_amount, p_currency, p_at), (p_journal_entry_id, v_recipient, p_amount, p_currency, p_at);
  update account_balance b set balance = b.balance - p_amount, version = b.version + 1, updated_at = p_at where b.account_id = v_sender;
  update account_balance b set balance = b.balance + p_amount, version = b.version + 1, updated_at = p_at where b.account_id = v_recipient;
  insert into hold (id, wallet_id, amount, currency, status, transaction_id, payment_id, expires_at, created_at, ended_at, journal_entry_id)
  values (p_hold_id, v_sender, p_amount, p_currency, 'CAPTURED', p_transaction_id, p_payment_id, p_at, p_at, p_at, p_journal_entry_id);
  update transfer_command t set status = 'TRANSFERRED', journal_entry_id = p_journal_entry_id, sender_wallet_id = v_sender,
         recipient_wallet_id = v_recipient, available = null
   where t.transaction_id = p_transaction_id;
  return query select 'TRANSFERRED'::text, p_journal_entry_id, v_sender, v_recipient, null::bigint, false;
end
$fn$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function if exists "wallet_transfer_p2p"(text, text, text, text, text, bigint, text, text, timestamptz);`);
  }
}
