import { Migration } from '@mikro-orm/migrations';

export class Migration20261207013705_totp extends Migration {

  override name = 'Migration20261207013705_totp';

  override up(): void | Promise<void> {
    this.addSql(`create table "recovery_code" ("id" text not null, "user_id" text not null, "code_hash" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "recovery_code" add constraint "recovery_code_user_id_code_hash_unique" unique ("user_id", "code_hash");`);

    this.addSql(`alter table "users" add "totp_secret_sealed" text null, add "totp_enabled_at" timestamptz null, add "totp_last_step" bigint null;`);

    this.addSql(`alter table "recovery_code" add constraint "recovery_code_user_id_foreign" foreign key ("user_id") references "users" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "recovery_code" cascade;`);

    this.addSql(`alter table "users" drop column "totp_secret_sealed", drop column "totp_enabled_at", drop column "totp_last_step";`);
  }

}
