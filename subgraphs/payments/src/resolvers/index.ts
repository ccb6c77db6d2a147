import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Account } from './Account.js';
import { Checkout } from './Checkout.js';
import { Mutation } from './Mutation.js';
import { Payment } from './Payment.js';
import { PaymentRequest } from './PaymentRequest.js';
import { Query } from './Query.js';
import { SettlementBatch, SettlementItem } from './SettlementBatch.js';
import { User } from './User.js';
import { Withdrawal } from './Withdrawal.js';

export const resolvers: Resolvers = { Query, Mutation, User, Payment, PaymentRequest, Withdrawal, Checkout, Account, SettlementBatch, SettlementItem };
