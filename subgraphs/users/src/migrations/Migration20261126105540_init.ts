import { Migration } from '@mikro-orm/migrations';

export class Migration20261126105540_init extends Migration {

  override name = 'Migration20261126105540_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "inbox" ("consumer" varchar(100) not null, "event_id" uuid not null, "event_type" varchar(100) not null, "processed_at" timestamptz not null, primary key ("consumer", "event_id"));`);

    this.addSql(`create table "outbox" ("id" uuid not null, "type" varchar(100) not null, "aggregate_id" varchar(200) not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "outbox" ("id") where published_at is null;`);
    this.addSql(`create index "outbox_unpublished_aggregate_idx" on "outbox" ("aggregate_id", "id") where published_at is null;`);

    this.addSql(`create table "signing_key" ("kid" text not null, "alg" text not null, "public_jwk" jsonb not null, "private_jwk" jsonb not null, "created_at" timestamptz not null, "activated_at" timestamptz not null, "retired_at" timestamptz null, primary key ("kid"));`);

    this.addSql(`create table "users" ("id" text not null, "email" text not null, "email_normalized" text not null, "display_name" text not null, "password_hash" text not null, "roles" text[] not null default '{USER}', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_normalized_unique" unique ("email_normalized");`);

    this.addSql(`create table "session" ("id" text not null, "user_id" text not null, "created_at" timestamptz not null, "last_used_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoke_reason" text null, "ip" text null, "user_agent" text null, primary key ("id"));`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(`create table "refresh_token" ("id" text not null, "session_id" text not null, "token_hash" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "replaced_by" text null, primary key ("id"));`);
    this.addSql(`create index "refresh_token_session_id_index" on "refresh_token" ("session_id");`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "users" ("id");`);

    this.addSql(`alter table "refresh_token" add constraint "refresh_token_session_id_foreign" foreign key ("session_id") references "session" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "session" drop constraint "session_user_id_foreign";`);
    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_session_id_foreign";`);

    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "signing_key" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "session" cascade;`);
    this.addSql(`drop table if exists "refresh_token" cascade;`);
  }

}
