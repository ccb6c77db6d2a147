import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { errors, formatErrorFor, UserErrors } from '../src/errors.js';
import { createHttpServer, graphqlHandler, listen, type RouteHandler } from '../src/http.js';
import { createLogger } from '../src/logger.js';
import { subgraphGraphqlHandler } from '../src/subgraph-http.js';

/**
 * The subgraphs answer GraphQL without Apollo Server's request pipeline (subgraph-http.ts). The gateway and every
 * client must not see the difference: the same requests go to Apollo Server (as the subgraphs ran until then) and to
 * the lean handler, on one schema, and must get the same status and the same body — answers, resolver errors of every
 * kind, and each way a request can be malformed.
 */
const typeDefs = parse(`#graphql
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query {
    me: User
    user(id: ID!): User
    users(first: Int!): [User!]!
    boom: String
    denied: String
    invalid: String
    several: String
    nonNull: String!
    maybeUsers(first: Int = 2): [User]
  }
  type Mutation { rename(id: ID!, name: String!): User }
  type User @key(fields: "id") { id: ID! name: String! flaky: String strict: String! later: String }
`);

const people = new Map([
  ['u1', { id: 'u1', name: 'Ada' }],
  ['u2', { id: 'u2', name: 'Grace' }],
]);
interface Ctx {
  userId: string | null;
}
const resolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: Ctx) => (ctx.userId ? people.get(ctx.userId) : null),
    user: (_: unknown, args: { id: string }) => people.get(args.id) ?? null,
    users: (_: unknown, args: { first: number }) => [...people.values()].slice(0, args.first),
    boom: () => {
      throw new Error('database password is hunter2');
    },
    denied: () => {
      throw errors.forbidden('Not your wallet');
    },
    invalid: () => {
      throw new UserErrors([{ code: 'INVALID_AMOUNT', field: ['amount'], message: 'Amount must be positive' }]);
    },
    several: () => {
      throw new GraphQLError('Custom', { extensions: { code: 'SOMETHING', detail: 1 } });
    },
    nonNull: () => null,
    maybeUsers: (_: unknown, args: { first: number }) => [...people.values()].slice(0, args.first),
  },
  Mutation: {
    rename: (_: unknown, args: { id: string; name: string }) => ({ id: args.id, name: args.name }),
  },
  User: {
    __resolveReference: (ref: { id: string }) => people.get(ref.id) ?? null,
    // Per row: an error in one row of a list, a null in a non-null field of one row, an async value.
    flaky: (u: { id: string }) => {
      if (u.id === 'u2') throw errors.forbidden('Not this one');
      return `ok ${u.id}`;
    },
    strict: (u: { id: string; name: string }) => (u.id === 'u2' ? null : u.name),
    later: async (u: { id: string; name: string }) => {
      await new Promise((r) => setImmediate(r));
      return u.name.toUpperCase();
    },
  },
};

