import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { parseConfig } from '@paygraph/platform/config';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { usersConfigSchema } from '../../subgraphs/users/src/config.js';
import { runAdmin } from '../../subgraphs/users/src/cli/admin.js';
import { bootStack, PASSWORD, registerUser, type TestStack } from '../support/stack.js';
import { fund, walletOf } from '../support/money.js';

/**
 * Issue 13, "a client header can stall money and the audit trail": consumers refuse envelopes whose correlationId is
 * over 200 characters, so a 201-character x-correlation-id once left a sendMoney PENDING with no transaction, and a
 * login or an opened wallet with no audit record. The whole path, through the gateway, with such headers.
 */
let t: TestStack;
let admin: string;
beforeAll(async () => {
  t = await bootStack();
  const operator = await registerUser(t, 'Auditor');
  if ((await runAdmin(['grant-role', operator.email, 'ADMIN'], parseConfig(usersConfigSchema, t.env), { out: () => {}, err: () => {} })) !== 0) {
    throw new Error('grant-role failed');
  }
  const login = await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { email: operator.email, password: PASSWORD } });
  admin = login.data.login.accessToken;
});
afterAll(async () => {
  if (t) {
    const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    await t.stop();
    if (!report.ok) throw new Error(formatReport(report));
  }
});

const HOSTILE = { 'x-correlation-id': 'c'.repeat(201), 'x-request-id': 'r'.repeat(201) };

/** The audit records of an entity, once at least `types` are there (the audit consumer trails by a moment). */
async function auditTypes(entityId: string, types: string[]): Promise<{ eventType: string; correlationId: string }[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await t.gql(
      `query($id: ID!) { auditTrail(entityId: $id, first: 50) { edges { node { eventType correlationId } } } }`,
      { id: entityId },
      admin,
    );
    const records = (res.data?.auditTrail?.edges ?? []).map((e: { node: { eventType: string; correlationId: string } }) => e.node);
    if (types.every((type) => records.some((r: { eventType: string }) => r.eventType === type))) return records;
    if (Date.now() > deadline) throw new Error(`audit trail of ${entityId} lacks ${types}: ${JSON.stringify(res)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function transactionOf(paymentId: string, token: string): Promise<{ id: string; status: string }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await t.gql(`query($id: ID!) { payment(id: $id) { transaction { id status } } }`, { id: paymentId }, token);
    const transaction = res.data?.payment?.transaction;
    if (transaction?.status === 'COMPLETED') return transaction;
    if (Date.now() > deadline) throw new Error(`no completed transaction for ${paymentId}: ${JSON.stringify(res)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('when every request carries a 201-character x-correlation-id and x-request-id', () => {
  it('then login, openWallet and sendMoney take effect, the payment COMPLETES with its transaction, each is audited, and reconciliation is green', async () => {
    const sender = await registerUser(t, 'Sender');
    const recipient = await registerUser(t, 'Recipient');
    await fund(t, sender.accessToken, '20.00', 'USD');

    const login = await t.gql(`mutation($input: LoginInput!) { login(input: $input) { user { id } accessToken } }`, { input: { email: sender.email, password: PASSWORD } }, undefined, HOSTILE);
    expect(login.errors).toBeUndefined();
    const token = login.data.login.accessToken as string;

    const opened = await t.gql(`mutation($input: OpenWalletInput!) { openWallet(input: $input) { wallet { id currency } userErrors { code } } }`, { input: { currency: 'EUR' } }, token, HOSTILE);
    expect(opened.errors).toBeUndefined();
    expect(opened.data.openWallet.userErrors).toEqual([]);

    const sent = await t.gql(
      `mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id status } userErrors { code } } }`,
      { input: { recipientId: recipient.id, amount: { amount: '12.50', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true } },
      token,
      HOSTILE,
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendMoney.userErrors).toEqual([]);
    const payment = sent.data.sendMoney.payment as { id: string; status: string };
    expect(payment.status).toBe('COMPLETED');
    // The transaction (history) is built from the payment's events: it follows within moments.
    expect(await transactionOf(payment.id, token)).toMatchObject({ id: expect.stringMatching(/^txn_/), status: 'COMPLETED' });
    expect(((await walletOf(t, recipient.accessToken, 'USD')) as { balance?: unknown }).balance).toEqual({ amount: '12.50', currency: 'USD' });

    const sane = /^[A-Za-z0-9._:-]{1,128}$/;
    for (const record of await auditTypes(sender.id, ['UserLoggedIn'])) expect(record.correlationId).toMatch(sane);
    for (const record of await auditTypes(opened.data.openWallet.wallet.id, ['WalletOpened'])) expect(record.correlationId).toMatch(sane);
    for (const record of await auditTypes(payment.id, ['PaymentSettled'])) expect(record.correlationId).toMatch(sane);
  });
});
