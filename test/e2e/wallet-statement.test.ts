import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { currentContext } from '@paygraph/platform/context';
import { parseConfig } from '@paygraph/platform/config';
import { usersConfigSchema } from '../../subgraphs/users/src/config.js';
import { runAdmin } from '../../subgraphs/users/src/cli/admin.js';
import { bootStack, email, operation, PASSWORD, registerUser, type TestStack } from '../support/stack.js';
import { assertLedgerBalanced, fund, walletOf } from '../support/money.js';

/**
 * Monthly wallet statements through the gateway (schema/operations/statements.graphql): opening, movements, closing
 * equal to the balance and to balanceAt, months moved by SQL, INVALID_MONTH, visibility, the CSV.
 */
let t: TestStack;
// SQL statements sent by the wallets service for one request (its correlation id), counted at the pg driver.
let counting: string | undefined;
let counted = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
beforeAll(async () => {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (counting && currentContext().correlationId === counting && (this as unknown as { database?: string }).database?.endsWith('wallets')) counted++;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  t = await bootStack();
});
afterEach(async () => {
  await assertLedgerBalanced(t);
});
afterAll(async () => {
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
  if (t) {
    const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    await t.stop();
    if (!report.ok) throw new Error(formatReport(report));
  }
});

const monthOf = (d: Date) => d.toISOString().slice(0, 7);
const addMonths = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));

interface Line {
  postedAt: string;
  journalEntryId: string;
  kind: string;
  description: string;
  amount: { amount: string; currency: string };
  balanceAfter: { amount: string; currency: string };
}

async function statement(token: string, walletId: string, month: string, page: { first?: number; after?: string } = {}) {
  return t.op('statements.graphql', 'WalletStatement', { walletId, month, ...page }, token);
}

