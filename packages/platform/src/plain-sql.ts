import type pg from 'pg';
import type { MikroORM } from './db.js';

/** One statement: `?` placeholders (as `em.execute`), rows back. */
export type Query = <T = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<T[]>;

/**
 * Plain SQL on the ORM's own `pg` pool, for the few statements of the money path that run on every payment: no
 * entity manager, no query formatting in JavaScript (parameters go to PostgreSQL as parameters), no unit of work. The
 * same connections and limits as the ORM's, so nothing else to size or close. Writes that must tell the ORM's
 * subscribers (the outbox relay, after-commit callbacks) do so themselves.
 *
 * `?` placeholders are numbered `$1…` once per distinct text; a statement must not contain `?` otherwise (no `?` in
 * literals, no jsonb `?` operators).
 */
export class PlainSql {
  private pool: pg.Pool | null = null;
  private readonly texts = new Map<string, { name: string; text: string }>();

  constructor(private readonly orm: MikroORM) {}

  /** One statement on its own (autocommit): atomic by itself. */
  readonly query: Query = async <T>(text: string, params: readonly unknown[] = []): Promise<T[]> => {
    const pool = this.pool ?? (await this.open());
    return (await pool.query({ ...this.numbered(text), values: params as unknown[] })).rows as T[];
  };

  /**
   * Runs `fn` in one database transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. A
   * connection that fails mid-way is discarded rather than returned to the pool.
   *
   * `opening` is a statement sent with BEGIN in the same round trip (simple protocol, so it takes no parameters: a
   * fixed text or one built from integers only, never from text input), e.g. the advisory lock the transaction
   * starts with.
   */
  async transaction<T>(fn: (query: Query) => Promise<T>, opts: { opening?: string } = {}): Promise<T> {
    const pool = this.pool ?? (await this.open());
    const client = await pool.connect();
    // A connection whose socket or protocol failed is discarded rather than returned to the pool.
    let broken: Error | undefined;
    const run = async <R>(text: string, params: readonly unknown[] = [], prepared = true): Promise<R[]> => {
      try {
        return (await client.query(prepared ? { ...this.numbered(text), values: params as unknown[] } : text)).rows as R[];
      } catch (error) {
        if (isConnectionError(error)) broken = error as Error;
        throw error;
      }
    };
    try {
      let result: T;
      try {
        // (A failed opening leaves the transaction aborted: rolled back below like any failure.)
        await run(opts.opening ? `begin; ${opts.opening}` : 'begin', [], false);
        result = await fn((text, params) => run(text, params));
      } catch (error) {
        if (!broken) await run('rollback', [], false).catch(() => {});
        throw error;
      }
      await run('commit', [], false);
      return result;
    } finally {
      client.release(broken);
    }
  }

  private async open(): Promise<pg.Pool> {
    const connection = this.orm.em.getConnection() as unknown as { getNativeClient(): Promise<pg.Pool> };
    this.pool = await connection.getNativeClient();
    return this.pool;
  }

  /**
   * The statement as PostgreSQL gets it: `$n` placeholders and a name, so each connection parses and plans it once
   * (a prepared statement) instead of on every call; these multi-CTE statements run on every payment.
   */
  private numbered(text: string): { name: string; text: string } {
    let out = this.texts.get(text);
    if (out === undefined) {
      let n = 0;
      out = { name: `plain_${++statementSeq}`, text: text.replace(/\?/g, () => `$${++n}`) };
      // Texts built with a variable number of placeholders are few (1–3 parties, 1–2 instruments); bounded anyway.
      // A cleared text gets a new name: a connection never sees one name with two texts.
      if (this.texts.size > 1000) this.texts.clear();
      this.texts.set(text, out);
    }
    return out;
  }
}

/** Names of prepared statements, unique in the process (connections of one pool are shared by every PlainSql). */
let statementSeq = 0;

/** No SQLSTATE: the socket or the protocol failed, not the statement. */
function isConnectionError(error: unknown): boolean {
  return !(typeof (error as { code?: unknown })?.code === 'string' && /^[0-9A-Z]{5}$/.test((error as { code: string }).code));
}

const shared = new WeakMap<MikroORM, PlainSql>();

/** The PlainSql of this ORM (one per ORM, made on first use). */
export function plainSql(orm: MikroORM): PlainSql {
  let sql = shared.get(orm);
  if (!sql) shared.set(orm, (sql = new PlainSql(orm)));
  return sql;
}

/** An entity manager's `execute` as a Query: the same repository code inside an ORM transaction. */
export function emQuery(em: { execute(text: string, params?: unknown[]): Promise<unknown> }): Query {
  return async <T>(text: string, params: readonly unknown[] = []) => (await em.execute(text, [...params])) as T[];
}
