import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { databaseUrl } from '@paygraph/platform/db';
import type { TestStack } from './stack.js';

/** Links a sandbox card for the user and returns its funding instrument id. */
export async function cardFor(t: TestStack, token: string, number: string): Promise<string> {
  const res = await t.op('identity.graphql', 'LinkCard', { input: { number, expMonth: 12, expYear: new Date().getFullYear() + 3, cvc: '123' } }, token);
  const id = res.data?.linkCard?.fundingInstrument?.id;
  if (!id) throw new Error(`linkCard failed: ${JSON.stringify(res)}`);
  return id;
}

/** Adds funds from a fresh approving test card and waits for COMPLETED. */
export async function fund(t: TestStack, token: string, amount: string, currency: string): Promise<void> {
  const card = await cardFor(t, token, '4242424242424242');
  const res = await t.op('money.graphql', 'AddFunds', {
    input: { fundingInstrumentId: card, amount: { amount, currency }, idempotencyKey: randomUUID(), awaitCompletion: true },
  }, token);
  if (res.data?.addFunds?.payment?.status !== 'COMPLETED') throw new Error(`addFunds did not complete: ${JSON.stringify(res)}`);
}

export async function walletOf(t: TestStack, token: string, currency: string) {
  const res = await t.gql(
    `{ me { wallets { id currency balance { amount currency } available { amount currency } held { amount currency } } } }`,
    {},
    token,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const wallets = (res.data as { me: { wallets: { currency: string }[] } }).me.wallets;
  return wallets.find((w) => w.currency === currency) ?? { balance: { amount: currency === 'JPY' ? '0' : '0.00', currency } };
}

/**
 * The ledger's invariants, read straight from the wallets database (only a test or the reconciliation tool does
 * this): every journal sums to zero per currency, and so does every currency over all accounts.
 */
export async function assertLedgerBalanced(t: TestStack): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}wallets`) });
  await db.connect();
  try {
    const journals = await db.query(
      'SELECT journal_entry_id, currency, sum(amount)::text AS total FROM posting GROUP BY 1, 2 HAVING sum(amount) <> 0',
    );
    const currencies = await db.query('SELECT currency, sum(amount)::text AS total FROM posting GROUP BY 1 HAVING sum(amount) <> 0');
    if (journals.rowCount || currencies.rowCount) {
      throw new Error(`ledger unbalanced: ${JSON.stringify({ journals: journals.rows, currencies: currencies.rows })}`);
    }
  } finally {
    await db.end();
  }
}

/** Follows a payment until it reaches one of `until` (by default COMPLETED, FAILED or ON_HOLD; 30 s at most). */
export async function settle(
  t: TestStack,
  paymentId: string,
  token: string,
  until: readonly string[] = ['COMPLETED', 'FAILED', 'ON_HOLD'],
): Promise<{ status: string; failureReason: string | null }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await t.gql(`query($id: ID!) { payment(id: $id) { status failureReason } }`, { id: paymentId }, token);
    const payment = (res.data as { payment: { status: string; failureReason: string | null } | null } | null)?.payment;
    if (payment && until.includes(payment.status)) return payment;
    if (Date.now() > deadline) throw new Error(`payment ${paymentId} did not settle: ${JSON.stringify(res)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Makes a quote expired, as time would (only a test writes to a service's database). */
export async function expireQuote(t: TestStack, quoteId: string): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}wallets`) });
  await db.connect();
  try {
    const res = await db.query(`UPDATE fx_quote SET expires_at = now() - interval '1 second' WHERE id = $1`, [quoteId]);
    if (res.rowCount !== 1) throw new Error(`no quote ${quoteId}`);
  } finally {
    await db.end();
  }
}
