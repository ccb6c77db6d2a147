import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { ConfigError, parseConfig } from '@paygraph/platform/config';
import { usersConfigSchema } from '../src/config.js';
import {
  bootUsers, codeOf, email, LOGIN, LOGOUT, ME, newIp, PASSWORD, REFRESH, REGISTER, register, type UsersHarness,
} from './support.js';

/**
 * Sign-up, sign-in and the refresh-token lifecycle, over HTTP against the real subgraph (PostgreSQL, Redis, SQS).
 */
let h: UsersHarness;
beforeAll(async () => {
  h = await bootUsers({
    LOGIN_MAX_PER_ACCOUNT: '5',
    LOGIN_MAX_PER_ACCOUNT_IP: '4',
    LOGIN_MAX_PER_IP: '30',
    REGISTER_MAX_PER_IP: '12',
  });
});
afterAll(async () => {
  await h?.stop();
});

const userErrors = (payload: { userErrors: { code: string; field: string[] | null }[] }) =>
  payload.userErrors.map((e) => ({ code: e.code, field: e.field }));
const totalUsers = async () => Number((await h.sql('SELECT count(*) AS n FROM users'))[0].n);
const countUsers = async (address: string) =>
  Number((await h.sql('SELECT count(*) AS n FROM users WHERE email_normalized = $1', [address.trim().toLowerCase()]))[0].n);

