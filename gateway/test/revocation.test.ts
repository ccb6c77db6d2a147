import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { parseConfig } from '@paygraph/platform/config';
import { createLogger } from '@paygraph/platform/logger';
import { IDENTITY_HEADER } from '@paygraph/platform/identity';
import { MemoryRealtimeBus } from '@paygraph/platform/realtime';
import { gatewayConfigSchema } from '../src/config.js';
import { start, type RunningGateway } from '../src/server.js';
import { fakeIssuer, type FakeIssuer } from '../../test/support/fake-issuer.js';

/**
 * The gateway's revocation list on its own (issue 13): users played by a fake issuer whose revocation list a test
 * fills, fails or heals; a fake subgraph that answers `me` and records the identity it was sent.
 */
const ISSUER = 'https://paygraph.local/users';
const bus = new MemoryRealtimeBus();
let gateway: RunningGateway;
let issuer: FakeIssuer;
let jwks: http.Server;
let users: http.Server;
let privateKey: CryptoKey;
let identities: string[] = [];

const listen = (server: http.Server) => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const newId = (prefix: string) => `${prefix}_${randomBytes(16).toString('hex')}`;

function sign(userId: string, sessionId: string, roles = ['USER']) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: sessionId, roles })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience('paygraph')
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(privateKey);
}

async function me(token?: string) {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: token ? '{ me { id displayName } }' : '{ __typename }' }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code, message: body.errors?.[0]?.message };
}

async function until(ms: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  privateKey = pair.privateKey;
  issuer = fakeIssuer({ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' });
  issuer.failing = true; // users is not up yet when the gateway starts
  jwks = http.createServer(issuer.handler);
  const jwksUrl = `${await listen(jwks)}/.well-known/jwks.json`;
  // The fake users. Queries select `displayName`, which only users answers: Query.me is shareable, so `me { id }`
  // alone may be planned to any subgraph that hangs fields off User.
  users = http.createServer((req, res) => {
    identities.push(String(req.headers[IDENTITY_HEADER]));
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
    REVOCATION_POLL_MS: '200',
  });
  gateway = await start(config, createLogger('gateway', 'silent'), { bus });
});

afterAll(async () => {
  await gateway?.stop();
  await bus.close();
  jwks?.close();
  users?.close();
});

describe('when the gateway has never heard from the revocation list', () => {
  it('then a signed-in request is SERVICE_UNAVAILABLE (503), an anonymous one runs, /_readiness is 503; once users answers, all are 200', async () => {
    const token = await sign(newId('usr'), newId('ses'));
    const readiness = async () => (await fetch(new URL('/_readiness', gateway.url))).status;
    expect(await me(token)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(await me()).toMatchObject({ status: 200 });
    expect(await readiness()).toBe(503);
    issuer.failing = false;
    await until(2_000, async () => (await me(token)).status === 200);
    expect(await readiness()).toBe(200);
  });
});

describe('when users revokes a session', () => {
  it('then a token the gateway already verified (and remembers) is refused with 401 within a poll; another session is not', async () => {
    const userId = newId('usr');
    const [ended, kept] = [newId('ses'), newId('ses')];
    const [endedToken, keptToken] = [await sign(userId, ended), await sign(userId, kept)];
    expect((await me(endedToken)).status).toBe(200);

    issuer.revokeSession(ended);
    await until(2_000, async () => (await me(endedToken)).status === 401);
    expect(await me(endedToken)).toEqual({ status: 401, code: 'UNAUTHENTICATED', message: 'Session has ended' });
    expect((await me(keptToken)).status).toBe(200);
  });

  it('then, should the list stop answering, what it said still holds and other tokens still work (no sign-out of everyone)', async () => {
    const userId = newId('usr');
    const ended = newId('ses');
    const token = await sign(userId, ended);
    issuer.revokeSession(ended);
    await until(2_000, async () => (await me(token)).status === 401);

    issuer.failing = true;
    const polls = issuer.polls;
    await until(2_000, async () => issuer.polls >= polls + 2);
    expect((await me(token)).status).toBe(401);
    expect((await me(await sign(newId('usr'), newId('ses')))).status).toBe(200);
    issuer.failing = false;
  });
});

describe('when users changes a user\'s roles', () => {
  it('then the identity forwarded to subgraphs carries the roles the user has now, not those in the token', async () => {
    const userId = newId('usr');
    const token = await sign(userId, newId('ses'), ['USER', 'ADMIN']);
    const forwardedRoles = async () => {
      identities = [];
      expect((await me(token)).status).toBe(200);
      return decodeJwt(identities[0]!).roles;
    };
    expect(await forwardedRoles()).toEqual(['USER', 'ADMIN']);
    issuer.changeRoles(userId, ['USER']);
    await until(2_000, async () => JSON.stringify(await forwardedRoles()) === '["USER"]');
  });
});
