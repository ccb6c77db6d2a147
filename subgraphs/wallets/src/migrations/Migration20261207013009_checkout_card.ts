import { Migration } from '@mikro-orm/migrations';

export class Migration20261207013009_checkout_card extends Migration {

  override name = 'Migration20261207013009_checkout_card';

  override up(): void | Promise<void> {
    this.addSql(`alter table "checkout_command" drop constraint "checkout_command_status_check";`);
    this.addSql(`alter table "checkout_command" add constraint "checkout_command_status_check" check ("status" in ('STARTED', 'PAID', 'AUTHORIZED', 'REFUNDED', 'INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'));`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_kind_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_kind_check" check ("kind" in ('P2P', 'CONVERSION', 'ADD_FUNDS', 'ADJUSTMENT', 'WITHDRAWAL', 'WITHDRAWAL_RETURN', 'CHECKOUT', 'CHECKOUT_REFUND'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "checkout_command" drop constraint "checkout_command_status_check";`);
    this.addSql(`alter table "checkout_command" add constraint "checkout_command_status_check" check ("status" in ('STARTED', 'PAID', 'AUTHORIZED', 'INSUFFICIENT_FUNDS', 'WALLET_NOT_FOUND'));`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_kind_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_kind_check" check ("kind" in ('P2P', 'CONVERSION', 'ADD_FUNDS', 'ADJUSTMENT', 'WITHDRAWAL', 'WITHDRAWAL_RETURN', 'CHECKOUT'));`);
  }

}
