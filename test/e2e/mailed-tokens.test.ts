import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import { eventually } from '@paygraph/platform/testing';
import { bootStack, email, PASSWORD, registerUser, type TestStack } from '../support/stack.js';

/**
 * Email verification and password reset through the gateway (docs/security.md, "Tokens mailed to users"): the link
 * is read where a person would read it, the sandbox email sink, and nowhere else holds a working token.
 */
let t: TestStack;
let sinkDir: string;
beforeAll(async () => {
  sinkDir = mkdtempSync(path.join(tmpdir(), 'paygraph-mail-'));
  // Behind an ingress: X-Forwarded-For's first hop is the client IP, so tests can call from several places.
  t = await bootStack({ TRUST_PROXY: 'true', NOTIFICATIONS_SINK_DIR: sinkDir, NOTIFICATIONS_DELIVERY_POLL_MS: '50' });
});
afterAll(async () => {
  await t?.stop();
  rmSync(sinkDir, { recursive: true, force: true });
});

const ops = 'account-security.graphql';
let ipCounter = 0;
const freshIp = () => ({ 'x-forwarded-for': `203.0.113.${++ipCounter}` });

interface Mail {
  channel: string;
  to: string;
  kind: string;
  title: string;
  body: string;
  link?: string;
}
function lines(channel: 'email' | 'sms' | 'push'): Mail[] {
  try {
    return readFileSync(path.join(sinkDir, `${channel}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Mail);
  } catch {
    return [];
  }
}
const mailsTo = (userId: string, kind: string) => lines('email').filter((m) => m.to === userId && m.kind === kind);
/** Waits for the `n`th email of this kind to the user and answers the token in its link. */
async function tokenFromMail(userId: string, kind: 'EMAIL_VERIFICATION' | 'PASSWORD_RESET', n = 1): Promise<string> {
  const mail = await eventually(async () => mailsTo(userId, kind)[n - 1], 15_000);
  const token = /#token=(ut_[A-Za-z0-9_-]{43})$/.exec(mail.link ?? '')?.[1];
  if (!token) throw new Error(`no token in ${JSON.stringify(mail)}`);
  return token;
}

async function query<T>(service: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}${service}`) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const verified = async (token: string) => (await t.op(ops, 'EmailVerified', {}, token)).data.me;

describe('when a person registers', () => {
  it('then the verification link from the email works once, and only then is the email verified', async () => {
    const user = await registerUser(t, 'Vera');
    expect(await verified(user.accessToken)).toMatchObject({ emailVerified: false, emailVerifiedAt: null });
    const token = await tokenFromMail(user.id, 'EMAIL_VERIFICATION');

    const first = await t.op(ops, 'VerifyEmail', { input: { token } });
    expect(first.errors).toBeUndefined();
    expect(first.data.verifyEmail).toEqual({ ok: true, user: { id: user.id }, userErrors: [] });
    const after = await verified(user.accessToken);
    expect(after.emailVerified).toBe(true);
    expect(after.emailVerifiedAt).toEqual(expect.any(String));

    const again = await t.op(ops, 'VerifyEmail', { input: { token } });
    expect(again.data.verifyEmail).toMatchObject({ ok: false, user: null, userErrors: [{ code: 'INVALID_TOKEN', field: ['input', 'token'] }] });

    const more = await t.op(ops, 'RequestEmailVerification', {}, user.accessToken);
    expect(more.data.requestEmailVerification.userErrors).toEqual([expect.objectContaining({ code: 'EMAIL_ALREADY_VERIFIED' })]);
  });

  it('then the email goes by email only, and the token is on no bus event, audit record or notification row', async () => {
    const user = await registerUser(t, 'Sealed');
    const token = await tokenFromMail(user.id, 'EMAIL_VERIFICATION');
    await eventually(async () => (await query('audit', `select 1 from audit_record where event_type = 'EmailVerificationRequested' and payload->>'userId' = $1`, [user.id])).length > 0, 15_000);

    const outbox = await query<{ envelope: unknown }>('users', `select envelope from outbox where aggregate_id = $1`, [user.id]);
    expect(outbox.map((r) => (r.envelope as { type: string }).type)).toContain('EmailVerificationRequested');
    const audit = await query<{ payload: unknown }>('audit', `select payload from audit_record where payload->>'userId' = $1`, [user.id]);
    const rows = await query<unknown>('notifications', `select n.*, d.* from notification n left join notification_delivery d on d.notification_id = n.id where n.user_id = $1`, [user.id]);
    const hashes = await query<{ token_hash: string }>('users', `select token_hash from user_token where user_id = $1`, [user.id]);
    for (const stored of [outbox, audit, rows, hashes]) {
      expect(stored.length).toBeGreaterThan(0);
      const text = JSON.stringify(stored);
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(3));
    }
    // Preferences say email, SMS and push for most kinds: a link goes by email only.
    expect(lines('sms').concat(lines('push')).filter((m) => m.to === user.id && m.kind === 'EMAIL_VERIFICATION')).toEqual([]);
    const inApp = await t.gql(`{ me { notifications(first: 10) { edges { node { kind body } } } } }`, {}, user.accessToken);
    const kinds = inApp.data.me.notifications.edges.map((e: { node: { kind: string; body: string } }) => e.node);
    expect(kinds).toEqual([expect.objectContaining({ kind: 'EMAIL_VERIFICATION' })]);
    expect(JSON.stringify(kinds)).not.toContain(token);
  });

  it('then a wrong, malformed, superseded or expired token is refused with INVALID_TOKEN and changes nothing', async () => {
    const user = await registerUser(t, 'Wrong');
    const firstToken = await tokenFromMail(user.id, 'EMAIL_VERIFICATION');
    const wrong = `ut_${'A'.repeat(43)}`;
    for (const token of [wrong, 'not a token', '']) {
      const res = await t.op(ops, 'VerifyEmail', { input: { token } });
      expect(res.data.verifyEmail.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TOKEN' })]);
    }
    // A new link voids the older one.
    expect((await t.op(ops, 'RequestEmailVerification', {}, user.accessToken)).data.requestEmailVerification).toEqual({ ok: true, userErrors: [] });
    const secondToken = await tokenFromMail(user.id, 'EMAIL_VERIFICATION', 2);
    const superseded = await t.op(ops, 'VerifyEmail', { input: { token: firstToken } });
    expect(superseded.data.verifyEmail.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TOKEN' })]);
    // Past its 24 hours.
    await query('users', `update user_token set expires_at = now() - interval '1 second' where user_id = $1`, [user.id]);
    const expired = await t.op(ops, 'VerifyEmail', { input: { token: secondToken } });
    expect(expired.data.verifyEmail.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TOKEN' })]);
    expect((await verified(user.accessToken)).emailVerified).toBe(false);
  });

  it('then requestEmailVerification needs a signed-in caller, and verifyEmail does not', async () => {
    const anonymous = await t.op(ops, 'RequestEmailVerification', {});
    expect(anonymous.status).toBe(401);
    const open = await t.op(ops, 'VerifyEmail', { input: { token: 'x' } });
    expect(open.status).toBe(200);
  });
});

describe('when a person forgot their password', () => {
  it('then the reset link sets a new password once, ends every session within seconds, verifies the email and tells the owner', async () => {
    const user = await registerUser(t, 'Reset');
    const other = await t.gql(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }`,
      { input: { email: user.email, password: PASSWORD } },
    );
    const req = await t.op(ops, 'RequestPasswordReset', { input: { email: `  ${user.email.toUpperCase()} ` } });
    expect(req.data.requestPasswordReset).toEqual({ ok: true, userErrors: [] });
    const token = await tokenFromMail(user.id, 'PASSWORD_RESET');

    const weak = await t.op(ops, 'ResetPassword', { input: { token, newPassword: '1234567890' } });
    expect(weak.data.resetPassword).toEqual({ ok: false, userErrors: [expect.objectContaining({ code: 'PASSWORD_TOO_WEAK', field: ['input', 'newPassword'] })] });
    expect((await t.gql(`{ me { id } }`, {}, user.accessToken)).data.me.id).toBe(user.id);

    const newPassword = 'lantern orchard velvet 7';
    const reset = await t.op(ops, 'ResetPassword', { input: { token, newPassword } });
    expect(reset.data.resetPassword).toEqual({ ok: true, userErrors: [] });

    // Both sessions end: their access tokens within seconds, their refresh tokens at once.
    for (const access of [user.accessToken, other.data.login.accessToken]) {
      await eventually(async () => (await t.gql(`{ me { id } }`, {}, access)).status === 401, 5_000, 100);
    }
    const refresh = await t.gql(`mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken userErrors { code } } }`, {
      input: { refreshToken: other.data.login.refreshToken },
    });
    expect(refresh.data.refreshSession).toEqual({ accessToken: null, userErrors: [{ code: 'INVALID_REFRESH_TOKEN' }] });

    const oldLogin = await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken userErrors { code } } }`, {
      input: { email: user.email, password: PASSWORD },
    }, undefined, freshIp());
    expect(oldLogin.data.login.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
    const login = await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken userErrors { code } } }`, {
      input: { email: user.email, password: newPassword },
    }, undefined, freshIp());
    expect(login.data.login.userErrors).toEqual([]);
    expect((await verified(login.data.login.accessToken)).emailVerified).toBe(true);

    const again = await t.op(ops, 'ResetPassword', { input: { token, newPassword: 'another quiet harbour 9' } });
    expect(again.data.resetPassword.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TOKEN' })]);

    const changed = await eventually(async () => mailsTo(user.id, 'PASSWORD_CHANGED')[0], 15_000);
    expect(changed.link).toBeUndefined();
    expect(lines('sms').some((m) => m.to === user.id && m.kind === 'PASSWORD_CHANGED')).toBe(true);
    const outbox = await query<{ envelope: unknown }>('users', `select envelope from outbox where aggregate_id = $1`, [user.id]);
    const types = outbox.map((r) => (r.envelope as { type: string }).type);
    expect(types).toEqual(expect.arrayContaining(['PasswordResetRequested', 'PasswordChanged', 'EmailVerified']));
    expect(JSON.stringify(outbox)).not.toContain(token);
  });

  it('then two uses of one reset link at the same moment: exactly one sets its password', async () => {
    const user = await registerUser(t, 'Race');
    await t.op(ops, 'RequestPasswordReset', { input: { email: user.email } });
    const token = await tokenFromMail(user.id, 'PASSWORD_RESET');
    const passwords = ['lantern orchard velvet 7', 'copper meadow thistle 3', 'granite willow puffin 5', 'saffron kettle glacier 8'];
    const results = await Promise.all(passwords.map((newPassword) => t.op(ops, 'ResetPassword', { input: { token, newPassword } })));
    const oks = results.filter((r) => r.data.resetPassword.ok);
    expect(oks).toHaveLength(1);
    const winner = passwords[results.indexOf(oks[0]!)]!;
    const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { userErrors { code } } }`;
    expect((await t.gql(LOGIN, { input: { email: user.email, password: winner } }, undefined, freshIp())).data.login.userErrors).toEqual([]);
    for (const loser of passwords.filter((p) => p !== winner)) {
      expect((await t.gql(LOGIN, { input: { email: user.email, password: loser } }, undefined, freshIp())).data.login.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
    }
  });

  it('then an expired reset link is refused and the password stays', async () => {
    const user = await registerUser(t, 'Late');
    await t.op(ops, 'RequestPasswordReset', { input: { email: user.email } });
    const token = await tokenFromMail(user.id, 'PASSWORD_RESET');
    await query('users', `update user_token set expires_at = now() - interval '1 second' where user_id = $1 and purpose = 'PASSWORD_RESET'`, [user.id]);
    const res = await t.op(ops, 'ResetPassword', { input: { token, newPassword: 'lantern orchard velvet 7' } });
    expect(res.data.resetPassword.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TOKEN' })]);
    expect((await t.gql(`{ me { id } }`, {}, user.accessToken)).data.me.id).toBe(user.id);
  });

  it('then the answer is the same for an unknown email, and a known one gets at most a few links an hour', async () => {
    const unknown = await t.op(ops, 'RequestPasswordReset', { input: { email: email('nobody') } });
    const malformed = await t.op(ops, 'RequestPasswordReset', { input: { email: 'not an email' } });
    expect(unknown.data).toEqual({ requestPasswordReset: { ok: true, userErrors: [] } });
    expect(malformed.data).toEqual(unknown.data);

    const user = await registerUser(t, 'Flood');
    for (let i = 0; i < 5; i++) {
      const res = await t.gql(
        `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok userErrors { code } } }`,
        { input: { email: user.email } },
        undefined,
        freshIp(),
      );
      expect(res.data.requestPasswordReset).toEqual({ ok: true, userErrors: [] });
    }
    // PASSWORD_RESET_MAX_PER_EMAIL (3): the rest answered ok and sent nothing.
    await eventually(async () => mailsTo(user.id, 'PASSWORD_RESET').length >= 3, 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo(user.id, 'PASSWORD_RESET')).toHaveLength(3);
  });

  it('then one client IP asking too often is RATE_LIMITED', async () => {
    const from = freshIp();
    let last: Awaited<ReturnType<TestStack['gql']>> | undefined;
    // PASSWORD_RESET_MAX_PER_IP (30) per hour.
    for (let i = 0; i < 31; i++) {
      last = await t.gql(`mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok } }`, { input: { email: email('ip') } }, undefined, from);
      if (i < 30) expect(last.errors).toBeUndefined();
    }
    expect(last!.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});
