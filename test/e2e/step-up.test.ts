import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import { eventually } from '@paygraph/platform/testing';
import { base32Decode, STEP_SECONDS, totp } from '../../subgraphs/users/src/domain/totp.js';
import { assertLedgerBalanced, fund, walletOf } from '../support/money.js';
import { bootStack, PASSWORD, registerUser, type TestStack } from '../support/stack.js';

/**
 * Step-up for withdrawals and new bank accounts (docs/security.md) through the gateway: with two-factor sign-in on,
 * withdraw and linkBankAccount need a TOTP code checked within 5 minutes (at login, or by verifyTotp), carried as
 * `mfaAt` from the access token through the gateway's signed identity; people without TOTP are not asked.
 */
let t: TestStack;
beforeAll(async () => {
  t = await bootStack({ TRUST_PROXY: 'true', LOGIN_MAX_PER_ACCOUNT_IP: '10000', LOGIN_MAX_PER_ACCOUNT: '10000' });
});
afterEach(async () => {
  await assertLedgerBalanced(t);
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

const codeAt = (secret: string, offsetSteps = 0) => totp(base32Decode(secret), Math.floor(Date.now() / 1000) + offsetSteps * STEP_SECONDS);
async function awayFromStepEdge(): Promise<void> {
  const into = (Date.now() / 1000) % STEP_SECONDS;
  if (into > STEP_SECONDS - 4) await new Promise((r) => setTimeout(r, (STEP_SECONDS - into + 0.5) * 1000));
}
/** The claims of an access token (read, not verified: the gateway verifies). */
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

interface Signed {
  accessToken: string;
  refreshToken: string;
}
async function enrolled(name: string) {
  return enrol(await registerUser(t, name));
}
/** Turns TOTP on for a registered user (the confirming code spends the current step). */
async function enrol<U extends { accessToken: string }>(user: U) {
  const secret: string = (await t.op(ops, 'EnableTotp', {}, user.accessToken)).data.enableTotp.secret;
  await awayFromStepEdge();
  const confirm = await t.op(ops, 'ConfirmTotp', { input: { code: codeAt(secret) } }, user.accessToken);
  expect(confirm.data.confirmTotp.ok).toBe(true);
  return { ...user, secret, recoveryCodes: confirm.data.confirmTotp.recoveryCodes as string[] };
}
async function login(email: string, factor: { totpCode?: string; recoveryCode?: string }): Promise<Signed> {
  const res = await t.op(ops, 'LoginWithTotp', { input: { email, password: PASSWORD, ...factor } });
  expect(res.data.login.userErrors).toEqual([]);
  return res.data.login;
}

let accountNumber = 100_000_000;
const linkBank = (token: string) =>
  t.op('payouts.graphql', 'LinkBankAccount', {
    input: { country: 'US', holderName: 'Step Up', routingNumber: '110000000', accountNumber: String(++accountNumber) },
  }, token);
const withdraw = (token: string, walletId: string, bankAccountId: string) =>
  t.op('payouts.graphql', 'Withdraw', {
    input: { idempotencyKey: randomUUID(), walletId, bankAccountId, amount: { amount: '5.00', currency: 'USD' } },
  }, token);
const codes = (res: { data?: Record<string, { userErrors: { code: string }[] }> }, field: string) => res.data![field]!.userErrors.map((e) => e.code);
const instruments = async (userId: string) =>
  (await query('accounts', `select 1 from funding_instrument where user_id = $1 and kind = 'BANK_ACCOUNT'`, [userId])).length;
const withdrawals = async (userId: string) => (await query('payments', `select 1 from withdrawal where user_id = $1`, [userId])).length;

describe('when a person without two-factor sign-in withdraws or links a bank account', () => {
  it('then nothing asks for a code, and their tokens carry no second-factor claims', async () => {
    const user = await registerUser(t, 'Plain');
    expect(claims(user.accessToken)).not.toHaveProperty('mfaAt');
    expect(claims(user.accessToken)).not.toHaveProperty('amr');
    expect(claims(user.accessToken)).not.toHaveProperty('totp');
    const linked = await linkBank(user.accessToken);
    expect(linked.data.linkBankAccount.userErrors).toEqual([]);
    expect(linked.data.linkBankAccount.fundingInstrument.id).toEqual(expect.any(String));
  });
});

describe('when a person with two-factor sign-in on', () => {
  it('signs in with a code, then the token carries amr and mfaAt and opens linkBankAccount and withdraw', async () => {
    const user = await enrolled('Fresh');
    await awayFromStepEdge();
    const session = await login(user.email, { totpCode: codeAt(user.secret, 1) });
    const c = claims(session.accessToken);
    expect(c).toMatchObject({ amr: ['pwd', 'otp'], totp: true });
    expect(Math.abs((c.mfaAt as number) - Date.now() / 1000)).toBeLessThan(10);

    const linked = await linkBank(session.accessToken);
    expect(linked.data.linkBankAccount.userErrors).toEqual([]);
    const bankId = linked.data.linkBankAccount.fundingInstrument.id;
    const verified = await t.op('payouts.graphql', 'VerifyBankAccount', { input: { fundingInstrumentId: bankId, amounts: ['0.45', '0.32'] } }, session.accessToken);
    expect(verified.data.verifyBankAccount.userErrors).toEqual([]);
    await fund(t, session.accessToken, '20.00', 'USD');
    const wallet = (await walletOf(t, session.accessToken, 'USD')) as unknown as { id: string };
    const res = await withdraw(session.accessToken, wallet.id, bankId);
    expect(res.data.withdraw.userErrors).toEqual([]);
    expect(res.data.withdraw.withdrawal).toMatchObject({ status: 'PENDING', amount: { amount: '5.00' } });
  });

  it('uses a token issued before it was turned on, then linkBankAccount is STEP_UP_REQUIRED and nothing is linked', async () => {
    const user = await enrolled('Before');
    // The registration's token says nothing of TOTP; the gateway's revocation list learns it within its poll interval
    // (about a second), and from then on that token is asked for a code too.
    const refused = await eventually(async () => {
      const before = await instruments(user.id);
      const res = await linkBank(user.accessToken);
      return codes(res, 'linkBankAccount').includes('STEP_UP_REQUIRED') ? { res, before } : undefined;
    }, 5_000, 100);
    expect(refused.res.data.linkBankAccount).toEqual({ fundingInstrument: null, userErrors: [expect.objectContaining({ code: 'STEP_UP_REQUIRED' })] });
    expect(await instruments(user.id)).toBe(refused.before);
    expect(codes(await linkBank(user.accessToken), 'linkBankAccount')).toEqual(['STEP_UP_REQUIRED']);
    expect(await instruments(user.id)).toBe(refused.before);
  });

  it('signs in with a recovery code, then withdraw and linkBankAccount need verifyTotp, whose new token opens them', async () => {
    // Funds and a verified bank account from before TOTP was on, to withdraw with later.
    const plain = await registerUser(t, 'Recovered');
    const bankId = (await linkBank(plain.accessToken)).data.linkBankAccount.fundingInstrument.id;
    await t.op('payouts.graphql', 'VerifyBankAccount', { input: { fundingInstrumentId: bankId, amounts: ['0.45', '0.32'] } }, plain.accessToken);
    await fund(t, plain.accessToken, '20.00', 'USD');
    const wallet = (await walletOf(t, plain.accessToken, 'USD')) as unknown as { id: string };
    const user = await enrol(plain);

    const session = await login(user.email, { recoveryCode: user.recoveryCodes[0]! });
    expect(claims(session.accessToken)).toMatchObject({ totp: true });
    expect(claims(session.accessToken)).not.toHaveProperty('mfaAt');
    const before = await instruments(user.id);
    const link = await linkBank(session.accessToken);
    expect(link.data.linkBankAccount).toEqual({ fundingInstrument: null, userErrors: [expect.objectContaining({ code: 'STEP_UP_REQUIRED' })] });
    const out = await withdraw(session.accessToken, wallet.id, bankId);
    expect(out.data.withdraw).toEqual({ withdrawal: null, userErrors: [expect.objectContaining({ code: 'STEP_UP_REQUIRED' })] });
    expect(await instruments(user.id)).toBe(before);
    expect(await withdrawals(user.id)).toBe(0);

    // A wrong code, a malformed one, and the code confirmTotp already spent are refused.
    await awayFromStepEdge();
    const next = codeAt(user.secret, 1);
    for (const code of [next === '000000' ? '000001' : '000000', 'abc', codeAt(user.secret)]) {
      const res = await t.op(ops, 'VerifyTotp', { input: { code } }, session.accessToken);
      expect(res.data.verifyTotp).toEqual({ accessToken: null, expiresIn: null, userErrors: [expect.objectContaining({ code: 'INVALID_TOTP_CODE', field: ['input', 'code'] })] });
    }
    const stepped = await t.op(ops, 'VerifyTotp', { input: { code: next } }, session.accessToken);
    expect(stepped.data.verifyTotp.userErrors).toEqual([]);
    const fresh: string = stepped.data.verifyTotp.accessToken;
    expect(claims(fresh)).toMatchObject({ sid: claims(session.accessToken).sid, sub: user.id, amr: ['pwd', 'otp'], totp: true });
    expect(Math.abs((claims(fresh).mfaAt as number) - Date.now() / 1000)).toBeLessThan(10);
    // The same code again is a replay.
    const replay = await t.op(ops, 'VerifyTotp', { input: { code: next } }, session.accessToken);
    expect(replay.data.verifyTotp.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TOTP_CODE' })]);

    const done = await withdraw(fresh, wallet.id, bankId);
    expect(done.data.withdraw.userErrors).toEqual([]);
    expect(done.data.withdraw.withdrawal).toMatchObject({ status: 'PENDING' });
    expect((await linkBank(fresh)).data.linkBankAccount.userErrors).toEqual([]);
  });

  it('checked a code more than 5 minutes ago, then a refreshed token keeps that age and is STEP_UP_REQUIRED', async () => {
    const user = await enrolled('Stale');
    await awayFromStepEdge();
    const session = await login(user.email, { totpCode: codeAt(user.secret, 1) });
    const refresh = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken refreshToken userErrors { code } } }`;
    // A refresh is no new proof: the check's time travels on unchanged.
    const refreshed = (await t.gql(refresh, { input: { refreshToken: session.refreshToken } })).data.refreshSession;
    expect(claims(refreshed.accessToken).mfaAt).toBe(claims(session.accessToken).mfaAt);
    expect((await linkBank(refreshed.accessToken)).data.linkBankAccount.userErrors).toEqual([]);

    await query('users', `update session set mfa_at = now() - interval '5 minutes 10 seconds' where user_id = $1 and mfa_at is not null`, [user.id]);
    const old = (await t.gql(refresh, { input: { refreshToken: refreshed.refreshToken } })).data.refreshSession;
    expect(Date.now() / 1000 - (claims(old.accessToken).mfaAt as number)).toBeGreaterThan(300);
    const before = await instruments(user.id);
    expect(codes(await linkBank(old.accessToken), 'linkBankAccount')).toEqual(['STEP_UP_REQUIRED']);
    expect(await instruments(user.id)).toBe(before);
  });

  it('turns it off, then the same tokens are no longer asked for a code', async () => {
    const user = await enrolled('Off');
    const session = await login(user.email, { recoveryCode: user.recoveryCodes[0]! });
    expect(codes(await linkBank(session.accessToken), 'linkBankAccount')).toEqual(['STEP_UP_REQUIRED']);
    const off = await t.op(ops, 'DisableTotp', { input: { recoveryCode: user.recoveryCodes[1] } }, session.accessToken);
    expect(off.data.disableTotp.ok).toBe(true);
    // The token still says `totp: true`; the gateway's revocation list says otherwise within about a second.
    await eventually(async () => codes(await linkBank(session.accessToken), 'linkBankAccount').length === 0, 5_000, 100);
  });

  it('calls verifyTotp without TOTP on, then TOTP_NOT_ENABLED; anonymous, then 401', async () => {
    const user = await registerUser(t, 'NotOn');
    const res = await t.op(ops, 'VerifyTotp', { input: { code: '123456' } }, user.accessToken);
    expect(res.data.verifyTotp.userErrors).toEqual([expect.objectContaining({ code: 'TOTP_NOT_ENABLED' })]);
    expect((await t.op(ops, 'VerifyTotp', { input: { code: '123456' } })).status).toBe(401);
  });
});
