import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { databaseUrl, ensureDatabase } from '../src/db.js';
import { backboneEntities } from '../src/events/index.js';
import { plainSql } from '../src/plain-sql.js';
import { dropTestDatabases, testEnv } from '../src/testing/index.js';

/**
 * PlainSql (the money path's statements on the ORM's pg pool): its transactions are what wallets' transfer and
 * payments' creation rely on for all-or-nothing, so they are tested on real PostgreSQL.
 */
const env = testEnv();
let orm: MikroORM;

beforeAll(async () => {
  const dbName = `${env.DATABASE_PREFIX}plainsql`;
  await ensureDatabase(env.DATABASE_URL!, dbName);
  orm = await MikroORM.init({ clientUrl: databaseUrl(env.DATABASE_URL!, dbName), entities: [...backboneEntities], allowGlobalContext: false, debug: false, pool: { min: 0, max: 3 } });
  await orm.em.getConnection().execute('create table if not exists t (id int primary key, v bigint not null check (v >= 0))');
});

afterAll(async () => {
  await orm?.close(true);
  await dropTestDatabases(env);
});

const rows = async () => (await plainSql(orm).query<{ id: number; v: string }>('select id, v::text as v from t order by id')).map((r) => [r.id, r.v]);

describe('PlainSql', () => {
  it('when a transaction resolves, then all its statements are committed; with ? numbered as parameters', async () => {
    await plainSql(orm).transaction(async (q) => {
      await q('insert into t (id, v) values (?, ?)', [1, 10n]);
      await q('insert into t (id, v) values (?, ?::bigint)', [2, '20']);
    });
    expect(await rows()).toEqual([[1, '10'], [2, '20']]);
  });

  it('when the function throws after writing, then nothing of it stays, and the connection is usable again', async () => {
    await expect(
      plainSql(orm).transaction(async (q) => {
        await q('update t set v = v + 5 where id = ?', [1]);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    // A statement error mid-way (the check) rolls back the earlier statements of the transaction too.
    await expect(
      plainSql(orm).transaction(async (q) => {
        await q('update t set v = v + 1 where id = ?', [2]);
        await q('update t set v = v - 100 where id = ?', [1]);
      }),
    ).rejects.toThrow(/check/);
    expect(await rows()).toEqual([[1, '10'], [2, '20']]);
    // The pool (3 connections) still serves: no connection was left in a transaction or lost.
    await Promise.all(Array.from({ length: 10 }, (_, i) => plainSql(orm).transaction((q) => q('update t set v = v + 1 where id = ?', [1 + (i % 2)]))));
    expect(await rows()).toEqual([[1, '15'], [2, '25']]);
  });

  it('when a transaction has an opening, then it runs inside the transaction (its lock held to the end); a failing one rolls back cleanly', async () => {
    const held = await plainSql(orm).transaction(
      (q) => q<{ n: number }>(`select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted`),
      { opening: 'select pg_advisory_xact_lock(7, 42)' },
    );
    expect(held).toEqual([{ n: 1 }]);
    // Released with the transaction: another connection takes it at once.
    expect(await plainSql(orm).query<{ ok: boolean }>('select pg_try_advisory_xact_lock(7, 42) as ok')).toEqual([{ ok: true }]);
    // An opening that fails aborts the transaction; it is rolled back, nothing of `fn` runs, and the pool still serves.
    let ran = false;
    await expect(
      plainSql(orm).transaction(
        async () => {
          ran = true;
        },
        { opening: 'select 1 / 0' },
      ),
    ).rejects.toThrow(/division by zero/);
    expect(ran).toBe(false);
    await Promise.all(Array.from({ length: 6 }, () => plainSql(orm).transaction((q) => q('update t set v = v + 1 where id = ?', [1]), { opening: 'select 1' })));
    expect((await rows())[0]).toEqual([1, '21']);
  });
});
