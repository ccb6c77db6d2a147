import { errors } from '@paygraph/platform/errors';
import type { EntityManager } from '@paygraph/platform/db';
import { closingOf, statementCsv, statementPeriod, type StatementLine, type StatementPeriod, type StatementTotals } from '../domain/statement.js';
import { StatementRepository } from '../repositories/statement.repository.js';
import type { WalletView } from './wallet.service.js';

/** A wallet's statement for one month: its period and totals; movements and CSV are read when asked for. */
export interface WalletStatementView extends StatementPeriod {
  walletId: string;
  currency: string;
  totals: StatementTotals;
  closing: bigint;
}

export const MOVEMENTS_PAGE_MAX = 500;
/** The CSV holds the whole month in one response; a month beyond this is refused rather than read unbounded. */
export const CSV_MAX_LINES = 10_000;

export class StatementService {
  private readonly repository = new StatementRepository();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** The wallet's statement for `month` (YYYY-MM, UTC); the caller has already decided the wallet is visible. */
  async statement(em: EntityManager, wallet: Pick<WalletView, 'id' | 'currency'>, month: string): Promise<WalletStatementView> {
    const period = statementPeriod(month, this.clock());
    const totals = await this.repository.totals(em, wallet.id, period.start, period.end);
    return { ...period, walletId: wallet.id, currency: wallet.currency, totals, closing: closingOf(totals) };
  }

  /** One page of movements, `first + 1` rows read so the caller knows whether there is a next page. */
  async movements(em: EntityManager, statement: WalletStatementView, first: number, afterId: string | null): Promise<StatementLine[]> {
    if (!Number.isInteger(first) || first < 0 || first > MOVEMENTS_PAGE_MAX) {
      throw errors.user('BAD_USER_INPUT', `first must be between 0 and ${MOVEMENTS_PAGE_MAX}`, 'first');
    }
    return this.repository.lines(em, statement.walletId, statement, statement.totals.opening, { afterId, limit: first + 1 });
  }

  async csv(em: EntityManager, statement: WalletStatementView): Promise<string> {
    const lines = await this.repository.lines(em, statement.walletId, statement, statement.totals.opening, { afterId: null, limit: CSV_MAX_LINES + 1 });
    if (lines.length > CSV_MAX_LINES) {
      throw errors.user('STATEMENT_TOO_LARGE', `The month has more than ${CSV_MAX_LINES} movements; page through movements instead`, 'csv');
    }
    return statementCsv(statement, statement.currency, statement.totals, lines);
  }
}

/** Cursors are opaque to clients; inside, the posting id. */
export const encodeStatementCursor = (postingId: string) => Buffer.from(`pst:${postingId}`, 'utf8').toString('base64url');

export function decodeStatementCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^pst:([1-9][0-9]{0,18})$/.exec(text);
  if (!match) throw errors.user('BAD_USER_INPUT', 'Invalid cursor', 'after');
  return match[1]!;
}
