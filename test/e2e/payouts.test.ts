import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import { bootStack, registerUser, type TestStack } from '../support/stack.js';
import { assertLedgerBalanced, fund, walletOf } from '../support/money.js';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';

/**
 * Withdrawals through the public graph (schema/operations/payouts.graphql) on the real stack: accounts verifies the
 * bank account, payments holds through wallets in the request, the sandbox rail settles after a short delay, and the
 * payout worker captures, releases or credits a return. Every test ends with a balanced ledger, and the file with a
 * green reconciliation (payout clearing = PAID withdrawals, holds = open withdrawals).
 */
let t: TestStack;
beforeAll(async () => {
  t = await bootStack({
    PAYOUT_RAIL_SETTLE_MS: '300',
    PAYOUT_RAIL_RETURN_MS: '300',
    PAYOUT_RETURN_WINDOW_MS: '1500',
    PAYOUT_POLL_MS: '100',
    PAYOUT_WORKER_INTERVAL_MS: '50',
  });
});
afterEach(async () => {
  await assertLedgerBalanced(t);
});
afterAll(async () => {
  if (t) {
    const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    await t.stop();
    if (!report.ok) throw new Error(formatReport(report));
  }
});

const key = () => randomUUID();
type User = Awaited<ReturnType<typeof registerUser>>;

/** A US bank account with this account number, linked and (unless told otherwise) verified by its owner. */
async function bankAccount(user: User, accountNumber: string, verify = true): Promise<string> {
  const linked = await t.op('payouts.graphql', 'LinkBankAccount', {
    input: { country: 'US', holderName: 'Test Holder', routingNumber: '110000000', accountNumber },
  }, user.accessToken);
  const fi = linked.data?.linkBankAccount?.fundingInstrument;
  if (!fi) throw new Error(`linkBankAccount failed: ${JSON.stringify(linked)}`);
  expect(fi.bankAccount).toEqual({ country: 'US', currency: 'USD', verificationStatus: 'PENDING' });
  if (verify) {
    const verified = await t.op('payouts.graphql', 'VerifyBankAccount', { input: { fundingInstrumentId: fi.id, amounts: ['0.45', '0.32'] } }, user.accessToken);
    expect(verified.data.verifyBankAccount).toEqual({ fundingInstrument: { id: fi.id, bankAccount: { verificationStatus: 'VERIFIED' } }, userErrors: [] });
  }
  return fi.id;
}

async function funded(name: string, amount: string): Promise<{ user: User; walletId: string }> {
  const user = await registerUser(t, name);
  await fund(t, user.accessToken, amount, 'USD');
  const wallet = (await walletOf(t, user.accessToken, "USD")) as unknown as { id: string };
  return { user, walletId: wallet.id };
}

function withdraw(user: User, input: Record<string, unknown>) {
  return t.op('payouts.graphql', 'Withdraw', { input: { idempotencyKey: key(), ...input } }, user.accessToken);
}

async function until(user: User, id: string, statuses: string[]): Promise<any> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await t.op('payouts.graphql', 'Withdrawal', { id }, user.accessToken);
    const w = res.data?.withdrawal;
    if (w && statuses.includes(w.status)) return w;
    if (Date.now() > deadline) throw new Error(`withdrawal ${id} did not reach ${statuses.join('/')}: ${JSON.stringify(res)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function notificationTitles(user: User): Promise<string[]> {
  const res = await t.gql(`{ me { notifications(first: 50) { edges { node { title } } } } }`, {}, user.accessToken);
  return (res.data as any).me.notifications.edges.map((e: any) => e.node.title);
}

async function withdrawalRows(userId: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}payments`) });
  await db.connect();
  try {
    return (await db.query('SELECT count(*)::int AS n FROM withdrawal WHERE user_id = $1', [userId])).rows[0].n;
  } finally {
    await db.end();
  }
}

