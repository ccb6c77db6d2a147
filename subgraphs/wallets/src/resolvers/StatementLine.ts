import type { StatementLineResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { describeMovement } from '../domain/statement.js';

export const StatementLine: StatementLineResolvers = {
  postedAt: (l) => l.postedAt.toISOString(),
  description: (l) => describeMovement(l.kind, l.amount),
  amount: (l) => toMoneyDto(l.amount, l.currency),
  balanceAfter: (l) => toMoneyDto(l.balanceAfter, l.currency),
};
