import { Migration } from '@mikro-orm/migrations';

export class Migration20261204205212_payment_requests extends Migration {

  override name = 'Migration20261204205212_payment_requests';

  override up(): void | Promise<void> {
    this.addSql(`create table "payment_request" ("id" text not null, "requester_id" text not null, "payer_id" text not null, "amount" bigint not null, "currency" varchar(3) not null, "note" text null, "status" text not null default 'OPEN', "expires_at" timestamptz not null, "paying_since" timestamptz null, "payment_id" text null, "attempt" int not null default 0, "closed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "payment_request_requester_id_id_index" on "payment_request" ("requester_id", "id");`);
    this.addSql(`create index "payment_request_payer_id_id_index" on "payment_request" ("payer_id", "id");`);
    this.addSql(`create index "payment_request_open_expires_idx" on "payment_request" ("expires_at") where status = 'OPEN' and paying_since is null;`);
    this.addSql(`create index "payment_request_paying_idx" on "payment_request" ("paying_since") where status = 'OPEN' and paying_since is not null;`);

    this.addSql(`alter table "payment" add "request_id" text null;`);
    this.addSql(`create index "payment_request_id_index" on "payment" ("request_id") where request_id is not null;`);

    this.addSql(`alter table "payment_request" add constraint "payment_request_amount_positive" check (amount > 0);`);
    this.addSql(`alter table "payment_request" add constraint "payment_request_not_self" check (requester_id <> payer_id);`);
    this.addSql(`alter table "payment_request" add constraint "payment_request_status_check" check ("status" in ('OPEN', 'PAID', 'DECLINED', 'CANCELED', 'EXPIRED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "payment_request" cascade;`);

    this.addSql(`drop index "payment_request_id_index";`);
    this.addSql(`alter table "payment" drop column "request_id";`);
  }

}
