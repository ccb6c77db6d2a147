import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from '@paygraph/platform/db';
import { createLoaders, type AccountsServices } from '../src/context.js';

/** Services that record each batch they are asked for and answer with one row per key. */
function fakeServices() {
  const calls: Record<string, string[][]> = { byIds: [], byUsers: [], instrumentsById: [], activeByUsers: [], latestFor: [] };
  const rows = (keys: readonly string[], make: (k: string) => unknown) => new Map(keys.map((k) => [k, make(k)]));
  const services = {
    accounts: {
      byIds: async (_em: unknown, ids: readonly string[]) => (calls.byIds!.push([...ids]), rows(ids, (id) => ({ id, userId: 'u' }))),
      byUsers: async (_em: unknown, ids: readonly string[]) => (calls.byUsers!.push([...ids]), rows(ids, (id) => [{ id: `acc_of_${id}`, userId: id }])),
    },
    instruments: {
      byIds: async (_em: unknown, ids: readonly string[]) => (calls.instrumentsById!.push([...ids]), new Map()),
      activeByUsers: async (_em: unknown, ids: readonly string[]) => (calls.activeByUsers!.push([...ids]), new Map()),
    },
    kyc: {
      latestFor: async (_em: unknown, ids: readonly string[]) => (calls.latestFor!.push([...ids]), new Map()),
    },
  } as unknown as AccountsServices;
  return { services, calls };
}

describe('per-request loaders', () => {
  it('when several users are asked for in one tick, then each collection is fetched in one batch', async () => {
    const { services, calls } = fakeServices();
    const loaders = createLoaders({} as EntityManager, services);
    const users = ['usr_a', 'usr_b', 'usr_c'];
    const [accounts] = await Promise.all([
      Promise.all(users.map((u) => loaders.accountsByUser.load(u))),
      Promise.all(users.map((u) => loaders.kycByUser.load(u))),
      Promise.all(users.map((u) => loaders.activeInstrumentsByUser.load(u))),
    ]);
    expect(calls.byUsers).toEqual([users]);
    expect(calls.latestFor).toEqual([users]);
    expect(calls.activeByUsers).toEqual([users]);
    expect(accounts.map((list) => list[0]!.userId)).toEqual(users);
  });

  it('when a key is missing from the result, then null (by id) or an empty list (by user)', async () => {
    const { services } = fakeServices();
    const loaders = createLoaders({} as EntityManager, services);
    expect(await loaders.instrumentById.load('fi_x')).toBeNull();
    expect(await loaders.kycByUser.load('usr_x')).toBeNull();
    expect(await loaders.activeInstrumentsByUser.load('usr_x')).toEqual([]);
  });

  it('when the same key is asked twice in a request, then it is fetched once', async () => {
    const { services, calls } = fakeServices();
    const loaders = createLoaders({} as EntityManager, services);
    await Promise.all([loaders.accountById.load('acc_1'), loaders.accountById.load('acc_1')]);
    await loaders.accountById.load('acc_1');
    expect(calls.byIds).toEqual([['acc_1']]);
  });
});
