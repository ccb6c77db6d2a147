import { backboneEntities } from '@paygraph/platform/events';
import { IdempotencyKeySchema } from './entities/idempotency-key.entity.js';
import { PaymentChargeSchema } from './entities/payment-charge.entity.js';
import { PaymentSchema } from './entities/payment.entity.js';
import { SandboxPspChargeSchema, SandboxPspOperationSchema } from './entities/sandbox-psp-charge.entity.js';
import { SandboxBankTransferSchema } from './entities/sandbox-bank-transfer.entity.js';
import { WithdrawalSchema } from './entities/withdrawal.entity.js';
import { PaymentRequestSchema } from './entities/payment-request.entity.js';
import { CheckoutSchema } from './entities/checkout.entity.js';
import { SettlementBatchSchema } from './entities/settlement-batch.entity.js';
import { SettlementItemSchema } from './entities/settlement-item.entity.js';
import { SettlementDaySchema } from './entities/settlement-day.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [PaymentSchema, IdempotencyKeySchema, PaymentChargeSchema, SandboxPspChargeSchema, SandboxPspOperationSchema, WithdrawalSchema, SandboxBankTransferSchema, PaymentRequestSchema, CheckoutSchema, SettlementBatchSchema, SettlementItemSchema, SettlementDaySchema, ...backboneEntities];
export { migrations };
