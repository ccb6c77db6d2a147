import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { parseConfig } from '@paygraph/platform/config';
import { createLogger } from '@paygraph/platform/logger';
import { MemoryRealtimeBus } from '@paygraph/platform/realtime';
import { gatewayConfigSchema } from '../src/config.js';
import { start, type RunningGateway } from '../src/server.js';
import { fakeIssuer } from '../../test/support/fake-issuer.js';
import { bearer, connect } from '../../test/support/subscriptions.js';

/**
 * The gateway's defences in production mode on their own (issue 13): tokens from a local JWKS whose key plays the
 * users subgraph's real one, and a fake users subgraph that answers `me` and records the headers it was sent.
 */
const ISSUER = 'https://paygraph.local/users';
const bus = new MemoryRealtimeBus();
let gateway: RunningGateway;
let jwks: http.Server;
let users: http.Server;
let privateKey: CryptoKey;
let received: http.IncomingHttpHeaders[] = [];

const listen = (server: http.Server) => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const newUser = () => `usr_${randomBytes(16).toString('hex')}`;

/** A token signed with the key the gateway trusts; `iat`/`exp` in seconds from now. */
function sign(userId: string, { iat = 0, exp = 600 }: { iat?: number; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: ['USER'], scopes: [] })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience('paygraph')
    .setIssuedAt(now + iat)
    .setExpirationTime(now + exp)
    .sign(privateKey);
}

async function post(query: string, headers: Record<string, string> = {}) {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  jwks = http.createServer(fakeIssuer(jwk).handler);
  const jwksUrl = `${await listen(jwks)}/.well-known/jwks.json`;
  // The fake users. Queries select `displayName`, which only users answers: Query.me is shareable, so `me { id }`
  // alone may be planned to any subgraph that hangs fields off User.
  users = http.createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    req.on('end', () => res.setHeader('content-type', 'application/json').end(JSON.stringify({ data: { me: { id: 'usr_me', displayName: 'Me' } } })));
  });
  const usersUrl = `${await listen(users)}/graphql`;
  const config = parseConfig(gatewayConfigSchema, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    GATEWAY_PORT: '0',
    HOST: '127.0.0.1',
    INTERNAL_AUTH_SECRET: 'test-internal-secret-0123456789-abcdefghijklmnop',
    JWKS_URL: jwksUrl,
    SUBGRAPH_URLS: `users=${usersUrl},notifications=${usersUrl}`,
    REALTIME_CHANNEL_PREFIX: `test:${randomBytes(4).toString('hex')}:`,
    WS_KEEPALIVE_MS: '0',
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  gateway = await start(config, createLogger('gateway', 'silent'), { bus });
});

afterAll(async () => {
  await gateway?.stop();
  await bus.close();
  jwks?.close();
  users?.close();
});

const typenames = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `t${from + i}: __typename`).join(' ');

describe('when more root fields than the limit (20) arrive through fragments', () => {
  it('then a named fragment, an inline fragment or nested spreads on the root type are refused with QUERY_TOO_COMPLEX', async () => {
    const documents = [
      `query { ...F } fragment F on Query { ${typenames(28)} }`,
      `query { ... on Query { ${typenames(28)} } }`,
      `query { t: __typename ...A } fragment A on Query { ${typenames(10)} ...B } fragment B on Query { ... on Query { ${typenames(11, 10)} } }`,
    ];
    for (const query of documents) {
      const { status, body } = await post(query);
      expect({ query: query.slice(0, 30), status, code: body.errors?.[0]?.extensions?.code }).toEqual({ query: query.slice(0, 30), status: 400, code: 'QUERY_TOO_COMPLEX' });
    }
  });

  it('then as many as the limit, spread over fragments, still run', async () => {
    const { status, body } = await post(`query { t: __typename ...A } fragment A on Query { ${typenames(9)} ... on Query { ${typenames(10, 9)} } }`);
    expect(status).toBe(200);
    expect(Object.keys(body.data)).toHaveLength(20);
  });
});