describe('withdraw to a verified bank account', () => {
  it('when the test account pays, then the amount is held at once, leaves the wallet when PAID, and each step is a notification', async () => {
    const { user, walletId } = await funded('Paid Payee', '100.00');
    const bank = await bankAccount(user, '000123456789');

    const res = await withdraw(user, { walletId, bankAccountId: bank, amount: { amount: '40.00', currency: 'USD' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.withdraw.userErrors).toEqual([]);
    const w = res.data.withdraw.withdrawal;
    expect(w).toMatchObject({
      status: 'PENDING',
      amount: { amount: '40.00', currency: 'USD' },
      owner: { id: user.id },
      bankAccount: { id: bank, last4: '6789' },
      // Held in the request: balance unchanged, available down.
      wallet: { id: walletId, balance: { amount: '100.00' }, available: { amount: '60.00' } },
    });

    const paid = await until(user, w.id, ['PAID']);
    expect(paid).toMatchObject({ failureReason: null, paidAt: expect.any(String), wallet: { balance: { amount: '60.00' }, available: { amount: '60.00' } } });
    const expected = ['Withdrawal requested', 'Withdrawal on its way', 'Withdrawal paid'];
    const deadline = Date.now() + 10_000;
    let titles: string[] = [];
    while (!expected.every((x) => titles.includes(x))) {
      if (Date.now() > deadline) throw new Error(`notifications: ${titles.join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
      titles = await notificationTitles(user);
    }
  });

  it('when the test account fails, then the hold is released and the money stays', async () => {
    const { user, walletId } = await funded('Failed Payee', '50.00');
    const bank = await bankAccount(user, '000111111116');
    const res = await withdraw(user, { walletId, bankAccountId: bank, amount: { amount: '20.00', currency: 'USD' } });
    const failed = await until(user, res.data.withdraw.withdrawal.id, ['FAILED']);
    expect(failed).toMatchObject({ failureReason: 'NO_ACCOUNT', paidAt: null, wallet: { balance: { amount: '50.00' }, available: { amount: '50.00' } } });
  });

  it('when the test account returns the payout, then it is PAID first and RETURNED later, with the wallet credited again', async () => {
    const { user, walletId } = await funded('Returned Payee', '30.00');
    const bank = await bankAccount(user, '000111111113');
    const res = await withdraw(user, { walletId, bankAccountId: bank, amount: { amount: '30.00', currency: 'USD' } });
    const id = res.data.withdraw.withdrawal.id;
    const paid = await until(user, id, ['PAID', 'RETURNED']);
    expect(paid.paidAt).toEqual(expect.any(String));
    const returned = await until(user, id, ['RETURNED']);
    expect(returned).toMatchObject({ failureReason: 'ACCOUNT_CLOSED', returnedAt: expect.any(String), wallet: { balance: { amount: '30.00' }, available: { amount: '30.00' } } });
  });
});

describe('refusals: userErrors and nothing stored', () => {
  it('when the bank account is not verified, someone else’s, in another currency, over the limit, or the amount is bad, then each is refused', async () => {
    const { user, walletId } = await funded('Careful Withdrawer', '20.00');
    const other = await funded('Other Owner', '20.00');
    const unverified = await bankAccount(user, '000123456788', false);
    const verified = await bankAccount(user, '000123456789');
    const othersBank = await bankAccount(other.user, '000123456789');
    const euro = await t.op('payouts.graphql', 'LinkBankAccount', {
      input: { country: 'DE', holderName: 'Test Holder', iban: 'DE89370400440532013000' },
    }, user.accessToken);
    const euroBank = euro.data.linkBankAccount.fundingInstrument.id;
    await t.op('payouts.graphql', 'VerifyBankAccount', { input: { fundingInstrumentId: euroBank, amounts: ['0.32', '0.45'] } }, user.accessToken);

    const usd = (amount: string) => ({ amount, currency: 'USD' });
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ walletId, bankAccountId: unverified, amount: usd('1.00') }, 'BANK_ACCOUNT_NOT_VERIFIED', ['input', 'bankAccountId']],
      [{ walletId, bankAccountId: othersBank, amount: usd('1.00') }, 'BANK_ACCOUNT_NOT_FOUND', ['input', 'bankAccountId']],
      [{ walletId: other.walletId, bankAccountId: verified, amount: usd('1.00') }, 'WALLET_NOT_FOUND', ['input', 'walletId']],
      [{ walletId, bankAccountId: euroBank, amount: usd('1.00') }, 'CURRENCY_MISMATCH', ['input', 'amount', 'currency']],
      [{ walletId, bankAccountId: verified, amount: { amount: '1.00', currency: 'EUR' } }, 'CURRENCY_MISMATCH', ['input', 'amount', 'currency']],
      [{ walletId, bankAccountId: verified, amount: usd('20.01') }, 'INSUFFICIENT_FUNDS', ['input', 'amount']],
      [{ walletId, bankAccountId: verified, amount: usd('-1.00') }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
      [{ walletId, bankAccountId: verified, amount: usd('1.001') }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
      // Unverified tier: 500 USD a month.
      [{ walletId, bankAccountId: verified, amount: usd('500.01') }, 'WITHDRAWAL_LIMIT_EXCEEDED', ['input', 'amount']],
    ];
    for (const [input, code, field] of cases) {
      const res = await withdraw(user, input);
      expect(res.errors).toBeUndefined();
      expect(res.data.withdraw).toEqual({ withdrawal: null, userErrors: [expect.objectContaining({ code, field })] });
    }
    expect(await withdrawalRows(user.id)).toBe(0);
    expect(await walletOf(t, user.accessToken, 'USD')).toMatchObject({ balance: { amount: '20.00' }, available: { amount: '20.00' }, held: { amount: '0.00' } });
  });

  it('when the micro-deposits are wrong three times, then the account is FAILED and cannot be verified', async () => {
    const user = await registerUser(t, 'Wrong Guesser');
    const bank = await bankAccount(user, '000123456789', false);
    for (const left of ['2 attempts left', '1 attempt left', 'could not be verified']) {
      const res = await t.op('payouts.graphql', 'VerifyBankAccount', { input: { fundingInstrumentId: bank, amounts: ['0.11', '0.22'] } }, user.accessToken);
      expect(res.data.verifyBankAccount).toEqual({ fundingInstrument: null, userErrors: [expect.objectContaining({ code: 'BANK_VERIFICATION_FAILED', message: expect.stringContaining(left) })] });
    }
    const late = await t.op('payouts.graphql', 'VerifyBankAccount', { input: { fundingInstrumentId: bank, amounts: ['0.32', '0.45'] } }, user.accessToken);
    expect(late.data.verifyBankAccount.userErrors[0].code).toBe('BANK_VERIFICATION_FAILED');
  });

  it('when a withdrawal is read by someone else, then it does not exist for them', async () => {
    const { user, walletId } = await funded('Private Withdrawer', '10.00');
    const bank = await bankAccount(user, '000123456789');
    const res = await withdraw(user, { walletId, bankAccountId: bank, amount: { amount: '1.00', currency: 'USD' } });
    const id = res.data.withdraw.withdrawal.id;
    const stranger = await registerUser(t, 'Nosy Stranger');
    const seen = await t.op('payouts.graphql', 'Withdrawal', { id }, stranger.accessToken);
    expect(seen.errors).toBeUndefined();
    expect(seen.data.withdrawal).toBeNull();
    expect((await t.op('payouts.graphql', 'Withdrawal', { id }, user.accessToken)).data.withdrawal.id).toBe(id);
    await until(user, id, ['PAID']);

    // The owner's list, by status, paged; another user's list is FORBIDDEN.
    const second = (await withdraw(user, { walletId, bankAccountId: bank, amount: { amount: '2.00', currency: 'USD' } })).data.withdraw.withdrawal.id;
    const page = await t.op('payouts.graphql', 'MyWithdrawals', { first: 1 }, user.accessToken);
    expect(page.data.me.withdrawals.edges.map((e: any) => e.node.id)).toEqual([second]);
    expect(page.data.me.withdrawals.pageInfo.hasNextPage).toBe(true);
    const next = await t.op('payouts.graphql', 'MyWithdrawals', { first: 5, after: page.data.me.withdrawals.pageInfo.endCursor }, user.accessToken);
    expect(next.data.me.withdrawals.edges.map((e: any) => e.node.id)).toEqual([id]);
    await until(user, second, ['PAID']);
    const paidOnly = await t.op('payouts.graphql', 'MyWithdrawals', { status: 'PAID' }, user.accessToken);
    expect(paidOnly.data.me.withdrawals.edges.map((e: any) => e.node.id)).toEqual([second, id]);
    const failedOnly = await t.op('payouts.graphql', 'MyWithdrawals', { status: 'FAILED' }, user.accessToken);
    expect(failedOnly.data.me.withdrawals.edges).toEqual([]);
    const viaUser = await t.gql(`query($id: ID!) { user(id: $id) { withdrawals { edges { node { id } } } } }`, { id: user.id }, stranger.accessToken);
    expect(viaUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(viaUser.data?.user?.withdrawals ?? null).toBeNull();
  });
});

describe('exactly once', () => {
  it('when the same request is retried, also concurrently, then one withdrawal; the same key with another input is IDEMPOTENCY_KEY_REUSED', async () => {
    const { user, walletId } = await funded('Retrying Withdrawer', '50.00');
    const bank = await bankAccount(user, '000123456789');
    const input = { walletId, bankAccountId: bank, amount: { amount: '10.00', currency: 'USD' }, idempotencyKey: key() };
    const answers = await Promise.all(Array.from({ length: 8 }, () => withdraw(user, input)));
    const ids = new Set(answers.map((a) => a.data.withdraw.withdrawal?.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^wdr_/);
    const again = await withdraw(user, input);
    expect(again.data.withdraw.withdrawal.id).toBe([...ids][0]);
    const other = await withdraw(user, { ...input, amount: { amount: '11.00', currency: 'USD' } });
    expect(other.data.withdraw).toEqual({ withdrawal: null, userErrors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })] });
    expect(await withdrawalRows(user.id)).toBe(1);
    await until(user, [...ids][0]!, ['PAID']);
    expect(await walletOf(t, user.accessToken, 'USD')).toMatchObject({ balance: { amount: '40.00' }, held: { amount: '0.00' } });
  });

  it('when parallel withdrawals together exceed the balance, then exactly the ones that fit are held', async () => {
    const { user, walletId } = await funded('Greedy Withdrawer', '30.00');
    const bank = await bankAccount(user, '000123456789');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => withdraw(user, { walletId, bankAccountId: bank, amount: { amount: '20.00', currency: 'USD' } })),
    );
    const held = answers.filter((a) => a.data.withdraw.withdrawal);
    const refused = answers.filter((a) => a.data.withdraw.userErrors.length > 0);
    expect(held).toHaveLength(1);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.data.withdraw.userErrors[0].code).toBe('INSUFFICIENT_FUNDS');
    expect(await withdrawalRows(user.id)).toBe(1);
    await until(user, held[0]!.data.withdraw.withdrawal.id, ['PAID']);
    expect(await walletOf(t, user.accessToken, 'USD')).toMatchObject({ balance: { amount: '10.00' }, available: { amount: '10.00' } });
  });
});
