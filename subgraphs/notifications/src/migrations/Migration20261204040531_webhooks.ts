import { Migration } from '@mikro-orm/migrations';

export class Migration20261204040531_webhooks extends Migration {

  override name = 'Migration20261204040531_webhooks';

  override up(): void | Promise<void> {
    this.addSql(`create table "webhook_attempt" ("delivery_id" text not null, "number" int not null, "started_at" timestamptz not null, "latency_ms" int not null, "response_status" int null, "error" text null, "succeeded" boolean not null, "manual" boolean not null, primary key ("delivery_id", "number"));`);

    this.addSql(`create table "webhook_delivery" ("id" text not null, "endpoint_id" text not null, "event_id" uuid not null, "event_type" text not null, "body" text not null, "status" text not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "retry_until" timestamptz not null, "manual" boolean not null default false, "last_response_status" int null, "last_error" text null, "created_at" timestamptz not null, "completed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_due_idx" on "webhook_delivery" ("next_attempt_at") where status = 'PENDING';`);
    this.addSql(`create index "webhook_delivery_endpoint_idx" on "webhook_delivery" ("endpoint_id", "created_at", "id");`);

    this.addSql(`create table "webhook_endpoint" ("id" text not null, "application_id" text not null, "account_id" text not null, "owner_id" text not null, "url" text not null, "description" text null, "event_types" jsonb not null, "enabled" boolean not null default true, "secret" text not null, "previous_secret" text null, "previous_secret_expires_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "webhook_endpoint_application_id_index" on "webhook_endpoint" ("application_id");`);
    this.addSql(`create index "webhook_endpoint_owner_id_index" on "webhook_endpoint" ("owner_id");`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_status_check" check ("status" in ('PENDING', 'SUCCEEDED', 'FAILED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "webhook_attempt" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);
  }

}
