import { Migration } from '@mikro-orm/migrations';

export class Migration20261207013210_card_checkout extends Migration {

  override name = 'Migration20261207013210_card_checkout';

  override up(): void | Promise<void> {
    this.addSql(`create table "sandbox_psp_operation" ("idempotency_key" varchar(255) not null, "kind" text not null, "charge_reference" varchar(100) not null, "amount" bigint null, "outcome" text not null, "reference" varchar(100) not null, "decline_code" varchar(40) null, "created_at" timestamptz not null, primary key ("idempotency_key"));`);
    this.addSql(`create index "sandbox_psp_operation_charge_reference_index" on "sandbox_psp_operation" ("charge_reference");`);

    this.addSql(`alter table "checkout" add "funding_source" text null, add "card_id" text null, add "psp_token" varchar(64) null, add "card_last4" varchar(4) null, add "psp_reference" varchar(100) null;`);
    // Every approval so far was paid from a wallet.
    this.addSql(`update "checkout" set "funding_source" = 'WALLET' where "buyer_id" is not null;`);
    this.addSql(`alter table "checkout" add constraint "checkout_card_has_token" check (funding_source is distinct from 'CARD' or (card_id is not null and psp_token is not null and card_last4 is not null));`);
    this.addSql(`alter table "checkout" add constraint "checkout_funding_source_check" check ("funding_source" in ('WALLET', 'CARD'));`);

    this.addSql(`alter table "sandbox_psp_charge" add "kind" text not null default 'CHARGE', add "captured_amount" bigint null, add "voided_at" timestamptz null, add "refunded_amount" bigint not null default '0';`);
    // Every charge so far was a CHARGE: captured when approved.
    this.addSql(`update "sandbox_psp_charge" set "captured_amount" = "amount" where "outcome" = 'APPROVED';`);
    this.addSql(`alter table "sandbox_psp_charge" add constraint "sandbox_psp_charge_reference_unique" unique ("reference");`);
    this.addSql(`alter table "sandbox_psp_charge" add constraint "sandbox_psp_charge_captured_within" check (captured_amount is null or (captured_amount > 0 and captured_amount <= amount));`);
    this.addSql(`alter table "sandbox_psp_charge" add constraint "sandbox_psp_charge_refunded_within" check (refunded_amount >= 0 and refunded_amount <= coalesce(captured_amount, 0));`);
    this.addSql(`alter table "sandbox_psp_charge" add constraint "sandbox_psp_charge_kind_check" check ("kind" in ('CHARGE', 'AUTHORIZATION'));`);

    this.addSql(`alter table "sandbox_psp_operation" add constraint "sandbox_psp_operation_kind_check" check ("kind" in ('CAPTURE', 'VOID', 'REFUND'));`);
    this.addSql(`alter table "sandbox_psp_operation" add constraint "sandbox_psp_operation_outcome_check" check ("outcome" in ('APPROVED', 'DECLINED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "sandbox_psp_operation" cascade;`);

    this.addSql(`alter table "checkout" drop constraint "checkout_card_has_token";`);
    this.addSql(`alter table "checkout" drop constraint "checkout_funding_source_check";`);
    this.addSql(`alter table "checkout" drop column "funding_source", drop column "card_id", drop column "psp_token", drop column "card_last4", drop column "psp_reference";`);

    this.addSql(`alter table "sandbox_psp_charge" drop constraint "sandbox_psp_charge_reference_unique";`);
    this.addSql(`alter table "sandbox_psp_charge" drop constraint "sandbox_psp_charge_captured_within";`);
    this.addSql(`alter table "sandbox_psp_charge" drop constraint "sandbox_psp_charge_refunded_within";`);
    this.addSql(`alter table "sandbox_psp_charge" drop constraint "sandbox_psp_charge_kind_check";`);
    this.addSql(`alter table "sandbox_psp_charge" drop column "kind", drop column "captured_amount", drop column "voided_at", drop column "refunded_amount";`);
  }

}
