import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CircuitBreaker, InternalCallError, InternalClient } from '../src/internal-client.js';
import { IDENTITY_HEADER, IdentitySigner, IdentityVerifier, type Identity } from '../src/identity.js';
import { AppError } from '../src/errors.js';

/**
 * A real HTTP owner whose behaviour each test sets: answer, fail with 500, hang, or answer with a GraphQL error.
 */
const SECRET = 'internal-client-test-secret-0123456789abcdef';
let mode: 'ok' | 'error500' | 'hang' | 'graphqlError' = 'ok';
let calls = 0;
let lastIdentity: Identity | null = null;
const verifier = new IdentityVerifier(SECRET, ['payments']);
const server = http.createServer(async (req, res) => {
  calls++;
  for await (const _ of req) void _;
  lastIdentity = await verifier.verify(req.headers[IDENTITY_HEADER] as string).catch(() => null);
  if (mode === 'hang') return; // never answers
  if (mode === 'error500') {
    res.writeHead(500).end('boom');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  if (mode === 'graphqlError') res.end(JSON.stringify({ errors: [{ message: 'nope', extensions: { code: 'NOT_FOUND' } }] }));
  else res.end(JSON.stringify({ data: { ok: true } }));
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  mode = 'ok';
  calls = 0;
  lastIdentity = null;
});

const client = (over: Partial<ConstructorParameters<typeof InternalClient>[0]> = {}) =>
  new InternalClient({ target: 'accounts', url, signer: new IdentitySigner(SECRET, 'payments'), timeoutMs: 300, retries: 2, retryBaseMs: 5, ...over });

describe('when a service reads from another service', () => {
  it('then the call carries its own signed identity and the user it acts for', async () => {
    await expect(client().query('{ ok }', {}, { onBehalfOf: 'usr_x' })).resolves.toEqual({ ok: true });
    expect(lastIdentity).toMatchObject({ issuer: 'payments', userId: 'usr_x', scopes: ['internal'] });
  });

  it('then a transport failure of a query is retried, and then reported as SERVICE_UNAVAILABLE', async () => {
    mode = 'error500';
    const error = await client().query('{ ok }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('SERVICE_UNAVAILABLE');
    expect(calls).toBe(3);
  });

  it('then a mutation is never retried', async () => {
    mode = 'error500';
    await expect(client().mutate('mutation { ok }')).rejects.toBeInstanceOf(AppError);
    expect(calls).toBe(1);
  });

  it('then a hung owner costs at most the timeout per attempt', async () => {
    mode = 'hang';
    const started = Date.now();
    await expect(client({ retries: 0 }).query('{ ok }')).rejects.toBeInstanceOf(AppError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('then an answer with GraphQL errors is the owner speaking: no retry, the errors are passed on', async () => {
    mode = 'graphqlError';
    const error = await client().query('{ ok }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalCallError);
    expect((error as InternalCallError).code).toBe('NOT_FOUND');
    expect(calls).toBe(1);
  });

  it('then after repeated failures the breaker opens and calls fail fast without reaching the owner', async () => {
    mode = 'error500';
    const c = client({ retries: 0, breaker: { failureThreshold: 3, openMs: 60_000 } });
    for (let i = 0; i < 3; i++) await c.query('{ ok }').catch(() => {});
    expect(calls).toBe(3);
    mode = 'ok';
    await expect(c.query('{ ok }')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(calls).toBe(3);
  });
});

describe('when the breaker has been open for its whole interval', () => {
  it('then one trial call goes through; success closes it, failure reopens it', () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 1_000, () => now);
    breaker.failure();
    breaker.failure();
    expect(breaker.current).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now = 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // only one trial
    breaker.failure();
    expect(breaker.current).toBe('open');
    now = 2_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.success();
    expect(breaker.current).toBe('closed');
  });
});
