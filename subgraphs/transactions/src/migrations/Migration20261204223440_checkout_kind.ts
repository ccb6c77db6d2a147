import { Migration } from '@mikro-orm/migrations';

export class Migration20261204223440_checkout_kind extends Migration {

  override name = 'Migration20261204223440_checkout_kind';

  override up(): void | Promise<void> {
    this.addSql(`alter table "transaction" drop constraint "transaction_kind_check";`);
    this.addSql(`alter table "transaction" add constraint "transaction_kind_check" check ("kind" in ('ADD_FUNDS', 'P2P', 'CONVERSION', 'WITHDRAWAL', 'REFUND', 'CHECKOUT'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "transaction" drop constraint "transaction_kind_check";`);
    this.addSql(`alter table "transaction" add constraint "transaction_kind_check" check ("kind" in ('ADD_FUNDS', 'P2P', 'CONVERSION', 'WITHDRAWAL', 'REFUND'));`);
  }

}
