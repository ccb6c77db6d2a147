import { Migration } from '@mikro-orm/migrations';

export class Migration20261206115919_identity_tokens extends Migration {

  override name = 'Migration20261206115919_identity_tokens';

  override up(): void | Promise<void> {
    this.addSql(`create table "user_token" ("id" text not null, "user_id" text not null, "purpose" text not null, "email" text not null, "token_hash" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "user_token_user_id_index" on "user_token" ("user_id");`);
    this.addSql(`alter table "user_token" add constraint "user_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "users" add "email_verified_at" timestamptz null;`);

    this.addSql(`alter table "user_token" add constraint "user_token_user_id_foreign" foreign key ("user_id") references "users" ("id");`);
    this.addSql(`alter table "user_token" add constraint "user_token_purpose_check" check ("purpose" in ('EMAIL_VERIFICATION', 'PASSWORD_RESET'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "user_token" cascade;`);

    this.addSql(`alter table "users" drop column "email_verified_at";`);
  }

}
