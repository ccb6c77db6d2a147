import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import WebSocket from 'ws';
import { parseConfig } from '@paygraph/platform/config';
import { createLogger } from '@paygraph/platform/logger';
import { MemoryRealtimeBus, userChannel, type RealtimeMessage } from '@paygraph/platform/realtime';
import { gatewayConfigSchema } from '../src/config.js';
import { start, type RunningGateway } from '../src/server.js';
import { fakeIssuer } from '../../test/support/fake-issuer.js';
import { activeSubscriptions, bearer, connect, untilSubscribed } from '../../test/support/subscriptions.js';

/**
 * The gateway's WebSocket side on its own: tokens from a local JWKS, the subscription owner (notifications) played by
 * a small HTTP server answering `_subscription`, events published on the in-process bus. What needs the whole graph
 * is in test/e2e/realtime.test.ts; here are the edges: expiry, slow clients, lost messages, malformed operations.
 */
const ISSUER = 'https://paygraph.local/users';
const PREFIX = `test:${randomBytes(4).toString('hex')}:`;
const bus = new MemoryRealtimeBus();
let gateway: RunningGateway;
let jwks: http.Server;
let owner: http.Server;
let sign: (userId: string, ttlSeconds: number) => Promise<string>;
/** What the fake owner holds per user: the ordered stream's messages (for replay). */
const stored = new Map<string, RealtimeMessage[]>();
let ownerCalls: { field: string; afterSeq: number | null }[] = [];

const newUser = () => `usr_${randomBytes(16).toString('hex')}`;
const listen = (server: http.Server) => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

function notification(userId: string, seq: number, title = `n${seq}`): RealtimeMessage {
  return {
    field: 'notificationReceived',
    userId,
    seq,
    at: Date.now(),
    data: { __typename: 'Notification', id: `ntf_${seq.toString(16).padStart(32, '0')}`, cursor: String(seq), kind: 'NEW_LOGIN', title, body: 'b', readAt: null, createdAt: new Date().toISOString(), payment: null, wallet: null },
  };
}

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  jwks = http.createServer(fakeIssuer(jwk).handler);
  const jwksUrl = `${await listen(jwks)}/.well-known/jwks.json`;
  sign = (userId, ttl) =>
    new SignJWT({ roles: ['USER'], scopes: [] })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience('paygraph')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
      .sign(privateKey);

  owner = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const { variables } = JSON.parse(body) as { variables: { field: string; arguments: string; afterSeq: number | null } };
      ownerCalls.push({ field: variables.field, afterSeq: variables.afterSeq });
      const identity = JSON.parse(Buffer.from(String(req.headers['x-paygraph-identity'] ?? '').split('.')[1] ?? '', 'base64url').toString() || '{}') as { sub?: string };
      const userId = identity.sub ?? '';
      const messages = stored.get(userId) ?? [];
      const ordered = variables.field === 'notificationReceived';
      const since = (JSON.parse(variables.arguments) as { since?: string | null }).since;
      const after = variables.afterSeq ?? (since ? Number(since) : messages.length);
      const missed = ordered ? messages.filter((m) => m.seq! > after) : [];
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        data: { _subscription: { channel: 'x', headSeq: ordered ? messages.length : null, replay: missed.slice(0, 100).map((m) => JSON.stringify(m)), hasMore: missed.length > 100 } },
      }));
    });
  });
  const ownerUrl = `${await listen(owner)}/graphql`;

  const config = parseConfig(gatewayConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    GATEWAY_PORT: '0',
    HOST: '127.0.0.1',
    INTERNAL_AUTH_SECRET: 'test-internal-secret-0123456789-abcdefghijklmnop',
    JWKS_URL: jwksUrl,
    SUBGRAPH_URLS: `notifications=${ownerUrl}`,
    REALTIME_CHANNEL_PREFIX: PREFIX,
    WS_MAX_QUEUED_EVENTS: '50',
    WS_MAX_BUFFERED_BYTES: '65536',
    WS_KEEPALIVE_MS: '0',
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  gateway = await start(config, createLogger('gateway', 'silent'), { bus });
});

afterAll(async () => {
  await gateway?.stop();
  await bus.close();
  jwks?.close();
  owner?.close();
});

const LIGHT = 'subscription($since: String) { notificationReceived(since: $since) { cursor title } }';

describe('when the access token expires while the client is connected', () => {
  it('then the gateway closes the connection with 4401 "Access token expired"', async () => {
    const conn = connect(gateway.url, bearer(await sign(newUser(), 2)));
    const sub = conn.subscribe(LIGHT);
    const closed = await conn.closed;
    expect(closed).toEqual({ code: 4401, reason: 'Access token expired' });
    await sub.ended;
    await conn.dispose();
  });
});

