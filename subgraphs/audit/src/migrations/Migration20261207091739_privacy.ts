import { Migration } from '@mikro-orm/migrations';

export class Migration20261207091739_privacy extends Migration {

  override name = 'Migration20261207091739_privacy';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_erasure" ("user_id" text not null, "request_id" text not null, "erased_at" timestamptz not null, primary key ("user_id"));`);

    this.addSql(`create table "audit_personal" ("record_id" text not null, "salt" varchar(64) not null, "data" jsonb not null, primary key ("record_id"));`);

    this.addSql(`alter table "audit_record" add "hash_version" smallint not null default 1, add "personal_digest" varchar(64) null, add "subject_ids" text[] null;`);
    this.addSql(`create index "audit_record_subjects_idx" on "audit_record" using gin ("subject_ids");`);

    // Written by hand (not generated): personal values are inserted with their record and only ever deleted, by an
    // erasure; the list of erased users only grows. The database refuses anything else (the init migration's function).
    this.addSql(`create trigger "audit_personal_insert_or_delete_only" before update on "audit_personal" for each row execute function "audit_refuse_change"();`);
    this.addSql(`create trigger "audit_personal_no_truncate" before truncate on "audit_personal" for each statement execute function "audit_refuse_change"();`);
    this.addSql(`create trigger "audit_erasure_append_only" before update or delete on "audit_erasure" for each row execute function "audit_refuse_change"();`);
    this.addSql(`create trigger "audit_erasure_no_truncate" before truncate on "audit_erasure" for each statement execute function "audit_refuse_change"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "audit_erasure" cascade;`);
    this.addSql(`drop table if exists "audit_personal" cascade;`);

    this.addSql(`drop index "audit_record_subjects_idx";`);
    this.addSql(`alter table "audit_record" drop column "hash_version", drop column "personal_digest", drop column "subject_ids";`);
  }

}
