import { Migration } from '@mikro-orm/migrations';

export class Migration20261203172958_refunds extends Migration {

  override name = 'Migration20261203172958_refunds';

  override up(): void | Promise<void> {
    this.addSql(`alter table "payment" add "refund_of_id" text null, add "refunded_amount" bigint not null default '0';`);
    this.addSql(`create index "payment_refund_of_id_index" on "payment" ("refund_of_id") where refund_of_id is not null;`);
    this.addSql(`alter table "payment" add constraint "payment_refunded_amount_in_range" check (refunded_amount >= 0 and refunded_amount <= amount);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "payment_refund_of_id_index";`);
    this.addSql(`alter table "payment" drop constraint "payment_refunded_amount_in_range";`);
    this.addSql(`alter table "payment" drop column "refund_of_id", drop column "refunded_amount";`);
  }

}
