import { Migration } from '@mikro-orm/migrations';

export class Migration20261204223058_checkout extends Migration {

  override name = 'Migration20261204223058_checkout';

  override up(): void | Promise<void> {
    this.addSql(`create table "checkout_command" ("transaction_id" text not null, "checkout_id" text not null, "status" text not null, "journal_entry_id" text null, "hold_id" text null, "buyer_wallet_id" text null, "merchant_wallet_id" text null, "available" bigint null, "created_at" timestamptz not null, primary key ("transaction_id"));`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_kind_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_kind_check" check ("kind" in ('P2P', 'CONVERSION', 'ADD_FUNDS', 'ADJUSTMENT', 'WITHDRAWAL', 'WITHDRAWAL_RETURN', 'CHECKOUT'));`);

    this.addSql(`alter table "checkout_command" add constraint "checkout_command_status_check" check ("status" in ('STARTED', 'PAID', 'AUTHORIZED', 'INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "checkout_command" cascade;`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_kind_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_kind_check" check ("kind" in ('P2P', 'CONVERSION', 'ADD_FUNDS', 'ADJUSTMENT', 'WITHDRAWAL', 'WITHDRAWAL_RETURN'));`);
  }

}
