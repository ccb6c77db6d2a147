import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { parseConfig } from '@paygraph/platform/config';
import { bootStack, email, PASSWORD, registerUser, type TestStack } from '../support/stack.js';
import { assertLedgerBalanced, fund, settle, walletOf } from '../support/money.js';
import { usersConfigSchema } from '../../subgraphs/users/src/config.js';
import { runAdmin } from '../../subgraphs/users/src/cli/admin.js';

/**
 * Payment requests through the public graph (schema/operations/requests.graphql) on the real stack: a requester asks,
 * the payer pays (a P2P payment through sendMoney's path), declines, or the requester cancels, or it expires; a
 * request is paid at most once whatever runs at the same time, and nobody else can see or touch it.
 */
let t: TestStack;
beforeAll(async () => {
  t = await bootStack({
    FRAUD_VELOCITY_MAX_PER_MINUTE: '1000',
    FRAUD_VELOCITY_MAX_PER_HOUR: '10000',
    FRAUD_FANOUT_MAX_NEW_RECIPIENTS_PER_DAY: '1000',
    PAYMENT_REQUEST_SWEEP_INTERVAL_MS: '200',
    // How long a request's payment is under way before the sweep drives it again (here: after a review ends).
    PAYMENT_RECOVERY_AFTER_MS: '1000',
  });
});
afterEach(async () => {
  await assertLedgerBalanced(t);
});
afterAll(async () => {
  if (t) {
    await waitFor('every payment in history', async () => (await count('payments', `SELECT count(*)::int AS n FROM payment`)) === (await count('transactions', `SELECT count(*)::int AS n FROM transaction`)));
    const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    await t.stop();
    if (!report.ok) throw new Error(formatReport(report));
  }
});

type User = Awaited<ReturnType<typeof registerUser>>;
const key = () => randomUUID();
const usd = (amount: string) => ({ amount, currency: 'USD' });

