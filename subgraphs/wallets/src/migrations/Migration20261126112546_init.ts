import { Migration } from '@mikro-orm/migrations';

export class Migration20261126112546_init extends Migration {

  override name = 'Migration20261126112546_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "account_balance" ("account_id" text not null, "kind" text not null, "currency" varchar(3) not null, "balance" bigint not null default '0', "held" bigint not null default '0', "version" int not null default 0, "updated_at" timestamptz not null, primary key ("account_id"));`);

    this.addSql(`create table "fx_quote" ("id" text not null, "owner_id" text not null, "source_currency" varchar(3) not null, "target_currency" varchar(3) not null, "source_amount" bigint not null, "target_amount" bigint not null, "mid_rate" numeric(30,10) not null, "rate" numeric(30,10) not null, "spread_bps" int not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "used_by_transaction_id" text null, "used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "fx_quote_owner_id_index" on "fx_quote" ("owner_id");`);
    this.addSql(`alter table "fx_quote" add constraint "fx_quote_used_by_transaction_id_unique" unique ("used_by_transaction_id");`);

    this.addSql(`create table "hold" ("id" text not null, "wallet_id" text not null, "amount" bigint not null, "currency" varchar(3) not null, "status" text not null default 'ACTIVE', "transaction_id" text not null, "payment_id" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "ended_at" timestamptz null, "end_reason" varchar(100) null, "journal_entry_id" text null, primary key ("id"));`);
    this.addSql(`create index "hold_wallet_id_index" on "hold" ("wallet_id");`);
    this.addSql(`alter table "hold" add constraint "hold_transaction_id_unique" unique ("transaction_id");`);
    this.addSql(`create index "hold_active_expires_at_idx" on "hold" ("expires_at") where status = 'ACTIVE';`);

    this.addSql(`create table "inbox" ("consumer" varchar(100) not null, "event_id" uuid not null, "event_type" varchar(100) not null, "processed_at" timestamptz not null, primary key ("consumer", "event_id"));`);

