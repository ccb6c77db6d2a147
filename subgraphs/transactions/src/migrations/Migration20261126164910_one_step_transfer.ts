import { Migration } from '@mikro-orm/migrations';

export class Migration20261126164910_one_step_transfer extends Migration {

  override name = 'Migration20261126164910_one_step_transfer';

  override up(): void | Promise<void> {
    this.addSql(`alter table "transaction" drop constraint "transaction_reservation_status_check";`);
    this.addSql(`alter table "transaction" add "reservation_requested_at" timestamptz null;`);
    this.addSql(`alter table "transaction" add constraint "transaction_reservation_status_check" check ("reservation_status" in ('NOT_NEEDED', 'NONE', 'PENDING', 'RESERVED', 'FAILED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "transaction" drop constraint "transaction_reservation_status_check";`);
    this.addSql(`alter table "transaction" drop column "reservation_requested_at";`);
    this.addSql(`alter table "transaction" add constraint "transaction_reservation_status_check" check ("reservation_status" in ('NOT_NEEDED', 'PENDING', 'RESERVED', 'FAILED'));`);
  }

}
