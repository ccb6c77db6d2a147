import { Migration } from '@mikro-orm/migrations';

export class Migration20261126112842_init extends Migration {

  override name = 'Migration20261126112842_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "inbox" ("consumer" varchar(100) not null, "event_id" uuid not null, "event_type" varchar(100) not null, "processed_at" timestamptz not null, primary key ("consumer", "event_id"));`);

    this.addSql(`create table "outbox" ("id" uuid not null, "type" varchar(100) not null, "aggregate_id" varchar(200) not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "outbox" ("id") where published_at is null;`);
    this.addSql(`create index "outbox_unpublished_aggregate_idx" on "outbox" ("aggregate_id", "id") where published_at is null;`);

    this.addSql(`create table "transaction" ("id" text not null, "payment_id" text not null, "kind" text not null, "sender_id" text not null, "recipient_id" text not null, "amount_minor" bigint not null, "currency" varchar(3) not null, "target_amount_minor" bigint null, "target_currency" varchar(3) null, "quote_id" text null, "funding_instrument_id" text null, "target_wallet_id" text null, "status" text not null, "failure_reason" text null, "failure_message" varchar(300) null, "risk_decision" text null, "risk_assessment_id" text null, "review_case_id" text null, "review_decision" text null, "reservation_status" text not null, "reservation_failure" text null, "hold_id" text null, "hold_status" text not null, "source_wallet_id" text null, "capture_status" text not null, "capture_failure" text null, "capture_requested_at" timestamptz null, "release_status" text not null, "charge_status" text not null, "charge_failure" text null, "psp_reference" varchar(100) null, "credit_status" text not null, "credited_wallet_id" text null, "journal_entry_id" text null, "created_at" timestamptz not null, "started_at" timestamptz not null, "updated_at" timestamptz not null, "deadline_at" timestamptz null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`alter table "transaction" add constraint "transaction_payment_id_unique" unique ("payment_id");`);
    this.addSql(`create index "transaction_sender_history_idx" on "transaction" ("sender_id", "created_at" desc, "id" desc);`);
    this.addSql(`create index "transaction_recipient_history_idx" on "transaction" ("recipient_id", "created_at" desc, "id" desc);`);
    this.addSql(`create index "transaction_deadline_idx" on "transaction" ("deadline_at") where deadline_at is not null;`);

    this.addSql(`create table "transaction_step" ("id" bigserial primary key, "transaction_id" text not null, "name" text not null, "status" text not null, "at" timestamptz not null);`);
    this.addSql(`create index "transaction_step_transaction_id_id_index" on "transaction_step" ("transaction_id", "id");`);

    this.addSql(`create table "wallet_ref" ("wallet_id" text not null, "owner_id" text not null, "currency" varchar(3) not null, "learned_at" timestamptz not null, primary key ("wallet_id"));`);

    this.addSql(`alter table "transaction" add constraint "transaction_kind_check" check ("kind" in ('ADD_FUNDS', 'P2P', 'CONVERSION', 'WITHDRAWAL', 'REFUND'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_status_check" check ("status" in ('PENDING', 'PROCESSING', 'ON_HOLD', 'COMPLETED', 'FAILED'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_failure_reason_check" check ("failure_reason" in ('INSUFFICIENT_FUNDS', 'CARD_DECLINED', 'RISK_DECLINED', 'QUOTE_EXPIRED', 'LIMIT_EXCEEDED', 'WALLET_NOT_FOUND', 'PSP_ERROR', 'TIMED_OUT'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_risk_decision_check" check ("risk_decision" in ('APPROVE', 'REVIEW', 'DECLINE'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_review_decision_check" check ("review_decision" in ('APPROVE', 'DECLINE'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_reservation_status_check" check ("reservation_status" in ('NOT_NEEDED', 'PENDING', 'RESERVED', 'FAILED'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_reservation_failure_check" check ("reservation_failure" in ('INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_hold_status_check" check ("hold_status" in ('NONE', 'ACTIVE', 'CAPTURED', 'RELEASED'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_capture_status_check" check ("capture_status" in ('NONE', 'REQUESTED', 'SUCCEEDED', 'FAILED'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_capture_failure_check" check ("capture_failure" in ('HOLD_NOT_ACTIVE', 'QUOTE_EXPIRED'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_release_status_check" check ("release_status" in ('NONE', 'REQUESTED'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_charge_status_check" check ("charge_status" in ('NOT_NEEDED', 'NONE', 'REQUESTED', 'SUCCEEDED', 'FAILED'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_charge_failure_check" check ("charge_failure" in ('CARD_DECLINED', 'PSP_ERROR'));`);
    this.addSql(`alter table "transaction" add constraint "transaction_credit_status_check" check ("credit_status" in ('NOT_NEEDED', 'NONE', 'REQUESTED', 'SUCCEEDED'));`);

    this.addSql(`alter table "transaction_step" add constraint "transaction_step_name_check" check ("name" in ('RISK_ASSESSMENT', 'RISK_REVIEW', 'FUNDS_RESERVATION', 'FUNDS_CAPTURE', 'FUNDS_RELEASE', 'CARD_CHARGE', 'WALLET_CREDIT', 'COMPLETION'));`);
    this.addSql(`alter table "transaction_step" add constraint "transaction_step_status_check" check ("status" in ('PENDING', 'SUCCEEDED', 'FAILED', 'SKIPPED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "transaction" cascade;`);
    this.addSql(`drop table if exists "transaction_step" cascade;`);
    this.addSql(`drop table if exists "wallet_ref" cascade;`);
  }

}