describe('when a person registers, signs in, uses and ends sessions', () => {
  it('then register → login → me → updateProfile → refresh (rotation) → reuse revokes the family → logout', async () => {
    const address = email('alice');
    const ip = newIp();
    const reg = await h.call(REGISTER, { input: { email: `  ${address}  `, password: PASSWORD, displayName: ' Alice ' } }, { ip });
    expect(reg.errors).toBeUndefined();
    const registered = reg.data.register;
    expect(registered.userErrors).toEqual([]);
    expect(registered.user).toMatchObject({ email: address, displayName: 'Alice', roles: ['USER'] });
    expect(registered.user.id).toMatch(/^usr_[0-9a-f]{32}$/);
    expect(registered.expiresIn).toBe(900);
    expect(registered.refreshToken).toMatch(/^rt_/);
    const userId = registered.user.id as string;

    const login = await h.call(LOGIN, { input: { email: address.toUpperCase(), password: PASSWORD } }, { ip });
    expect(login.data.login.userErrors).toEqual([]);
    expect(login.data.login.user.id).toBe(userId);
    const claims = decodeJwt(login.data.login.accessToken);
    expect(claims).toMatchObject({ sub: userId, roles: ['USER'] });
    expect(claims.sid).toMatch(/^ses_/);

    const me = await h.call(ME, {}, { userId, roles: ['USER'] });
    expect(me.data.me).toMatchObject({ id: userId, email: address, displayName: 'Alice', roles: ['USER'] });
    expect(new Date(me.data.me.createdAt).toISOString()).toBe(me.data.me.createdAt);

    const update = await h.call(
      `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id displayName } userErrors { code field } } }`,
      { input: { displayName: 'Alice Liddell' } },
      { userId, roles: ['USER'] },
    );
    expect(update.data.updateProfile).toEqual({ user: { id: userId, displayName: 'Alice Liddell' }, userErrors: [] });

    // Rotation: the login's token is exchanged for a new pair.
    const first = login.data.login.refreshToken as string;
    const rotated = await h.call(REFRESH, { input: { refreshToken: first } }, { ip });
    expect(rotated.data.refreshSession.userErrors).toEqual([]);
    const second = rotated.data.refreshSession.refreshToken as string;
    expect(second).not.toBe(first);
    expect(decodeJwt(rotated.data.refreshSession.accessToken).sid).toBe(claims.sid);

    // The old token is rejected, and presenting it is reuse: the whole family ends, the newest token included.
    const reuse = await h.call(REFRESH, { input: { refreshToken: first } }, { ip });
    expect(userErrors(reuse.data.refreshSession)).toEqual([{ code: 'INVALID_REFRESH_TOKEN', field: ['input', 'refreshToken'] }]);
    expect(reuse.data.refreshSession.accessToken).toBeNull();
    const newest = await h.call(REFRESH, { input: { refreshToken: second } }, { ip });
    expect(userErrors(newest.data.refreshSession)).toEqual([{ code: 'INVALID_REFRESH_TOKEN', field: ['input', 'refreshToken'] }]);
    const [session] = await h.sql('SELECT revoked_at, revoke_reason FROM session WHERE id = $1', [claims.sid]);
    expect(session.revoke_reason).toBe('REFRESH_TOKEN_REUSE');
    const reuseEvents = await h.sql(`SELECT envelope FROM outbox WHERE type = 'RefreshTokenReuseDetected' AND aggregate_id = $1`, [userId]);
    expect(reuseEvents).toHaveLength(1);
    expect(reuseEvents[0].envelope.data).toMatchObject({ userId, sessionId: claims.sid, ip });

    // The registration's session is separate and still alive until logout.
    const fromRegistration = await h.call(REFRESH, { input: { refreshToken: registered.refreshToken } }, { ip });
    expect(fromRegistration.data.refreshSession.userErrors).toEqual([]);
    const live = fromRegistration.data.refreshSession.refreshToken as string;
    const out = await h.call(LOGOUT, { input: { refreshToken: live } });
    expect(out.data.logout).toEqual({ ok: true, userErrors: [] });
    const afterLogout = await h.call(REFRESH, { input: { refreshToken: live } }, { ip });
    expect(afterLogout.data.refreshSession.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
    // Idempotent.
    expect((await h.call(LOGOUT, { input: { refreshToken: live } })).data.logout).toEqual({ ok: true, userErrors: [] });
    const [loggedOut] = await h.sql('SELECT revoke_reason FROM session WHERE id = $1', [decodeJwt(fromRegistration.data.refreshSession.accessToken).sid]);
    expect(loggedOut.revoke_reason).toBe('LOGOUT');

    const events = await h.sql<{ type: string }>('SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY id', [userId]);
    expect(events.map((e) => e.type)).toEqual(['UserRegistered', 'EmailVerificationRequested', 'UserLoggedIn', 'UserProfileUpdated', 'RefreshTokenReuseDetected']);
  });

  it('when a registration commits, then its UserRegistered event is in the outbox with the catalog envelope', async () => {
    const { user } = await register(h, { displayName: 'Outbox Olga' });
    // Registration also mails the first verification link (EmailVerificationRequested, tested end to end).
    const rows = await h.sql("SELECT type, aggregate_id, envelope FROM outbox WHERE aggregate_id = $1 AND type = 'UserRegistered'", [user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].type).toBe('UserRegistered');
    expect(rows[0].envelope).toMatchObject({
      type: 'UserRegistered',
      version: 1,
      source: 'users',
      aggregateId: user.id,
      data: { userId: user.id, email: user.email, displayName: 'Outbox Olga' },
    });
    expect(rows[0].envelope.data.registeredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('when the logout token is unknown, then ok (idempotent); when it cannot be a refresh token, then INVALID_REFRESH_TOKEN', async () => {
    const unknown = await h.call(LOGOUT, { input: { refreshToken: `rt_${'A'.repeat(43)}` } });
    expect(unknown.data.logout).toEqual({ ok: true, userErrors: [] });
    const garbage = await h.call(LOGOUT, { input: { refreshToken: 'eyJhbGciOi.not.a.refresh.token' } });
    expect(garbage.data.logout.ok).toBe(false);
    expect(garbage.data.logout.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('when an unknown, malformed or expired refresh token is presented, then INVALID_REFRESH_TOKEN', async () => {
    for (const refreshToken of [`rt_${'B'.repeat(43)}`, 'nonsense', '']) {
      const res = await h.call(REFRESH, { input: { refreshToken } }, { ip: newIp() });
      expect(res.data.refreshSession.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
    }
    const { refreshToken } = await register(h);
    const hash = createHash('sha256').update(refreshToken).digest('hex');
    await h.sql(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hash]);
    const expired = await h.call(REFRESH, { input: { refreshToken } }, { ip: newIp() });
    expect(expired.data.refreshSession.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('when one refresh token is exchanged twice at the same moment, then one exchange wins and the family is revoked', async () => {
    const { refreshToken } = await register(h);
    const ip = newIp();
    const results = await Promise.all([1, 2].map(() => h.call(REFRESH, { input: { refreshToken } }, { ip })));
    const ok = results.filter((r) => r.data.refreshSession.userErrors.length === 0);
    expect(ok).toHaveLength(1);
    const winner = ok[0]!.data.refreshSession.refreshToken;
    const next = await h.call(REFRESH, { input: { refreshToken: winner } }, { ip });
    expect(next.data.refreshSession.userErrors[0].code).toBe('INVALID_REFRESH_TOKEN');
  });
});

describe('when a registration is a duplicate', () => {
  it('when the email exists in another case, then EMAIL_TAKEN on input.email', async () => {
    const address = email('dup');
    await register(h, { email: address });
    const res = await h.call(REGISTER, { input: { email: address.toUpperCase(), password: PASSWORD, displayName: 'Again' } }, { ip: newIp() });
    expect(res.data.register.user).toBeNull();
    expect(res.data.register.accessToken).toBeNull();
    expect(userErrors(res.data.register)).toEqual([{ code: 'EMAIL_TAKEN', field: ['input', 'email'] }]);
    expect(await countUsers(address)).toBe(1);
  });

  it('when 10 registrations of one email race, then exactly one succeeds, the rest get EMAIL_TAKEN, one row exists', async () => {
    const address = email('race');
    const ip = newIp();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.call(REGISTER, { input: { email: address, password: PASSWORD, displayName: `Racer ${i}` } }, { ip }),
      ),
    );
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    const winners = results.filter((r) => r.data.register.user);
    expect(winners).toHaveLength(1);
    const losers = results.filter((r) => !r.data.register.user);
    expect(losers.map((r) => r.data.register.userErrors[0].code)).toEqual(Array(9).fill('EMAIL_TAKEN'));
    expect(await countUsers(address)).toBe(1);
    const [{ n }] = await h.sql('SELECT count(*) AS n FROM session WHERE user_id = $1', [winners[0]!.data.register.user.id]);
    expect(Number(n)).toBe(1);
    const [{ events }] = await h.sql(
      `SELECT count(*) AS events FROM outbox WHERE type = 'UserRegistered' AND envelope->'data'->>'email' = $1`,
      [address],
    );
    expect(Number(events)).toBe(1);
  });
});

describe('when registration input is invalid, then userErrors come back and nothing is written', () => {
  const cases: [string, Record<string, string>, { code: string; field: string[] }[]][] = [
    ['no @', { email: 'not-an-email' }, [{ code: 'INVALID_EMAIL', field: ['input', 'email'] }]],
    ['no domain', { email: 'a@' }, [{ code: 'INVALID_EMAIL', field: ['input', 'email'] }]],
    ['spaces inside', { email: 'a b@example.com' }, [{ code: 'INVALID_EMAIL', field: ['input', 'email'] }]],
    ['two @', { email: 'a@b@example.com' }, [{ code: 'INVALID_EMAIL', field: ['input', 'email'] }]],
    ['control character', { email: 'a\u0000b@example.com' }, [{ code: 'INVALID_EMAIL', field: ['input', 'email'] }]],
    ['over 254 characters', { email: `${'a'.repeat(60)}@${'b'.repeat(190)}.com` }, [{ code: 'INVALID_EMAIL', field: ['input', 'email'] }]],
    ['empty', { email: '' }, [{ code: 'INVALID_EMAIL', field: ['input', 'email'] }]],
    ['9-character password', { password: '123456789' }, [{ code: 'PASSWORD_TOO_SHORT', field: ['input', 'password'] }]],
    ['129-character password', { password: 'p'.repeat(129) }, [{ code: 'PASSWORD_TOO_LONG', field: ['input', 'password'] }]],
    ['huge password', { password: 'p'.repeat(100_000) }, [{ code: 'PASSWORD_TOO_LONG', field: ['input', 'password'] }]],
    ['common password', { password: 'qwertyuiop' }, [{ code: 'PASSWORD_TOO_WEAK', field: ['input', 'password'] }]],
    ['common password in capitals with digits', { password: 'Password2024!' }, [{ code: 'PASSWORD_TOO_WEAK', field: ['input', 'password'] }]],
    ['only digits', { password: '1357924680' }, [{ code: 'PASSWORD_TOO_WEAK', field: ['input', 'password'] }]],
    ['password is the email local part', { email: 'margaret.hamilton@example.com', password: 'MargaretHamilton1' }, [{ code: 'PASSWORD_TOO_WEAK', field: ['input', 'password'] }]],
    ['password contains the display name', { displayName: 'Grace Hopper', password: 'i am grace hopper!' }, [{ code: 'PASSWORD_TOO_WEAK', field: ['input', 'password'] }]],
    ['blank display name', { displayName: '   ' }, [{ code: 'INVALID_DISPLAY_NAME', field: ['input', 'displayName'] }]],
    ['101-character display name', { displayName: 'n'.repeat(101) }, [{ code: 'INVALID_DISPLAY_NAME', field: ['input', 'displayName'] }]],
    ['control character in name', { displayName: 'Bob\nSmith' }, [{ code: 'INVALID_DISPLAY_NAME', field: ['input', 'displayName'] }]],
    ['bidi override in name', { displayName: 'Bob\u202Egnp.exe' }, [{ code: 'INVALID_DISPLAY_NAME', field: ['input', 'displayName'] }]],
    [
      'everything wrong at once',
      { email: 'nope', password: 'short', displayName: '' },
      [
        { code: 'INVALID_EMAIL', field: ['input', 'email'] },
        { code: 'PASSWORD_TOO_SHORT', field: ['input', 'password'] },
        { code: 'INVALID_DISPLAY_NAME', field: ['input', 'displayName'] },
      ],
    ],
  ];

  it.each(cases)('when %s', async (_name, override, expected) => {
    const input = { email: email('invalid'), password: PASSWORD, displayName: 'Valid Name', ...override };
    const before = await totalUsers();
    const res = await h.call(REGISTER, { input }, { ip: newIp() });
    expect(res.errors).toBeUndefined();
    expect(res.data.register.user).toBeNull();
    expect(userErrors(res.data.register)).toEqual(expected);
    expect(await totalUsers()).toBe(before);
  });

  it('when the display name is exactly 100 characters (emoji count as one), then it is accepted', async () => {
    const { user } = await register(h, { displayName: `${'n'.repeat(99)}😀` });
    expect(user.id).toMatch(/^usr_/);
  });
});

describe('when credentials are wrong', () => {
  it('then a wrong password and an unknown email get the same INVALID_CREDENTIALS answer', async () => {
    const { user } = await register(h);
    const wrong = await h.call(LOGIN, { input: { email: user.email, password: 'wrong password!' } }, { ip: newIp() });
    const unknown = await h.call(LOGIN, { input: { email: email('nobody'), password: 'wrong password!' } }, { ip: newIp() });
    expect(wrong.errors).toBeUndefined();
    expect(wrong.data.login).toEqual(unknown.data.login);
    expect(wrong.data.login).toEqual({
      user: null, accessToken: null, refreshToken: null, expiresIn: null,
      userErrors: [{ code: 'INVALID_CREDENTIALS', field: null, message: 'Email or password is incorrect' }],
    });
  });

  it('when an account sees too many attempts from IPs it never signed in from, then login from a new IP is RATE_LIMITED even with the right password', async () => {
    const { user } = await register(h);
    for (let i = 0; i < 5; i++) {
      const res = await h.call(LOGIN, { input: { email: user.email, password: `wrong-${i}-password` } }, { ip: newIp() });
      expect(res.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await h.call(LOGIN, { input: { email: user.email, password: PASSWORD } }, { ip: newIp() });
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(blocked.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('when strangers have spent the account\'s attempts, then its owner still signs in from an IP they signed in from before', async () => {
    const home = newIp();
    const { user } = await register(h, {}, home);
    for (let i = 0; i < 5; i++) {
      const res = await h.call(LOGIN, { input: { email: user.email, password: `guess-${i}-password` } }, { ip: newIp() });
      expect(res.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    }
    expect(codeOf(await h.call(LOGIN, { input: { email: user.email, password: PASSWORD } }, { ip: newIp() }))).toBe('RATE_LIMITED');

    const owner = await h.call(LOGIN, { input: { email: user.email, password: PASSWORD } }, { ip: home });
    expect(owner.errors).toBeUndefined();
    expect(owner.data.login.userErrors).toEqual([]);
    expect(owner.data.login.user.id).toBe(user.id);
    // The owner signing in does not give the strangers a fresh budget.
    expect(codeOf(await h.call(LOGIN, { input: { email: user.email, password: PASSWORD } }, { ip: newIp() }))).toBe('RATE_LIMITED');
  });

  it('when one IP keeps guessing one account, then that IP is RATE_LIMITED on it, even an IP the owner used; other accounts from it are not', async () => {
    const home = newIp();
    const { user } = await register(h, {}, home);
    for (let i = 0; i < 4; i++) {
      const res = await h.call(LOGIN, { input: { email: user.email, password: `guess-${i}-password` } }, { ip: home });
      expect(res.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await h.call(LOGIN, { input: { email: user.email, password: PASSWORD } }, { ip: home });
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(blocked.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    const { user: neighbour } = await register(h, {}, newIp());
    expect((await h.call(LOGIN, { input: { email: neighbour.email, password: PASSWORD } }, { ip: home })).data.login.userErrors).toEqual([]);
  });

  it('when a login succeeds, then that IP\'s attempt count on the account starts over', async () => {
    const home = newIp();
    const { user } = await register(h, {}, home);
    const attempt = (password: string) => h.call(LOGIN, { input: { email: user.email, password } }, { ip: home });
    for (let i = 0; i < 3; i++) await attempt('wrong password!');
    expect((await attempt(PASSWORD)).data.login.userErrors).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await attempt('wrong password!')).data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('when one IP tries many accounts, then it is RATE_LIMITED', async () => {
    const ip = newIp();
    for (let i = 0; i < 30; i++) {
      const res = await h.call(LOGIN, { input: { email: email('spray'), password: 'guess password' } }, { ip });
      expect(res.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await h.call(LOGIN, { input: { email: email('spray'), password: 'guess password' } }, { ip });
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    // Another IP is unaffected.
    const other = await h.call(LOGIN, { input: { email: email('spray'), password: 'guess password' } }, { ip: newIp() });
    expect(other.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('when one IP registers too often, then registration is RATE_LIMITED', async () => {
    const ip = newIp();
    for (let i = 0; i < 12; i++) await register(h, {}, ip);
    const blocked = await h.call(REGISTER, { input: { email: email(), password: PASSWORD, displayName: 'One Too Many' } }, { ip });
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
  });
});

describe('when an operator sets ADMIN_EMAILS (removed: it made whoever registered a listed address first an ADMIN)', () => {
  it('then the users service refuses the configuration, naming the admin CLI, rather than ignore it silently', () => {
    const env = { ...h.env, ADMIN_EMAILS: 'Boss@Example.com' };
    expect(() => parseConfig(usersConfigSchema, env)).toThrow(ConfigError);
    expect(() => parseConfig(usersConfigSchema, env)).toThrow(/ADMIN_EMAILS was removed: grant roles with `npm run admin -- grant-role/);
    expect(() => parseConfig(usersConfigSchema, { ...h.env, ADMIN_EMAILS: '' })).not.toThrow();
  });

  it('then registering and signing in with any address gives USER only, in the user and in the access token', async () => {
    const address = email('boss');
    const reg = await h.call(REGISTER, { input: { email: address, password: PASSWORD, displayName: 'Boss' } }, { ip: newIp() });
    expect(reg.data.register.user.roles).toEqual(['USER']);
    expect(decodeJwt(reg.data.register.accessToken).roles).toEqual(['USER']);
    const login = await h.call(LOGIN, { input: { email: address, password: PASSWORD } }, { ip: newIp() });
    expect(decodeJwt(login.data.login.accessToken).roles).toEqual(['USER']);
  });
});

describe('when profile updates are invalid or unauthenticated', () => {
  it('then a bad display name is a userError and nothing changes', async () => {
    const { user } = await register(h, { displayName: 'Before' });
    const res = await h.call(
      `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id } userErrors { code field } } }`,
      { input: { displayName: 'x'.repeat(101) } },
      { userId: user.id, roles: ['USER'] },
    );
    expect(res.data.updateProfile).toEqual({ user: null, userErrors: [{ code: 'INVALID_DISPLAY_NAME', field: ['input', 'displayName'] }] });
    const [row] = await h.sql('SELECT display_name FROM users WHERE id = $1', [user.id]);
    expect(row.display_name).toBe('Before');
  });

  it('then an anonymous caller gets UNAUTHENTICATED', async () => {
    const res = await h.call(`mutation { updateProfile(input: { displayName: "X" }) { user { id } } }`);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });
});
