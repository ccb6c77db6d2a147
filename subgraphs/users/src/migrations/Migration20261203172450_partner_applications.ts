import { Migration } from '@mikro-orm/migrations';

export class Migration20261203172450_partner_applications extends Migration {

  override name = 'Migration20261203172450_partner_applications';

  override up(): void | Promise<void> {
    this.addSql(`create table "partner_application" ("id" text not null, "owner_id" text not null, "account_id" text not null, "name" text not null, "created_by" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "partner_application_owner_id_index" on "partner_application" ("owner_id");`);

    this.addSql(`create table "api_key" ("id" text not null, "application_id" text not null, "secret_hash" text not null, "prefix" text not null, "last4" text not null, "scopes" text[] not null, "created_at" timestamptz not null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "rotated_from" text null, "changed_at" timestamptz null, "last_used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "api_key_application_id_index" on "api_key" ("application_id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "api_key_changed_at_index" on "api_key" ("changed_at");`);

    this.addSql(`create table "trusted_document" ("id" text not null, "application_id" text not null, "hash" text not null, "operation_name" text null, "body" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "trusted_document" add constraint "trusted_document_application_id_hash_unique" unique ("application_id", "hash");`);

    this.addSql(`alter table "api_key" add constraint "api_key_application_id_foreign" foreign key ("application_id") references "partner_application" ("id");`);

    this.addSql(`alter table "trusted_document" add constraint "trusted_document_application_id_foreign" foreign key ("application_id") references "partner_application" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "api_key" drop constraint "api_key_application_id_foreign";`);
    this.addSql(`alter table "trusted_document" drop constraint "trusted_document_application_id_foreign";`);

    this.addSql(`drop table if exists "partner_application" cascade;`);
    this.addSql(`drop table if exists "api_key" cascade;`);
    this.addSql(`drop table if exists "trusted_document" cascade;`);
  }

}
