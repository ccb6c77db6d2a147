import { Migration } from '@mikro-orm/migrations';

export class Migration20261203124629_revocation_list extends Migration {

  override name = 'Migration20261203124629_revocation_list';

  override up(): void | Promise<void> {
    this.addSql(`alter table "users" add "roles_changed_at" timestamptz null;`);
    this.addSql(`create index "users_roles_changed_at_index" on "users" ("roles_changed_at");`);

    this.addSql(`create index "session_revoked_at_index" on "session" ("revoked_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "session_revoked_at_index";`);

    this.addSql(`drop index "users_roles_changed_at_index";`);
    this.addSql(`alter table "users" drop column "roles_changed_at";`);
  }

}
