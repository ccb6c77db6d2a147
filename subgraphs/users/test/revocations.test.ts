import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { IDENTITY_HEADER, IdentitySigner } from '@paygraph/platform/identity';
import { runAdmin } from '../src/cli/admin.js';
import { bootUsers, LOGOUT, REFRESH, register, type UsersHarness } from './support.js';

/** The revocation list the gateways poll (`/_internal/revocations`): who may read it and what it says. */
let h: UsersHarness;
beforeAll(async () => {
  h = await bootUsers();
});
afterAll(async () => {
  await h?.stop();
});

const list = (since: number, token?: string) =>
  fetch(new URL('/_internal/revocations', h.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { [IDENTITY_HEADER]: token } : {}) },
    body: JSON.stringify({ since }),
  });
const as = (issuer: string) => new IdentitySigner(h.config.INTERNAL_AUTH_SECRET, issuer).sign({ userId: null, roles: [], scopes: [] });

describe('when something asks for the revocation list', () => {
  it('when it is not the gateway (no identity, a forged one: 401; a subgraph: 403), then nothing is listed', async () => {
    const since = Date.now() - 60_000;
    expect((await list(since)).status).toBe(401);
    expect((await list(since, await as('payments'))).status).toBe(403);
    const forged = await new IdentitySigner('another-secret-0123456789-abcdefghijklmnopq', 'gateway').sign({ userId: null, roles: [], scopes: [] });
    expect((await list(since, forged)).status).toBe(401);
  });

  it('when the gateway asks, then it lists the sessions ended and the roles changed since then, with this replica\'s clock', async () => {
    const before = Date.now() - 1;
    const loggedOut = await register(h);
    const reused = await register(h);
    const promoted = await register(h);
    await h.call(LOGOUT, { input: { refreshToken: loggedOut.refreshToken } });
    await h.call(REFRESH, { input: { refreshToken: reused.refreshToken } });
    await h.call(REFRESH, { input: { refreshToken: reused.refreshToken } });
    expect(await runAdmin(['grant-role', promoted.user.email, 'ADMIN'], h.config, { out: () => {}, err: () => {} })).toBe(0);
    const res = await list(before, await as('gateway'));
    expect(res.status).toBe(200);
    const { result: body } = (await res.json()) as { result: { now: number; sessions: { id: string }[]; roles: { userId: string; roles: string[] }[] } };
    expect(body.now).toBeGreaterThanOrEqual(before);
    expect(body.sessions.map((s) => s.id).sort()).toEqual([decodeJwt(loggedOut.accessToken).sid, decodeJwt(reused.accessToken).sid].sort());
    expect(body.roles).toEqual([expect.objectContaining({ userId: promoted.user.id, roles: ['USER', 'ADMIN'] })]);

    const later = await (await list(body.now + 1, await as('gateway'))).json();
    expect(later).toEqual({ result: { now: expect.any(Number), sessions: [], roles: [], keys: [], totp: [] } });
    expect((await fetch(new URL('/_internal/revocations', h.url), { method: 'POST', headers: { [IDENTITY_HEADER]: await as('gateway') }, body: '{"since":"yesterday"}' })).status).toBe(400);
  });
});
