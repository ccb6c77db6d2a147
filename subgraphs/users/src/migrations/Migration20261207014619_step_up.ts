import { Migration } from '@mikro-orm/migrations';

export class Migration20261207014619_step_up extends Migration {

  override name = 'Migration20261207014619_step_up';

  override up(): void | Promise<void> {
    this.addSql(`alter table "users" add "totp_changed_at" timestamptz null;`);
    this.addSql(`create index "users_totp_changed_at_index" on "users" ("totp_changed_at");`);

    this.addSql(`alter table "session" add "mfa_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "session" drop column "mfa_at";`);

    this.addSql(`drop index "users_totp_changed_at_index";`);
    this.addSql(`alter table "users" drop column "totp_changed_at";`);
  }

}
