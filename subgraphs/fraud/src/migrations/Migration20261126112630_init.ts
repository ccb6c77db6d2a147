import { Migration } from '@mikro-orm/migrations';

export class Migration20261126112630_init extends Migration {

  override name = 'Migration20261126112630_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "blocklist_entry" ("id" text not null, "kind" text not null, "entity_id" text not null, "reason" varchar(200) not null, "created_by" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "blocklist_entry" add constraint "blocklist_entry_entity_unique" unique ("kind", "entity_id");`);

    this.addSql(`create table "completed_transaction" ("transaction_id" text not null, "completed_at" timestamptz not null, primary key ("transaction_id"));`);

    this.addSql(`create table "counterparty" ("sender_id" text not null, "recipient_id" text not null, "first_completed_at" timestamptz not null, "last_completed_at" timestamptz not null, "completed_count" int not null, primary key ("sender_id", "recipient_id"));`);

    this.addSql(`create table "inbox" ("consumer" varchar(100) not null, "event_id" uuid not null, "event_type" varchar(100) not null, "processed_at" timestamptz not null, primary key ("consumer", "event_id"));`);

    this.addSql(`create table "outbox" ("id" uuid not null, "type" varchar(100) not null, "aggregate_id" varchar(200) not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "outbox" ("id") where published_at is null;`);
    this.addSql(`create index "outbox_unpublished_aggregate_idx" on "outbox" ("aggregate_id", "id") where published_at is null;`);

    this.addSql(`create table "party" ("user_id" text not null, "first_seen_at" timestamptz not null, "completed_out_count" int not null default 0, "completed_out_sum_usd_cents" bigint not null default '0', primary key ("user_id"));`);

    this.addSql(`create table "review_case" ("id" text not null, "assessment_id" text not null, "transaction_id" text not null, "payment_id" text not null, "status" text not null default 'OPEN', "opened_at" timestamptz not null, "resolved_by" text null, "resolved_at" timestamptz null, "note" varchar(500) null, primary key ("id"));`);
    this.addSql(`alter table "review_case" add constraint "review_case_assessment_id_unique" unique ("assessment_id");`);
    this.addSql(`create index "review_case_open_queue_idx" on "review_case" ("opened_at", "id") where "status" = 'OPEN';`);

    this.addSql(`create table "risk_assessment" ("id" text not null, "transaction_id" text not null, "payment_id" text not null, "sender_id" text not null, "recipient_id" text not null, "kind" text not null, "amount_minor" bigint not null, "currency" varchar(3) not null, "amount_usd_cents" bigint not null, "funding_instrument_id" text null, "score" smallint not null, "decision" text not null, "reasons" text[] not null, "requested_at" timestamptz not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "risk_assessment" add constraint "risk_assessment_transaction_id_unique" unique ("transaction_id");`);
    this.addSql(`create index "risk_assessment_payment_id_index" on "risk_assessment" ("payment_id");`);
    this.addSql(`create index "risk_assessment_sender_id_created_at_index" on "risk_assessment" ("sender_id", "created_at");`);

    this.addSql(`alter table "blocklist_entry" add constraint "blocklist_entry_kind_check" check ("kind" in ('USER', 'FUNDING_INSTRUMENT'));`);

    this.addSql(`alter table "review_case" add constraint "review_case_resolution" check ((status = 'OPEN') = (resolved_at is null) and (status = 'OPEN') = (resolved_by is null));`);
    this.addSql(`alter table "review_case" add constraint "review_case_status_check" check ("status" in ('OPEN', 'APPROVED', 'DECLINED'));`);

    this.addSql(`alter table "risk_assessment" add constraint "risk_assessment_score_range" check (score between 0 and 100);`);
    this.addSql(`alter table "risk_assessment" add constraint "risk_assessment_amount_positive" check (amount_minor > 0);`);
    this.addSql(`alter table "risk_assessment" add constraint "risk_assessment_kind_check" check ("kind" in ('ADD_FUNDS', 'P2P', 'CONVERSION', 'WITHDRAWAL', 'REFUND'));`);
    this.addSql(`alter table "risk_assessment" add constraint "risk_assessment_decision_check" check ("decision" in ('APPROVE', 'REVIEW', 'DECLINE'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "blocklist_entry" cascade;`);
    this.addSql(`drop table if exists "completed_transaction" cascade;`);
    this.addSql(`drop table if exists "counterparty" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "party" cascade;`);
    this.addSql(`drop table if exists "review_case" cascade;`);
    this.addSql(`drop table if exists "risk_assessment" cascade;`);
  }

}
