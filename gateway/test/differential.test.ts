import { splitScopes } from '../src/scopes.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Kind, OperationTypeNode, parse, print, typeFromAST, type GraphQLInputType, type OperationDefinitionNode } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { PaygraphGateway } from '../src/execution/gateway.js';
import { subgraphCaller } from '../src/execution/subgraph-client.js';
import { madeUpValue, startMockSubgraph, type MockOptions, type MockSubgraph } from './support/mock-subgraph.js';
import { SHOP_QUERIES, SHOP_SUBGRAPHS } from './support/shop.js';

/**
 * Paygraph's executor against @apollo/gateway's (`executeQueryPlan`, through ApolloGateway's own executor) on the
 * same plans and the same subgraph answers: `data` must be byte-identical (JSON, key order included), `errors` and
 * `extensions` equal. The subgraphs are deterministic mocks (support/mock-subgraph.ts) that also answer with nulls
 * and errors, for Paygraph's supergraph with the registered operations, and for a shop graph of four subgraphs
 * with hand-made queries (entities across subgraphs, lists, @requires, @provides, interfaces, unions, aliases,
 * fragments, variables, @skip/@include).
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

interface Pair {
  stock: ApolloServer;
  paygraph: ApolloServer;
  mocks: MockSubgraph[];
  close(): Promise<void>;
}

async function pairFor(supergraphSdl: string, sdlOf: (name: string) => string, options: MockOptions): Promise<Pair> {
  const names = [...Supergraph.build(supergraphSdl).subgraphs()].map((s) => s.name);
  const mocks = await Promise.all(names.map((name) => startMockSubgraph(name, sdlOf(name), options)));
  const pair = await pairWith(supergraphSdl, Object.fromEntries(mocks.map((m) => [m.name, m.url])));
  return {
    ...pair,
    mocks,
    close: async () => {
      await pair.close();
      await Promise.all(mocks.map((m) => m.close()));
    },
  };
}

/** Apollo Server on the stock gateway, and on Paygraph's, both fetching from `urls`. */
async function pairWith(supergraphSdl: string, urls: Record<string, string>): Promise<Pair> {
  const stockGateway = () =>
    new ApolloGateway({ supergraphSdl, buildService: ({ name }) => new RemoteGraphQLDataSource({ url: urls[name], fetcher: fetch as never }) });
  const serverOptions = { includeStacktraceInErrorResponses: false, stopOnTerminationSignals: false } as const;
  const stock = new ApolloServer({ gateway: stockGateway(), ...serverOptions });
  const caller = subgraphCaller<object>(urls, () => ({}));
  const paygraph = new ApolloServer({ gateway: new PaygraphGateway(stockGateway(), supergraphSdl, caller.call), ...serverOptions });
  await Promise.all([stock.start(), paygraph.start()]);
  return {
    stock,
    paygraph,
    mocks: [],
    close: async () => {
      await Promise.all([stock.stop(), paygraph.stop()]);
      caller.close();
    },
  };
}

interface Outcome {
  data: string | undefined;
  errors: unknown;
  extensions: unknown;
}

async function runOn(server: ApolloServer, query: string, variables: Record<string, unknown> | undefined, operationName?: string): Promise<Outcome> {
  const response = await server.executeOperation({ query, variables, operationName });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors, extensions } = response.body.singleResult;
  return { data: JSON.stringify(data), errors, extensions };
}

const tally = { compared: 0, withErrors: 0, withNulls: 0 };

async function expectSame(pair: Pair, query: string, variables?: Record<string, unknown>, operationName?: string) {
  const stock = await runOn(pair.stock, query, variables, operationName);
  const paygraph = await runOn(pair.paygraph, query, variables, operationName);
  tally.compared++;
  if (stock.errors || stock.extensions) tally.withErrors++;
  if (stock.data?.includes('null')) tally.withNulls++;
  expect(paygraph.data).toBe(stock.data);
  expect(paygraph.errors).toEqual(stock.errors);
  expect(paygraph.extensions).toEqual(stock.extensions);
}

