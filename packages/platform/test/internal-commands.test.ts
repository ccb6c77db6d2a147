import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { commandRoutes, internalCommand } from '../src/internal-commands.js';
import { CommandRefusedError, InternalClient } from '../src/internal-client.js';
import { createHttpServer } from '../src/http.js';
import { IDENTITY_HEADER, IdentitySigner, IdentityVerifier } from '../src/identity.js';
import { AppError, errors } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { currentContext } from '../src/context.js';

/**
 * Internal commands end to end: a real node:http server with the command routes, the real client, the real signed
 * identity. The command here records what it was called with and answers as each test asks.
 */
const SECRET = 'internal-commands-test-secret-0123456789abcdef';
let answer: 'ok' | 'refuse' | 'crash' = 'ok';
let handled: { input: unknown; issuer: string; userId: string | null }[] = [];
let failNextRequests = 0;

const commands = {
  double: internalCommand({
    callers: ['payments'],
    input: z.object({ n: z.number().int() }),
    handle: async ({ n }, identity) => {
      handled.push({ input: { n }, issuer: identity.issuer, userId: currentContext().userId ?? null });
      if (answer === 'refuse') throw errors.user('TOO_ODD', 'Odd numbers are refused');
      if (answer === 'crash') throw new Error('a bug');
      return { doubled: n * 2 };
    },
  }),
};
const logger = createLogger('test', 'silent');
const routes = commandRoutes({ service: 'owner', commands, verifier: new IdentityVerifier(SECRET, ['payments', 'gateway']), logger, maxBodyBytes: 200 });
let server: http.Server;
let base = '';

beforeAll(async () => {
  const flaky = routes['/_internal/double']!;
  server = createHttpServer({
    logger,
    routes: {
      ...routes,
      // Transport failures on demand: the connection is dropped before any answer.
      '/_internal/double': (req, res) => {
        if (failNextRequests > 0) {
          failNextRequests--;
          req.socket.destroy();
          return;
        }
        return flaky(req, res);
      },
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  answer = 'ok';
  handled = [];
  failNextRequests = 0;
});

const client = (issuer = 'payments') =>
  new InternalClient({ target: 'owner', url: `${base}/graphql`, signer: new IdentitySigner(SECRET, issuer), timeoutMs: 500, retries: 2, retryBaseMs: 5 });
const raw = async (body: string, headers: Record<string, string> = {}) => {
  const token = await new IdentitySigner(SECRET, 'payments').sign({ userId: null, roles: [], scopes: ['internal'] });
  const res = await fetch(`${base}/_internal/double`, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: token, ...headers }, body });
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('when a service calls another service\'s command', () => {
  it('then the input arrives parsed with the caller\'s identity and the user it acts for, and the result comes back', async () => {
    await expect(client().command('double', { n: 21 }, { onBehalfOf: 'usr_x' })).resolves.toEqual({ doubled: 42 });
    expect(handled).toEqual([{ input: { n: 21 }, issuer: 'payments', userId: 'usr_x' }]);
  });

  it('then a business refusal is a CommandRefusedError with its code, and is not retried', async () => {
    answer = 'refuse';
    const error = await client().command('double', { n: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandRefusedError);
    expect((error as CommandRefusedError).code).toBe('TOO_ODD');
    expect(handled).toHaveLength(1);
  });

  it('then a dropped connection is retried (commands are idempotent), and an owner that keeps failing is SERVICE_UNAVAILABLE', async () => {
    failNextRequests = 2;
    await expect(client().command('double', { n: 1 })).resolves.toEqual({ doubled: 2 });
    expect(handled).toHaveLength(1);

    failNextRequests = 10;
    const error = await client().command('double', { n: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('then a bug in the owner is a 500 without details, retried as a transport failure', async () => {
    answer = 'crash';
    expect(await raw('{"n":1}')).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'Internal error' } } });
    const error = await client().command('double', { n: 1 }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('SERVICE_UNAVAILABLE');
    expect(handled.length).toBe(4); // the raw call, then the client's first try and its two retries
  });
});

describe('when a command is called wrongly', () => {
  it('then a caller the command does not name is 403, without running it', async () => {
    const error = await client('gateway').command('double', { n: 1 }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('SERVICE_UNAVAILABLE');
    expect(String((error as Error).message)).toContain('refused');
    expect(handled).toEqual([]);
  });

  it('then no identity, or a forged one, is 401', async () => {
    const res = await fetch(`${base}/_internal/double`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
    expect(res.status).toBe(401);
    expect((await raw('{"n":1}', { [IDENTITY_HEADER]: 'not-a-token' })).status).toBe(401);
    expect(handled).toEqual([]);
  });

  it('then input that is not JSON or not of the command\'s shape is 400, and a body over the limit 413', async () => {
    expect((await raw('{nope')).status).toBe(400);
    expect((await raw('{"n":"1"}')).status).toBe(400);
    expect((await raw(JSON.stringify({ n: 1, pad: 'x'.repeat(300) }))).status).toBe(413);
    expect(handled).toEqual([]);
  });

  it('then GET is 405', async () => {
    expect((await fetch(`${base}/_internal/double`)).status).toBe(405);
  });
});
