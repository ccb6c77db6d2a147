import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { bootStack, email, PASSWORD, registerUser, type TestStack } from '../support/stack.js';
import { assertLedgerBalanced, cardFor, fund, settle, walletOf } from '../support/money.js';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { parseConfig } from '@paygraph/platform/config';
import { usersConfigSchema } from '../../subgraphs/users/src/config.js';
import { runAdmin } from '../../subgraphs/users/src/cli/admin.js';

/**
 * Fraud review through the public graph: a sudden large payment is parked ON_HOLD with its money held; an admin
 * sees it in the review queue and decides; the saga continues from the decision. Also: wallets and instruments
 * that are not the caller's are refused.
 */
const ADMIN = email('admin');
const FINAL = ['COMPLETED', 'FAILED'];
let t: TestStack;
let admin: string;
beforeAll(async () => {
  t = await bootStack();
  await t.gql(`mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`, {
    input: { email: ADMIN, password: PASSWORD, displayName: 'Admin' },
  });
  // Operators are made by the admin CLI only; the next sign-in's token carries the role.
  const granted = await runAdmin(['grant-role', ADMIN, 'ADMIN'], parseConfig(usersConfigSchema, t.env), { out: () => {}, err: () => {} });
  if (granted !== 0) throw new Error('grant-role failed');
  const login = await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, {
    input: { email: ADMIN, password: PASSWORD },
  });
  admin = login.data.login.accessToken;
});
afterAll(async () => {
  if (t) {
    await assertLedgerBalanced(t);
    const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    await t.stop();
    if (!report.ok) throw new Error(formatReport(report));
  }
});

const verify = (token: string) =>
  t.op('identity.graphql', 'SubmitKyc', {
    input: { legalName: 'Big Spender', dateOfBirth: '1980-02-02', country: 'US', addressLine1: '1 Main St', city: 'Springfield', postalCode: '12345', documentNumber: 'X1234567' },
  }, token);

async function parkedPayment(amount: string) {
  const payer = await registerUser(t, 'Big Spender');
  const payee = await registerUser(t, 'Lucky Payee');
  await verify(payer.accessToken);
  await fund(t, payer.accessToken, '3000.00', 'USD');
  const sent = await t.op('money.graphql', 'SendMoney', {
    input: { recipientId: payee.id, amount: { amount, currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
  }, payer.accessToken);
  return { payer, payee, payment: sent.data.sendMoney.payment };
}

const queue = () => t.gql(`{ reviewQueue(first: 50) { edges { node { id status payment { id } } } } }`, {}, admin);
const caseFor = async (paymentId: string) =>
  (await queue()).data.reviewQueue.edges.map((e: any) => e.node).find((n: any) => n.payment.id === paymentId);

describe('when a payment looks like abuse', () => {
  it('then it is parked ON_HOLD with the money held, and an admin approval completes it', async () => {
    const { payer, payee, payment } = await parkedPayment('2000.00');
    expect(payment.status).toBe('ON_HOLD');
    const details = await t.op('money.graphql', 'Payment', { id: payment.id }, payer.accessToken);
    expect(details.data.payment.risk.decision).toBe('REVIEW');
    expect(await walletOf(t, payer.accessToken, 'USD')).toMatchObject({ balance: { amount: '3000.00' }, held: { amount: '2000.00' }, available: { amount: '1000.00' } });

    const asUser = await t.gql(`{ reviewQueue { edges { node { id } } } }`, {}, payer.accessToken);
    expect(asUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const open = await caseFor(payment.id);
    expect(open.status).toBe('OPEN');

    const resolved = await t.gql(
      `mutation($input: ResolveReviewInput!) { resolveReview(input: $input) { userErrors { code } } }`,
      { input: { caseId: open.id, decision: 'APPROVE', note: 'known customer' } },
      admin,
    );
    expect(resolved.data.resolveReview.userErrors).toEqual([]);
    expect(await settle(t, payment.id, payer.accessToken, FINAL)).toEqual({ status: 'COMPLETED', failureReason: null });
    expect(await walletOf(t, payer.accessToken, 'USD')).toMatchObject({ balance: { amount: '1000.00' }, held: { amount: '0.00' } });
    expect(await walletOf(t, payee.accessToken, 'USD')).toMatchObject({ balance: { amount: '2000.00' } });
  });

  it('then an admin decline fails it RISK_DECLINED and releases the hold', async () => {
    const { payer, payment } = await parkedPayment('2500.00');
    expect(payment.status).toBe('ON_HOLD');
    const open = await caseFor(payment.id);
    await t.gql(`mutation($input: ResolveReviewInput!) { resolveReview(input: $input) { userErrors { code } } }`, {
      input: { caseId: open.id, decision: 'DECLINE' },
    }, admin);
    expect(await settle(t, payment.id, payer.accessToken, FINAL)).toEqual({ status: 'FAILED', failureReason: 'RISK_DECLINED' });
    for (let i = 0; i < 50; i++) {
      const wallet = await walletOf(t, payer.accessToken, 'USD');
      if ((wallet as { held?: { amount: string } }).held?.amount === '0.00') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await walletOf(t, payer.accessToken, 'USD')).toMatchObject({ balance: { amount: '3000.00' }, held: { amount: '0.00' }, available: { amount: '3000.00' } });
  });
});

describe('when a user names wallets and cards that are not theirs', () => {
  it('then OpenWallet is idempotent and someone else\'s wallet or card is refused with no payment', async () => {
    const me = await registerUser(t, 'Wallet Owner');
    const other = await registerUser(t, 'Other Owner');
    const opened = await t.op('money.graphql', 'OpenWallet', { input: { currency: 'GBP' } }, me.accessToken);
    expect(opened.data.openWallet).toMatchObject({ wallet: { currency: 'GBP', balance: { amount: '0.00', currency: 'GBP' } }, userErrors: [] });
    const again = await t.op('money.graphql', 'OpenWallet', { input: { currency: 'GBP' } }, me.accessToken);
    expect(again.data.openWallet.wallet.id).toBe(opened.data.openWallet.wallet.id);
    const bad = await t.op('money.graphql', 'OpenWallet', { input: { currency: 'XYZ' } }, me.accessToken);
    expect(bad.data.openWallet.userErrors[0].code).toBe('UNSUPPORTED_CURRENCY');

    const theirs = await t.op('money.graphql', 'OpenWallet', { input: { currency: 'GBP' } }, other.accessToken);
    const card = await cardFor(t, me.accessToken, '4242424242424242');
    const intoTheirs = await t.op('money.graphql', 'AddFunds', {
      input: { fundingInstrumentId: card, walletId: theirs.data.openWallet.wallet.id, amount: { amount: '5.00', currency: 'GBP' }, idempotencyKey: randomUUID() },
    }, me.accessToken);
    expect(intoTheirs.data.addFunds).toMatchObject({ payment: null, userErrors: [{ code: 'WALLET_NOT_FOUND' }] });
    const peek = await t.gql(`query($id: ID!) { wallet(id: $id) { id } }`, { id: theirs.data.openWallet.wallet.id }, me.accessToken);
    expect(peek.data.wallet).toBeNull();
    expect(await walletOf(t, other.accessToken, 'GBP')).toMatchObject({ balance: { amount: '0.00' } });
  });
});
