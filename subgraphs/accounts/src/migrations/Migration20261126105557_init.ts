import { Migration } from '@mikro-orm/migrations';

export class Migration20261126105557_init extends Migration {

  override name = 'Migration20261126105557_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "account" ("id" text not null, "user_id" text not null, "type" text not null, "status" text not null default 'ACTIVE', "business_name" varchar(100) null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "account_user_id_index" on "account" ("user_id");`);
    this.addSql(`create unique index "account_personal_user_id_unique" on "account" ("user_id") where "type" = 'PERSONAL';`);

    this.addSql(`create table "funding_instrument" ("id" text not null, "user_id" text not null, "kind" text not null, "status" text not null default 'ACTIVE', "last4" varchar(4) not null, "fingerprint" varchar(64) not null, "psp_token" varchar(64) not null, "card_brand" text null, "card_exp_month" smallint null, "card_exp_year" smallint null, "holder_name" varchar(100) null, "bank_country" varchar(2) null, "bank_code" varchar(20) null, "created_at" timestamptz not null, "removed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "funding_instrument_fingerprint_index" on "funding_instrument" ("fingerprint");`);
    this.addSql(`alter table "funding_instrument" add constraint "funding_instrument_psp_token_unique" unique ("psp_token");`);
    this.addSql(`create index "funding_instrument_user_id_status_created_at_index" on "funding_instrument" ("user_id", "status", "created_at");`);
    this.addSql(`create unique index "funding_instrument_active_fingerprint_unique" on "funding_instrument" ("user_id", "kind", "fingerprint") where "status" = 'ACTIVE';`);

    this.addSql(`create table "inbox" ("consumer" varchar(100) not null, "event_id" uuid not null, "event_type" varchar(100) not null, "processed_at" timestamptz not null, primary key ("consumer", "event_id"));`);

    this.addSql(`create table "kyc_verification" ("id" text not null, "user_id" text not null, "status" text not null, "tier" text not null, "legal_name" varchar(100) not null, "date_of_birth" date not null, "country" varchar(2) not null, "address_line1" varchar(200) not null, "city" varchar(100) not null, "postal_code" varchar(20) not null, "document_last4" varchar(4) not null, "document_hash" varchar(64) not null, "provider" varchar(40) not null, "provider_reference" varchar(100) null, "submitted_at" timestamptz not null, "decided_at" timestamptz null, "rejection_reason" varchar(200) null, primary key ("id"));`);
    this.addSql(`create index "kyc_verification_document_hash_index" on "kyc_verification" ("document_hash");`);
    this.addSql(`create index "kyc_verification_user_id_submitted_at_index" on "kyc_verification" ("user_id", "submitted_at");`);
    this.addSql(`create unique index "kyc_verification_live_user_id_unique" on "kyc_verification" ("user_id") where status in ('PENDING', 'VERIFIED');`);

    this.addSql(`create table "outbox" ("id" uuid not null, "type" varchar(100) not null, "aggregate_id" varchar(200) not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "outbox" ("id") where published_at is null;`);
    this.addSql(`create index "outbox_unpublished_aggregate_idx" on "outbox" ("aggregate_id", "id") where published_at is null;`);

    this.addSql(`alter table "account" add constraint "account_type_check" check ("type" in ('PERSONAL', 'BUSINESS'));`);
    this.addSql(`alter table "account" add constraint "account_status_check" check ("status" in ('ACTIVE', 'FROZEN', 'CLOSED'));`);

    this.addSql(`alter table "funding_instrument" add constraint "funding_instrument_kind_check" check ("kind" in ('CARD', 'BANK_ACCOUNT'));`);
    this.addSql(`alter table "funding_instrument" add constraint "funding_instrument_status_check" check ("status" in ('ACTIVE', 'REMOVED'));`);
    this.addSql(`alter table "funding_instrument" add constraint "funding_instrument_card_brand_check" check ("card_brand" in ('VISA', 'MASTERCARD', 'AMEX', 'DISCOVER', 'UNKNOWN'));`);

    this.addSql(`alter table "kyc_verification" add constraint "kyc_verification_status_check" check ("status" in ('UNVERIFIED', 'PENDING', 'VERIFIED', 'REJECTED'));`);
    this.addSql(`alter table "kyc_verification" add constraint "kyc_verification_tier_check" check ("tier" in ('UNVERIFIED', 'VERIFIED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "account" cascade;`);
    this.addSql(`drop table if exists "funding_instrument" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "kyc_verification" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
  }

}
