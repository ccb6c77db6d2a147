import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { postGraphQL } from '@paygraph/platform/testing';
import { runAdmin } from '../src/cli/admin.js';
import { bootUsers, codeOf, email, LOGIN, ME, newIp, PASSWORD, register, type UsersHarness } from './support.js';

/** Reads (me, user, _entities), the trust boundary, the JWKS with key rotation, and the operator CLI. */
let h: UsersHarness;
beforeAll(async () => {
  h = await bootUsers();
});
afterAll(async () => {
  await h?.stop();
});

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { id displayName email roles } }
}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fetchJwks = async () => (await (await fetch(h.jwksUrl)).json()) as JSONWebKeySet;

function admin(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return runAdmin(args, h.config, { out: (l) => out.push(l), err: (l) => err.push(l) }).then((code) => ({ code, out, err }));
}

describe('when the subgraph is called without a valid service identity', () => {
  it('when the identity header is missing, then UNAUTHENTICATED (401)', async () => {
    const res = await postGraphQL(h.url, ME);
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });

  it('when the identity is signed with another secret, then UNAUTHENTICATED', async () => {
    const { user } = await register(h);
    const res = await h.call(ME, {}, { userId: user.id, secret: 'not-the-cluster-secret-0123456789-abcdefghij' });
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });

  it('when the identity comes from an issuer we do not trust, then UNAUTHENTICATED', async () => {
    const res = await h.call(ME, {}, { userId: null, issuer: 'intruder' });
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });

  it('when the identity is valid but anonymous, then me is UNAUTHENTICATED', async () => {
    const res = await h.call(ME);
    expect(res.status).toBe(200);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });
});

describe('when users are read', () => {
  it('then user(id) shows others only id and display name, the user and admins everything', async () => {
    const alice = (await register(h, { displayName: 'Alice' })).user;
    const bob = (await register(h, { displayName: 'Bob' })).user;
    const q = `query($id: ID!) { user(id: $id) { id displayName email roles } }`;
    const asBob = await h.call(q, { id: alice.id }, { userId: bob.id, roles: ['USER'] });
    expect(asBob.data.user).toEqual({ id: alice.id, displayName: 'Alice', email: null, roles: [] });
    const asAlice = await h.call(q, { id: alice.id }, { userId: alice.id, roles: ['USER'] });
    expect(asAlice.data.user).toEqual({ id: alice.id, displayName: 'Alice', email: alice.email, roles: ['USER'] });
    const asAdmin = await h.call(q, { id: alice.id }, { userId: bob.id, roles: ['USER', 'ADMIN'] });
    expect(asAdmin.data.user.email).toBe(alice.email);
  });

  it('when user(id) gets a malformed or unknown id, then NOT_FOUND', async () => {
    const { user } = await register(h);
    const q = `query($id: ID!) { user(id: $id) { id } }`;
    for (const id of ["usr_' OR 1=1 --", 'acc_0192f3c4e5a67b8c9d0e1f2a3b4c5d6e', 'usr_0192f3c4e5a67b8c9d0e1f2a3b4c5d6e']) {
      const res = await h.call(q, { id }, { userId: user.id, roles: ['USER'] });
      expect(codeOf(res)).toBe('NOT_FOUND');
    }
  });

  it('when _entities asks for User representations, then they resolve in order, unknown ids as null', async () => {
    const alice = (await register(h, { displayName: 'Alice E' })).user;
    const bob = (await register(h, { displayName: 'Bob E' })).user;
    const res = await h.call(
      ENTITIES,
      {
        representations: [
          { __typename: 'User', id: bob.id },
          { __typename: 'User', id: 'usr_0192f3c4e5a67b8c9d0e1f2a3b4c5d6e' },
          { __typename: 'User', id: alice.id },
          { __typename: 'User', id: 'garbage' },
        ],
      },
      { userId: alice.id, roles: ['USER'] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { id: bob.id, displayName: 'Bob E', email: null, roles: [] },
      null,
      { id: alice.id, displayName: 'Alice E', email: alice.email, roles: ['USER'] },
      null,
    ]);
  });

  it('when a service (no end user) resolves references, then it sees display names but no emails', async () => {
    const { user } = await register(h, { displayName: 'Carol' });
    const res = await h.call(ENTITIES, { representations: [{ __typename: 'User', id: user.id }] }, { issuer: 'payments' });
    expect(res.data._entities).toEqual([{ id: user.id, displayName: 'Carol', email: null, roles: [] }]);
  });
});