const logger = createLogger('test', 'silent');
const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
const contextOf = async (req: http.IncomingMessage): Promise<Ctx> => {
  const who = req.headers['x-test-user'];
  if (who === 'forged') throw new GraphQLError('Invalid service identity', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  if (who === 'crash') throw new Error('pool exhausted');
  return { userId: typeof who === 'string' ? who : null };
};

let apollo: ApolloServer<Ctx>;
const servers: http.Server[] = [];
let apolloUrl: string;
let leanUrl: string;

async function serve(handler: RouteHandler): Promise<string> {
  const server = createHttpServer({ logger, routes: { '/graphql': handler } });
  servers.push(server);
  const port = await listen(server, 0, '127.0.0.1');
  return `http://127.0.0.1:${port}/graphql`;
}

beforeAll(async () => {
  apollo = new ApolloServer<Ctx>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    formatError: formatErrorFor(logger),
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  apolloUrl = await serve(graphqlHandler({ apollo, logger, maxBodyBytes: 10_000, context: contextOf }));
  leanUrl = await serve(subgraphGraphqlHandler({ schema, logger, maxBodyBytes: 10_000, formatError: formatErrorFor(logger), context: contextOf }));
});

afterAll(async () => {
  await apollo.stop();
  for (const s of servers) await new Promise((r) => s.close(r));
});

interface Sent {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
}

async function send(url: string, { method = 'POST', body, headers = {} }: Sent) {
  const res = await fetch(url, { method, body, headers: { 'content-type': 'application/json', ...headers } });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  // requestId is random per request and masked errors carry it: compare its presence, not its value.
  const normalised = JSON.parse(JSON.stringify(json), (key, value) => (key === 'requestId' && typeof value === 'string' ? '<id>' : value));
  return { status: res.status, body: normalised, contentType: res.headers.get('content-type') };
}

const post = (payload: unknown, headers?: Record<string, string>): Sent => ({ body: JSON.stringify(payload), headers });

const CASES: [string, Sent][] = [
  ['an answer', post({ query: '{ me { id name } }' }, { 'x-test-user': 'u1' })],
  ['variables and an operation name', post({ query: 'query A($id: ID!) { user(id: $id) { name } } query B { users(first: 1) { id } }', operationName: 'A', variables: { id: 'u2' } })],
  ['a mutation', post({ query: 'mutation { rename(id: "u1", name: "Lovelace") { id name } }' })],
  ['entities', post({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { name } } }', variables: { r: [{ __typename: 'User', id: 'u2' }, { __typename: 'User', id: 'nobody' }] } })],
  ['the service SDL', post({ query: '{ _service { sdl } }' })],
  ['introspection', post({ query: '{ __schema { queryType { name } } __type(name: "User") { fields { name } } }' })],
  ['an unexpected resolver error (masked)', post({ query: '{ boom me { id } }', variables: {} }, { 'x-test-user': 'u1' })],
  ['an AppError', post({ query: '{ denied }' })],
  ['UserErrors', post({ query: '{ invalid }' })],
  ['a GraphQLError with its own code', post({ query: '{ several }' })],
  ['null in a non-null field', post({ query: '{ nonNull me { id } }' })],
  ['an error in one row of a list', post({ query: '{ users(first: 2) { id flaky later } }' })],
  ['a null in a non-null field of one row (the non-null list is lost)', post({ query: '{ users(first: 2) { id strict } me { id } }' }, { 'x-test-user': 'u1' })],
  ['a null in a non-null field of one row (the nullable row is lost)', post({ query: '{ maybeUsers { id strict } }' })],
  ['fragments, aliases, skip and include with variables and defaults', post({
    query: 'query($no: Boolean = true, $yes: Boolean!) { a: users(first: 1) { ...F } b: maybeUsers { id name @skip(if: $no) later @include(if: $yes) } } fragment F on User { id name }',
    variables: { yes: true },
  })],
  ['a variable inside a literal (graphql-js runs it)', post({ query: 'query($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { id name } } }', variables: { id: 'u2' } })],
  ['entities with an error in one of them', post({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id flaky } } }', variables: { r: [{ __typename: 'User', id: 'u1' }, { __typename: 'User', id: 'u2' }] } })],
  ['a syntax error', post({ query: '{ me { id ' })],
  ['a validation error', post({ query: '{ me { id password } nope }' })],
  ['an unknown operation name', post({ query: 'query A { me { id } }', operationName: 'B' })],
  ['several operations without a name', post({ query: 'query A { me { id } } query B { me { id } }' })],
  ['a variable of the wrong type', post({ query: 'query($n: Int!) { users(first: $n) { id } }', variables: { n: 'three' } })],
  ['a missing required variable', post({ query: 'query($n: Int!) { users(first: $n) { id } }' })],
  ['forged identity', post({ query: '{ me { id } }' }, { 'x-test-user': 'forged' })],
  ['a failing context', post({ query: '{ me { id } }' }, { 'x-test-user': 'crash' })],
  ['no query', post({ variables: {} })],
  ['an empty body object', post({})],
  ['a batch', post([{ query: '{ me { id } }' }])],
  ['a query that is not a string', post({ query: 42 })],
  ['variables as a string', post({ query: '{ me { id } }', variables: '{}' })],
  ['variables as an array', post({ query: '{ me { id } }', variables: [1] })],
  ['extensions as a number', post({ query: '{ me { id } }', extensions: 1 })],
  ['operationName as a number', post({ query: '{ me { id } }', operationName: 7 })],
  ['a JSON string body', post('{ me { id } }')],
  ['invalid JSON', { body: '{"query": ' }],
  ['a body over the limit', post({ query: `{ me { id } } #${'x'.repeat(20_000)}` })],
  ['a wrong content type', { body: '{ me { id } }', headers: { 'content-type': 'text/plain' } }],
];

describe('the subgraphs’ lean GraphQL handler answers as Apollo Server did', () => {
  it.each(CASES)('%s', async (_name, request) => {
    const [expected, actual] = [await send(apolloUrl, request), await send(leanUrl, request)];
    expect(actual.status).toBe(expected.status);
    expect(actual.body).toEqual(expected.body);
    expect(actual.contentType).toBe(expected.contentType);
  });

  it('serves a repeated query from its parsed document and still applies each request’s variables', async () => {
    const query = 'query($id: ID!) { user(id: $id) { name } }';
    for (const [id, name] of [['u1', 'Ada'], ['u2', 'Grace'], ['u1', 'Ada']] as const) {
      const { body } = await send(leanUrl, post({ query, variables: { id } }));
      expect(body).toEqual({ data: { user: { name } } });
    }
  });

  it('refuses a forged identity before parsing anything', async () => {
    const { status, body } = await send(leanUrl, post({ query: '{ this is not graphql' }, { 'x-test-user': 'forged' }));
    expect(status).toBe(401);
    expect(body).toEqual({ errors: [{ message: 'Invalid service identity', extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('answers a GET with 405: the gateway only POSTs', async () => {
    const { status, body } = await send(leanUrl, { method: 'GET' });
    expect(status).toBe(405);
    expect(body).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });
});
