import { Migration } from '@mikro-orm/migrations';

export class Migration20261126123250_init extends Migration {

  override name = 'Migration20261126123250_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "inbox" ("consumer" varchar(100) not null, "event_id" uuid not null, "event_type" varchar(100) not null, "processed_at" timestamptz not null, primary key ("consumer", "event_id"));`);

    this.addSql(`create table "notification" ("id" text not null, "user_id" text not null, "seq" bigint not null, "kind" text not null, "title" varchar(200) not null, "body" varchar(1000) not null, "payment_id" text null, "wallet_id" text null, "event_id" uuid not null, "created_at" timestamptz not null, "read_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "notification_user_unread_idx" on "notification" ("user_id", "seq") where read_at is null;`);
    this.addSql(`alter table "notification" add constraint "notification_user_event_unique" unique ("user_id", "event_id");`);
    this.addSql(`alter table "notification" add constraint "notification_user_seq_unique" unique ("user_id", "seq");`);

    this.addSql(`create table "notification_counter" ("user_id" text not null, "last_seq" bigint not null default '0', primary key ("user_id"));`);

    this.addSql(`create table "notification_delivery" ("id" uuid not null, "notification_id" text not null, "user_id" text not null, "channel" text not null, "status" text not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "created_at" timestamptz not null, "sent_at" timestamptz null, "last_error" text null, primary key ("id"));`);
    this.addSql(`create index "notification_delivery_pending_idx" on "notification_delivery" ("next_attempt_at") where status = 'PENDING';`);
    this.addSql(`alter table "notification_delivery" add constraint "notification_delivery_unique" unique ("notification_id", "channel");`);

    this.addSql(`create table "notification_preference" ("user_id" text not null, "kind" text not null, "email" boolean not null, "sms" boolean not null, "push" boolean not null, "updated_at" timestamptz not null, primary key ("user_id", "kind"));`);

    this.addSql(`create table "outbox" ("id" uuid not null, "type" varchar(100) not null, "aggregate_id" varchar(200) not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "outbox" ("id") where published_at is null;`);
    this.addSql(`create index "outbox_unpublished_aggregate_idx" on "outbox" ("aggregate_id", "id") where published_at is null;`);

    this.addSql(`alter table "notification" add constraint "notification_seq_positive" check (seq > 0);`);
    this.addSql(`alter table "notification" add constraint "notification_kind_check" check ("kind" in ('PAYMENT_SENT', 'PAYMENT_RECEIVED', 'PAYMENT_FAILED', 'PAYMENT_ON_HOLD', 'KYC_UPDATED', 'NEW_LOGIN', 'SESSION_REVOKED', 'FUNDING_INSTRUMENT_LINKED'));`);

    this.addSql(`alter table "notification_delivery" add constraint "notification_delivery_channel_check" check ("channel" in ('EMAIL', 'SMS', 'PUSH'));`);
    this.addSql(`alter table "notification_delivery" add constraint "notification_delivery_status_check" check ("status" in ('PENDING', 'SENT', 'FAILED'));`);

    this.addSql(`alter table "notification_preference" add constraint "notification_preference_kind_check" check ("kind" in ('PAYMENT_SENT', 'PAYMENT_RECEIVED', 'PAYMENT_FAILED', 'PAYMENT_ON_HOLD', 'KYC_UPDATED', 'NEW_LOGIN', 'SESSION_REVOKED', 'FUNDING_INSTRUMENT_LINKED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "notification" cascade;`);
    this.addSql(`drop table if exists "notification_counter" cascade;`);
    this.addSql(`drop table if exists "notification_delivery" cascade;`);
    this.addSql(`drop table if exists "notification_preference" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
  }

}