async function walletsDb<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}wallets`) });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** RFC 4180, enough for the test: quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else field += c;
  }
  if (field !== '' || record.length > 0) throw new Error(`CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`);
  return records;
}

describe('when a user adds funds and pays someone', () => {
  let alice: Awaited<ReturnType<typeof registerUser>>;
  let bob: Awaited<ReturnType<typeof registerUser>>;
  let walletId: string;
  const now = new Date();
  const thisMonth = monthOf(now);
  const lastMonth = monthOf(addMonths(now, -1));

  beforeAll(async () => {
    alice = await registerUser(t, 'Alice Statement');
    bob = await registerUser(t, 'Bob Statement');
    await fund(t, alice.accessToken, '100.00', 'USD');
    const sent = await t.op('money.graphql', 'SendMoney', {
      input: { recipientEmail: bob.email, amount: { amount: '12.34', currency: 'USD' }, note: 'a "quoted", note', idempotencyKey: randomUUID(), awaitCompletion: true },
    }, alice.accessToken);
    expect(sent.data.sendMoney.userErrors).toEqual([]);
    expect(sent.data.sendMoney.payment.status).toBe('COMPLETED');
    walletId = ((await walletOf(t, alice.accessToken, 'USD')) as unknown as { id: string }).id;
  });

  it('then this month opens at zero, lists both movements in order and closes at the balance and at balanceAt(now)', async () => {
    const res = await statement(alice.accessToken, walletId, thisMonth);
    expect(res.errors).toBeUndefined();
    const s = res.data.wallet.statement;
    expect(s).toMatchObject({
      walletId,
      month: thisMonth,
      currency: 'USD',
      start: addMonths(now, 0).toISOString(),
      openingBalance: { amount: '0.00', currency: 'USD' },
      totalCredits: { amount: '100.00', currency: 'USD' },
      totalDebits: { amount: '12.34', currency: 'USD' },
      closingBalance: { amount: '87.66', currency: 'USD' },
    });
    const lines: Line[] = s.movements.edges.map((e: { node: Line }) => e.node);
    expect(lines.map((l) => [l.kind, l.description, l.amount.amount, l.balanceAfter.amount])).toEqual([
      ['ADD_FUNDS', 'Funds added', '100.00', '100.00'],
      ['P2P', 'Payment sent', '-12.34', '87.66'],
    ]);
    expect(lines[0]!.postedAt <= lines[1]!.postedAt).toBe(true);
    expect(s.movements.pageInfo.hasNextPage).toBe(false);

    const wallet = (await walletOf(t, alice.accessToken, 'USD')) as unknown as { balance: { amount: string } };
    expect(wallet.balance.amount).toBe('87.66');
    const at = await t.gql(`query($id: ID!, $at: DateTime!) { wallet(id: $id) { balanceAt(at: $at) { amount } } }`, { id: walletId, at: s.end }, alice.accessToken);
    expect(at.data.wallet.balanceAt.amount).toBe(s.closingBalance.amount);

    const bobs = (await walletOf(t, bob.accessToken, 'USD')) as unknown as { id: string };
    const received = await statement(bob.accessToken, bobs.id, thisMonth);
    expect(received.data.wallet.statement.movements.edges.map((e: { node: Line }) => [e.node.description, e.node.amount.amount])).toEqual([['Payment received', '12.34']]);
    expect(received.data.wallet.statement.closingBalance.amount).toBe('12.34');
  });

  it('then a statement page costs the same few SQL statements however many lines it has', async () => {
    const statementsFor = async (first: number) => {
      counting = randomUUID();
      counted = 0;
      const res = await t.gql(operation('statements.graphql', 'WalletStatement'), { walletId, month: thisMonth, first }, alice.accessToken, { 'x-correlation-id': counting });
      counting = undefined;
      expect(res.errors).toBeUndefined();
      expect(res.data.wallet.statement.movements.edges).toHaveLength(first);
      return counted;
    };
    const one = await statementsFor(1);
    const two = await statementsFor(2);
    expect(one).toBeGreaterThan(0);
    expect(two).toBe(one);
    expect(two).toBeLessThanOrEqual(4); // the wallet, the totals, the page of lines (and a pool round trip)
  });

  it('then movements page with first and after', async () => {
    const first = await statement(alice.accessToken, walletId, thisMonth, { first: 1 });
    const page1 = first.data.wallet.statement.movements;
    expect(page1.edges).toHaveLength(1);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await statement(alice.accessToken, walletId, thisMonth, { first: 1, after: page1.pageInfo.endCursor });
    const page2 = second.data.wallet.statement.movements;
    expect(page2.edges.map((e: { node: Line }) => [e.node.amount.amount, e.node.balanceAfter.amount])).toEqual([['-12.34', '87.66']]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const bad = await statement(alice.accessToken, walletId, thisMonth, { after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('then the CSV parses and matches the movements, with opening and closing lines', async () => {
    const res = await statement(alice.accessToken, walletId, thisMonth);
    const s = res.data.wallet.statement;
    const csv = await t.op('statements.graphql', 'WalletStatementCsv', { walletId, month: thisMonth }, alice.accessToken);
    expect(csv.errors).toBeUndefined();
    const rows = parseCsv(csv.data.wallet.statement.csv);
    expect(rows[0]).toEqual(['posted_at', 'journal_entry_id', 'description', 'amount', 'currency', 'balance_after']);
    expect(rows[1]).toEqual([s.start, '', 'Opening balance', '', 'USD', '0.00']);
    expect(rows.slice(2, -1)).toEqual(
      s.movements.edges.map(({ node }: { node: Line }) => [node.postedAt, node.journalEntryId, node.description, node.amount.amount, 'USD', node.balanceAfter.amount]),
    );
    expect(rows.at(-1)).toEqual([expect.any(String), '', 'Closing balance', '', 'USD', '87.66']);
    expect(rows).toHaveLength(5);
  });

  it('then last month is empty with opening = closing = 0', async () => {
    const res = await statement(alice.accessToken, walletId, lastMonth);
    expect(res.errors).toBeUndefined();
    expect(res.data.wallet.statement).toMatchObject({
      month: lastMonth,
      start: addMonths(now, -1).toISOString(),
      end: addMonths(now, 0).toISOString(),
      openingBalance: { amount: '0.00' },
      closingBalance: { amount: '0.00' },
      totalCredits: { amount: '0.00' },
      totalDebits: { amount: '0.00' },
      movements: { edges: [] },
    });
  });

  it.each(['2026-13', 'abc', '2026-00', 'future'])('then month %p is INVALID_MONTH', async (month) => {
    const asked = month === 'future' ? monthOf(addMonths(now, 1)) : month;
    const res = await statement(alice.accessToken, walletId, asked);
    expect(res.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual(['INVALID_MONTH']);
    expect(res.data.wallet).toMatchObject({ id: walletId, statement: null });
  });

  it('then nobody else can read the statement', async () => {
    const res = await statement(bob.accessToken, walletId, thisMonth);
    expect(res.errors).toBeUndefined();
    expect(res.data.wallet).toBeNull();
    const anonymous = await statement('', walletId, thisMonth);
    expect(anonymous.data?.wallet ?? null).toBeNull();
    expect(anonymous.errors?.length).toBeGreaterThan(0);
  });

  it('then an admin can read it, as other wallet fields', async () => {
    const ADMIN = email('admin');
    await t.gql(`mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`, { input: { email: ADMIN, password: PASSWORD, displayName: 'Admin' } });
    expect(await runAdmin(['grant-role', ADMIN, 'ADMIN'], parseConfig(usersConfigSchema, t.env), { out: () => {}, err: () => {} })).toBe(0);
    const admin = (await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { email: ADMIN, password: PASSWORD } })).data.login.accessToken;
    const res = await statement(admin, walletId, thisMonth);
    expect(res.errors).toBeUndefined();
    expect(res.data.wallet.statement.closingBalance.amount).toBe('87.66');
  });

  describe('and the funding is moved into last month by SQL', () => {
    beforeAll(async () => {
      const midLast = new Date(addMonths(now, -1).getTime() + 10 * 86_400_000 + 3_600_000);
      await walletsDb(async (db) => {
        // The ledger is append-only (a trigger); only a test rewrites history, with triggers off for its transaction.
        await db.query('begin');
        await db.query(`set local session_replication_role = replica`);
        const moved = await db.query(
          `with e as (select p.journal_entry_id from posting p join journal_entry j on j.id = p.journal_entry_id
                       where p.account_id = $1 and j.kind = 'ADD_FUNDS')
           update posting set created_at = $2 where journal_entry_id in (select journal_entry_id from e)`,
          [walletId, midLast],
        );
        expect(moved.rowCount).toBeGreaterThanOrEqual(2);
        await db.query(
          `update journal_entry set created_at = $2 where id in (select journal_entry_id from posting where account_id = $1 and created_at = $2)`,
          [walletId, midLast],
        );
        await db.query('commit');
      });
    });

    it('then last month opens at 0 and closes at 100.00, and this month opens at 100.00 and closes at the balance', async () => {
      const last = (await statement(alice.accessToken, walletId, lastMonth)).data.wallet.statement;
      expect(last).toMatchObject({ openingBalance: { amount: '0.00' }, totalCredits: { amount: '100.00' }, totalDebits: { amount: '0.00' }, closingBalance: { amount: '100.00' } });
      expect(last.movements.edges.map((e: { node: Line }) => [e.node.kind, e.node.amount.amount, e.node.balanceAfter.amount])).toEqual([['ADD_FUNDS', '100.00', '100.00']]);
      const atEnd = await t.gql(`query($id: ID!, $at: DateTime!) { wallet(id: $id) { balanceAt(at: $at) { amount } } }`, { id: walletId, at: last.end }, alice.accessToken);
      expect(atEnd.data.wallet.balanceAt.amount).toBe('100.00');

      const current = (await statement(alice.accessToken, walletId, thisMonth)).data.wallet.statement;
      expect(current).toMatchObject({ openingBalance: { amount: '100.00' }, totalCredits: { amount: '0.00' }, totalDebits: { amount: '12.34' }, closingBalance: { amount: '87.66' } });
      expect(current.movements.edges.map((e: { node: Line }) => [e.node.kind, e.node.balanceAfter.amount])).toEqual([['P2P', '87.66']]);

      const csv = parseCsv((await t.op('statements.graphql', 'WalletStatementCsv', { walletId, month: thisMonth }, alice.accessToken)).data.wallet.statement.csv);
      expect(csv.map((r) => r[5])).toEqual(['balance_after', '100.00', '87.66', '87.66']);
    });

    it('then reconcile rebuilds both months from the statement SQL, and a balance row off the ledger is a statement finding', async () => {
      const opts = { serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 };
      const clean = await runReconciliation(opts);
      expect(clean.findings.filter((f) => f.check.startsWith('statement'))).toEqual([]);
      expect(Number(clean.summary.statements)).toBeGreaterThanOrEqual(3);

      const bobs = ((await walletOf(t, bob.accessToken, 'USD')) as unknown as { id: string }).id;
      const bump = (delta: number) => walletsDb((db) => db.query(`update account_balance set balance = balance + $2 where account_id = $1`, [bobs, delta]));
      await bump(1);
      try {
        const broken = await runReconciliation(opts);
        expect(broken.findings.filter((f) => f.check === 'statement-closing-equals-ledger')).toEqual([
          { check: 'statement-closing-equals-ledger', detail: `wallet ${bobs} ${thisMonth}: closes at 1234, the wallet's balance is 1235` },
        ]);
      } finally {
        await bump(-1);
      }
    });
  });
});