describe('when a live message is lost or overtaken', () => {
  it("then the gateway fetches the gap from the owner and the client sees every notification once, in order", async () => {
    const user = newUser();
    stored.set(user, []);
    const conn = connect(gateway.url, bearer(await sign(user, 600)));
    const before = await activeSubscriptions(gateway.url);
    const sub = conn.subscribe(LIGHT);
    await untilSubscribed(gateway.url, before + 1);
    const channel = userChannel(PREFIX, user);
    const all = [1, 2, 3, 4].map((seq) => notification(user, seq));
    stored.get(user)!.push(...all);
    ownerCalls = [];
    // 2 never arrives live, 4 overtakes 3, 1 comes twice.
    for (const seq of [1, 1, 4, 3]) await bus.publish(channel, JSON.stringify(all[seq - 1]));
    const events = await sub.waitFor(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(events.map((e) => e.data.notificationReceived.title)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(ownerCalls).toEqual([{ field: 'notificationReceived', afterSeq: 1 }]);
    await conn.dispose();
  });
});

describe('when a client comes back with since after many notifications', () => {
  it('then the whole replay arrives in order, paged and paced by the client, far beyond the live queue bound', async () => {
    const user = newUser();
    stored.set(user, Array.from({ length: 600 }, (_, i) => notification(user, i + 1)));
    ownerCalls = [];
    const conn = connect(gateway.url, bearer(await sign(user, 600)));
    const sub = conn.subscribe(LIGHT, { since: '100' });
    const events = await sub.waitFor(500);
    expect(events.map((e) => e.data.notificationReceived.title)).toEqual(Array.from({ length: 500 }, (_, i) => `n${i + 101}`));
    expect(ownerCalls.map((c) => c.afterSeq)).toEqual([null, 200, 300, 400, 500]);
    expect(sub.error()).toBeNull();
    await conn.dispose();
  });
});

describe('when one client stops reading', () => {
  it('then it is disconnected with 1013 once its queue is full, and another client gets every event meanwhile', async () => {
    const slowUser = newUser();
    const fastUser = newUser();
    // A raw client that subscribes and then never reads its socket again.
    const raw = new WebSocket(gateway.url.replace('http', 'ws'), 'graphql-transport-ws');
    const rawClosed = new Promise<number>((r) => raw.on('close', (code) => r(code)));
    await new Promise((r) => raw.once('open', r));
    raw.send(JSON.stringify({ type: 'connection_init', payload: bearer(await sign(slowUser, 600)) }));
    await new Promise((r) => raw.once('message', r));
    const before = await activeSubscriptions(gateway.url);
    raw.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: 'subscription { walletBalanceChanged { occurredAt } }' } }));
    await untilSubscribed(gateway.url, before + 1);
    (raw as unknown as { _socket: { pause(): void } })._socket.pause();

    const fast = connect(gateway.url, bearer(await sign(fastUser, 600)));
    const fastSub = fast.subscribe('subscription { walletBalanceChanged { occurredAt } }');
    await untilSubscribed(gateway.url, before + 2);

    const big = 'x'.repeat(2000);
    const started = Date.now();
    for (let i = 0; i < 2000; i++) {
      const msg = (userId: string): RealtimeMessage => ({
        field: 'walletBalanceChanged',
        userId,
        match: { walletId: 'wal_1' },
        at: Date.now(),
        data: { __typename: 'WalletBalanceChange', wallet: { __typename: 'Wallet', id: 'wal_1' }, occurredAt: `${new Date().toISOString()}${big}` },
      });
      await bus.publish(userChannel(PREFIX, slowUser), JSON.stringify(msg(slowUser)));
      if (i % 20 === 0) await bus.publish(userChannel(PREFIX, fastUser), JSON.stringify(msg(fastUser)));
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    await fastSub.waitFor(100, 10_000);
    expect(fastSub.events).toHaveLength(100);
    (raw as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await rawClosed).toBe(1013);
    expect(Date.now() - started).toBeLessThan(10_000);
    await fast.dispose();
  });
});

describe('when a client sends operations the WebSocket does not serve, or malformed ones', () => {
  it('then each gets a typed error and the connection stays open', async () => {
    const conn = connect(gateway.url, bearer(await sign(newUser(), 600)));
    const cases: [string, string][] = [
      ['{ __typename }', 'BAD_REQUEST'],
      ['subscription { notificationReceived { ', 'GRAPHQL_PARSE_FAILED'],
      ['subscription { noSuchField }', 'GRAPHQL_VALIDATION_FAILED'],
      ['subscription { ...F } fragment F on Subscription { notificationReceived { id } }', 'BAD_REQUEST'],
      ['subscription { a: notificationReceived { id } b: walletBalanceChanged { occurredAt } }', 'GRAPHQL_VALIDATION_FAILED'],
      [`subscription { notificationReceived { ${Array.from({ length: 40 }, (_, i) => `a${i}: id`).join(' ')} } }`, 'QUERY_TOO_COMPLEX'],
    ];
    for (const [query, code] of cases) {
      const sub = conn.subscribe(query);
      await sub.ended;
      expect({ query: query.slice(0, 40), code: sub.error()?.[0]?.extensions?.code }).toEqual({ query: query.slice(0, 40), code });
    }
    const stillOpen = await Promise.race([conn.closed.then(() => false), new Promise((r) => setTimeout(() => r(true), 100))]);
    expect(stillOpen).toBe(true);
    await conn.dispose();
  });
});
