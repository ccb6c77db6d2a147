import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import { postGraphQL } from '@paygraph/platform/testing';
import { bootStack, email, operation, PASSWORD, registerUser, type TestStack } from '../support/stack.js';
import {
  LinkCardDocument,
  LoginDocument,
  LogoutDocument,
  RefreshSessionDocument,
  RegisterDocument,
  SubmitKycDocument,
} from '../__generated__/operations.js';

/**
 * The identity contract (schema/operations/identity.graphql) through the gateway, as a front end would run it.
 */
let t: TestStack;
beforeAll(async () => {
  // Behind an ingress: the client IP is X-Forwarded-For's first hop, so a test can sign in from several places.
  t = await bootStack({ TRUST_PROXY: 'true' });
});
afterAll(async () => {
  await t?.stop();
});

const codeOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

describe('when a person signs up and uses their account through the gateway', () => {
  it('then register → login → me → submitKyc → linkCard → refresh → logout all work', async () => {
    const address = email('alice');
    const reg = await t.run(RegisterDocument, { input: { email: address, password: PASSWORD, displayName: 'Alice' } });
    expect(reg.errors).toBeUndefined();
    expect(reg.data.register.userErrors).toEqual([]);
    expect(reg.data.register.user).toMatchObject({ email: address, displayName: 'Alice' });
    expect(reg.data.register.expiresIn).toBeLessThanOrEqual(900);

    const login = await t.run(LoginDocument, { input: { email: address.toUpperCase(), password: PASSWORD } });
    expect(login.data.login.userErrors).toEqual([]);
    expect(login.data.login.user!.id).toBe(reg.data.register.user!.id);
    const token = login.data.login.accessToken!;

    // `Me` also selects wallets (money movement issue): ask for the users + accounts part of it here.
    const me = await t.gql(
      `query { me { id email displayName kyc { status tier } fundingInstruments { id kind last4 } accounts { type status } } }`,
      {},
      token,
    );
    expect(me.errors).toBeUndefined();
    expect(me.data.me).toMatchObject({
      id: reg.data.register.user!.id,
      email: address,
      kyc: { status: 'UNVERIFIED', tier: 'UNVERIFIED' },
      fundingInstruments: [],
      accounts: [{ type: 'PERSONAL', status: 'ACTIVE' }],
    });

    const kyc = await t.run(
      SubmitKycDocument,
      {
        input: {
          legalName: 'Alice Example', dateOfBirth: '1990-04-01', country: 'GB', addressLine1: '1 High Street',
          city: 'London', postalCode: 'N1 9GU', documentNumber: 'P1234567',
        },
      },
      token,
    );
    expect(kyc.data.submitKyc).toEqual({ kyc: { status: 'VERIFIED', tier: 'VERIFIED' }, userErrors: [] });

    const card = await t.run(
      LinkCardDocument,
      { input: { number: '4242 4242 4242 4242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123', holderName: 'Alice' } },
      token,
    );
    expect(card.data.linkCard.userErrors).toEqual([]);
    expect(card.data.linkCard.fundingInstrument).toMatchObject({ kind: 'CARD', last4: '4242' });

    const after = await t.gql(`{ me { kyc { status tier } fundingInstruments { id kind last4 } } }`, {}, token);
    expect(after.data.me.kyc).toEqual({ status: 'VERIFIED', tier: 'VERIFIED' });
    expect(after.data.me.fundingInstruments).toEqual([card.data.linkCard.fundingInstrument]);

    const refreshed = await t.run(RefreshSessionDocument, { input: { refreshToken: login.data.login.refreshToken! } });
    expect(refreshed.data.refreshSession.userErrors).toEqual([]);
    expect(refreshed.data.refreshSession.refreshToken).not.toBe(login.data.login.refreshToken);
    const fresh = await t.gql(`{ me { id } }`, {}, refreshed.data.refreshSession.accessToken!);
    expect(fresh.data.me.id).toBe(reg.data.register.user!.id);

    const logout = await t.run(LogoutDocument, { input: { refreshToken: refreshed.data.refreshSession.refreshToken! } });
    expect(logout.data.logout).toEqual({ ok: true, userErrors: [] });
    const reuse = await t.run(RefreshSessionDocument, { input: { refreshToken: refreshed.data.refreshSession.refreshToken! } });
    expect(reuse.data.refreshSession.accessToken).toBeNull();
    expect(reuse.data.refreshSession.userErrors.length).toBe(1);
  });

  it('then reusing a rotated refresh token revokes the whole session', async () => {
    const user = await registerUser(t, 'Bob');
    const first = await t.run(RefreshSessionDocument, { input: { refreshToken: user.refreshToken } });
    const newest = first.data.refreshSession.refreshToken as string;
    const replay = await t.run(RefreshSessionDocument, { input: { refreshToken: user.refreshToken } });
    expect(replay.data.refreshSession.accessToken).toBeNull();
    expect(replay.data.refreshSession.userErrors[0]!.code).toMatch(/REFRESH_TOKEN/);
    const afterRevocation = await t.run(RefreshSessionDocument, { input: { refreshToken: newest } });
    expect(afterRevocation.data.refreshSession.accessToken).toBeNull();
  });
});

