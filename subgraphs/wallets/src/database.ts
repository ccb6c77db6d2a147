import { backboneEntities } from '@paygraph/platform/events';
import { AccountBalanceSchema } from './entities/account-balance.entity.js';
import { FxQuoteSchema } from './entities/fx-quote.entity.js';
import { HoldSchema } from './entities/hold.entity.js';
import { JournalEntrySchema } from './entities/journal-entry.entity.js';
import { LedgerAccountSchema } from './entities/ledger-account.entity.js';
import { PostingSchema } from './entities/posting.entity.js';
import { TransferCommandSchema } from './entities/transfer-command.entity.js';
import { PayoutCommandSchema } from './entities/payout-command.entity.js';
import { CheckoutCommandSchema } from './entities/checkout-command.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [
  LedgerAccountSchema,
  AccountBalanceSchema,
  JournalEntrySchema,
  PostingSchema,
  HoldSchema,
  FxQuoteSchema,
  TransferCommandSchema,
  PayoutCommandSchema,
  CheckoutCommandSchema,
  ...backboneEntities,
];
export { migrations };
