import { Migration } from '@mikro-orm/migrations';

export class Migration20261126112955_init extends Migration {

  override name = 'Migration20261126112955_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "idempotency_key" ("user_id" text not null, "key" varchar(255) not null, "operation" varchar(40) not null, "request_hash" varchar(64) not null, "payment_id" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("user_id", "key"));`);
    this.addSql(`create index "idempotency_key_expires_at_index" on "idempotency_key" ("expires_at");`);

    this.addSql(`create table "inbox" ("consumer" varchar(100) not null, "event_id" uuid not null, "event_type" varchar(100) not null, "processed_at" timestamptz not null, primary key ("consumer", "event_id"));`);

    this.addSql(`create table "outbox" ("id" uuid not null, "type" varchar(100) not null, "aggregate_id" varchar(200) not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "outbox" ("id") where published_at is null;`);
    this.addSql(`create index "outbox_unpublished_aggregate_idx" on "outbox" ("aggregate_id", "id") where published_at is null;`);

    this.addSql(`create table "payment" ("id" text not null, "kind" text not null, "status" text not null default 'PENDING', "failure_reason" text null, "sender_id" text not null, "recipient_id" text not null, "amount" bigint not null, "currency" varchar(3) not null, "target_amount" bigint null, "target_currency" varchar(3) null, "usd_equivalent" bigint null, "quote_id" text null, "funding_instrument_id" text null, "psp_token" varchar(64) null, "card_last4" varchar(4) null, "target_wallet_id" text null, "note" text null, "transaction_id" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "payment_sender_id_id_index" on "payment" ("sender_id", "id");`);
    this.addSql(`create index "payment_recipient_id_id_index" on "payment" ("recipient_id", "id");`);
    this.addSql(`create index "payment_sender_id_created_at_index" on "payment" ("sender_id", "created_at");`);
    this.addSql(`create unique index "payment_quote_id_unique" on "payment" ("quote_id") where quote_id is not null;`);

    this.addSql(`create table "payment_charge" ("payment_id" text not null, "transaction_id" text not null, "user_id" text not null, "funding_instrument_id" text not null, "amount" bigint not null, "currency" varchar(3) not null, "psp_token" varchar(64) not null, "last4" varchar(4) not null, "status" text not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "psp_reference" varchar(100) null, "failure_code" varchar(40) null, "failure_message" varchar(300) null, "correlation_id" varchar(200) not null, "causation_id" varchar(200) not null, "requested_at" timestamptz not null, "completed_at" timestamptz null, primary key ("payment_id"));`);
    this.addSql(`create index "payment_charge_pending_idx" on "payment_charge" ("next_attempt_at") where status = 'PENDING';`);

    this.addSql(`create table "sandbox_psp_charge" ("idempotency_key" varchar(255) not null, "amount" bigint not null, "currency" varchar(3) not null, "token" varchar(64) not null, "last4" varchar(4) not null, "outcome" text not null, "reference" varchar(100) not null, "decline_code" varchar(40) null, "settles_at" timestamptz not null, "created_at" timestamptz not null, primary key ("idempotency_key"));`);

    this.addSql(`alter table "payment" add constraint "payment_amount_positive" check (amount > 0);`);
    this.addSql(`alter table "payment" add constraint "payment_target_amount_positive" check (target_amount is null or target_amount > 0);`);
    this.addSql(`alter table "payment" add constraint "payment_kind_check" check ("kind" in ('ADD_FUNDS', 'P2P', 'CONVERSION', 'WITHDRAWAL', 'REFUND'));`);
    this.addSql(`alter table "payment" add constraint "payment_status_check" check ("status" in ('PENDING', 'PROCESSING', 'ON_HOLD', 'COMPLETED', 'FAILED'));`);
    this.addSql(`alter table "payment" add constraint "payment_failure_reason_check" check ("failure_reason" in ('INSUFFICIENT_FUNDS', 'CARD_DECLINED', 'RISK_DECLINED', 'QUOTE_EXPIRED', 'LIMIT_EXCEEDED', 'WALLET_NOT_FOUND', 'PSP_ERROR', 'TIMED_OUT'));`);

    this.addSql(`alter table "payment_charge" add constraint "payment_charge_status_check" check ("status" in ('PENDING', 'SUCCEEDED', 'FAILED'));`);

    this.addSql(`alter table "sandbox_psp_charge" add constraint "sandbox_psp_charge_outcome_check" check ("outcome" in ('APPROVED', 'DECLINED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "idempotency_key" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "payment" cascade;`);
    this.addSql(`drop table if exists "payment_charge" cascade;`);
    this.addSql(`drop table if exists "sandbox_psp_charge" cascade;`);
  }

}
