import { Migration } from '@mikro-orm/migrations';

export class Migration20261126123244_init extends Migration {

  override name = 'Migration20261126123244_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_chain_head" ("id" int not null, "seq" bigint not null, "hash" varchar(64) not null, primary key ("id"));`);

    this.addSql(`create table "audit_record" ("id" text not null, "seq" bigint not null, "event_id" uuid not null, "event_type" varchar(100) not null, "version" int not null, "source" varchar(100) not null, "actor_id" text null, "entity_type" varchar(100) not null, "entity_id" varchar(200) not null, "occurred_at" timestamptz not null, "recorded_at" timestamptz not null, "correlation_id" varchar(200) not null, "causation_id" varchar(200) null, "trace" jsonb not null, "payload" jsonb not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, primary key ("id"));`);
    this.addSql(`alter table "audit_record" add constraint "audit_record_seq_unique" unique ("seq");`);
    this.addSql(`alter table "audit_record" add constraint "audit_record_event_id_unique" unique ("event_id");`);
    this.addSql(`create index "audit_record_entity_seq_idx" on "audit_record" ("entity_id", "seq");`);

    this.addSql(`create table "inbox" ("consumer" varchar(100) not null, "event_id" uuid not null, "event_type" varchar(100) not null, "processed_at" timestamptz not null, primary key ("consumer", "event_id"));`);

    this.addSql(`create table "outbox" ("id" uuid not null, "type" varchar(100) not null, "aggregate_id" varchar(200) not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "outbox" ("id") where published_at is null;`);
    this.addSql(`create index "outbox_unpublished_aggregate_idx" on "outbox" ("aggregate_id", "id") where published_at is null;`);

    this.addSql(`alter table "audit_chain_head" add constraint "audit_chain_head_single_row" check (id = 1);`);

    // Written by hand (not generated): the genesis head and the append-only guarantee, enforced by the database.
    this.addSql(`insert into "audit_chain_head" ("id", "seq", "hash") values (1, 0, repeat('0', 64));`);
    this.addSql(`create function "audit_refuse_change"() returns trigger language plpgsql as $$
begin
  raise exception '% on % is refused: the audit log is append-only', tg_op, tg_table_name using errcode = 'insufficient_privilege';
end;
$$;`);
    this.addSql(`create trigger "audit_record_append_only" before update or delete on "audit_record" for each row execute function "audit_refuse_change"();`);
    this.addSql(`create trigger "audit_record_no_truncate" before truncate on "audit_record" for each statement execute function "audit_refuse_change"();`);
    // The head moves forward on every append (UPDATE); it is never removed.
    this.addSql(`create trigger "audit_chain_head_keep" before delete on "audit_chain_head" for each row execute function "audit_refuse_change"();`);
    this.addSql(`create trigger "audit_chain_head_no_truncate" before truncate on "audit_chain_head" for each statement execute function "audit_refuse_change"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function if exists "audit_refuse_change"() cascade;`);
    this.addSql(`drop table if exists "audit_chain_head" cascade;`);
    this.addSql(`drop table if exists "audit_record" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
  }

}
