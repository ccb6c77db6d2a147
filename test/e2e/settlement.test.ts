import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import { parseConfig } from '@paygraph/platform/config';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { usersConfigSchema } from '../../subgraphs/users/src/config.js';
import { runAdmin } from '../../subgraphs/users/src/cli/admin.js';
import { bootStack, email, PASSWORD, registerUser, type TestStack } from '../support/stack.js';
import { assertLedgerBalanced, fund } from '../support/money.js';

/**
 * Merchant settlement through the public graph (schema/operations/settlement.graphql) on the real stack: a merchant's
 * captures and refunds of one UTC day become one batch per business account and currency when an admin closes the
 * day (the worker does the same on its own; here its interval is long so that only the test closes days). The day
 * the captures happened is set by moving their timestamps into a past day with SQL, as if they had happened then.
 */
let t: TestStack;
let admin: string;
const ADMIN = email('admin');

beforeAll(async () => {
  t = await bootStack({ CHECKOUT_FEE_BPS: '290', CHECKOUT_FEE_FIXED_MINOR: 'USD=30', SETTLEMENT_INTERVAL_MS: '86400000' });
  await t.gql(`mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`, { input: { email: ADMIN, password: PASSWORD, displayName: 'Admin' } });
  const granted = await runAdmin(['grant-role', ADMIN, 'ADMIN'], parseConfig(usersConfigSchema, t.env), { out: () => {}, err: () => {} });
  if (granted !== 0) throw new Error('grant-role failed');
  admin = (await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { email: ADMIN, password: PASSWORD } })).data.login.accessToken;
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

type User = Awaited<ReturnType<typeof registerUser>>;
type Merchant = User & { accountId: string };
const usd = (amount: string) => ({ amount, currency: 'USD' });
const DAY_MS = 86_400_000;
/** A UTC day `n` days before today, YYYY-MM-DD. */
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString().slice(0, 10);

