import { Migration } from '@mikro-orm/migrations';

export class Migration20261203173646_withdrawals extends Migration {

  override name = 'Migration20261203173646_withdrawals';

  override up(): void | Promise<void> {
    this.addSql(`create table "sandbox_bank_transfer" ("reference" text not null, "amount" bigint not null, "currency" varchar(3) not null, "token" varchar(64) not null, "last4" varchar(4) not null, "outcome" text not null, "failure_code" varchar(40) null, "settles_at" timestamptz not null, "returns_at" timestamptz null, "created_at" timestamptz not null, primary key ("reference"));`);

    this.addSql(`create table "withdrawal" ("id" text not null, "user_id" text not null, "wallet_id" text not null, "bank_account_id" text not null, "bank_last4" varchar(4) not null, "bank_token" varchar(64) not null, "amount" bigint not null, "currency" varchar(3) not null, "usd_equivalent" bigint not null, "status" text not null default 'PENDING', "failure_reason" text null, "transaction_id" text not null, "hold_id" text null, "rail_reference" varchar(100) null, "journal_entry_id" text null, "return_journal_entry_id" text null, "next_check_at" timestamptz null, "paid_at" timestamptz null, "returned_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "withdrawal" add constraint "withdrawal_transaction_id_unique" unique ("transaction_id");`);
    this.addSql(`create index "withdrawal_user_id_id_index" on "withdrawal" ("user_id", "id");`);
    this.addSql(`create index "withdrawal_unheld_idx" on "withdrawal" ("created_at") where status = 'PENDING' and hold_id is null;`);
    this.addSql(`create index "withdrawal_next_check_idx" on "withdrawal" ("next_check_at") where next_check_at is not null;`);

    this.addSql(`alter table "sandbox_bank_transfer" add constraint "sandbox_bank_transfer_outcome_check" check ("outcome" in ('PAID', 'FAILED', 'RETURNED'));`);

    this.addSql(`alter table "withdrawal" add constraint "withdrawal_amount_positive" check (amount > 0);`);
    this.addSql(`alter table "withdrawal" add constraint "withdrawal_status_check" check ("status" in ('PENDING', 'IN_TRANSIT', 'PAID', 'FAILED', 'RETURNED'));`);
    this.addSql(`alter table "withdrawal" add constraint "withdrawal_failure_reason_check" check ("failure_reason" in ('INSUFFICIENT_FUNDS', 'ACCOUNT_CLOSED', 'NO_ACCOUNT', 'RAIL_ERROR'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "sandbox_bank_transfer" cascade;`);
    this.addSql(`drop table if exists "withdrawal" cascade;`);
  }

}