describe('when a merchant sells through a checkout', () => {
  it('then the business owner’s wallet statement shows the sale and the buyer’s the purchase, each closing at the balance', async () => {
    const owner = await registerUser(t, 'Mia Merchant');
    const opened = await t.op('partners.graphql', 'OpenBusinessAccount', { input: { businessName: 'Mia Merchant Ltd' } }, owner.accessToken);
    const accountId = opened.data?.openBusinessAccount?.account?.id as string;
    expect(accountId).toBeTruthy();
    const buyer = await registerUser(t, 'Ben Buyer');
    await fund(t, buyer.accessToken, '50.00', 'USD');
    const created = await t.op('checkout.graphql', 'CreateCheckout', {
      input: { accountId, amount: { amount: '10.00', currency: 'USD' }, reference: 'order-1', returnUrl: 'https://shop.example/return', idempotencyKey: randomUUID() },
    }, owner.accessToken);
    expect(created.data.createCheckout.userErrors).toEqual([]);
    const approved = await t.op('checkout.graphql', 'ApproveCheckout', { input: { checkoutId: created.data.createCheckout.checkout.id } }, buyer.accessToken);
    expect(approved.data.approveCheckout.userErrors).toEqual([]);
    expect(approved.data.approveCheckout.checkout.status).toBe('CAPTURED');

    const month = monthOf(new Date());
    for (const [who, description] of [[owner, 'Checkout sale'], [buyer, 'Checkout purchase']] as const) {
      const w = (await walletOf(t, who.accessToken, 'USD')) as unknown as { id: string; balance: { amount: string } };
      const s = (await statement(who.accessToken, w.id, month)).data.wallet.statement;
      const lines: Line[] = s.movements.edges.map((e: { node: Line }) => e.node);
      expect(lines.at(-1)).toMatchObject({ kind: 'CHECKOUT', description });
      expect(s.closingBalance.amount).toBe(w.balance.amount);
      expect(lines.at(-1)!.balanceAfter.amount).toBe(w.balance.amount);
    }
  });
});
