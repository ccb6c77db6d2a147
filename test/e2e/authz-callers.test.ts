import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '@paygraph/platform/config';
import { CALLER_MATRIX, PARTNER_MATRIX, SUBSCRIPTION_MATRIX, type CallerOutcome, type Caller, type Subscriber } from '../authz/matrix.js';
import { fieldsOf, operationFor } from '../authz/schema.js';
import { activeSubscriptions, bearer, connect, type Connection } from '../support/subscriptions.js';
import { bootStack, email, PASSWORD, registerUser, type TestStack } from '../support/stack.js';
import { cardFor, fund } from '../support/money.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { callSubgraph } from '@paygraph/platform/testing';
import { serviceSql } from '../support/checks.js';
import { runAdmin } from '../../subgraphs/users/src/cli/admin.js';
import { usersConfigSchema } from '../../subgraphs/users/src/config.js';

/**
 * The authorisation matrix's caller columns (test/authz/matrix.ts, CALLER_MATRIX) through the gateway: one fixture
 * (built once) where the owner has a wallet with money, a card, a payment and a payment request to a third person, a
 * business account with a checkout, a partner application with a webhook endpoint and a delivery; another user who
 * is party to none of it; an admin made by the admin CLI. Every row is sent with real ids of the owner's resources by
 * each caller, and the outcome compared with the table.
 */
let t: TestStack;
const receiver = new WebhookReceiver();
type Fixture = Record<string, string>;
const fx: Fixture = {};
const tokens: Partial<Record<Caller, string>> = {};

