import { Migration } from '@mikro-orm/migrations';

export class Migration20261203125407_unsettled_index extends Migration {

  override name = 'Migration20261203125407_unsettled_index';

  override up(): void | Promise<void> {
    this.addSql(`create index "payment_unsettled_idx" on "payment" ("created_at") where status = 'PENDING' and transaction_id is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "payment_unsettled_idx";`);
  }

}
