import type { WalletStatementResolvers } from '../__generated__/resolvers-types.js';
import { toMoneyDto } from '@paygraph/platform/money';
import { decodeStatementCursor, encodeStatementCursor } from '../services/statement.service.js';

export const WalletStatement: WalletStatementResolvers = {
  start: (s) => s.start.toISOString(),
  end: (s) => s.end.toISOString(),
  openingBalance: (s) => toMoneyDto(s.totals.opening, s.currency),
  closingBalance: (s) => toMoneyDto(s.closing, s.currency),
  totalCredits: (s) => toMoneyDto(s.totals.credits, s.currency),
  totalDebits: (s) => toMoneyDto(s.totals.debits, s.currency),
  movements: async (s, { first, after }, ctx) => {
    const n = first ?? 100;
    const rows = await ctx.services.statements.movements(ctx.em, s, n, after ? decodeStatementCursor(after) : null);
    const edges = rows.slice(0, n).map((node) => ({ cursor: encodeStatementCursor(node.postingId), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > n, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },
  csv: (s, _args, ctx) => ctx.services.statements.csv(ctx.em, s),
};