async function count(service: string, sql: string, params: unknown[] = []): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}${service}`) });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows[0].n as number;
  } finally {
    await db.end();
  }
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

const requestMoney = (who: User, input: Record<string, unknown>) => t.op('requests.graphql', 'RequestMoney', { input: { idempotencyKey: key(), ...input } }, who.accessToken);
const payRequest = (who: User, requestId: string, idempotencyKey = key()) => t.op('requests.graphql', 'PayRequest', { input: { requestId, idempotencyKey } }, who.accessToken);
const declineRequest = (who: User, requestId: string) => t.op('requests.graphql', 'DeclineRequest', { input: { requestId } }, who.accessToken);
const cancelRequest = (who: User, requestId: string) => t.op('requests.graphql', 'CancelRequest', { input: { requestId } }, who.accessToken);
const readRequest = async (who: User, id: string) => (await t.op('requests.graphql', 'PaymentRequest', { id }, who.accessToken)).data?.paymentRequest;
const listRequests = async (who: User, vars: Record<string, unknown> = {}) =>
  ((await t.op('requests.graphql', 'PaymentRequests', { first: 20, ...vars }, who.accessToken)).data.me.paymentRequests.edges as { node: { id: string; status: string } }[]).map((e) => e.node);
const balance = async (who: User) => ((await walletOf(t, who.accessToken, 'USD')) as { balance: { amount: string } }).balance.amount;
const notifications = async (who: User) =>
  ((await t.op('realtime.graphql', 'NotificationHistory', { first: 50 }, who.accessToken)).data.me.notifications.edges as { node: { kind: string; title: string } }[]).map((e) => e.node);
const paymentsOfRequest = (requestId: string) => count('payments', `SELECT count(*)::int AS n FROM payment WHERE request_id = $1`, [requestId]);

async function open(requester: User, payer: User, amount = '10.00', extra: Record<string, unknown> = {}): Promise<string> {
  const res = await requestMoney(requester, { from: payer.id, amount: usd(amount), ...extra });
  expect(res.errors).toBeUndefined();
  expect(res.data.requestMoney.userErrors).toEqual([]);
  return res.data.requestMoney.paymentRequest.id;
}

describe('when a user requests money and the payer pays it', () => {
  it('then one P2P payment moves the money, the request is PAID and linked both ways, and both sides are notified', async () => {
    const requester = await registerUser(t, 'Rhea Requester');
    const payer = await registerUser(t, 'Paul Payer');
    await fund(t, payer.accessToken, '30.00', 'USD');

    const created = await requestMoney(requester, { from: payer.id, amount: usd('12.50'), note: 'pizza night' });
    expect(created.errors).toBeUndefined();
    expect(created.data.requestMoney.userErrors).toEqual([]);
    const request = created.data.requestMoney.paymentRequest;
    expect(request).toMatchObject({ status: 'OPEN', amount: usd('12.50'), note: 'pizza night', requester: { id: requester.id }, payer: { id: payer.id }, payment: null, closedAt: null });
    // The default expiry: 30 days.
    expect(Date.parse(request.expiresAt) - Date.parse(request.createdAt)).toBe(30 * 86_400_000);

    await waitFor('the payer hears of the request', async () => (await notifications(payer)).some((n) => n.kind === 'PAYMENT_REQUEST_RECEIVED' && n.title === 'Payment requested'));
    expect(await listRequests(payer, { direction: 'INCOMING' })).toEqual([expect.objectContaining({ id: request.id, status: 'OPEN' })]);
    expect(await listRequests(requester, { direction: 'OUTGOING' })).toEqual([expect.objectContaining({ id: request.id })]);
    expect(await listRequests(requester, { direction: 'INCOMING' })).toEqual([]);

    const paid = await payRequest(payer, request.id);
    expect(paid.errors).toBeUndefined();
    expect(paid.data.payRequest.userErrors).toEqual([]);
    const payment = paid.data.payRequest.payment;
    expect(payment).toMatchObject({
      kind: 'P2P',
      status: 'COMPLETED',
      amount: usd('12.50'),
      sender: { id: payer.id },
      recipient: { id: requester.id },
      note: 'pizza night',
      request: { id: request.id, status: 'PAID' },
    });
    expect(paid.data.payRequest.paymentRequest).toMatchObject({ id: request.id, status: 'PAID', payment: { id: payment.id, status: 'COMPLETED' } });
    expect(paid.data.payRequest.paymentRequest.closedAt).not.toBeNull();
    expect(await balance(payer)).toBe('17.50');
    expect(await balance(requester)).toBe('12.50');
    expect(await readRequest(requester, request.id)).toMatchObject({ status: 'PAID', payment: { id: payment.id } });

    await waitFor('the requester hears it was paid', async () => (await notifications(requester)).some((n) => n.kind === 'PAYMENT_REQUEST_UPDATED' && n.title === 'Payment request paid'));
    // The payment is an ordinary P2P payment for both: their usual notifications too.
    await waitFor('the payment notifications', async () => (await notifications(requester)).some((n) => n.title === 'Payment received') && (await notifications(payer)).some((n) => n.title === 'Payment sent'));
    expect(await listRequests(payer, { status: 'PAID' })).toEqual([expect.objectContaining({ id: request.id })]);
    expect(await listRequests(payer, { status: 'OPEN' })).toEqual([]);
  });
});

describe('when a request is paid twice', () => {
  it('then sequentially the second payRequest is REQUEST_NOT_OPEN, its own key repeated gets the same payment, and one payment exists', async () => {
    const requester = await registerUser(t, 'Sue Seq');
    const payer = await registerUser(t, 'Sam Seq');
    await fund(t, payer.accessToken, '50.00', 'USD');
    const id = await open(requester, payer, '10.00');
    const k = key();
    const first = await payRequest(payer, id, k);
    expect(first.data.payRequest.payment.status).toBe('COMPLETED');

    const again = await payRequest(payer, id);
    expect(again.data.payRequest).toMatchObject({ paymentRequest: null, payment: null, userErrors: [{ code: 'REQUEST_NOT_OPEN', field: ['input', 'requestId'] }] });
    const retried = await payRequest(payer, id, k);
    expect(retried.data.payRequest).toMatchObject({ userErrors: [], payment: { id: first.data.payRequest.payment.id }, paymentRequest: { status: 'PAID' } });

    expect(await paymentsOfRequest(id)).toBe(1);
    expect(await balance(payer)).toBe('40.00');
    expect(await balance(requester)).toBe('10.00');
  });

  it('then 10 concurrent payRequests with different keys make exactly one payment', async () => {
    const requester = await registerUser(t, 'Cora Conc');
    const payer = await registerUser(t, 'Carl Conc');
    await fund(t, payer.accessToken, '100.00', 'USD');
    const id = await open(requester, payer, '10.00');

    const results = await Promise.all(Array.from({ length: 10 }, () => payRequest(payer, id)));
    for (const r of results) expect(r.errors).toBeUndefined();
    const paymentIds = new Set(results.flatMap((r) => (r.data.payRequest.payment ? [r.data.payRequest.payment.id] : [])));
    expect(paymentIds.size).toBe(1);
    // Each either got the one payment or was told the request is paid already.
    for (const r of results) {
      if (r.data.payRequest.payment) expect(r.data.payRequest.payment.status).toBe('COMPLETED');
      else expect(r.data.payRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_NOT_OPEN']);
    }

    expect(await paymentsOfRequest(id)).toBe(1);
    expect(await count('payments', `SELECT count(*)::int AS n FROM payment WHERE sender_id = $1 AND kind = 'P2P'`, [payer.id])).toBe(1);
    expect(await balance(payer)).toBe('90.00');
    expect(await balance(requester)).toBe('10.00');
    expect(await readRequest(payer, id)).toMatchObject({ status: 'PAID', payment: { id: [...paymentIds][0] } });
  });
});

describe('when the payer cannot cover the request', () => {
  it('then the payment FAILS, the request stays OPEN, and once funded it can be paid (by a new payment)', async () => {
    const requester = await registerUser(t, 'Fay Fund');
    const payer = await registerUser(t, 'Finn Fund');
    await fund(t, payer.accessToken, '1.00', 'USD');
    const id = await open(requester, payer, '5.00');
    const broke = await payRequest(payer, id);
    expect(broke.data.payRequest).toMatchObject({ payment: { status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' }, paymentRequest: { status: 'OPEN', payment: null } });

    await fund(t, payer.accessToken, '5.00', 'USD');
    const paid = await payRequest(payer, id);
    expect(paid.data.payRequest).toMatchObject({ payment: { status: 'COMPLETED' }, paymentRequest: { status: 'PAID' } });
    expect(paid.data.payRequest.payment.id).not.toBe(broke.data.payRequest.payment.id);
    expect(await balance(requester)).toBe('5.00');
    expect(await balance(payer)).toBe('1.00');
    // Both attempts point at the request; only the completed one paid it.
    expect(await paymentsOfRequest(id)).toBe(2);
  });
});

describe('when the payer declines or the requester cancels', () => {
  it('then the request is DECLINED or CANCELED, the requester is notified, and nothing can change it afterwards', async () => {
    const requester = await registerUser(t, 'Dee Decline');
    const payer = await registerUser(t, 'Don Decline');
    await fund(t, payer.accessToken, '20.00', 'USD');

    const declinedId = await open(requester, payer, '3.00');
    // Each party may do only its own part.
    expect((await declineRequest(requester, declinedId)).data.declineRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_NOT_ALLOWED']);
    expect((await cancelRequest(payer, declinedId)).data.cancelRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_NOT_ALLOWED']);
    expect((await payRequest(requester, declinedId)).data.payRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_NOT_ALLOWED']);

    const declined = await declineRequest(payer, declinedId);
    expect(declined.data.declineRequest).toMatchObject({ userErrors: [], paymentRequest: { id: declinedId, status: 'DECLINED' } });
    const canceledId = await open(requester, payer, '4.00');
    const canceled = await cancelRequest(requester, canceledId);
    expect(canceled.data.cancelRequest).toMatchObject({ userErrors: [], paymentRequest: { id: canceledId, status: 'CANCELED' } });

    for (const id of [declinedId, canceledId]) {
      expect((await payRequest(payer, id)).data.payRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_NOT_OPEN']);
      expect((await declineRequest(payer, id)).data.declineRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_NOT_OPEN']);
      expect((await cancelRequest(requester, id)).data.cancelRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_NOT_OPEN']);
      expect(await paymentsOfRequest(id)).toBe(0);
    }
    expect((await readRequest(payer, declinedId)).status).toBe('DECLINED');
    expect((await readRequest(payer, canceledId)).status).toBe('CANCELED');
    expect(await balance(payer)).toBe('20.00');

    await waitFor('the requester hears of both', async () => {
      const titles = (await notifications(requester)).filter((n) => n.kind === 'PAYMENT_REQUEST_UPDATED').map((n) => n.title);
      return titles.includes('Payment request declined') && titles.includes('Payment request canceled');
    });
    expect(await listRequests(requester, { status: 'DECLINED' })).toEqual([expect.objectContaining({ id: declinedId })]);
  });
});

describe('when a request expires unpaid', () => {
  it('then it reads EXPIRED, cannot be paid, declined or canceled, and the worker stores it and notifies the requester', async () => {
    const requester = await registerUser(t, 'Eve Expire');
    const payer = await registerUser(t, 'Ed Expire');
    await fund(t, payer.accessToken, '10.00', 'USD');
    const id = await open(requester, payer, '2.00', { expiresAt: new Date(Date.now() + 1_500).toISOString() });
    expect((await readRequest(payer, id)).status).toBe('OPEN');

    await waitFor('expiry', async () => (await readRequest(payer, id)).status === 'EXPIRED');
    expect((await payRequest(payer, id)).data.payRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_EXPIRED']);
    expect((await declineRequest(payer, id)).data.declineRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_EXPIRED']);
    expect((await cancelRequest(requester, id)).data.cancelRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_EXPIRED']);
    expect(await paymentsOfRequest(id)).toBe(0);
    expect(await balance(payer)).toBe('10.00');

    await waitFor('the worker stores it', async () => (await count('payments', `SELECT count(*)::int AS n FROM payment_request WHERE id = $1 AND status = 'EXPIRED' AND closed_at IS NOT NULL`, [id])) === 1);
    await waitFor('the requester hears it expired', async () => (await notifications(requester)).some((n) => n.title === 'Payment request expired'));
    expect(await listRequests(requester, { status: 'EXPIRED' })).toEqual([expect.objectContaining({ id })]);
  });
});

describe('when a third user tries to see or act on a request', () => {
  it('then it does not exist for them: null, REQUEST_NOT_FOUND, FORBIDDEN on the others\' list, and nothing changes', async () => {
    const requester = await registerUser(t, 'Ann Auth');
    const payer = await registerUser(t, 'Bob Auth');
    const stranger = await registerUser(t, 'Mal Auth');
    await fund(t, stranger.accessToken, '20.00', 'USD');
    const id = await open(requester, payer, '6.00');

    expect(await readRequest(stranger, id)).toBeNull();
    for (const res of [await payRequest(stranger, id), await declineRequest(stranger, id), await cancelRequest(stranger, id)]) {
      const payload = Object.values(res.data as Record<string, { userErrors: { code: string }[]; paymentRequest: unknown }>)[0]!;
      expect(payload.paymentRequest).toBeNull();
      expect(payload.userErrors.map((e) => e.code)).toEqual(['REQUEST_NOT_FOUND']);
    }
    expect(await listRequests(stranger)).toEqual([]);
    // Even a party cannot list the other party's requests through the graph.
    const theirs = await t.gql(`query($id: ID!) { paymentRequest(id: $id) { requester { paymentRequests { edges { node { id } } } } } }`, { id }, payer.accessToken);
    expect(theirs.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const others = await t.gql(`query($id: ID!) { paymentRequest(id: $id) { id payer { id } } }`, { id }, stranger.accessToken);
    expect(others.data).toEqual({ paymentRequest: null });

    expect(await readRequest(payer, id)).toMatchObject({ status: 'OPEN', payment: null });
    expect(await balance(stranger)).toBe('20.00');
    expect(await paymentsOfRequest(id)).toBe(0);
  });
});

describe('when the input is bad', () => {
  it('then typed userErrors come back and nothing is stored', async () => {
    const requester = await registerUser(t, 'Ivy Input');
    const payer = await registerUser(t, 'Ian Input');
    const codes = async (input: Record<string, unknown>) => {
      const res = await requestMoney(requester, { from: payer.id, amount: usd('1.00'), ...input });
      expect(res.errors).toBeUndefined();
      expect(res.data.requestMoney.paymentRequest).toBeNull();
      return res.data.requestMoney.userErrors.map((e: { code: string }) => e.code);
    };
    expect(await codes({ from: requester.id })).toEqual(['CANNOT_REQUEST_FROM_SELF']);
    expect(await codes({ from: `usr_${'0'.repeat(32)}` })).toEqual(['PAYER_NOT_FOUND']);
    expect(await codes({ amount: usd('0.00') })).toEqual(['INVALID_AMOUNT']);
    expect(await codes({ amount: usd('-5.00') })).toEqual(['INVALID_AMOUNT']);
    expect(await codes({ amount: usd('1.005') })).toEqual(['INVALID_AMOUNT']);
    expect(await codes({ amount: { amount: '1.00', currency: 'ABC' } })).toEqual(['UNSUPPORTED_CURRENCY']);
    expect(await codes({ expiresAt: new Date(Date.now() - 60_000).toISOString() })).toEqual(['INVALID_EXPIRY']);
    expect(await codes({ expiresAt: new Date(Date.now() + 91 * 86_400_000).toISOString() })).toEqual(['INVALID_EXPIRY']);
    expect(await codes({ note: 'x'.repeat(281) })).toEqual(['INVALID_NOTE']);
    expect(await codes({ idempotencyKey: '' })).toEqual(['INVALID_IDEMPOTENCY_KEY']);
    expect((await payRequest(payer, 'prq_nope')).data.payRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_NOT_FOUND']);

    expect(await count('payments', `SELECT count(*)::int AS n FROM payment_request WHERE requester_id = $1`, [requester.id])).toBe(0);
    expect(await count('payments', `SELECT count(*)::int AS n FROM idempotency_key WHERE user_id = $1`, [requester.id])).toBe(0);
    expect(await listRequests(payer)).toEqual([]);

    // The same key and input: the same request; the same key for another input: IDEMPOTENCY_KEY_REUSED.
    const k = key();
    const a = await requestMoney(requester, { from: payer.id, amount: usd('1.00'), idempotencyKey: k });
    const b = await requestMoney(requester, { from: payer.id, amount: usd('1.00'), idempotencyKey: k });
    expect(b.data.requestMoney.paymentRequest.id).toBe(a.data.requestMoney.paymentRequest.id);
    expect((await requestMoney(requester, { from: payer.id, amount: usd('2.00'), idempotencyKey: k })).data.requestMoney.userErrors.map((e: { code: string }) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await count('payments', `SELECT count(*)::int AS n FROM payment_request WHERE requester_id = $1`, [requester.id])).toBe(1);
  });
});

describe('when paying a request goes to fraud review', () => {
  it('then the request stays OPEN with the payment linked, cannot be declined or canceled, and is PAID once the review approves', async () => {
    const adminEmail = email('admin');
    await t.gql(`mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`, { input: { email: adminEmail, password: PASSWORD, displayName: 'Admin' } });
    expect(await runAdmin(['grant-role', adminEmail, 'ADMIN'], parseConfig(usersConfigSchema, t.env), { out: () => {}, err: () => {} })).toBe(0);
    const admin = (await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { email: adminEmail, password: PASSWORD } })).data.login.accessToken;

    const requester = await registerUser(t, 'Rose Review');
    const payer = await registerUser(t, 'Rick Review');
    await t.op('identity.graphql', 'SubmitKyc', {
      input: { legalName: 'Rick Review', dateOfBirth: '1980-02-02', country: 'US', addressLine1: '1 Main St', city: 'Springfield', postalCode: '12345', documentNumber: 'X1234567' },
    }, payer.accessToken);
    await fund(t, payer.accessToken, '3000.00', 'USD');
    const id = await open(requester, payer, '2000.00');

    const held = await payRequest(payer, id);
    expect(held.data.payRequest.userErrors).toEqual([]);
    const payment = held.data.payRequest.payment;
    expect(['PROCESSING', 'ON_HOLD']).toContain(payment.status);
    expect(held.data.payRequest.paymentRequest).toMatchObject({ status: 'OPEN', payment: { id: payment.id } });
    expect((await declineRequest(payer, id)).data.declineRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_PAYMENT_IN_PROGRESS']);
    expect((await cancelRequest(requester, id)).data.cancelRequest.userErrors.map((e: { code: string }) => e.code)).toEqual(['REQUEST_PAYMENT_IN_PROGRESS']);
    // Paying again joins the payment under review.
    expect((await payRequest(payer, id)).data.payRequest.payment.id).toBe(payment.id);

    const reviewCase = await waitFor('the review case', async () => {
      const q = await t.gql(`{ reviewQueue(first: 50) { edges { node { id status payment { id } } } } }`, {}, admin);
      return q.data.reviewQueue.edges.map((e: any) => e.node).find((n: any) => n.payment.id === payment.id && n.status === 'OPEN');
    });
    const resolved = await t.gql(`mutation($input: ResolveReviewInput!) { resolveReview(input: $input) { userErrors { code } } }`, { input: { caseId: reviewCase.id, decision: 'APPROVE' } }, admin);
    expect(resolved.data.resolveReview.userErrors).toEqual([]);
    expect(await settle(t, payment.id, payer.accessToken, ['COMPLETED', 'FAILED'])).toEqual({ status: 'COMPLETED', failureReason: null });

    await waitFor('the request PAID', async () => (await readRequest(requester, id))?.status === 'PAID');
    expect(await readRequest(requester, id)).toMatchObject({ status: 'PAID', payment: { id: payment.id, status: 'COMPLETED' } });
    await waitFor('the requester hears it was paid', async () => (await notifications(requester)).some((n) => n.title === 'Payment request paid'));
    expect(await paymentsOfRequest(id)).toBe(1);
    expect(await balance(requester)).toBe('2000.00');
  });
});
