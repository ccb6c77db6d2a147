import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Account } from './Account.js';
import { FundingInstrument } from './FundingInstrument.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { User } from './User.js';

export const resolvers: Resolvers = { Query, Mutation, User, Account, FundingInstrument };
