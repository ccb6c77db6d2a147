import { Migration } from '@mikro-orm/migrations';

export class Migration20261207013722_two_factor_kind extends Migration {

  override name = 'Migration20261207013722_two_factor_kind';

  override up(): void | Promise<void> {
    this.addSql(`alter table "notification" drop constraint "notification_kind_check";`);
    this.addSql(`alter table "notification" add constraint "notification_kind_check" check ("kind" in ('PAYMENT_SENT', 'PAYMENT_RECEIVED', 'PAYMENT_FAILED', 'PAYMENT_ON_HOLD', 'KYC_UPDATED', 'NEW_LOGIN', 'SESSION_REVOKED', 'FUNDING_INSTRUMENT_LINKED', 'PAYMENT_REQUEST_RECEIVED', 'PAYMENT_REQUEST_UPDATED', 'SETTLEMENT_BATCH_CLOSED', 'EMAIL_VERIFICATION', 'PASSWORD_RESET', 'PASSWORD_CHANGED', 'TWO_FACTOR_CHANGED'));`);

    this.addSql(`alter table "notification_preference" drop constraint "notification_preference_kind_check";`);
    this.addSql(`alter table "notification_preference" add constraint "notification_preference_kind_check" check ("kind" in ('PAYMENT_SENT', 'PAYMENT_RECEIVED', 'PAYMENT_FAILED', 'PAYMENT_ON_HOLD', 'KYC_UPDATED', 'NEW_LOGIN', 'SESSION_REVOKED', 'FUNDING_INSTRUMENT_LINKED', 'PAYMENT_REQUEST_RECEIVED', 'PAYMENT_REQUEST_UPDATED', 'SETTLEMENT_BATCH_CLOSED', 'EMAIL_VERIFICATION', 'PASSWORD_RESET', 'PASSWORD_CHANGED', 'TWO_FACTOR_CHANGED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "notification" drop constraint "notification_kind_check";`);
    this.addSql(`alter table "notification" add constraint "notification_kind_check" check ("kind" in ('PAYMENT_SENT', 'PAYMENT_RECEIVED', 'PAYMENT_FAILED', 'PAYMENT_ON_HOLD', 'KYC_UPDATED', 'NEW_LOGIN', 'SESSION_REVOKED', 'FUNDING_INSTRUMENT_LINKED', 'PAYMENT_REQUEST_RECEIVED', 'PAYMENT_REQUEST_UPDATED', 'SETTLEMENT_BATCH_CLOSED', 'EMAIL_VERIFICATION', 'PASSWORD_RESET', 'PASSWORD_CHANGED'));`);

    this.addSql(`alter table "notification_preference" drop constraint "notification_preference_kind_check";`);
    this.addSql(`alter table "notification_preference" add constraint "notification_preference_kind_check" check ("kind" in ('PAYMENT_SENT', 'PAYMENT_RECEIVED', 'PAYMENT_FAILED', 'PAYMENT_ON_HOLD', 'KYC_UPDATED', 'NEW_LOGIN', 'SESSION_REVOKED', 'FUNDING_INSTRUMENT_LINKED', 'PAYMENT_REQUEST_RECEIVED', 'PAYMENT_REQUEST_UPDATED', 'SETTLEMENT_BATCH_CLOSED', 'EMAIL_VERIFICATION', 'PASSWORD_RESET', 'PASSWORD_CHANGED'));`);
  }

}
