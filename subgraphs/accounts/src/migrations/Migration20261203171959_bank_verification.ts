import { Migration } from '@mikro-orm/migrations';

export class Migration20261203171959_bank_verification extends Migration {

  override name = 'Migration20261203171959_bank_verification';

  override up(): void | Promise<void> {
    this.addSql(`alter table "funding_instrument" add "bank_verification" text null, add "bank_verification_attempts" smallint not null default 0;`);
    this.addSql(`alter table "funding_instrument" add constraint "funding_instrument_bank_verification_check" check ("bank_verification" in ('PENDING', 'VERIFIED', 'FAILED'));`);
    // Bank accounts linked before verification existed start unverified, like new ones.
    this.addSql(`update "funding_instrument" set "bank_verification" = 'PENDING' where "kind" = 'BANK_ACCOUNT';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "funding_instrument" drop constraint "funding_instrument_bank_verification_check";`);
    this.addSql(`alter table "funding_instrument" drop column "bank_verification", drop column "bank_verification_attempts";`);
  }

}
