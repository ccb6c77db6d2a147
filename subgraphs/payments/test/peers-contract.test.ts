import { readFileSync } from 'node:fs';
import { describe, expect, it, jest } from '@jest/globals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, validate } from 'graphql';
import { FUNDING_INSTRUMENT, FX_QUOTE, InternalPeers, KNOWN_USER_TTL_MS, USD_EQUIVALENT, USER_BY_EMAIL, USER_BY_ID, WALLET } from '../src/adapters/peers.js';

/**
 * The internal reads payments sends, checked against the owners' own SDL: a renamed field or argument in users,
 * accounts or wallets fails here, before any stack runs (the wallets tests elsewhere use a double of that contract).
 */
const subgraphSchema = (name: string) =>
  buildSubgraphSchema({ typeDefs: parse(readFileSync(new URL(`../../${name}/schema.graphql`, import.meta.url), 'utf8')) });

const owners = {
  users: [USER_BY_EMAIL, USER_BY_ID],
  accounts: [FUNDING_INSTRUMENT],
  wallets: [WALLET, FX_QUOTE, USD_EQUIVALENT],
};

describe("when payments' internal queries are validated against their owners' schemas", () => {
  for (const [owner, documents] of Object.entries(owners)) {
    it(`then every query to ${owner} is valid there`, () => {
      const schema = subgraphSchema(owner);
      for (const document of documents) expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
    });
  }
});

describe('when payments asks whether a user can be paid', () => {
  function peersOver(payable: Set<string>) {
    const asked: string[] = [];
    const users = {
      query: async <T>(_doc: string, variables: Record<string, unknown>): Promise<T> => {
        const id = variables.id as string;
        asked.push(id);
        return { _payableUser: payable.has(id) ? { id } : null } as T;
      },
    };
    const unused = { query: async () => Promise.reject(new Error('not expected')), command: async () => Promise.reject(new Error('not expected')) };
    return { peers: new InternalPeers(users, unused, unused), asked };
  }

  it('then a yes is remembered, and a no is asked for again (the user may register next)', async () => {
    const payable = new Set(['usr_a']);
    const { peers, asked } = peersOver(payable);
    expect(await peers.userExists('usr_a')).toBe(true);
    expect(await peers.userExists('usr_a')).toBe(true);
    expect(await peers.userExists('usr_b')).toBe(false);
    payable.add('usr_b');
    expect(await peers.userExists('usr_b')).toBe(true);
    expect(await peers.userExists('usr_b')).toBe(true);
    expect(asked).toEqual(['usr_a', 'usr_b', 'usr_b']);
  });

  it('then a user erased is a no at once where forgotten, and everywhere else once the yes is older than KNOWN_USER_TTL_MS', async () => {
    const payable = new Set(['usr_a', 'usr_b']);
    const { peers, asked } = peersOver(payable);
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      expect(await peers.userExists('usr_a')).toBe(true);
      expect(await peers.userExists('usr_b')).toBe(true);
      payable.clear();
      // This replica handled the erasure of usr_a: it asks again at once.
      peers.forgetUser('usr_a');
      expect(await peers.userExists('usr_a')).toBe(false);
      // usr_b was erased on another replica: remembered until the TTL runs out, then asked and refused.
      clock.mockReturnValue(now + KNOWN_USER_TTL_MS - 1);
      expect(await peers.userExists('usr_b')).toBe(true);
      clock.mockReturnValue(now + KNOWN_USER_TTL_MS);
      expect(await peers.userExists('usr_b')).toBe(false);
      expect(asked).toEqual(['usr_a', 'usr_b', 'usr_a', 'usr_b']);
    } finally {
      clock.mockRestore();
    }
  });
});
