import { Migration } from '@mikro-orm/migrations';

export class Migration20261206032731_merchant_settlement extends Migration {

  override name = 'Migration20261206032731_merchant_settlement';

  override up(): void | Promise<void> {
    this.addSql(`create table "settlement_batch" ("id" text not null, "merchant_account_id" text not null, "merchant_id" text not null, "currency" varchar(3) not null, "business_date" date not null, "gross" bigint not null, "fees" bigint not null, "refunds" bigint not null, "net" bigint not null, "item_count" int not null, "status" text not null default 'CLOSED', "closed_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "settlement_batch_merchant_account_id_business_date_index" on "settlement_batch" ("merchant_account_id", "business_date", "id");`);
    this.addSql(`alter table "settlement_batch" add constraint "settlement_batch_account_currency_day_unique" unique ("merchant_account_id", "currency", "business_date");`);

    this.addSql(`create table "settlement_day" ("business_date" date not null, "batch_count" int not null, "closed_at" timestamptz not null, primary key ("business_date"));`);

    this.addSql(`create table "settlement_item" ("id" text not null, "batch_id" text not null, "kind" text not null, "source_id" text not null, "payment_id" text not null, "amount" bigint not null, "fee" bigint not null, "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "settlement_item_batch_id_occurred_at_index" on "settlement_item" ("batch_id", "occurred_at", "id");`);
    this.addSql(`alter table "settlement_item" add constraint "settlement_item_source_unique" unique ("source_id");`);

    this.addSql(`create index "checkout_captured_closed_at_idx" on "checkout" ("closed_at") where status = 'CAPTURED';`);

    this.addSql(`create index "payment_refund_completed_idx" on "payment" ("updated_at") where kind = 'REFUND' and status = 'COMPLETED';`);

    this.addSql(`alter table "settlement_batch" add constraint "settlement_batch_amounts_not_negative" check (gross >= 0 and fees >= 0 and refunds >= 0 and item_count >= 0);`);
    this.addSql(`alter table "settlement_batch" add constraint "settlement_batch_net" check (net = gross - fees - refunds);`);
    this.addSql(`alter table "settlement_batch" add constraint "settlement_batch_status_check" check ("status" in ('CLOSED'));`);

    this.addSql(`alter table "settlement_item" add constraint "settlement_item_amounts_not_negative" check (amount >= 0 and fee >= 0);`);
    this.addSql(`alter table "settlement_item" add constraint "settlement_item_refund_no_fee" check (kind = 'CAPTURE' or fee = 0);`);
    this.addSql(`alter table "settlement_item" add constraint "settlement_item_kind_check" check ("kind" in ('CAPTURE', 'REFUND'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "settlement_batch" cascade;`);
    this.addSql(`drop table if exists "settlement_day" cascade;`);
    this.addSql(`drop table if exists "settlement_item" cascade;`);

    this.addSql(`drop index "checkout_captured_closed_at_idx";`);

    this.addSql(`drop index "payment_refund_completed_idx";`);
  }

}
