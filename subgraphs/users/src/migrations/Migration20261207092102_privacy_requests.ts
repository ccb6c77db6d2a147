import { Migration } from '@mikro-orm/migrations';

export class Migration20261207092102_privacy_requests extends Migration {

  override name = 'Migration20261207092102_privacy_requests';

  override up(): void | Promise<void> {
    this.addSql(`create table "privacy_request" ("id" text not null, "user_id" text not null, "kind" text not null, "status" text not null default 'PENDING', "subgraphs" text[] not null, "requested_at" timestamptz not null, "completed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "privacy_request_user_requested_idx" on "privacy_request" ("user_id", "requested_at");`);
    this.addSql(`create unique index "privacy_request_one_pending_unique" on "privacy_request" ("user_id", "kind") where "status" = 'PENDING';`);

    this.addSql(`create table "privacy_request_part" ("request_id" text not null, "subgraph" text not null, "data" jsonb null, "truncated" text[] not null, "received_at" timestamptz not null, primary key ("request_id", "subgraph"));`);

    this.addSql(`alter table "users" add "erased_at" timestamptz null;`);

    this.addSql(`alter table "privacy_request" add constraint "privacy_request_kind_check" check ("kind" in ('EXPORT', 'ERASURE'));`);
    this.addSql(`alter table "privacy_request" add constraint "privacy_request_status_check" check ("status" in ('PENDING', 'COMPLETED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "privacy_request" cascade;`);
    this.addSql(`drop table if exists "privacy_request_part" cascade;`);

    this.addSql(`alter table "users" drop column "erased_at";`);
  }

}
