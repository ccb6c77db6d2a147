import { Migration } from '@mikro-orm/migrations';

export class Migration20261203171856_payouts extends Migration {

  override name = 'Migration20261203171856_payouts';

  override up(): void | Promise<void> {
    this.addSql(`create table "payout_command" ("transaction_id" text not null, "withdrawal_id" text not null, "status" text not null, "hold_id" text null, "wallet_id" text null, "available" bigint null, "created_at" timestamptz not null, primary key ("transaction_id"));`);

    this.addSql(`alter table "account_balance" drop constraint "account_balance_kind_check";`);
    this.addSql(`alter table "account_balance" add constraint "account_balance_kind_check" check ("kind" in ('WALLET', 'PSP_CLEARING', 'FX_CLEARING', 'FEES', 'SUSPENSE', 'PAYOUT_CLEARING'));`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_kind_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_kind_check" check ("kind" in ('P2P', 'CONVERSION', 'ADD_FUNDS', 'ADJUSTMENT', 'WITHDRAWAL', 'WITHDRAWAL_RETURN'));`);

    this.addSql(`alter table "ledger_account" drop constraint "ledger_account_kind_check";`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_kind_check" check ("kind" in ('WALLET', 'PSP_CLEARING', 'FX_CLEARING', 'FEES', 'SUSPENSE', 'PAYOUT_CLEARING'));`);

    this.addSql(`alter table "payout_command" add constraint "payout_command_status_check" check ("status" in ('STARTED', 'HELD', 'INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "payout_command" cascade;`);

    this.addSql(`alter table "account_balance" drop constraint "account_balance_kind_check";`);
    this.addSql(`alter table "account_balance" add constraint "account_balance_kind_check" check ("kind" in ('WALLET', 'PSP_CLEARING', 'FX_CLEARING', 'FEES', 'SUSPENSE'));`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_kind_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_kind_check" check ("kind" in ('P2P', 'CONVERSION', 'ADD_FUNDS', 'ADJUSTMENT'));`);

    this.addSql(`alter table "ledger_account" drop constraint "ledger_account_kind_check";`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_kind_check" check ("kind" in ('WALLET', 'PSP_CLEARING', 'FX_CLEARING', 'FEES', 'SUSPENSE'));`);
  }

}
