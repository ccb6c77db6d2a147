import type { Resolvers } from '../__generated__/resolvers-types.js';
import { BlocklistEntry } from './BlocklistEntry.js';
import { Mutation } from './Mutation.js';
import { Payment } from './Payment.js';
import { Query } from './Query.js';
import { ReviewCase } from './ReviewCase.js';
import { RiskAssessment } from './RiskAssessment.js';
import { Transaction } from './Transaction.js';

export const resolvers: Resolvers = { Query, Mutation, RiskAssessment, Payment, Transaction, ReviewCase, BlocklistEntry };