describe('when someone guesses a victim\'s password from many places', () => {
  const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { user { id } accessToken userErrors { code } } }`;
  let n = 0;
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const strangerIp = () => `198.51.100.${++n}`;

  it('then strangers are throttled with a typed RATE_LIMITED (never a 500) while the owner still signs in from an IP they used before', async () => {
    const home = '192.0.2.10';
    const address = email('victim');
    const reg = await t.gql(
      `mutation($input: RegisterInput!) { register(input: $input) { user { id } userErrors { code } } }`,
      { input: { email: address, password: PASSWORD, displayName: 'Victim' } },
      undefined,
      from(home),
    );
    expect(reg.data.register.userErrors).toEqual([]);

    // LOGIN_MAX_PER_ACCOUNT (20) attempts from IPs the account never used, then strangers are refused, right password or not.
    for (let i = 0; i < 20; i++) {
      const guess = await t.gql(LOGIN, { input: { email: address, password: `guess number ${i}` } }, undefined, from(strangerIp()));
      expect(guess.data.login.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
    }
    const stranger = await t.gql(LOGIN, { input: { email: address, password: PASSWORD } }, undefined, from(strangerIp()));
    expect(stranger.status).toBeLessThan(500);
    expect(codeOf(stranger)).toBe('RATE_LIMITED');
    expect(stranger.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(stranger.data?.login ?? null).toBeNull();

    const owner = await t.gql(LOGIN, { input: { email: address, password: PASSWORD } }, undefined, from(home));
    expect(owner.errors).toBeUndefined();
    expect(owner.data.login.user.id).toBe(reg.data.register.user.id);
    expect(owner.data.login.accessToken).toEqual(expect.any(String));
  });
});

describe('when the input is bad, then the answer is a clear error and nothing changes', () => {
  it('refuses weak passwords through the gateway: the issue\'s 1234567890, ten spaces, a common one, the email itself, the name', async () => {
    const address = email('weak');
    const weak = ['1234567890', ' '.repeat(10), 'password123', address, 'Ada Lovelace 1815'];
    for (const password of weak) {
      const res = await t.run(RegisterDocument, { input: { email: address, password, displayName: 'Ada Lovelace' } });
      expect(res.data.register.user).toBeNull();
      expect(res.data.register.userErrors.map((e) => e.code)).toEqual(['PASSWORD_TOO_WEAK']);
    }
    const login = await t.run(LoginDocument, { input: { email: address, password: PASSWORD } });
    expect(login.data.login.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
  });

  it('rejects malformed emails, short and huge passwords, and duplicates (also concurrent)', async () => {
    const bad = [
      { email: 'not-an-email', password: PASSWORD, displayName: 'X' },
      { email: email(), password: 'short', displayName: 'X' },
      { email: email(), password: 'x'.repeat(129), displayName: 'X' },
      { email: email(), password: PASSWORD, displayName: 'x'.repeat(101) },
      { email: `${'a'.repeat(250)}@example.test`, password: PASSWORD, displayName: 'X' },
    ];
    for (const input of bad) {
      const res = await t.run(RegisterDocument, { input });
      expect(res.errors).toBeUndefined();
      expect(res.data.register.user).toBeNull();
      expect(res.data.register.accessToken).toBeNull();
      expect(res.data.register.userErrors.length).toBeGreaterThan(0);
    }
    const address = email('dup');
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () => t.run(RegisterDocument, { input: { email: address, password: PASSWORD, displayName: 'Dup' } })),
    );
    const ok = attempts.filter((r) => r.data?.register.user);
    const taken = attempts.filter((r) => r.data?.register.userErrors[0]?.code === 'EMAIL_TAKEN');
    expect(ok).toHaveLength(1);
    expect(taken).toHaveLength(7);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const user = await registerUser(t, 'Carol');
    const wrong = await t.run(LoginDocument, { input: { email: user.email, password: 'wrong password!!' } });
    const unknown = await t.run(LoginDocument, { input: { email: email('nobody'), password: 'wrong password!!' } });
    expect(wrong.data.login.userErrors).toEqual(unknown.data.login.userErrors);
    expect(wrong.data.login.userErrors[0]!.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.data.login.accessToken).toBeNull();
  });

  it('rejects invalid cards and leaves no instrument behind', async () => {
    const user = await registerUser(t, 'Dave');
    const year = new Date().getFullYear();
    const cards = [
      { number: '4242424242424241', expMonth: 12, expYear: year + 1, cvc: '123' },
      { number: '4242424242424242', expMonth: 1, expYear: year - 1, cvc: '123' },
      { number: '4242424242424242', expMonth: 13, expYear: year + 1, cvc: '123' },
      { number: '4242424242424242', expMonth: 12, expYear: year + 1, cvc: '12' },
      { number: 'abcd', expMonth: 12, expYear: year + 1, cvc: '123' },
      { number: '4'.repeat(5000), expMonth: 12, expYear: year + 1, cvc: '123' },
    ];
    for (const input of cards) {
      const res = await t.run(LinkCardDocument, { input }, user.accessToken);
      expect(res.errors).toBeUndefined();
      expect(res.data.linkCard.fundingInstrument).toBeNull();
      expect(res.data.linkCard.userErrors.length).toBeGreaterThan(0);
    }
    const me = await t.gql(`{ me { fundingInstruments { id } } }`, {}, user.accessToken);
    expect(me.data.me.fundingInstruments).toEqual([]);
  });
});

describe('when a token is missing, expired, tampered or forged', () => {
  const meQuery = `{ me { id } }`;

  it('then anonymous callers reach only register, login, refresh and __typename', async () => {
    const typename = await t.gql(`{ __typename }`);
    expect(typename.data).toEqual({ __typename: 'Query' });
    const me = await t.gql(meQuery);
    expect(me.status).toBe(401);
    expect(codeOf(me)).toBe('UNAUTHENTICATED');
    const sneaky = await t.gql(`mutation { login(input: { email: "a@b.co", password: "xxxxxxxxxxxx" }) { expiresIn } submitKyc(input: { legalName: "x", dateOfBirth: "1990-01-01", country: "GB", addressLine1: "x", city: "x", postalCode: "x", documentNumber: "1234" }) { userErrors { code } } }`);
    expect(codeOf(sneaky)).toBe('UNAUTHENTICATED');
    const viaFragment = await t.gql(`query { ...F } fragment F on Query { me { id } }`);
    expect(codeOf(viaFragment)).toBe('UNAUTHENTICATED');
  });

  it('then a present but invalid token is UNAUTHENTICATED, never anonymous', async () => {
    const user = await registerUser(t, 'Erin');
    const [header, payload, signature] = user.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url')}.${signature}`;
    const algNone = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const { privateKey } = await generateKeyPair('EdDSA');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: JSON.parse(Buffer.from(header, 'base64url').toString()).kid }).sign(privateKey);
    const hmac = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));

    // An expired token signed with the real key (read from the users database, as only a test can).
    const db = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}users`) });
    await db.connect();
    const { rows } = await db.query('SELECT * FROM signing_key WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1');
    await db.end();
    const key = await importJWK(rows[0].private_jwk as JWK, 'EdDSA');
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...claims, iat: now - 3600, exp: now - 1800 })
      .setProtectedHeader({ alg: 'EdDSA', kid: rows[0].kid })
      .sign(key);
    const wrongAudience = await new SignJWT({ ...claims, aud: 'someone-else' }).setProtectedHeader({ alg: 'EdDSA', kid: rows[0].kid }).sign(key);
    const wrongIssuer = await new SignJWT({ ...claims, iss: 'https://attacker.example/users' }).setProtectedHeader({ alg: 'EdDSA', kid: rows[0].kid }).sign(key);
    // Algorithm confusion: HS256 with the published public key as the HMAC secret, under the real kid.
    const publicJwk = JSON.stringify({ ...(rows[0].public_jwk as JWK), kid: rows[0].kid, alg: 'EdDSA', use: 'sig' });
    const hmacWithPublicKey = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: rows[0].kid }).sign(new TextEncoder().encode(publicJwk));

    for (const bad of [tampered, algNone, forged, hmac, hmacWithPublicKey, expired, wrongAudience, wrongIssuer, 'garbage', '']) {
      const res = await t.gql(meQuery, {}, undefined, { authorization: `Bearer ${bad}` });
      expect({ bad: bad.slice(0, 12), status: res.status, code: codeOf(res) }).toEqual({ bad: bad.slice(0, 12), status: 401, code: 'UNAUTHENTICATED' });
      // Not even the public mutations run with a bad token: the caller must fix or drop it.
      const reg = await t.gql(`mutation { register(input: { email: "${email()}", password: "${PASSWORD}", displayName: "Z" }) { user { id } } }`, {}, undefined, { authorization: `Bearer ${bad}` });
      expect(codeOf(reg)).toBe('UNAUTHENTICATED');
    }
    const basic = await t.gql(meQuery, {}, undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(codeOf(basic)).toBe('UNAUTHENTICATED');
  });

  it('then a subgraph called without the gateway identity refuses the request', async () => {
    for (const svc of Object.values(t.stack.services)) {
      const res = await postGraphQL(svc.url, `{ __typename }`);
      expect({ svc: svc.name, status: res.status, code: codeOf(res) }).toEqual({ svc: svc.name, status: 401, code: 'UNAUTHENTICATED' });
      const forged = await postGraphQL(svc.url, `{ __typename }`, {}, { 'x-paygraph-identity': 'eyJhbGciOiJub25lIn0.e30.' });
      expect(codeOf(forged)).toBe('UNAUTHENTICATED');
    }
  });
});

describe('when a query is oversized or abusive', () => {
  it('then depth, aliases, tokens and body size are refused before any subgraph runs', async () => {
    const user = await registerUser(t, 'Frank');
    let deep = 'id';
    for (let i = 0; i < 20; i++) deep = `accounts { owner { ${deep} } }`;
    const depth = await t.gql(`{ me { ${deep} } }`, {}, user.accessToken);
    expect(codeOf(depth)).toBe('QUERY_TOO_COMPLEX');
    const aliases = await t.gql(`{ ${Array.from({ length: 50 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, {}, user.accessToken);
    expect(codeOf(aliases)).toBe('QUERY_TOO_COMPLEX');
    const tokens = await t.gql(`{ me { ${'id '.repeat(6000)} } }`, {}, user.accessToken);
    expect(tokens.status).toBe(400);
    const huge = await t.gql(`{ me { id } }`, { pad: 'x'.repeat(200_000) }, user.accessToken);
    expect(huge.status).toBe(413);
    const notJson = await fetch(t.stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
  });

  it('then a registered operation still runs within the limits', async () => {
    expect(operation('identity.graphql', 'Login')).toContain('mutation Login');
  });
});
