import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { buildSchema, GraphQLError } from 'graphql';
import { z } from 'zod';
import { commandRoutes, internalCommand } from '../src/internal-commands.js';
import { CommandRefusedError, InternalCallError, InternalClient } from '../src/internal-client.js';
import { createHttpServer, routeListener, type HttpServerOptions } from '../src/http.js';
import { IDENTITY_HEADER, IdentitySigner, IdentityVerifier } from '../src/identity.js';
import { AppError, errors } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { currentContext, runWithContext } from '../src/context.js';
import { localServiceFor, registerLocalService } from '../src/local-dispatch.js';
import { subgraphGraphqlHandler } from '../src/subgraph-http.js';

/**
 * Local dispatch (local-dispatch.ts): a service registered in this process answers callers here without the network,
 * and the caller cannot tell the difference. Each case runs over both transports — the registered listener, and
 * node:http on loopback with LOCAL_DISPATCH=off — and must give the same answer; the local one must open no
 * connection.
 */
const SECRET = 'local-dispatch-test-secret-0123456789abcdef';
const logger = createLogger('test', 'silent');
const verifier = new IdentityVerifier(SECRET, ['payments']);
let hang = false;
const seen: { userId: string | null; requestId?: string; correlationId?: string }[] = [];

const commands = {
  double: internalCommand({
    callers: ['payments'],
    input: z.object({ n: z.number().int() }),
    handle: async ({ n }) => {
      seen.push({ userId: currentContext().userId ?? null, requestId: currentContext().requestId, correlationId: currentContext().correlationId });
      if (hang) await new Promise((r) => setTimeout(r, 1_000));
      if (n % 2) throw errors.user('TOO_ODD', 'Odd numbers are refused');
      return { doubled: n * 2 };
    },
  }),
};
const schema = buildSchema('type Query { echo(text: String!): String! }');
const graphql = subgraphGraphqlHandler<{ userId: string | null }>({
  schema,
  logger,
  maxBodyBytes: 10_000,
  formatError: (formatted) => formatted,
  context: async (req) => {
    const identity = await verifier.verify(req.headers[IDENTITY_HEADER] as string | undefined).catch(() => null);
    if (!identity) throw new GraphQLError('Invalid service identity', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    return { userId: identity.userId };
  },
});
(schema.getQueryType()!.getFields().echo!).resolve = (_root, args: { text: string }) => args.text;

const serving: HttpServerOptions = { logger, routes: { '/graphql': graphql, ...commandRoutes({ service: 'owner', commands, verifier, logger, maxBodyBytes: 200 }) } };
const listener = routeListener(serving);
let server: http.Server;
let base = '';
let connections = 0;
let unregister: () => void;

beforeAll(async () => {
  server = createHttpServer(serving, listener);
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  unregister = registerLocalService(base, 'owner', listener);
});
afterAll(async () => {
  unregister();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  delete process.env.LOCAL_DISPATCH;
  hang = false;
  seen.length = 0;
});

const client = (issuer = 'payments', timeoutMs = 500) =>
  new InternalClient({ target: 'owner', url: `${base}/graphql`, signer: new IdentitySigner(SECRET, issuer), timeoutMs, retries: 1, retryBaseMs: 5 });

/** What a call gives back, as a comparable value: the result, or the error's class, code and message. */
const outcome = (call: () => Promise<unknown>) =>
  call().then(
    (result) => ({ result }),
    (error: unknown) => ({
      error: (error as Error).constructor.name,
      code: (error as CommandRefusedError | AppError | InternalCallError).code,
      message: (error as Error).message,
    }),
  );

/** The same call over each transport: [local, loopback HTTP], and how many connections each opened. */
async function bothWays(call: () => Promise<unknown>) {
  const before = connections;
  const local = await outcome(call);
  const localConnections = connections - before;
  process.env.LOCAL_DISPATCH = 'off';
  const http = await outcome(call);
  delete process.env.LOCAL_DISPATCH;
  return { local, http, localConnections };
}

describe('when a service calls another one that runs in the same process', () => {
  it('then it finds it by the origin of its URL, and not when local dispatch is off', () => {
    expect(localServiceFor(`${base}/graphql`)?.service).toBe('owner');
    expect(localServiceFor('http://127.0.0.1:1/graphql')).toBeUndefined();
    process.env.LOCAL_DISPATCH = 'off';
    expect(localServiceFor(`${base}/graphql`)).toBeUndefined();
  });

  it('then a command answers as over HTTP, with the identity, the user and the request ids, and opens no connection', async () => {
    const call = () => runWithContext({ requestId: 'req_1', correlationId: 'cor_1' }, () => client().command('double', { n: 21 * 2 }, { onBehalfOf: 'usr_x' }));
    const { local, http, localConnections } = await bothWays(call);
    expect(local).toEqual({ result: { doubled: 84 } });
    expect(http).toEqual(local);
    expect(localConnections).toBe(0);
    expect(seen).toEqual([
      { userId: 'usr_x', requestId: 'req_1', correlationId: 'cor_1' },
      { userId: 'usr_x', requestId: 'req_1', correlationId: 'cor_1' },
    ]);
  });

  it('then refusals, a caller not allowed, a body over the limit and a GraphQL read are the same on both transports', async () => {
    for (const call of [
      () => client().command('double', { n: 3 }),
      () => client('gateway').command('double', { n: 2 }),
      () => client().command('double', { n: 2, pad: 'x'.repeat(300) }),
      () => client().query('query($t: String!) { echo(text: $t) }', { t: 'hello' }),
      () => client().query('{ nope }'),
    ]) {
      const { local, http, localConnections } = await bothWays(call);
      expect(local).toEqual(http);
      expect(localConnections).toBe(0);
    }
    expect(((await outcome(() => client().command('double', { n: 3 }))) as { error?: string }).error).toBe(CommandRefusedError.name);
    expect(await outcome(() => client().query('query($t: String!) { echo(text: $t) }', { t: 'hello' }))).toEqual({ result: { echo: 'hello' } });
  });

  it('then an owner that does not answer in time is a transport failure: retried, then SERVICE_UNAVAILABLE', async () => {
    hang = true;
    const started = Date.now();
    const result = await outcome(() => client('payments', 100).command('double', { n: 2 }));
    expect(result).toMatchObject({ error: AppError.name, code: 'SERVICE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(900);
    expect(seen).toHaveLength(2); // the first try and one retry
  });
});
