import { backboneEntities } from '@paygraph/platform/events';
import { AccountSchema } from './entities/account.entity.js';
import { FundingInstrumentSchema } from './entities/funding-instrument.entity.js';
import { KycVerificationSchema } from './entities/kyc-verification.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [AccountSchema, KycVerificationSchema, FundingInstrumentSchema, ...backboneEntities];
export { migrations };