describe('when a WebSocket client in production subscribes to a misspelt field', () => {
  it('then the validation error does not suggest the schema\'s field names', async () => {
    const conn = connect(gateway.url, bearer(await sign(newUser())));
    const sub = conn.subscribe('subscription { notificationReceive { id } }');
    await sub.ended;
    const error = sub.error()?.[0];
    expect(error?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error?.message).toContain('notificationReceive');
    expect(error?.message).not.toMatch(/did you mean|notificationReceived/i);
    await conn.dispose();
  });
});

describe('when a client sends an oversized or malformed request or correlation id', () => {
  it('then the gateway replaces it with a fresh bounded id, forwards that, and the request still works', async () => {
    const token = await sign(newUser());
    const cases: Record<string, string>[] = [
      { 'x-request-id': 'r'.repeat(201), 'x-correlation-id': 'c'.repeat(201) },
      { 'x-request-id': '<script>alert(1)</script>', 'x-correlation-id': "'; DROP TABLE outbox; --" },
      { 'x-request-id': 'x'.repeat(129) },
    ];
    const sane = /^[A-Za-z0-9._:-]{1,128}$/;
    for (const headers of cases) {
      received = [];
      const { status, headers: out, body } = await post('{ me { id displayName } }', { authorization: `Bearer ${token}`, ...headers });
      expect(status).toBe(200);
      expect(body.data).toEqual({ me: { id: 'usr_me', displayName: 'Me' } });
      const requestId = out.get('x-request-id')!;
      expect(requestId).toMatch(sane);
      expect(requestId).not.toBe(headers['x-request-id']);
      expect(received).toHaveLength(1);
      const forwarded = { requestId: received[0]!['x-request-id'], correlationId: received[0]!['x-correlation-id'] };
      expect(forwarded.requestId).toBe(requestId);
      expect(forwarded.correlationId).toMatch(sane);
      expect(forwarded.correlationId).not.toBe(headers['x-correlation-id']);
    }
  });

  it('then well-formed ids are kept as they are', async () => {
    received = [];
    const { status, headers } = await post('{ me { id displayName } }', {
      authorization: `Bearer ${await sign(newUser())}`,
      'x-request-id': 'req-1.a:b_c',
      'x-correlation-id': 'corr-2',
    });
    expect(status).toBe(200);
    expect(headers.get('x-request-id')).toBe('req-1.a:b_c');
    expect(received[0]!['x-correlation-id']).toBe('corr-2');
  });
});

describe('when a token signed with the real key claims a lifetime no access token has', () => {
  it('then HTTP refuses a far-future exp and an iat in the future with 401 UNAUTHENTICATED', async () => {
    const user = newUser();
    const bad = [
      await sign(user, { exp: 10 * 365 * 24 * 3600 }),
      await sign(user, { iat: 3600, exp: 3600 + 600 }),
    ];
    for (const token of bad) {
      const { status, body } = await post('{ me { id displayName } }', { authorization: `Bearer ${token}` });
      expect({ status, code: body.errors?.[0]?.extensions?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it('then a token of the issuer\'s lifetime, or with a little clock skew, is accepted', async () => {
    for (const token of [await sign(newUser(), { exp: 900 }), await sign(newUser(), { iat: 30, exp: 930 })]) {
      const { status } = await post('{ me { id displayName } }', { authorization: `Bearer ${token}` });
      expect(status).toBe(200);
    }
  });

  it('then the WebSocket refuses it too, with 4401', async () => {
    const conn = connect(gateway.url, bearer(await sign(newUser(), { exp: 10 * 365 * 24 * 3600 })));
    const sub = conn.subscribe('subscription { notificationReceived { id } }');
    const closed = await Promise.race([conn.closed, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
    expect(closed?.code).toBe(4401);
    sub.unsubscribe();
    await sub.ended;
    await conn.dispose();
  });
});
