import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, validate } from 'graphql';
import { FUNDING_INSTRUMENT, FX_QUOTE, InternalPeers, USD_EQUIVALENT, USER_BY_EMAIL, USER_BY_ID, WALLET } from '../src/adapters/peers.js';

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

describe('when payments asks whether a user exists', () => {
  it('then a user found is remembered (users are never deleted), and a user not found is asked for again', async () => {
    const asked: string[] = [];
    const registered = new Set(['usr_a']);
    const users = {
      query: async <T>(_doc: string, variables: Record<string, unknown>): Promise<T> => {
        const id = (variables.reps as { id: string }[])[0]!.id;
        asked.push(id);
        return { _entities: [registered.has(id) ? { id } : null] } as T;
      },
    };
    const unused = { query: async () => Promise.reject(new Error('not expected')), command: async () => Promise.reject(new Error('not expected')) };
    const peers = new InternalPeers(users, unused, unused);
    expect(await peers.userExists('usr_a')).toBe(true);
    expect(await peers.userExists('usr_a')).toBe(true);
    expect(await peers.userExists('usr_b')).toBe(false);
    registered.add('usr_b');
    expect(await peers.userExists('usr_b')).toBe(true);
    expect(await peers.userExists('usr_b')).toBe(true);
    expect(asked).toEqual(['usr_a', 'usr_b', 'usr_b']);
  });
});