describe('when the same operations run through Paygraph’s executor and @apollo/gateway’s', () => {
  afterAll(() => {
    // Guards against a suite that compares nothing interesting.
    expect(tally.withErrors).toBeGreaterThan(3);
    expect(tally.withNulls).toBeGreaterThan(3);
  });

  describe('on Paygraph’s supergraph with the registered operations', () => {
    // As the gateway serves it: @requiresScopes read off (the gateway enforces it; the planners refuse it).
    const supergraphSdl = splitScopes(readFileSync(path.join(root, 'schema', 'supergraph.graphql'), 'utf8')).plannable;
    const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
    const operations: { file: string; name: string; text: string; variables: (salt: string) => Record<string, unknown> }[] = [];
    const sources = { 'schema/operations': path.join(root, 'schema', 'operations'), 'shared/operations': path.join(root, '..', 'shared', 'operations') };
    for (const [label, dir] of Object.entries(sources)) {
      let files: string[] = [];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
      } catch {
        continue;
      }
      for (const file of files) {
        const document = parse(readFileSync(path.join(dir, file), 'utf8'));
        const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
        for (const def of document.definitions) {
          if (def.kind !== Kind.OPERATION_DEFINITION || def.operation === OperationTypeNode.SUBSCRIPTION || !def.name) continue;
          const op = def as OperationDefinitionNode;
          operations.push({
            file: `${label}/${file}`,
            name: op.name!.value,
            text: print({ kind: Kind.DOCUMENT, definitions: [op, ...fragments] }),
            variables: (salt) =>
              Object.fromEntries(
                (op.variableDefinitions ?? []).map((v) => [v.variable.name.value, madeUpValue(typeFromAST(apiSchema, v.type as never) as GraphQLInputType, `${salt}-${v.variable.name.value}`)]),
              ),
          });
        }
      }
    }
    let pair: Pair;
    beforeAll(async () => {
      pair = await pairFor(supergraphSdl, (name) => readFileSync(path.join(root, 'schema', `${name}.graphql`), 'utf8'), { errorEvery: 17, nullEvery: 5 });
    });
    afterAll(() => pair?.close());

    it('then there are operations to compare', () => {
      expect(operations.length).toBeGreaterThan(10);
    });

    it.each(operations.map((o) => [`${o.file} ${o.name}`, o] as const))('then %s answers the same', async (_label, op) => {
      for (const salt of ['a', 'b', 'c', 'd']) await expectSame(pair, op.text, op.variables(salt), op.name);
    });
  });

  describe('when subgraphs answer badly (canned answers)', () => {
    // `a` owns items, `b` adds a field to them; each case sets what the two answer.
    const A = `${LINK}
      type Query { item: Item items: [Item!]! }
      enum Kind { BIG SMALL }
      type Item @key(fields: "id") { id: ID! count: Int kind: Kind name: String! tags: [String!] }`;
    const B = `${LINK}
      type Item @key(fields: "id") { id: ID! extra: Extra! note: String }
      type Extra { size: Int! label: String }`;
    type Canned = (query: string, variables: Record<string, unknown>) => { status?: number; type?: string; body: unknown };
    let answers: Record<string, Canned> = {};
    let servers: http.Server[] = [];
    let pair: Pair;
    beforeAll(async () => {
      const urls: Record<string, string> = {};
      for (const name of ['a', 'b']) {
        const server = http.createServer((req, res) => {
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => {
            const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            const answer = answers[name]!(query, variables ?? {});
            res.writeHead(answer.status ?? 200, { 'content-type': answer.type ?? 'application/json' });
            res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
          });
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        servers.push(server);
        urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      }
      const composed = composeServices([
        { name: 'a', typeDefs: parse(A), url: urls.a },
        { name: 'b', typeDefs: parse(B), url: urls.b },
      ]);
      if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
      pair = await pairWith(composed.supergraphSdl, urls);
    });
    afterAll(async () => {
      await pair?.close();
      for (const s of servers) {
        s.closeAllConnections();
        s.close();
      }
    });
    const entities = (variables: Record<string, unknown>) => (variables.representations as { id: string }[]) ?? [];
    const cases: { name: string; query: string; a: Canned; b?: Canned }[] = [
      { name: 'a leaf of the wrong type', query: '{ item { id count kind } }', a: () => ({ body: { data: { item: { id: '1', count: 'many', kind: 'HUGE' } } } }) },
      { name: 'a float where an Int belongs, a number for an ID', query: '{ items { id count } }', a: () => ({ body: { data: { items: [{ id: 7, count: 1.5 }, { id: '8', count: 2 }] } } }) },
      { name: 'an unknown __typename', query: '{ item { __typename id } }', a: () => ({ body: { data: { item: { __typename: 'Nope', id: '1' } } } }) },
      { name: 'null for a non-null field, bubbling to the nullable parent', query: '{ item { id name } }', a: () => ({ body: { data: { item: { id: '1', name: null } } } }) },
      { name: 'null in a list of non-null items', query: '{ items { id name } }', a: () => ({ body: { data: { items: [{ id: '1', name: 'x' }, null] } } }) },
      { name: 'fields nobody asked for, and a missing one', query: '{ item { id } items { id tags } }', a: () => ({ body: { data: { item: { id: '1', secret: 's' }, items: [{ id: '2', secret: 1 }] } } }) },
      { name: 'an error with a path and a code', query: '{ item { id name } }', a: () => ({ body: { data: { item: null }, errors: [{ message: 'nope', path: ['item'], extensions: { code: 'FORBIDDEN' } }] } }) },
      { name: 'an error without message or extensions', query: '{ item { id } }', a: () => ({ body: { data: null, errors: [{ message: '' }] } }) },
      { name: 'HTTP 500 with a JSON body', query: '{ item { id } }', a: () => ({ status: 500, body: { errors: [{ message: 'boom' }] } }) },
      { name: 'HTTP 401 with a text body', query: '{ item { id } }', a: () => ({ status: 401, type: 'text/plain', body: 'go away' }) },
      { name: 'HTTP 200 that is not JSON', query: '{ item { id } }', a: () => ({ type: 'text/html', body: '<html>' }) },
      {
        name: 'entity errors mapped to the entity paths, and a null entity',
        query: '{ items { id name extra { size label } note } }',
        a: () => ({ body: { data: { items: [{ __typename: 'Item', id: '1', name: 'one' }, { __typename: 'Item', id: '2', name: 'two' }, { __typename: 'Item', id: '3', name: 'three' }] } } }),
        b: (_q, v) => ({
          body: {
            data: { _entities: entities(v).map((r, i) => (i === 0 ? null : i === 1 ? { extra: null, note: 'n' } : { extra: { size: 3, label: null }, note: r.id })) },
            errors: [
              { message: 'gone', path: ['_entities', 0] },
              { message: 'no extra', path: ['_entities', 1, 'extra'], extensions: { code: 'NOT_FOUND', detail: 1 } },
            ],
          },
        }),
      },
      {
        name: 'the same entity many times: sent once by Paygraph, its answer and errors on every occurrence',
        query: '{ items { id extra { size } note } item { id note } }',
        a: () => ({
          body: {
            data: {
              items: ['1', '2', '1', '3', '1', '2'].map((id) => ({ __typename: 'Item', id })),
              item: { __typename: 'Item', id: '2' },
            },
          },
        }),
        b: (_q, v) => {
          const reps = entities(v);
          return {
            body: {
              data: { _entities: reps.map((r) => (r.id === '1' ? { extra: null, note: 'one' } : { extra: { size: Number(r.id) }, note: `n${r.id}` })) },
              errors: reps.flatMap((r, i) => (r.id === '1' ? [{ message: 'no extra for 1', path: ['_entities', i, 'extra'] }] : [])),
            },
          };
        },
      },
      {
        name: 'the wrong number of entities',
        query: '{ items { id note } }',
        a: () => ({ body: { data: { items: [{ __typename: 'Item', id: '1' }, { __typename: 'Item', id: '2' }] } } }),
        b: () => ({ body: { data: { _entities: [{ note: 'only one' }] } } }),
      },
      {
        name: '_entities missing',
        query: '{ item { id note } }',
        a: () => ({ body: { data: { item: { __typename: 'Item', id: '1' } } } }),
        b: () => ({ body: { data: {} } }),
      },
      {
        name: 'an entity fetch that fails at HTTP, the other fields kept',
        query: '{ items { id name note } }',
        a: () => ({ body: { data: { items: [{ __typename: 'Item', id: '1', name: 'one' }] } } }),
        b: () => ({ status: 503, type: 'text/plain', body: 'unavailable' }),
      },
    ];
    it.each(cases.map((c) => [c.name, c] as const))('then "%s" gives the same response', async (_name, c) => {
      answers = { a: c.a, b: c.b ?? (() => ({ body: { data: null } })) };
      await expectSame(pair, c.query);
    });
  });

  describe('on a shop graph of four subgraphs with hand-made queries', () => {
    const composed = composeServices(SHOP_SUBGRAPHS.map((s) => ({ name: s.name, typeDefs: parse(s.sdl), url: `http://${s.name}.invalid/graphql` })));
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    const supergraphSdl = composed.supergraphSdl;
    let clean: Pair;
    let faulty: Pair;
    beforeAll(async () => {
      const sdlOf = (name: string) => SHOP_SUBGRAPHS.find((s) => s.name === name)!.sdl;
      clean = await pairFor(supergraphSdl, sdlOf, { maxList: 3 });
      faulty = await pairFor(supergraphSdl, sdlOf, { maxList: 4, errorEvery: 9, nullEvery: 4 });
    });
    afterAll(async () => {
      await clean?.close();
      await faulty?.close();
    });

    it.each(SHOP_QUERIES.map((q) => [q.name, q] as const))('then "%s" answers the same, with and without failing subgraphs', async (_name, q) => {
      for (const variables of q.variables ?? [undefined]) {
        await expectSame(clean, q.query, variables);
        await expectSame(faulty, q.query, variables);
      }
    });

    it('then the subgraphs were really asked', () => {
      expect(clean.mocks.every((m) => m.requests > 0)).toBe(true);
    });
  });
});
