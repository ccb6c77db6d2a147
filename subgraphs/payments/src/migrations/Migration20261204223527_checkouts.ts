import { Migration } from '@mikro-orm/migrations';

export class Migration20261204223527_checkouts extends Migration {

  override name = 'Migration20261204223527_checkouts';

  override up(): void | Promise<void> {
    this.addSql(`create table "checkout" ("id" text not null, "merchant_id" text not null, "merchant_account_id" text not null, "reference" varchar(200) not null, "return_url" varchar(2048) not null, "amount" bigint not null, "currency" varchar(3) not null, "capture_mode" text not null, "status" text not null default 'OPEN', "fee_bps" int not null, "fee_fixed" bigint not null, "buyer_id" text null, "transaction_id" text null, "payment_id" text null, "approving_since" timestamptz null, "step" text null, "step_since" timestamptz null, "hold_id" text null, "authorized_amount" bigint null, "authorized_at" timestamptz null, "authorization_expires_at" timestamptz null, "captured_amount" bigint null, "fee_amount" bigint null, "journal_entry_id" text null, "closed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "checkout_merchant_account_id_id_index" on "checkout" ("merchant_account_id", "id");`);
    this.addSql(`create index "checkout_buyer_id_index" on "checkout" ("buyer_id") where buyer_id is not null;`);
    this.addSql(`create index "checkout_authorized_expires_idx" on "checkout" ("authorization_expires_at") where status = 'AUTHORIZED' and step is null;`);
    this.addSql(`create index "checkout_approving_idx" on "checkout" ("approving_since") where approving_since is not null;`);
    this.addSql(`create index "checkout_step_idx" on "checkout" ("step_since") where step is not null;`);
    this.addSql(`create unique index "checkout_payment_id_unique" on "checkout" ("payment_id") where payment_id is not null;`);

    this.addSql(`alter table "payment" drop constraint "payment_kind_check";`);
    this.addSql(`alter table "payment" add constraint "payment_kind_check" check ("kind" in ('ADD_FUNDS', 'P2P', 'CONVERSION', 'WITHDRAWAL', 'REFUND', 'CHECKOUT'));`);

    this.addSql(`alter table "checkout" add constraint "checkout_amount_positive" check (amount > 0);`);
    this.addSql(`alter table "checkout" add constraint "checkout_not_self" check (buyer_id is null or buyer_id <> merchant_id);`);
    this.addSql(`alter table "checkout" add constraint "checkout_captured_within_authorized" check (captured_amount is null or authorized_amount is null or captured_amount <= authorized_amount);`);
    this.addSql(`alter table "checkout" add constraint "checkout_fee_within_captured" check (fee_amount is null or (fee_amount >= 0 and fee_amount <= captured_amount));`);
    this.addSql(`alter table "checkout" add constraint "checkout_capture_mode_check" check ("capture_mode" in ('AUTOMATIC', 'MANUAL'));`);
    this.addSql(`alter table "checkout" add constraint "checkout_status_check" check ("status" in ('OPEN', 'AUTHORIZED', 'CAPTURED', 'VOIDED', 'EXPIRED'));`);
    this.addSql(`alter table "checkout" add constraint "checkout_step_check" check ("step" in ('CAPTURE', 'VOID', 'EXPIRE'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "checkout" cascade;`);

    this.addSql(`alter table "payment" drop constraint "payment_kind_check";`);
    this.addSql(`alter table "payment" add constraint "payment_kind_check" check ("kind" in ('ADD_FUNDS', 'P2P', 'CONVERSION', 'WITHDRAWAL', 'REFUND'));`);
  }

}
