import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, validate } from 'graphql';
import { FUNDING_INSTRUMENT, FX_QUOTE, LIMITS, USD_EQUIVALENT, USER_BY_EMAIL, USER_BY_ID, WALLET } from '../src/services/peers.js';

/**
 * The internal reads payments sends, checked against the owners' own SDL: a renamed field or argument in users,
 * accounts or wallets fails here, before any stack runs (the wallets tests elsewhere use a double of that contract).
 */
const subgraphSchema = (name: string) =>
  buildSubgraphSchema({ typeDefs: parse(readFileSync(new URL(`../../${name}/schema.graphql`, import.meta.url), 'utf8')) });

const owners = {
  users: [USER_BY_EMAIL, USER_BY_ID],
  accounts: [LIMITS, FUNDING_INSTRUMENT],
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