    this.addSql(`create table "journal_entry" ("id" text not null, "kind" text not null, "transaction_id" text null, "payment_id" text null, "fx_quote_id" text null, "fx_rate" numeric(30,10) null, "fx_mid_rate" numeric(30,10) null, "fx_spread_bps" int null, "external_reference" varchar(100) null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "journal_entry_payment_id_index" on "journal_entry" ("payment_id");`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_transaction_kind_unique" unique ("transaction_id", "kind");`);

    this.addSql(`create table "ledger_account" ("id" text not null, "kind" text not null, "owner_id" text null, "currency" varchar(3) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "ledger_account_owner_id_index" on "ledger_account" ("owner_id");`);
    this.addSql(`create unique index "ledger_account_wallet_owner_currency_unique" on "ledger_account" ("owner_id", "currency") where kind = 'WALLET';`);
    this.addSql(`create unique index "ledger_account_system_kind_currency_unique" on "ledger_account" ("kind", "currency") where kind <> 'WALLET';`);

    this.addSql(`create table "outbox" ("id" uuid not null, "type" varchar(100) not null, "aggregate_id" varchar(200) not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "outbox" ("id") where published_at is null;`);
    this.addSql(`create index "outbox_unpublished_aggregate_idx" on "outbox" ("aggregate_id", "id") where published_at is null;`);

    this.addSql(`create table "posting" ("id" bigserial primary key, "journal_entry_id" text not null, "account_id" text not null, "amount" bigint not null, "currency" varchar(3) not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "posting_journal_entry_id_index" on "posting" ("journal_entry_id");`);
    this.addSql(`create index "posting_account_id_created_at_index" on "posting" ("account_id", "created_at");`);

    this.addSql(`alter table "account_balance" add constraint "account_balance_kind_check" check ("kind" in ('WALLET', 'PSP_CLEARING', 'FX_CLEARING', 'FEES', 'SUSPENSE'));`);

    this.addSql(`alter table "hold" add constraint "hold_status_check" check ("status" in ('ACTIVE', 'CAPTURED', 'RELEASED', 'EXPIRED'));`);

    this.addSql(`alter table "journal_entry" add constraint "journal_entry_kind_check" check ("kind" in ('P2P', 'CONVERSION', 'ADD_FUNDS', 'ADJUSTMENT'));`);

    this.addSql(`alter table "ledger_account" add constraint "ledger_account_kind_check" check ("kind" in ('WALLET', 'PSP_CLEARING', 'FX_CLEARING', 'FEES', 'SUSPENSE'));`);
    // --- Written by hand (the generator knows nothing of these): the ledger's invariants, held by the database. ---

    // Currencies and kinds cannot drift between an account, its balance row, its postings and its holds.
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_owner_check" check ((kind = 'WALLET') = (owner_id is not null));`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_currency_check" check (currency ~ '^[A-Z]{3}$');`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_id_currency_unique" unique ("id", "currency");`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_id_kind_unique" unique ("id", "kind");`);
    this.addSql(`alter table "account_balance" add constraint "account_balance_account_kind_fk" foreign key ("account_id", "kind") references "ledger_account" ("id", "kind");`);
    this.addSql(`alter table "account_balance" add constraint "account_balance_account_currency_fk" foreign key ("account_id", "currency") references "ledger_account" ("id", "currency");`);

    // Available never below zero for a wallet, whatever the interleaving of debits and holds. System accounts may go negative.
    this.addSql(`alter table "account_balance" add constraint "account_balance_held_check" check (held >= 0);`);
    this.addSql(`alter table "account_balance" add constraint "account_balance_available_check" check (kind <> 'WALLET' or balance - held >= 0);`);

    this.addSql(`alter table "posting" add constraint "posting_amount_nonzero_check" check (amount <> 0);`);
    this.addSql(`alter table "posting" add constraint "posting_journal_entry_fk" foreign key ("journal_entry_id") references "journal_entry" ("id");`);
    this.addSql(`alter table "posting" add constraint "posting_account_currency_fk" foreign key ("account_id", "currency") references "ledger_account" ("id", "currency");`);

    this.addSql(`alter table "hold" add constraint "hold_amount_positive_check" check (amount > 0);`);
    this.addSql(`alter table "hold" add constraint "hold_wallet_currency_fk" foreign key ("wallet_id", "currency") references "ledger_account" ("id", "currency");`);
    this.addSql(`alter table "hold" add constraint "hold_journal_entry_fk" foreign key ("journal_entry_id") references "journal_entry" ("id");`);
    this.addSql(`alter table "hold" add constraint "hold_ended_check" check ((status = 'ACTIVE') = (ended_at is null));`);
    this.addSql(`alter table "hold" add constraint "hold_captured_check" check ((status = 'CAPTURED') = (journal_entry_id is not null));`);

    this.addSql(`alter table "fx_quote" add constraint "fx_quote_amounts_check" check (source_amount > 0 and target_amount > 0 and source_currency <> target_currency);`);

    // Double entry: at commit, every journal entry touched by the transaction must sum to zero in each currency.
    // Deferred, so that an entry's postings can be inserted one by one (or all at once) inside the transaction.
    this.addSql(`create function "ledger_assert_journal_balanced"() returns trigger language plpgsql as $$
      declare
        bad record;
      begin
        select currency, sum(amount) as total into bad
          from posting where journal_entry_id = new.journal_entry_id
          group by currency having sum(amount) <> 0
          limit 1;
        if found then
          raise exception 'journal entry % does not balance: its % postings sum to %', new.journal_entry_id, bad.currency, bad.total
            using errcode = 'check_violation', constraint = 'posting_journal_balanced';
        end if;
        return null;
      end $$;`);
    this.addSql(`create constraint trigger "posting_journal_balanced" after insert on "posting" deferrable initially deferred for each row execute function "ledger_assert_journal_balanced"();`);

    // An entry moves money from somewhere to somewhere: at least two postings.
    this.addSql(`create function "ledger_assert_journal_has_postings"() returns trigger language plpgsql as $$
      begin
        if (select count(*) from posting where journal_entry_id = new.id) < 2 then
          raise exception 'journal entry % has fewer than two postings', new.id
            using errcode = 'check_violation', constraint = 'journal_entry_has_postings';
        end if;
        return null;
      end $$;`);
    this.addSql(`create constraint trigger "journal_entry_has_postings" after insert on "journal_entry" deferrable initially deferred for each row execute function "ledger_assert_journal_has_postings"();`);

    // The ledger is append-only: a correction is a new entry, never an edit.
    this.addSql(`create function "ledger_forbid_change"() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
      end $$;`);
    this.addSql(`create trigger "posting_append_only" before update or delete on "posting" for each row execute function "ledger_forbid_change"();`);
    this.addSql(`create trigger "journal_entry_append_only" before update or delete on "journal_entry" for each row execute function "ledger_forbid_change"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "account_balance" cascade;`);
    this.addSql(`drop table if exists "fx_quote" cascade;`);
    this.addSql(`drop table if exists "hold" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "journal_entry" cascade;`);
    this.addSql(`drop table if exists "ledger_account" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "posting" cascade;`);
    this.addSql(`drop function if exists "ledger_assert_journal_balanced"();`);
    this.addSql(`drop function if exists "ledger_assert_journal_has_postings"();`);
    this.addSql(`drop function if exists "ledger_forbid_change"();`);
  }

}
