import { Migration } from '@mikro-orm/migrations';

export class Migration20261207092403_privacy_erasure extends Migration {

  override name = 'Migration20261207092403_privacy_erasure';

  override up(): void | Promise<void> {
    this.addSql(`alter table "kyc_verification" add "erased_at" timestamptz null;`);
    this.addSql(`alter table "kyc_verification" alter column "address_line1" drop not null;`);
    this.addSql(`alter table "kyc_verification" alter column "city" drop not null;`);
    this.addSql(`alter table "kyc_verification" alter column "date_of_birth" drop not null;`);
    this.addSql(`alter table "kyc_verification" alter column "document_last4" drop not null;`);
    this.addSql(`alter table "kyc_verification" alter column "legal_name" drop not null;`);
    this.addSql(`alter table "kyc_verification" alter column "postal_code" drop not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "kyc_verification" drop column "erased_at";`);
    this.addSql(`alter table "kyc_verification" alter column "legal_name" set not null;`);
    this.addSql(`alter table "kyc_verification" alter column "date_of_birth" set not null;`);
    this.addSql(`alter table "kyc_verification" alter column "address_line1" set not null;`);
    this.addSql(`alter table "kyc_verification" alter column "city" set not null;`);
    this.addSql(`alter table "kyc_verification" alter column "postal_code" set not null;`);
    this.addSql(`alter table "kyc_verification" alter column "document_last4" set not null;`);
  }

}
