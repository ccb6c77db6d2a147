import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { currentContext } from '@paygraph/platform/context';
import { bootStack, operation, registerUser, type TestStack } from '../support/stack.js';
import { fund } from '../support/money.js';

/**
 * The read path's cost does not grow with what it lists (issue 16): a history page of 20 movements, each with its
 * counterparty resolved from the users subgraph, sends as many SQL statements as a page of 2. Statements are counted
 * at the pg driver every service of this process uses, for the one request whose correlation id the test chose (the
 * gateway passes it to every subgraph fetch), so the consumers and workers running beside it do not count.
 */
let t: TestStack;
let payer: Awaited<ReturnType<typeof registerUser>>;
const COUNTERPARTIES = 20;
let counting: string | undefined;
const counted = new Map<string, number>();
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;

beforeAll(async () => {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (counting && currentContext().correlationId === counting) {
      const db = (this as unknown as { database?: string }).database ?? '?';
      counted.set(db, (counted.get(db) ?? 0) + 1);
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;

  // The machine may be busy: the add-funds saga gets time to finish within the request.
  t = await bootStack({
    AWAIT_COMPLETION_TIMEOUT_MS: '30000',
    // Twenty payments in a few seconds are what this fixture is, not a velocity pattern under test.
    FRAUD_VELOCITY_MAX_PER_MINUTE: '1000',
    FRAUD_VELOCITY_MAX_PER_HOUR: '10000',
    FRAUD_FANOUT_MAX_NEW_RECIPIENTS_PER_DAY: '1000',
  });
  payer = await registerUser(t, 'Many Payments');
  await fund(t, payer.accessToken, '100.00', 'USD');
  for (let i = 0; i < COUNTERPARTIES; i++) {
    const payee = await registerUser(t, `Payee ${i}`);
    const sent = await t.op('money.graphql', 'SendMoney', {
      input: { recipientEmail: payee.email, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: randomUUID() },
    }, payer.accessToken);
    expect(sent.data?.sendMoney?.payment?.status).toBe('COMPLETED');
  }
  // The history is a projection fed by events: wait until it holds every movement.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await t.op('money.graphql', 'Activity', { first: 50 }, payer.accessToken);
    if (page.data?.me?.activity?.edges?.length === COUNTERPARTIES + 1) break;
    if (Date.now() > deadline) throw new Error(`history never reached ${COUNTERPARTIES + 1} items: ${JSON.stringify(page)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 180_000);

afterAll(async () => {
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
  await t?.stop();
});

async function statementsFor(first: number): Promise<{ total: number; byDatabase: Record<string, number>; items: number }> {
  counting = `stmt-${randomUUID()}`;
  counted.clear();
  const res = await t.gql(operation('money.graphql', 'Activity'), { first }, payer.accessToken, { 'x-correlation-id': counting });
  counting = undefined;
  expect(res.errors).toBeUndefined();
  const edges = res.data!.me.activity.edges as { node: { counterparty: { displayName: string } | null } }[];
  const prefix = t.env.DATABASE_PREFIX!;
  const byDatabase = Object.fromEntries([...counted].map(([db, n]) => [db.slice(prefix.length), n]));
  return { total: [...counted.values()].reduce((a, b) => a + b, 0), byDatabase, items: edges.filter((e) => e.node.counterparty).length };
}

describe('when a history page lists 20 movements with their counterparties instead of 2', () => {
  it('then it costs the same SQL statements, in the same databases', async () => {
    await statementsFor(2); // warm: prepared plans, pooled connections, caches filled alike for both
    const small = await statementsFor(2);
    const large = await statementsFor(20);
    expect(small.items).toBe(2);
    expect(large.items).toBe(20);
    // The counting sees the request at all: the history and the counterparties are both read.
    expect(Object.keys(large.byDatabase).sort()).toEqual(expect.arrayContaining(['transactions', 'users']));
    expect(large.byDatabase).toEqual(small.byDatabase);
  });
});
