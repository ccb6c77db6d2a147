import pg from 'pg';
import { MikroORM, type EntityManager, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from './logger.js';

export type { EntityManager, MikroORM };

/** `postgres://…/postgres` + `paygraph_users` → `postgres://…/paygraph_users`. */
export function databaseUrl(serverUrl: string, dbName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
}

/** Each subgraph owns a database on the shared server; it is created on first start. */
export async function ensureDatabase(serverUrl: string, dbName: string): Promise<void> {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(dbName)) throw new Error(`Invalid database name: ${dbName}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (exists.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${dbName}"`);
      } catch (error) {
        // Another replica created it between our check and our CREATE.
        if ((error as { code?: string }).code !== '42P04' && (error as { code?: string }).code !== '23505') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, dbName: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface MigrationModule {
  name: string;
  class: new (...args: never[]) => unknown;
}

export interface DatabaseOptions {
  serverUrl: string;
  dbName: string;
  entities: NonNullable<Options['entities']>;
  /** Migrations listed explicitly (src/migrations/index.ts) so they load the same under tsx, jest and node. */
  migrations: MigrationModule[];
  /** Folder that `migration:create` writes to. */
  migrationsPath?: string;
  poolMax?: number;
  logger?: Logger;
}

export function ormOptions(opts: DatabaseOptions): Options {
  return {
    clientUrl: databaseUrl(opts.serverUrl, opts.dbName),
    entities: opts.entities,
    extensions: [Migrator],
    pool: { min: 0, max: opts.poolMax ?? 10 },
    // Entities are defined with defineEntity: no reflection, no discovery of files.
    discovery: { warnWhenNoEntities: true },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: opts.migrationsPath,
      pathTs: opts.migrationsPath,
      migrationsList: opts.migrations as Options['migrations'] extends infer M
        ? M extends { migrationsList?: infer L }
          ? L
          : never
        : never,
      transactional: true,
      allOrNothing: true,
      snapshot: true,
      snapshotOnMigrate: false,
      // One snapshot name whatever the database is called (prefixes differ per environment and per test).
      snapshotName: '.snapshot',
      emit: 'ts',
      silent: true,
    },
    debug: false,
    allowGlobalContext: false,
    logger: (message: string) => opts.logger?.debug({ orm: true }, message),
  } as Options;
}

/**
 * Creates the database if needed, connects, and applies pending migrations under a PostgreSQL advisory lock so that
 * replicas starting together migrate once.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<MikroORM> {
  await ensureDatabase(opts.serverUrl, opts.dbName);
  const orm = await MikroORM.init(ormOptions(opts));
  const lock = new pg.Client({ connectionString: databaseUrl(opts.serverUrl, opts.dbName) });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${opts.dbName}`]);
    const applied = await orm.migrator.up();
    if (applied.length > 0) opts.logger?.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } catch (error) {
    await orm.close(true);
    throw error;
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${opts.dbName}`]).catch(() => {});
    await lock.end();
  }
  return orm;
}

/** Runs `fn` in one database transaction on a fresh EntityManager (never the global one). */
export async function inTransaction<T>(orm: MikroORM, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional((em) => fn(em as EntityManager));
}

/** PostgreSQL error codes the domain reacts to. */
export const PgCode = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  checkViolation: '23514',
} as const;

export function pgErrorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause ?? (e as { previous?: unknown }).previous;
  }
  return undefined;
}
