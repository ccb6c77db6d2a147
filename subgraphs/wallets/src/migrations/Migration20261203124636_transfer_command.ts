import { Migration } from '@mikro-orm/migrations';

export class Migration20261203124636_transfer_command extends Migration {

  override name = 'Migration20261203124636_transfer_command';

  override up(): void | Promise<void> {
    this.addSql(`create table "transfer_command" ("transaction_id" text not null, "payment_id" text not null, "status" text not null, "journal_entry_id" text null, "sender_wallet_id" text null, "recipient_wallet_id" text null, "available" bigint null, "created_at" timestamptz not null, primary key ("transaction_id"));`);

    this.addSql(`alter table "transfer_command" add constraint "transfer_command_status_check" check ("status" in ('STARTED', 'TRANSFERRED', 'INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "transfer_command" cascade;`);
  }

}
