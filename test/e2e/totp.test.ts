import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import { eventually } from '@paygraph/platform/testing';
import { parseConfig } from '@paygraph/platform/config';
import { base32Decode, STEP_SECONDS, totp } from '../../subgraphs/users/src/domain/totp.js';
import { usersConfigSchema } from '../../subgraphs/users/src/config.js';
import { runAdmin } from '../../subgraphs/users/src/cli/admin.js';
import { bootStack, PASSWORD, registerUser, type TestStack } from '../support/stack.js';

/**
 * TOTP two-factor sign-in through the gateway (docs/security.md, "TOTP two-factor"). Codes are made with the
 * project's own RFC 6238 implementation (totp.spec.ts checks it against the RFC vectors) from the secret the API
 * answered, as an authenticator app would.
 */
let t: TestStack;
beforeAll(async () => {
  // The login throttles have their own tests (subgraphs/users/test); here many attempts hit one account.
  t = await bootStack({ TRUST_PROXY: 'true', LOGIN_MAX_PER_ACCOUNT_IP: '10000', LOGIN_MAX_PER_ACCOUNT: '10000' });
});
afterAll(async () => {
  await t?.stop();
});

const ops = 'account-security.graphql';

async function query<T>(service: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}${service}`) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
/** The app's code `offsetSteps` steps from now. */
const codeAt = (secret: string, offsetSteps = 0) => totp(base32Decode(secret), nowSeconds() + offsetSteps * STEP_SECONDS);
/** A check that compares codes of neighbouring steps must not straddle a step boundary: wait for a fresh step if close. */
async function awayFromStepEdge(): Promise<void> {
  const into = (Date.now() / 1000) % STEP_SECONDS;
  if (into > STEP_SECONDS - 4) await new Promise((r) => setTimeout(r, (STEP_SECONDS - into + 0.5) * 1000));
}

const login = (email: string, extra: Record<string, string> = {}) =>
  t.op(ops, 'LoginWithTotp', { input: { email, password: PASSWORD, ...extra } });
const errorCodes = (res: { data?: { login: { userErrors: { code: string }[] } } }) => res.data!.login.userErrors.map((e) => e.code);

/** A user with TOTP on: the secret, the recovery codes and a token. */
async function enrolled(name: string) {
  const user = await registerUser(t, name);
  const enable = await t.op(ops, 'EnableTotp', {}, user.accessToken);
  const secret: string = enable.data.enableTotp.secret;
  await awayFromStepEdge();
  const confirm = await t.op(ops, 'ConfirmTotp', { input: { code: codeAt(secret) } }, user.accessToken);
  expect(confirm.data.confirmTotp).toMatchObject({ ok: true, userErrors: [] });
  return { ...user, secret, recoveryCodes: confirm.data.confirmTotp.recoveryCodes as string[] };
}
/** Lets a test reuse codes of the current window (the replay guard is what other tests check). */
const forgetLastStep = (userId: string) => query('users', `update users set totp_last_step = null where id = $1`, [userId]);

describe('when a person turns on two-factor sign-in', () => {
  it('then enableTotp answers a secret and its otpauth URI, a second call replaces it, and only a code of the latest one confirms', async () => {
    const user = await registerUser(t, 'Enrol');
    const first = await t.op(ops, 'EnableTotp', {}, user.accessToken);
    expect(first.errors).toBeUndefined();
    const { secret: firstSecret, otpauthUri, userErrors } = first.data.enableTotp;
    expect(userErrors).toEqual([]);
    expect(firstSecret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(firstSecret);
    expect(uri.searchParams.get('issuer')).toBe('Paygraph');
    expect(decodeURIComponent(uri.pathname)).toContain(user.email);
    // Pending is not on: sign-in still needs only the password.
    expect((await t.op(ops, 'TotpStatus', {}, user.accessToken)).data.me.totpEnabled).toBe(false);
    expect(errorCodes(await login(user.email))).toEqual([]);

    const second = await t.op(ops, 'EnableTotp', {}, user.accessToken);
    const secret: string = second.data.enableTotp.secret;
    expect(secret).not.toBe(firstSecret);
    await awayFromStepEdge();
    const stale = await t.op(ops, 'ConfirmTotp', { input: { code: codeAt(firstSecret) } }, user.accessToken);
    expect(stale.data.confirmTotp).toEqual({ ok: false, recoveryCodes: null, userErrors: [expect.objectContaining({ code: 'INVALID_TOTP_CODE', field: ['input', 'code'] })] });
    expect((await t.op(ops, 'TotpStatus', {}, user.accessToken)).data.me.totpEnabled).toBe(false);

    const confirm = await t.op(ops, 'ConfirmTotp', { input: { code: codeAt(secret) } }, user.accessToken);
    expect(confirm.data.confirmTotp.userErrors).toEqual([]);
    const codes: string[] = confirm.data.confirmTotp.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect((await t.op(ops, 'TotpStatus', {}, user.accessToken)).data.me.totpEnabled).toBe(true);

    // Only the SHA-256 of each recovery code is kept, and the secret is stored sealed.
    const stored = await query<{ code_hash: string }>('users', `select code_hash from recovery_code where user_id = $1`, [user.id]);
    const hashOf = (c: string) => createHash('sha256').update(c.replace('-', '')).digest('hex');
    expect(stored.map((r) => r.code_hash).sort()).toEqual(codes.map(hashOf).sort());
    const [row] = await query<Record<string, unknown>>('users', `select * from users where id = $1`, [user.id]);
    expect(row!.totp_enabled_at).not.toBeNull();
    expect(String(row!.totp_secret_sealed)).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(secret);

    // Once on, it cannot be re-keyed without turning it off; a confirmed set of codes is not answered again.
    const again = await t.op(ops, 'EnableTotp', {}, user.accessToken);
    expect(again.data.enableTotp).toEqual({ secret: null, otpauthUri: null, userErrors: [expect.objectContaining({ code: 'TOTP_ALREADY_ENABLED' })] });
    const reconfirm = await t.op(ops, 'ConfirmTotp', { input: { code: codeAt(secret, 1) } }, user.accessToken);
    expect(reconfirm.data.confirmTotp.userErrors).toEqual([expect.objectContaining({ code: 'TOTP_ALREADY_ENABLED' })]);
  });

  it('then confirmTotp without enableTotp is TOTP_NOT_PENDING, and the TOTP mutations need a signed-in person', async () => {
    const user = await registerUser(t, 'NoPending');
    const res = await t.op(ops, 'ConfirmTotp', { input: { code: '123456' } }, user.accessToken);
    expect(res.data.confirmTotp.userErrors).toEqual([expect.objectContaining({ code: 'TOTP_NOT_PENDING' })]);
    for (const [name, variables] of [['EnableTotp', {}], ['ConfirmTotp', { input: { code: '123456' } }], ['DisableTotp', { input: { code: '123456' } }]] as const) {
      expect((await t.op(ops, name, variables)).status).toBe(401);
    }
  });
});

describe('when a person with two-factor sign-in on signs in', () => {
  it('then the password alone is TOTP_REQUIRED with no tokens, a wrong code INVALID_TOTP_CODE, a current code signs in', async () => {
    const user = await enrolled('Login');
    const bare = await login(user.email);
    expect(bare.data.login).toEqual({
      user: null, accessToken: null, refreshToken: null,
      userErrors: [expect.objectContaining({ code: 'TOTP_REQUIRED', field: ['input', 'totpCode'] })],
    });
    // A wrong password is still INVALID_CREDENTIALS first: the code question comes only after the password.
    const wrongPassword = await t.op(ops, 'LoginWithTotp', { input: { email: user.email, password: 'not the password at all', totpCode: codeAt(user.secret) } });
    expect(errorCodes(wrongPassword)).toEqual(['INVALID_CREDENTIALS']);

    await awayFromStepEdge();
    const right = codeAt(user.secret, 1);
    const wrong = right === '000000' ? '000001' : '000000';
    for (const totpCode of [wrong, '12345', 'abcdef', '']) {
      const res = await login(user.email, { totpCode });
      expect(res.data.login.accessToken).toBeNull();
      expect(errorCodes(res)).toEqual([totpCode === '' ? 'TOTP_REQUIRED' : 'INVALID_TOTP_CODE']);
    }
    const ok = await login(user.email, { totpCode: right });
    expect(ok.data.login.userErrors).toEqual([]);
    expect(ok.data.login.user).toEqual({ id: user.id, totpEnabled: true });
    expect((await t.gql(`{ me { id } }`, {}, ok.data.login.accessToken)).data.me.id).toBe(user.id);
  });

  it('then a code counts within one step either side of now, and never twice, nor after a later one', async () => {
    const user = await enrolled('Window');
    await forgetLastStep(user.id);
    await awayFromStepEdge();
    expect(errorCodes(await login(user.email, { totpCode: codeAt(user.secret, -2) }))).toEqual(['INVALID_TOTP_CODE']);
    expect(errorCodes(await login(user.email, { totpCode: codeAt(user.secret, 2) }))).toEqual(['INVALID_TOTP_CODE']);
    const previous = codeAt(user.secret, -1);
    expect(errorCodes(await login(user.email, { totpCode: previous }))).toEqual([]);
    // The same code again: a replay.
    expect(errorCodes(await login(user.email, { totpCode: previous }))).toEqual(['INVALID_TOTP_CODE']);
    const next = codeAt(user.secret, 1);
    expect(errorCodes(await login(user.email, { totpCode: next }))).toEqual([]);
    // The current step's code is earlier than the one just accepted.
    expect(errorCodes(await login(user.email, { totpCode: codeAt(user.secret) }))).toEqual(['INVALID_TOTP_CODE']);
    expect(errorCodes(await login(user.email, { totpCode: next }))).toEqual(['INVALID_TOTP_CODE']);
  });

  it('then two sign-ins with the same code at the same moment: exactly one gets tokens', async () => {
    const user = await enrolled('Race');
    for (let round = 0; round < 3; round++) {
      await forgetLastStep(user.id);
      await awayFromStepEdge();
      const code = codeAt(user.secret);
      const results = await Promise.all(Array.from({ length: 4 }, () => login(user.email, { totpCode: code })));
      const signedIn = results.filter((r) => r.data.login.accessToken);
      expect(signedIn).toHaveLength(1);
      for (const r of results.filter((x) => !x.data.login.accessToken)) expect(errorCodes(r)).toEqual(['INVALID_TOTP_CODE']);
    }
  });

  it('then a recovery code signs in once, typed in any case and without its dash', async () => {
    const user = await enrolled('Recovery');
    const [code, other] = user.recoveryCodes;
    const first = await login(user.email, { recoveryCode: code!.toUpperCase().replace('-', ' ') });
    expect(first.data.login.userErrors).toEqual([]);
    expect(first.data.login.accessToken).toEqual(expect.any(String));
    const again = await login(user.email, { recoveryCode: code! });
    expect(again.data.login).toMatchObject({ accessToken: null, userErrors: [expect.objectContaining({ code: 'INVALID_TOTP_CODE', field: ['input', 'recoveryCode'] })] });
    expect(errorCodes(await login(user.email, { recoveryCode: 'aaaaa-aaaaa' }))).toEqual(['INVALID_TOTP_CODE']);
    expect(errorCodes(await login(user.email, { recoveryCode: other! }))).toEqual([]);
    const left = await query('users', `select 1 from recovery_code where user_id = $1`, [user.id]);
    expect(left).toHaveLength(8);
  });

  it('then disableTotp needs a current code or a recovery code, and afterwards the password alone signs in again', async () => {
    const user = await enrolled('Disable');
    await awayFromStepEdge();
    const wrongCode = codeAt(user.secret, 1) === '000000' ? '000001' : '000000';
    const wrong = await t.op(ops, 'DisableTotp', { input: { code: wrongCode } }, user.accessToken);
    expect(wrong.data.disableTotp).toEqual({ ok: false, userErrors: [expect.objectContaining({ code: 'INVALID_TOTP_CODE' })] });
    const none = await t.op(ops, 'DisableTotp', { input: {} }, user.accessToken);
    expect(none.data.disableTotp.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TOTP_CODE' })]);
    expect((await t.op(ops, 'TotpStatus', {}, user.accessToken)).data.me.totpEnabled).toBe(true);

    const off = await t.op(ops, 'DisableTotp', { input: { recoveryCode: user.recoveryCodes[3] } }, user.accessToken);
    expect(off.data.disableTotp).toEqual({ ok: true, userErrors: [] });
    expect((await t.op(ops, 'TotpStatus', {}, user.accessToken)).data.me.totpEnabled).toBe(false);
    expect(errorCodes(await login(user.email))).toEqual([]);
    expect(await query('users', `select 1 from recovery_code where user_id = $1`, [user.id])).toHaveLength(0);
    const [row] = await query<{ totp_secret_sealed: string | null }>('users', `select totp_secret_sealed from users where id = $1`, [user.id]);
    expect(row!.totp_secret_sealed).toBeNull();
    const twice = await t.op(ops, 'DisableTotp', { input: { code: codeAt(user.secret) } }, user.accessToken);
    expect(twice.data.disableTotp.userErrors).toEqual([expect.objectContaining({ code: 'TOTP_NOT_ENABLED' })]);

    // On again with a code of the app (a new secret): turning off with a current code works too.
    const renewed = await t.op(ops, 'EnableTotp', {}, user.accessToken);
    const secret: string = renewed.data.enableTotp.secret;
    await awayFromStepEdge();
    expect((await t.op(ops, 'ConfirmTotp', { input: { code: codeAt(secret) } }, user.accessToken)).data.confirmTotp.ok).toBe(true);
    const offByCode = await t.op(ops, 'DisableTotp', { input: { code: codeAt(secret, 1) } }, user.accessToken);
    expect(offByCode.data.disableTotp).toEqual({ ok: true, userErrors: [] });
  });

  it('then guessing codes on a signed-in session runs out: the 11th attempt in 15 minutes is RATE_LIMITED, even with a right code', async () => {
    const user = await enrolled('Guess');
    const bystander = await enrolled('Bystander');
    await awayFromStepEdge();
    const right = codeAt(user.secret, 1);
    const wrong = right === '000000' ? '000001' : '000000';
    // confirmTotp (in enrolled) spent one of the 10.
    for (let i = 0; i < 9; i++) {
      const res = await t.op(ops, i % 2 ? 'DisableTotp' : 'VerifyTotp', { input: { code: wrong } }, user.accessToken);
      expect(res.errors).toBeUndefined();
    }
    for (const name of ['DisableTotp', 'VerifyTotp']) {
      const res = await t.op(ops, name, { input: { code: right } }, user.accessToken);
      expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    }
    expect((await t.op(ops, 'TotpStatus', {}, user.accessToken)).data.me.totpEnabled).toBe(true);
    // The budget is the user's own.
    const other = await t.op(ops, 'VerifyTotp', { input: { code: codeAt(bystander.secret, 1) } }, bystander.accessToken);
    expect(other.errors).toBeUndefined();
    expect(other.data.verifyTotp.userErrors).toEqual([]);
  });

  it('then the owner is told when it goes on and off, and no secret or code is on the bus, in audit or in notifications', async () => {
    const user = await enrolled('Told');
    await awayFromStepEdge();
    const loginCode = codeAt(user.secret, 1);
    expect(errorCodes(await login(user.email, { totpCode: loginCode }))).toEqual([]);
    const disableCode = user.recoveryCodes[0]!;
    expect((await t.op(ops, 'DisableTotp', { input: { recoveryCode: disableCode } }, user.accessToken)).data.disableTotp.ok).toBe(true);

    const kinds = async () => {
      const res = await t.gql(`{ me { notifications(first: 20) { edges { node { kind title body } } } } }`, {}, user.accessToken);
      return (res.data.me.notifications.edges as { node: { kind: string; title: string; body: string } }[]).map((e) => e.node);
    };
    const told = await eventually(async () => {
      const list = (await kinds()).filter((n) => n.kind === 'TWO_FACTOR_CHANGED');
      return list.length === 2 ? list : undefined;
    }, 15_000);
    expect(told.map((n) => n.title).sort()).toEqual(['Two-factor sign-in is off', 'Two-factor sign-in is on']);
    await eventually(async () => (await query('audit', `select 1 from audit_record where event_type = 'TwoFactorChanged' and payload->>'userId' = $1`, [user.id])).length === 2, 15_000);

    // Ids are UUIDv7: in the order the events were written.
    const outbox = await query<{ envelope: { type: string; data: Record<string, unknown> } }>('users', `select envelope from outbox where aggregate_id = $1 order by id`, [user.id]);
    const changes = outbox.filter((r) => r.envelope.type === 'TwoFactorChanged').map((r) => r.envelope.data);
    expect(changes).toEqual([
      expect.objectContaining({ userId: user.id, method: 'TOTP', enabled: true, via: 'TOTP_CODE' }),
      expect.objectContaining({ userId: user.id, method: 'TOTP', enabled: false, via: 'RECOVERY_CODE' }),
    ]);
    const audit = await query<unknown>('audit', `select * from audit_record where payload->>'userId' = $1`, [user.id]);
    const notifications = await query<unknown>('notifications', `select n.*, d.* from notification n left join notification_delivery d on d.notification_id = n.id where n.user_id = $1`, [user.id]);
    const secrets = [user.secret, loginCode, ...user.recoveryCodes, ...user.recoveryCodes.map((c) => c.replace('-', ''))];
    for (const stored of [outbox, audit, notifications]) {
      expect(stored.length).toBeGreaterThan(0);
      const text = JSON.stringify(stored);
      for (const s of secrets) expect(text).not.toContain(s);
    }
  });

  it('then a user who lost the app and the codes gets it reset by an operator: the password alone signs in, every session ended, told and audited', async () => {
    const user = await enrolled('Lost');
    const other = await enrolled('Kept');
    const admin = (args: string[]) => {
      const lines: string[] = [];
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
      return runAdmin(args, parseConfig(usersConfigSchema, t.env), io).then((code) => ({ code, lines }));
    };
    expect(errorCodes(await login(user.email))).toEqual(['TOTP_REQUIRED']);

    expect(await admin(['reset-two-factor', user.email.toUpperCase()])).toEqual({ code: 0, lines: [`${user.id} <${user.email}>: two-factor sign-in off, 1 session(s) ended`] });
    // The password alone signs in; the session held before (someone else's, perhaps) is over, its refresh token dead.
    expect(errorCodes(await login(user.email))).toEqual([]);
    await eventually(async () => (await t.gql(`{ me { id } }`, {}, user.accessToken)).status === 401, 10_000);
    const refreshed = await t.gql(`mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken userErrors { code } } }`, { input: { refreshToken: user.refreshToken } });
    expect(refreshed.data.refreshSession.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_REFRESH_TOKEN' })]);
    expect(await query('users', `select 1 from recovery_code where user_id = $1`, [user.id])).toHaveLength(0);
    expect(await query('users', `select revoke_reason from session where user_id = $1 and revoke_reason is not null`, [user.id])).toEqual([{ revoke_reason: 'TWO_FACTOR_RESET' }]);
    // The user is told, and the audit trail says an operator did it.
    await eventually(async () => (await query('notifications', `select 1 from notification where user_id = $1 and kind = 'TWO_FACTOR_CHANGED' and body like 'Our support team%'`, [user.id])).length === 1, 15_000);
    await eventually(async () => (await query('audit', `select 1 from audit_record where event_type = 'TwoFactorChanged' and payload->>'userId' = $1 and payload->>'via' = 'OPERATOR_RESET'`, [user.id])).length === 1, 15_000);

    // Again: nothing to do, nothing changes. An unknown address: refused. Another user: untouched.
    expect(await admin(['reset-two-factor', user.email])).toEqual({ code: 0, lines: [`${user.id} <${user.email}>: two-factor sign-in was off (unchanged)`] });
    expect(await admin(['reset-two-factor', 'nobody@example.com'])).toMatchObject({ code: 1, lines: [expect.stringContaining('USER_NOT_FOUND')] });
    expect((await admin(['reset-two-factor'])).code).toBe(2);
    expect(errorCodes(await login(other.email))).toEqual(['TOTP_REQUIRED']);
    expect((await t.op(ops, 'TotpStatus', {}, other.accessToken)).data.me.totpEnabled).toBe(true);
    const outbox = await query<{ envelope: { type: string } }>('users', `select envelope from outbox where aggregate_id = $1 order by id`, [user.id]);
    expect(outbox.filter((r) => r.envelope.type === 'TwoFactorChanged')).toHaveLength(2);
  });
});
