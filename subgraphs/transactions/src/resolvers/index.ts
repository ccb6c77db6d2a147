import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Payment } from './Payment.js';
import { Query } from './Query.js';
import { Transaction } from './Transaction.js';
import { TransactionStep } from './TransactionStep.js';
import { User } from './User.js';
import { Wallet } from './Wallet.js';

export const resolvers: Resolvers = { Query, Transaction, TransactionStep, Payment, Wallet, User };
