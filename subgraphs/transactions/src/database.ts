import { backboneEntities } from '@paygraph/platform/events';
import { TransactionSchema } from './entities/transaction.entity.js';
import { TransactionStepSchema } from './entities/transaction-step.entity.js';
import { WalletRefSchema } from './entities/wallet-ref.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [TransactionSchema, TransactionStepSchema, WalletRefSchema, ...backboneEntities];
export { migrations };
