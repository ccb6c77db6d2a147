import type { Resolvers } from '../__generated__/resolvers-types.js';
import { FxQuote } from './FxQuote.js';
import { InternalFxQuote } from './InternalFxQuote.js';
import { LedgerCurrencyTotals } from './LedgerCurrencyTotals.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { User } from './User.js';
import { StatementLine } from './StatementLine.js';
import { Wallet } from './Wallet.js';
import { WalletStatement } from './WalletStatement.js';

export const resolvers: Resolvers = { Query, Mutation, User, Wallet, FxQuote, InternalFxQuote, LedgerCurrencyTotals, WalletStatement, StatementLine };