async function db<T = any>(service: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}${service}`) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
const count = async (service: string, sql: string, params: unknown[] = []) => (await db<{ n: number }>(service, sql, params))[0]!.n;

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function merchant(name: string): Promise<Merchant> {
  const owner = await registerUser(t, name);
  const opened = await t.op('partners.graphql', 'OpenBusinessAccount', { input: { businessName: `${name} Ltd` } }, owner.accessToken);
  const accountId = opened.data?.openBusinessAccount?.account?.id as string;
  if (!accountId) throw new Error(`openBusinessAccount: ${JSON.stringify(opened)}`);
  return { ...owner, accountId };
}

/** A captured AUTOMATIC checkout of `amount`, paid by `buyer`, moved to `day` (noon UTC); its payment id. */
async function capturedOn(m: Merchant, buyer: User, amount: string, day: string): Promise<{ checkoutId: string; paymentId: string }> {
  const created = await t.op(
    'checkout.graphql',
    'CreateCheckout',
    { input: { accountId: m.accountId, amount: usd(amount), reference: 'order', returnUrl: 'https://shop.example/return', idempotencyKey: randomUUID() } },
    m.accessToken,
  );
  const checkoutId = created.data.createCheckout.checkout.id as string;
  const approved = await t.op('checkout.graphql', 'ApproveCheckout', { input: { checkoutId } }, buyer.accessToken);
  expect(approved.data.approveCheckout.checkout.status).toBe('CAPTURED');
  await db('payments', `update checkout set closed_at = $2::date + interval '12 hours' where id = $1`, [checkoutId, day]);
  return { checkoutId, paymentId: approved.data.approveCheckout.checkout.payment.id };
}

/** A completed refund of `amount` of a checkout payment by its merchant, moved to `day` (18:00 UTC); the refund id. */
async function refundedOn(m: Merchant, paymentId: string, amount: string, day: string): Promise<string> {
  const res = await t.op('refunds.graphql', 'RefundPayment', { input: { paymentId, amount: usd(amount), idempotencyKey: randomUUID() } }, m.accessToken);
  expect(res.data.refundPayment.refund.status).toBe('COMPLETED');
  const refundId = res.data.refundPayment.refund.id as string;
  await db('payments', `update payment set updated_at = $2::date + interval '18 hours' where id = $1`, [refundId, day]);
  return refundId;
}

const close = (date: string, token = admin) => t.op('settlement.graphql', 'CloseSettlementDay', { input: { date } }, token);
const batchesOf = async (who: User, accountId: string) =>
  (await t.op('settlement.graphql', 'SettlementBatches', { accountId, first: 20, itemsFirst: 50 }, who.accessToken)).data.settlementBatches.edges.map(
    (e: { node: any }) => e.node,
  );
const written = async () => ({
  days: await count('payments', `select count(*)::int as n from settlement_day`),
  batches: await count('payments', `select count(*)::int as n from settlement_batch`),
  items: await count('payments', `select count(*)::int as n from settlement_item`),
  events: await count('payments', `select count(*)::int as n from outbox where type = 'SettlementBatchClosed'`),
});

describe('when a merchant captured and refunded checkouts on a day that is over', () => {
  it('then closing the day makes one batch with the day’s gross, fees, refunds and net, once, seen by its owner only', async () => {
    const m = await merchant('Sally Seller');
    const buyer = await registerUser(t, 'Bob Buyer');
    const stranger = await registerUser(t, 'Sid Stranger');
    await fund(t, buyer.accessToken, '100.00', 'USD');
    const day = daysAgo(40);
    const next = daysAgo(39);

    const a = await capturedOn(m, buyer, '10.00', day);
    const b = await capturedOn(m, buyer, '5.00', day);
    const sameDayRefund = await refundedOn(m, a.paymentId, '3.00', day);
    // A refund the next day of that day's sale: the next day's batch, with nothing sold, nets negative.
    const nextDayRefund = await refundedOn(m, b.paymentId, '4.00', next);

    const first = await close(day);
    expect(first.data.closeSettlementDay.userErrors).toEqual([]);
    const mine = first.data.closeSettlementDay.batches.filter((x: { accountId: string }) => x.accountId === m.accountId);
    expect(mine).toHaveLength(1);
    // 10.00 × 2.9% + 0.30 = 0.59; 5.00 × 2.9% = 0.145 → 0.15, + 0.30 = 0.45.
    expect(mine[0]).toMatchObject({
      currency: 'USD',
      businessDate: day,
      gross: usd('15.00'),
      fees: usd('1.04'),
      refunds: usd('3.00'),
      net: usd('10.96'),
      itemCount: 3,
      status: 'CLOSED',
    });

    // Again: the same batches, nothing more written.
    const before = await written();
    const again = await close(day);
    expect(again.data.closeSettlementDay.userErrors).toEqual([]);
    expect(again.data.closeSettlementDay.batches).toEqual(first.data.closeSettlementDay.batches);
    expect(await written()).toEqual(before);

    const [batch] = await batchesOf(m, m.accountId);
    expect(batch).toMatchObject({ id: mine[0].id, net: usd('10.96') });
    const items = batch.items.edges.map((e: { node: any }) => e.node);
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'CAPTURE', checkoutId: a.checkoutId, refundId: null, paymentId: a.paymentId, amount: usd('10.00'), fee: usd('0.59') }),
        expect.objectContaining({ kind: 'CAPTURE', checkoutId: b.checkoutId, paymentId: b.paymentId, amount: usd('5.00'), fee: usd('0.45') }),
        expect.objectContaining({ kind: 'REFUND', checkoutId: null, refundId: sameDayRefund, paymentId: a.paymentId, amount: usd('3.00'), fee: usd('0.00') }),
      ]),
    );
    expect(items).toHaveLength(3);

    // The next day: refunds only, a negative net.
    const nextClosed = await close(next);
    expect(nextClosed.data.closeSettlementDay.batches.find((x: { accountId: string }) => x.accountId === m.accountId)).toMatchObject({
      businessDate: next,
      gross: usd('0.00'),
      fees: usd('0.00'),
      refunds: usd('4.00'),
      net: usd('-4.00'),
      itemCount: 1,
    });
    const listed = await batchesOf(m, m.accountId);
    expect(listed.map((x: { businessDate: string }) => x.businessDate)).toEqual([next, day]);
    expect(listed[0].items.edges[0].node).toMatchObject({ kind: 'REFUND', refundId: nextDayRefund });

    // The account's own field gives the same list; pages follow each other.
    const viaAccount = await t.op('settlement.graphql', 'AccountSettlementBatches', { accountId: m.accountId, first: 1 }, m.accessToken);
    const page1 = viaAccount.data.account.settlementBatches;
    expect(page1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([listed[0].id]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.op('settlement.graphql', 'AccountSettlementBatches', { accountId: m.accountId, first: 1, after: page1.pageInfo.endCursor }, m.accessToken);
    expect(page2.data.account.settlementBatches.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([listed[1].id]);

    // Somebody else sees nothing; the buyer neither; an admin sees them.
    expect(await batchesOf(stranger, m.accountId)).toEqual([]);
    expect(await batchesOf(buyer, m.accountId)).toEqual([]);
    expect((await t.op('settlement.graphql', 'SettlementBatches', { accountId: m.accountId }, admin)).data.settlementBatches.edges).toHaveLength(2);

    // The merchant is told, and audit records each batch.
    const notes = await waitFor('settlement notifications', async () => {
      const res = await t.gql(`{ me { notifications(first: 20) { edges { node { kind title body } } } } }`, {}, m.accessToken);
      const found = (res.data?.me?.notifications?.edges ?? []).map((e: { node: any }) => e.node).filter((n: { kind: string }) => n.kind === 'SETTLEMENT_BATCH_CLOSED');
      return found.length === 2 ? found : null;
    });
    expect(notes.map((n: { title: string }) => n.title).sort()).toEqual([`Settlement for ${day}`, `Settlement for ${next}`].sort());
    expect(notes.find((n: { title: string }) => n.title.endsWith(day)).body).toContain('net 10.96 USD');
    await waitFor('audit records', async () =>
      (await count('audit', `select count(*)::int as n from audit_record where event_type = 'SettlementBatchClosed' and entity_id = any($1)`, [listed.map((x: { id: string }) => x.id)])) === 2,
    );
  });
});

describe('when two closes of the same day race', () => {
  it('then the day has one batch per account, with its items once', async () => {
    const m = await merchant('Rita Racer');
    const buyer = await registerUser(t, 'Ray Buyer');
    await fund(t, buyer.accessToken, '50.00', 'USD');
    const day = daysAgo(50);
    await capturedOn(m, buyer, '7.00', day);
    await capturedOn(m, buyer, '8.00', day);

    const answers = await Promise.all([close(day), close(day), close(day)]);
    for (const a of answers) expect(a.data.closeSettlementDay.userErrors).toEqual([]);
    const ids = answers.map((a) => a.data.closeSettlementDay.batches.map((x: { id: string }) => x.id));
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    expect(await count('payments', `select count(*)::int as n from settlement_batch where merchant_account_id = $1`, [m.accountId])).toBe(1);
    expect(await count('payments', `select count(*)::int as n from settlement_item i join settlement_batch b on b.id = i.batch_id where b.merchant_account_id = $1`, [m.accountId])).toBe(2);
    expect(await count('payments', `select count(*)::int as n from outbox where type = 'SettlementBatchClosed' and aggregate_id = $1`, [ids[0]![0]])).toBe(1);
    expect(await count('payments', `select count(*)::int as n from settlement_day where business_date = $1`, [day])).toBe(1);
  });
});

describe('when a close is refused', () => {
  it('then INVALID_DATE and DAY_NOT_CLOSABLE write nothing, and only admins may close', async () => {
    const m = await merchant('Nora Nothing');
    const before = await written();
    for (const bad of ['2026-02-30', '2026-13-01', 'yesterday', '2026-1-5', '']) {
      expect((await close(bad)).data.closeSettlementDay).toEqual({ batches: [], userErrors: [expect.objectContaining({ code: 'INVALID_DATE', field: ['input', 'date'] })] });
    }
    const today = daysAgo(0);
    const tomorrow = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
    for (const notYet of [today, tomorrow]) {
      expect((await close(notYet)).data.closeSettlementDay).toEqual({ batches: [], userErrors: [expect.objectContaining({ code: 'DAY_NOT_CLOSABLE' })] });
    }
    const byMerchant = await close(daysAgo(60), m.accessToken);
    expect(byMerchant.data?.closeSettlementDay ?? null).toBeNull();
    expect(byMerchant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await written()).toEqual(before);
  });
});

describe('when a batch no longer adds up or a closed day lost an item', () => {
  it('then reconcile reports both, and is green again once they are put back', async () => {
    const m = await merchant('Rex Reconcile');
    const buyer = await registerUser(t, 'Rae Buyer');
    await fund(t, buyer.accessToken, '20.00', 'USD');
    const day = daysAgo(70);
    const { checkoutId } = await capturedOn(m, buyer, '6.00', day);
    expect((await close(day)).data.closeSettlementDay.batches).toHaveLength(1);
    const reconcile = () => runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    const checks = async () => (await reconcile()).findings.map((f) => f.check).filter((c) => c.startsWith('settlement'));
    expect(await checks()).toEqual([]);

    // A capture on a day past its close time that nobody closed.
    const unclosedDay = daysAgo(80);
    await capturedOn(m, buyer, '1.00', unclosedDay);
    expect(await checks()).toEqual(['settlement-day-closed']);
    expect((await close(unclosedDay)).data.closeSettlementDay.batches).toHaveLength(1);
    expect(await checks()).toEqual([]);

    const [item] = await db<Record<string, unknown>>('payments', `select * from settlement_item where source_id = $1`, [checkoutId]);
    await db('payments', `update settlement_item set amount = amount + 1 where id = $1`, [item!.id]);
    expect(await checks()).toEqual(expect.arrayContaining(['settlement-batch-equals-items', 'settlement-item-matches-source']));
    await db('payments', `delete from settlement_item where id = $1`, [item!.id]);
    expect(await checks()).toEqual(expect.arrayContaining(['settlement-batch-equals-items', 'settlement-closed-day-complete']));

    await db(
      'payments',
      `insert into settlement_item (id, batch_id, kind, source_id, payment_id, amount, fee, occurred_at) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [item!.id, item!.batch_id, item!.kind, item!.source_id, item!.payment_id, item!.amount, item!.fee, item!.occurred_at],
    );
    expect(await checks()).toEqual([]);
  });
});