describe('when access tokens are verified with the JWKS', () => {
  it('then a login token verifies against /.well-known/jwks.json with EdDSA and carries the agreed claims', async () => {
    const { user } = await register(h);
    const login = await h.call(LOGIN, { input: { email: user.email, password: PASSWORD } }, { ip: newIp() });
    const token = login.data.login.accessToken as string;
    const jwks = createRemoteJWKSet(new URL(h.jwksUrl));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: h.config.JWT_ISSUER,
      audience: h.config.JWT_AUDIENCE,
      algorithms: ['EdDSA'],
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload.sub).toBe(user.id);
    expect(payload.sid).toMatch(/^ses_[0-9a-f]{32}$/);
    expect(payload.roles).toEqual(['USER']);
    expect(payload.exp! - payload.iat!).toBe(900);

    const set = await fetchJwks();
    expect(set.keys.every((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && k.alg === 'EdDSA' && !('d' in k))).toBe(true);

    // The wrong audience does not verify.
    await expect(jwtVerify(token, jwks, { audience: 'someone-else', algorithms: ['EdDSA'] })).rejects.toThrow();
  });

  it('when keys rotate, then new tokens use the new key and tokens from the old key verify until it retires', async () => {
    const { user } = await register(h);
    const login = () => h.call(LOGIN, { input: { email: user.email, password: PASSWORD } }, { ip: newIp() });
    const before = (await login()).data.login.accessToken as string;
    const oldKid = decodeProtectedHeader(before).kid;

    const rotation = await admin(['rotate-keys']);
    expect(rotation.code).toBe(0);
    expect(rotation.out.join('\n')).toContain(`key ${oldKid}: stays in the JWKS until`);

    // The running service re-reads its keys (SIGNING_KEY_REFRESH_SECONDS=1 here).
    let after = before;
    for (let i = 0; i < 30 && decodeProtectedHeader(after).kid === oldKid; i++) {
      await sleep(200);
      after = (await login()).data.login.accessToken;
    }
    const newKid = decodeProtectedHeader(after).kid;
    expect(newKid).not.toBe(oldKid);

    const set = await fetchJwks();
    expect(set.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    const local = createLocalJWKSet(set);
    const opts = { issuer: h.config.JWT_ISSUER, audience: h.config.JWT_AUDIENCE, algorithms: ['EdDSA'] };
    expect((await jwtVerify(before, local, opts)).payload.sub).toBe(user.id);
    expect((await jwtVerify(after, local, opts)).payload.sub).toBe(user.id);

    // Once the old key's retirement time has passed it leaves the JWKS, and its tokens stop verifying.
    await h.sql(`UPDATE signing_key SET retired_at = now() - interval '1 second' WHERE kid = $1`, [oldKid]);
    let published = set.keys.map((k) => k.kid);
    for (let i = 0; i < 30 && published.includes(oldKid); i++) {
      await sleep(200);
      published = (await fetchJwks()).keys.map((k) => k.kid);
    }
    expect(published).toEqual([newKid]);
    await expect(jwtVerify(before, createLocalJWKSet(await fetchJwks()), opts)).rejects.toThrow();
  });

  it('when the JWKS is asked with another method, then 405', async () => {
    const res = await fetch(h.jwksUrl, { method: 'POST' });
    expect(res.status).toBe(405);
  });
});

describe('when an operator runs the admin CLI', () => {
  it('then grant-role and revoke-role change roles, emit UserRolesChanged, and the next refresh carries them', async () => {
    const reg = await register(h);
    const granted = await admin(['grant-role', reg.user.email.toUpperCase(), 'ADMIN']);
    expect(granted).toMatchObject({ code: 0, err: [] });
    expect(granted.out[0]).toContain('roles: USER, ADMIN');
    expect((await admin(['grant-role', reg.user.email, 'ADMIN'])).out[0]).toContain('(unchanged)');

    const refreshed = await h.call(
      `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken userErrors { code } } }`,
      { t: reg.refreshToken },
      { ip: newIp() },
    );
    const { payload } = await jwtVerify(refreshed.data.refreshSession.accessToken, createRemoteJWKSet(new URL(h.jwksUrl)));
    expect(payload.roles).toEqual(['USER', 'ADMIN']);

    const revoked = await admin(['revoke-role', reg.user.email, 'ADMIN']);
    expect(revoked.code).toBe(0);
    expect(revoked.out[0]).toContain('roles: USER');
    const events = await h.sql(`SELECT envelope FROM outbox WHERE type = 'UserRolesChanged' AND aggregate_id = $1 ORDER BY id`, [reg.user.id]);
    expect(events.map((e) => e.envelope.data.roles)).toEqual([['USER', 'ADMIN'], ['USER']]);
  });

  it('then unknown users, unknown roles and removing USER are refused with exit code 1; bad usage exits 2', async () => {
    const { user } = await register(h);
    expect(await admin(['grant-role', email('ghost'), 'ADMIN'])).toMatchObject({ code: 1, err: [expect.stringContaining('USER_NOT_FOUND')] });
    expect(await admin(['grant-role', user.email, 'ROOT'])).toMatchObject({ code: 1, err: [expect.stringContaining('INVALID_ROLE')] });
    expect(await admin(['revoke-role', user.email, 'USER'])).toMatchObject({ code: 1, err: [expect.stringContaining('ROLE_REQUIRED')] });
    expect((await admin(['grant-role', user.email])).code).toBe(2);
    expect((await admin(['frobnicate'])).code).toBe(2);
    expect((await admin([])).code).toBe(2);
  });
});

describe('when the service reports health', () => {
  it('then /_health and /_readiness answer', async () => {
    const base = new URL(h.url);
    expect((await fetch(new URL('/_health', base))).status).toBe(200);
    expect((await fetch(new URL('/_readiness', base))).status).toBe(200);
  });
});