async function gqlOk(query: string, variables: Record<string, unknown>, token: string) {
  const res = await t.gql(query, variables, token);
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data as any;
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await receiver.start();
  // The settlement worker stays out of the way: only the fixture closes a day (settlement.test.ts).
  t = await bootStack({ WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOKS_POLL_MS: '50', SETTLEMENT_INTERVAL_MS: '86400000' });
  const [owner, other, third] = await Promise.all([registerUser(t, 'Owner'), registerUser(t, 'Other'), registerUser(t, 'Third')]);
  const adminEmail = email('admin');
  await t.gql(`mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`, { input: { email: adminEmail, password: PASSWORD, displayName: 'Admin' } });
  expect(await runAdmin(['grant-role', adminEmail, 'ADMIN'], parseConfig(usersConfigSchema, t.env), { out: () => {}, err: () => {} })).toBe(0);
  tokens.admin = (await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { email: adminEmail, password: PASSWORD } })).data.login.accessToken;
  tokens.owner = owner.accessToken;
  tokens.otherUser = other.accessToken;
  fx.ownerId = owner.id;
  fx.thirdEmail = third.email;

  await Promise.all([fund(t, owner.accessToken, '100.00', 'USD'), fund(t, third.accessToken, '50.00', 'USD')]);
  fx.cardId = await cardFor(t, owner.accessToken, '4242424242424242');
  const me = await gqlOk(`{ me { accounts { id type } wallets { id currency } } }`, {}, owner.accessToken);
  fx.personalAccountId = me.me.accounts.find((a: { type: string }) => a.type === 'PERSONAL').id;
  fx.walletId = me.me.wallets.find((w: { currency: string }) => w.currency === 'USD').id;

  const business = await gqlOk(`mutation($input: OpenBusinessAccountInput!) { openBusinessAccount(input: $input) { account { id } userErrors { code } } }`, { input: { businessName: 'Owner Ltd' } }, owner.accessToken);
  fx.businessAccountId = business.openBusinessAccount.account.id;
  const app = await gqlOk(`mutation($input: CreatePartnerApplicationInput!) { createPartnerApplication(input: $input) { application { id } userErrors { code } } }`, { input: { accountId: fx.businessAccountId, name: 'Owner shop' } }, owner.accessToken);
  fx.applicationId = app.createPartnerApplication.application.id;
  const key = await gqlOk(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret userErrors { code } } }`, { input: { applicationId: fx.applicationId, scopes: ['payments:read'] } }, owner.accessToken);
  fx.apiKeyId = key.createApiKey.apiKey.id;
  const endpoint = await gqlOk(`mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } userErrors { code } } }`, { input: { applicationId: fx.applicationId, url: `${receiver.url}/hook`, eventTypes: ['PAYMENT_COMPLETED'] } }, owner.accessToken);
  fx.endpointId = endpoint.createWebhookEndpoint.endpoint.id;

  const sent = await gqlOk(`mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id status transaction { id } } userErrors { code } } }`, { input: { recipientEmail: third.email, amount: { amount: '5.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true } }, owner.accessToken);
  fx.paymentId = sent.sendMoney.payment.id;
  fx.transactionId = await waitFor('the payment\'s transaction', async () => (await gqlOk(`query($id: ID!) { payment(id: $id) { transaction { id } } }`, { id: fx.paymentId }, owner.accessToken)).payment.transaction?.id);
  const requested = await gqlOk(`mutation($input: RequestMoneyInput!) { requestMoney(input: $input) { paymentRequest { id } userErrors { code } } }`, { input: { from: third.id, amount: { amount: '3.00', currency: 'USD' }, idempotencyKey: randomUUID() } }, owner.accessToken);
  fx.requestId = requested.requestMoney.paymentRequest.id;
  const checkout = await gqlOk(`mutation($input: CreateCheckoutInput!) { createCheckout(input: $input) { checkout { id } userErrors { code } } }`, { input: { accountId: fx.businessAccountId, amount: { amount: '10.00', currency: 'USD' }, reference: 'order-1', returnUrl: 'https://shop.example/return', captureMode: 'MANUAL', idempotencyKey: randomUUID() } }, owner.accessToken);
  fx.checkoutId = checkout.createCheckout.checkout.id;
  fx.deliveryId = await waitFor('a webhook delivery', async () => (await gqlOk(`query($id: ID!) { webhookEndpoint(id: $id) { deliveries(first: 1) { edges { node { id } } } } }`, { id: fx.endpointId }, owner.accessToken)).webhookEndpoint.deliveries.edges[0]?.node.id);
  fx.notificationId = await waitFor('a notification of the owner', async () => (await gqlOk(`{ me { notifications(first: 1) { edges { node { id } } } } }`, {}, owner.accessToken)).me.notifications.edges[0]?.node.id);
  fx.otherId = other.id;
  const quote = await gqlOk(`query($input: FxQuoteInput!) { fxQuote(input: $input) { id } }`, { input: { sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '1.00' } }, owner.accessToken);
  fx.quoteId = quote.fxQuote.id;
  // A withdrawal: a US bank account linked and verified by the sandbox micro-deposits (payouts.test.ts); the fixture
  // users have no TOTP, so no step-up.
  const bank = await gqlOk(`mutation($input: LinkBankAccountInput!) { linkBankAccount(input: $input) { fundingInstrument { id } userErrors { code } } }`, { input: { country: 'US', holderName: 'Owner', routingNumber: '110000000', accountNumber: '000123456789' } }, owner.accessToken);
  fx.bankAccountId = bank.linkBankAccount.fundingInstrument.id;
  const verified = await gqlOk(`mutation($input: VerifyBankAccountInput!) { verifyBankAccount(input: $input) { userErrors { code } } }`, { input: { fundingInstrumentId: fx.bankAccountId, amounts: ['0.32', '0.45'] } }, owner.accessToken);
  expect(verified.verifyBankAccount.userErrors).toEqual([]);
  const withdrawn = await gqlOk(`mutation($input: WithdrawInput!) { withdraw(input: $input) { withdrawal { id } userErrors { code } } }`, { input: { walletId: fx.walletId, bankAccountId: fx.bankAccountId, amount: { amount: '2.00', currency: 'USD' }, idempotencyKey: randomUUID() } }, owner.accessToken);
  fx.withdrawalId = withdrawn.withdraw.withdrawal.id;
  // A closed settlement batch of the business account: a checkout paid by the third person, moved into a past day
  // with SQL, and that day closed by the admin (settlement.test.ts).
  const sold = await gqlOk(`mutation($input: CreateCheckoutInput!) { createCheckout(input: $input) { checkout { id } userErrors { code } } }`, { input: { accountId: fx.businessAccountId, amount: { amount: '4.00', currency: 'USD' }, reference: 'order-2', returnUrl: 'https://shop.example/return', idempotencyKey: randomUUID() } }, owner.accessToken);
  const paid = await gqlOk(`mutation($input: ApproveCheckoutInput!) { approveCheckout(input: $input) { checkout { status } userErrors { code } } }`, { input: { checkoutId: sold.createCheckout.checkout.id } }, third.accessToken);
  expect(paid.approveCheckout.checkout.status).toBe('CAPTURED');
  const day = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
  await serviceSql(t.env).query('payments', `update checkout set closed_at = $2::date + interval '12 hours' where id = $1`, [sold.createCheckout.checkout.id, day]);
  const closed = await gqlOk(`mutation($input: CloseSettlementDayInput!) { closeSettlementDay(input: $input) { batches { id accountId } userErrors { code } } }`, { input: { date: day } }, tokens.admin!);
  fx.settlementBatchId = closed.closeSettlementDay.batches.find((b: { accountId: string }) => b.accountId === fx.businessAccountId).id;
  // What the owner's column of the mutations spends or destroys, beside what the reads need: a second card, session,
  // webhook endpoint and API key; a payment the owner received (a refund is its recipient's); a request the owner is
  // asked to pay.
  fx.spareCardId = await cardFor(t, owner.accessToken, '4242424242424242');
  const sessionsOf = async () => (await gqlOk(`{ me { sessions { id } } }`, {}, owner.accessToken)).me.sessions.map((x: { id: string }) => x.id) as string[];
  const before = await sessionsOf();
  expect((await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { email: owner.email, password: PASSWORD } })).data.login.accessToken).toEqual(expect.any(String));
  fx.spareSessionId = (await sessionsOf()).find((id) => !before.includes(id))!;
  const spareEndpoint = await gqlOk(`mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } userErrors { code } } }`, { input: { applicationId: fx.applicationId, url: `${receiver.url}/spare`, eventTypes: ['PAYMENT_COMPLETED'] } }, owner.accessToken);
  fx.spareEndpointId = spareEndpoint.createWebhookEndpoint.endpoint.id;
  const spareKey = await gqlOk(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } userErrors { code } } }`, { input: { applicationId: fx.applicationId, scopes: ['payments:read'] } }, owner.accessToken);
  fx.spareApiKeyId = spareKey.createApiKey.apiKey.id;
  const received = await gqlOk(`mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id } userErrors { code } } }`, { input: { recipientEmail: owner.email, amount: { amount: '2.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true } }, third.accessToken);
  fx.receivedPaymentId = received.sendMoney.payment.id;
  const asked = await gqlOk(`mutation($input: RequestMoneyInput!) { requestMoney(input: $input) { paymentRequest { id } userErrors { code } } }`, { input: { from: owner.id, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: randomUUID() } }, third.accessToken);
  fx.incomingRequestId = asked.requestMoney.paymentRequest.id;
  const exported = await gqlOk(`mutation { requestDataExport { privacyRequest { id } userErrors { code } } }`, {}, owner.accessToken);
  fx.privacyRequestId = exported.requestDataExport.privacyRequest.id;
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await receiver.stop();
});

type Response = { status: number; data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
function outcomeOf(field: string, res: Response): CallerOutcome | string {
  const codes = (res.errors ?? []).map((e) => e.extensions?.code);
  if (res.status === 401 || codes.includes('UNAUTHENTICATED')) return 'UNAUTHENTICATED';
  if (codes.includes('FORBIDDEN')) return 'FORBIDDEN';
  if (codes.includes('NOT_FOUND')) return 'NOT_FOUND';
  if (res.errors?.length) return `ERROR ${codes.join(',')}: ${res.errors[0]!.message}`;
  const value = res.data?.[field];
  if (value === null || value === undefined) return 'NOT_FOUND';
  // A list (or connection) that shows another's things to their owner and nothing to anyone else.
  const list = Array.isArray(value) ? value : Array.isArray(value.edges) ? value.edges : null;
  if (list) return list.length ? 'ALLOW' : 'EMPTY';
  const userCodes: string[] = (value.userErrors ?? []).map((e: { code: string }) => e.code);
  // NOT_A_BUSINESS_ACCOUNT is createCheckout's answer for an account that is not the caller's active business
  // account, the same whether it exists or not (payments/src/services/checkout.service.ts).
  if (userCodes.some((c) => c === 'NOT_FOUND' || c.endsWith('_NOT_FOUND') || c === 'NOT_A_BUSINESS_ACCOUNT')) return 'NOT_FOUND';
  // …_NOT_ALLOWED: a party to the resource refused an act that is the other party's (REQUEST_NOT_ALLOWED,
  // REFUND_NOT_ALLOWED, CHECKOUT_NOT_ALLOWED); the owner's column must never get it.
  if (userCodes.some((c) => c === 'FORBIDDEN' || c.endsWith('_NOT_ALLOWED'))) return 'FORBIDDEN';
  if (process.env.AUTHZ_DEBUG && userCodes.length) return `ALLOW ${userCodes.join(',')}`;
  return 'ALLOW';
}

const CALLERS: Caller[] = ['owner', 'otherUser', 'admin'];

describe('when the owner, another user and an admin each call every root field with the owner\'s real ids', () => {
  it('then each outcome is the one the matrix names', async () => {
    const rows = Object.entries(CALLER_MATRIX);
    const results: Record<string, Record<string, string>> = {};
    const expected: Record<string, Record<string, string>> = {};
    for (const caller of CALLERS) {
      // The owner's reads and mutations, then the other user's refusals (they change nothing), then the admin's; the
      // owner's and the admin's one at a time in table order (they change things, and deleting or revoking comes last).
      const batch = caller === 'otherUser' ? 4 : 1;
      for (let i = 0; i < rows.length; i += batch) {
        await Promise.all(
          rows.slice(i, i + batch).map(async ([name, row]) => {
            const want = row[caller];
            if (!want) return;
            const field = name.split('.')[1]!;
            const variables = (caller === 'owner' && row.ownerVariables) || row.variables;
            const res = (await t.gql(row.query, variables(fx), tokens[caller])) as Response;
            (results[name] ??= {})[caller] = outcomeOf(field, res);
            (expected[name] ??= {})[caller] = want;
          }),
        );
      }
    }
    expect(results).toEqual(expected);
    const seen = new Set(Object.values(results).flatMap((r) => Object.values(r)));
    expect([...seen].sort()).toEqual(['ALLOW', 'EMPTY', 'FORBIDDEN', 'NOT_FOUND']);
  });
});

describe('when anonymous, the owner, another user, an admin and partner keys each subscribe to every Subscription field with the owner\'s ids', () => {
  const connections: Connection[] = [];
  const secrets: Partial<Record<Subscriber, string>> = {};
  beforeAll(async () => {
    // As the key columns of PARTNER_MATRIX: every scope there is, and only checkout:write.
    for (const [who, scopes] of [['keyWithScope', ['payments:read', 'payments:write', 'balance:read', 'account:read', 'notifications:read', 'webhooks:manage', 'checkout:write']], ['keyWithoutScope', ['checkout:write']]] as const) {
      const res = await gqlOk(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`, { input: { applicationId: fx.applicationId, scopes } }, tokens.owner!);
      secrets[who] = res.createApiKey.secret;
    }
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.dispose().catch(() => {})));
  });

  /**
   * UNAUTHENTICATED when the socket is closed with 4401 (KEY_REFUSED when that is because the credential is an API
   * key); ALLOW when the gateway holds the subscription open; else the error's code.
   */
  async function outcome(who: Subscriber, query: string, variables: Record<string, unknown>): Promise<string> {
    const token = who === 'anonymous' ? undefined : who === 'keyWithScope' || who === 'keyWithoutScope' ? secrets[who] : tokens[who];
    const conn = connect(t.stack.gatewayUrl, token ? bearer(token) : undefined);
    connections.push(conn);
    const before = await activeSubscriptions(t.stack.gatewayUrl);
    const sub = conn.subscribe(query, variables);
    const deadline = Date.now() + 10_000;
    let closed: { code: number; reason: string } | null = null;
    void conn.closed.then((c) => (closed = c));
    for (;;) {
      if (closed) {
        const { code, reason } = closed as { code: number; reason: string };
        if (code === 4401) return reason.startsWith('API keys are not accepted') ? 'KEY_REFUSED' : 'UNAUTHENTICATED';
        return `CLOSED ${code} ${reason}`;
      }
      const error = sub.error();
      if (error) return String(error[0]?.extensions?.code ?? error[0]?.message);
      if ((await activeSubscriptions(t.stack.gatewayUrl)) > before) {
        sub.unsubscribe();
        return 'ALLOW';
      }
      if (Date.now() > deadline) return 'NO ANSWER';
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('then each outcome is the one the matrix names', async () => {
    const results: Record<string, Record<string, string>> = {};
    const expected: Record<string, Record<string, string>> = {};
    for (const [name, row] of Object.entries(SUBSCRIPTION_MATRIX)) {
      for (const who of ['anonymous', 'owner', 'otherUser', 'admin', 'keyWithScope', 'keyWithoutScope'] as const) {
        (results[name] ??= {})[who] = await outcome(who, row.query, row.variables(fx));
        (expected[name] ??= {})[who] = row[who];
      }
    }
    expect(results).toEqual(expected);
  });
});

/**
 * `_entities` straight to a subgraph's port with a correctly signed gateway identity (as a compromised or buggy
 * caller inside the mesh could send it): one user's identity asking for another user's entities. Each probe is sent
 * as the owner (who must see the private data: the check can fail) and as the other user (who must see none of it:
 * the entity null, its fields null or its lists empty).
 */
const ENTITY_PROBES: { subgraph: string; typename: string; id: (fx: Fixture) => string | undefined; selection: string }[] = [
  { subgraph: 'accounts', typename: 'User', id: (fx) => fx.ownerId, selection: 'accounts { id } kyc { status } fundingInstruments { id last4 }' },
  { subgraph: 'accounts', typename: 'Account', id: (fx) => fx.businessAccountId, selection: 'type businessName owner { id }' },
  { subgraph: 'accounts', typename: 'FundingInstrument', id: (fx) => fx.cardId, selection: 'last4 status owner { id }' },
  { subgraph: 'wallets', typename: 'User', id: (fx) => fx.ownerId, selection: 'wallets { id balance { amount } }' },
  { subgraph: 'wallets', typename: 'Wallet', id: (fx) => fx.walletId, selection: 'currency balance { amount } owner { id }' },
  { subgraph: 'payments', typename: 'User', id: (fx) => fx.ownerId, selection: 'payments(first: 5) { edges { node { id } } } paymentRequests(first: 5) { edges { node { id } } }' },
  { subgraph: 'payments', typename: 'Payment', id: (fx) => fx.paymentId, selection: 'status amount { amount } sender { id } recipient { id }' },
  { subgraph: 'payments', typename: 'PaymentRequest', id: (fx) => fx.requestId, selection: 'status amount { amount } requester { id }' },
  { subgraph: 'payments', typename: 'Checkout', id: (fx) => fx.checkoutId, selection: 'status amount { amount } reference merchant { id }' },
  { subgraph: 'payments', typename: 'Account', id: (fx) => fx.businessAccountId, selection: 'checkouts(first: 5) { edges { node { id } } }' },
  { subgraph: 'transactions', typename: 'Transaction', id: (fx) => fx.transactionId, selection: 'status amount { amount } steps { status }' },
  { subgraph: 'transactions', typename: 'Payment', id: (fx) => fx.paymentId, selection: 'transaction { id }' },
  { subgraph: 'transactions', typename: 'Wallet', id: (fx) => fx.walletId, selection: 'transactions(first: 5) { edges { node { id } } }' },
  { subgraph: 'transactions', typename: 'User', id: (fx) => fx.ownerId, selection: 'activity(first: 5) { edges { node { id } } }' },
  { subgraph: 'notifications', typename: 'User', id: (fx) => fx.ownerId, selection: 'notifications(first: 5) { edges { node { id title } } } notificationPreferences { kind }' },
  { subgraph: 'notifications', typename: 'Notification', id: (fx) => fx.notificationId, selection: 'title body' },
  { subgraph: 'notifications', typename: 'PartnerApplication', id: (fx) => fx.applicationId, selection: 'webhookEndpoints { id url }' },
];

/** How many non-null leaves the entity shows beyond the id the caller gave. */
function revealed(entity: unknown, top = true): number {
  if (entity === null || entity === undefined) return 0;
  if (Array.isArray(entity)) return entity.reduce((n: number, e) => n + revealed(e, false), 0);
  if (typeof entity === 'object') {
    return Object.entries(entity as Record<string, unknown>).reduce((n, [k, v]) => n + (top && (k === 'id' || k === '__typename') ? 0 : revealed(v, false)), 0);
  }
  return 1;
}

describe("when one user's signed identity asks a subgraph's _entities for another user's entities", () => {
  it('then the owner sees their private data and the other user none of it', async () => {
    const results: Record<string, { owner: boolean; otherUser: number }> = {};
    const expected: Record<string, { owner: boolean; otherUser: number }> = {};
    for (let i = 0; i < ENTITY_PROBES.length; i += 4) {
      await Promise.all(
        ENTITY_PROBES.slice(i, i + 4).map(async (probe) => {
          const url = t.stack.services[probe.subgraph]!.url;
          const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${probe.typename} { id ${probe.selection} } } }`;
          const variables = { r: [{ __typename: probe.typename, id: probe.id(fx) }] };
          const ask = async (userId: string) =>
            revealed(((await callSubgraph<{ _entities: unknown[] }>(url, query, variables, { userId, roles: ['USER'] })).data?._entities ?? [])[0]);
          const name = `${probe.subgraph} ${probe.typename}`;
          results[name] = { owner: (await ask(fx.ownerId!)) > 0, otherUser: await ask(fx.otherId!) };
          expected[name] = { owner: true, otherUser: 0 };
        }),
      );
    }
    expect(results).toEqual(expected);
  });
});

describe("when a partner key of the owner's application, with and without the field's scope, calls every root field", () => {
  const byHash = async (secret: string, hash: string) => {
    const res = await fetch(t.stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ variables: {}, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    return { status: res.status, ...((await res.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] }) };
  };
  const newKey = async (scopes: string[]) => {
    const res = await gqlOk(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`, { input: { applicationId: fx.applicationId, scopes } }, tokens.owner!);
    if (!res.createApiKey.secret) throw new Error(JSON.stringify(res));
    return res.createApiKey.secret as string;
  };
  /** ALLOW: past authorisation (data, a userError, or the probe's absent variables refused at coercion). */
  function keyOutcome(res: { status: number; errors?: { message: string; extensions?: Record<string, unknown> }[] }): string {
    const codes = (res.errors ?? []).map((e) => e.extensions?.code);
    if (codes.includes('UNAUTHENTICATED')) return 'UNAUTHENTICATED';
    if (codes.includes('FORBIDDEN')) return 'FORBIDDEN';
    if (codes.some((c) => c === 'PERSISTED_QUERY_NOT_FOUND' || c === 'GRAPHQL_VALIDATION_FAILED' || c === 'GRAPHQL_PARSE_FAILED')) return `OTHER ${codes.join(',')}: ${res.errors![0]!.message}`;
    return 'ALLOW';
  }

  it('then each outcome is the one the matrix names', async () => {
    const cases = (['Query', 'Mutation'] as const).flatMap((rootType) => fieldsOf(rootType).map((field) => ({ name: `${rootType}.${field.name}`, rule: PARTNER_MATRIX[rootType][field.name], doc: operationFor(rootType, field) })));
    const hashes: string[] = [];
    // At most 50 documents a registration.
    for (let i = 0; i < cases.length; i += 50) {
      const registered = await gqlOk(
        `mutation($input: RegisterTrustedDocumentsInput!) { registerTrustedDocuments(input: $input) { documents { hash } userErrors { code message } } }`,
        { input: { applicationId: fx.applicationId, documents: cases.slice(i, i + 50).map((c) => c.doc) } },
        tokens.owner!,
      );
      expect(registered.registerTrustedDocuments.userErrors).toEqual([]);
      // The hash the gateway knows each one by (of the document as the users service stores it), in order.
      registered.registerTrustedDocuments.documents.forEach((d: { hash: string }, j: number) => (hashes[i + j] = d.hash));
    }
    const all = await newKey(['payments:read', 'payments:write', 'balance:read', 'account:read', 'notifications:read', 'webhooks:manage', 'checkout:write']);
    const none = await newKey(['checkout:write']);
    const results: Record<string, { keyWithScope: string; keyWithoutScope: string }> = {};
    const expected: Record<string, { keyWithScope: string; keyWithoutScope: string }> = {};
    for (let i = 0; i < cases.length; i += 4) {
      await Promise.all(
        cases.slice(i, i + 4).map(async ({ name, rule }, j) => {
          const hash = hashes[i + j]!;
          results[name] = { keyWithScope: keyOutcome(await byHash(all, hash)), keyWithoutScope: keyOutcome(await byHash(none, hash)) };
          expected[name] = { keyWithScope: rule?.keyWithScope ?? 'NO RULE', keyWithoutScope: rule?.keyWithoutScope ?? 'NO RULE' };
        }),
      );
    }
    expect(results).toEqual(expected);
  });
});
