import { backboneEntities } from '@paygraph/platform/events';
import { BlocklistEntrySchema } from './entities/blocklist-entry.entity.js';
import { CompletedTransactionSchema } from './entities/completed-transaction.entity.js';
import { CounterpartySchema } from './entities/counterparty.entity.js';
import { PartySchema } from './entities/party.entity.js';
import { ReviewCaseSchema } from './entities/review-case.entity.js';
import { RiskAssessmentSchema } from './entities/risk-assessment.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [
  RiskAssessmentSchema,
  ReviewCaseSchema,
  BlocklistEntrySchema,
  PartySchema,
  CounterpartySchema,
  CompletedTransactionSchema,
  ...backboneEntities,
];
export { migrations };
