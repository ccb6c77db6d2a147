import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import { bootStack, registerUser, type TestStack } from '../support/stack.js';
import { assertLedgerBalanced, cardFor, expireQuote, fund, settle, walletOf } from '../support/money.js';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';

/**
 * Money movement through the public graph, as clients run it (schema/operations/money.graphql), on the real stack:
 * PostgreSQL, Redis, SQS wire protocol, every subgraph and the saga between them.
 */
let t: TestStack;
beforeAll(async () => {
  // The saga is under test here, not fraud's velocity thresholds (50 payments in a second from one sender would be
  // reviewed by default: subgraphs/fraud tests that).
  t = await bootStack({ FRAUD_VELOCITY_MAX_PER_MINUTE: '1000', FRAUD_VELOCITY_MAX_PER_HOUR: '10000', FRAUD_FANOUT_MAX_NEW_RECIPIENTS_PER_DAY: '1000' });
});
afterEach(async () => {
  await assertLedgerBalanced(t);
});
afterAll(async () => {
  if (t) {
    // Everything these tests did must reconcile: journals, balances, PSP inflow, one transaction and one journal
    // entry per completed payment, no payment left in flight.
    const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    await t.stop();
    if (!report.ok) throw new Error(formatReport(report));
  }
});

const key = () => randomUUID();

describe('when a new user adds funds from a card and pays someone', () => {
  it('then the money arrives, both wallets show it, and history, risk and steps tell the story', async () => {
    const alice = await registerUser(t, 'Alice Payer');
    const bob = await registerUser(t, 'Bob Payee');
    const card = await cardFor(t, alice.accessToken, '4242424242424242');

    const added = await t.op('money.graphql', 'AddFunds', {
      input: { fundingInstrumentId: card, amount: { amount: '100.00', currency: 'USD' }, idempotencyKey: key(), awaitCompletion: true },
    }, alice.accessToken);
    expect(added.errors).toBeUndefined();
    expect(added.data.addFunds.userErrors).toEqual([]);
    expect(added.data.addFunds.payment).toMatchObject({ status: 'COMPLETED', amount: { amount: '100.00', currency: 'USD' } });

    const sent = await t.op('money.graphql', 'SendMoney', {
      input: { recipientEmail: bob.email, amount: { amount: '12.34', currency: 'USD' }, note: 'lunch', idempotencyKey: key(), awaitCompletion: true },
    }, alice.accessToken);
    expect(sent.data.sendMoney.userErrors).toEqual([]);
    expect(sent.data.sendMoney.payment).toMatchObject({
      status: 'COMPLETED',
      amount: { amount: '12.34', currency: 'USD' },
      sender: { id: alice.id, displayName: 'Alice Payer' },
      recipient: { id: bob.id, displayName: 'Bob Payee' },
    });

    expect(await walletOf(t, alice.accessToken, 'USD')).toMatchObject({ balance: { amount: '87.66' }, available: { amount: '87.66' }, held: { amount: '0.00' } });
    expect(await walletOf(t, bob.accessToken, 'USD')).toMatchObject({ balance: { amount: '12.34' }, available: { amount: '12.34' } });

    const me = await t.op('identity.graphql', 'Me', {}, bob.accessToken);
    expect(me.errors).toBeUndefined();
    expect(me.data.me.wallets).toEqual([
      expect.objectContaining({ currency: 'USD', balance: { amount: '12.34', currency: 'USD' } }),
    ]);

    const payment = await t.op('money.graphql', 'Payment', { id: sent.data.sendMoney.payment.id }, bob.accessToken);
    expect(payment.errors).toBeUndefined();
    expect(payment.data.payment).toMatchObject({ kind: 'P2P', status: 'COMPLETED', failureReason: null, risk: { decision: 'APPROVE' } });
    expect(payment.data.payment.transaction.status).toBe('COMPLETED');
    expect(payment.data.payment.transaction.steps.length).toBeGreaterThan(1);

    const activity = await t.op('money.graphql', 'Activity', { first: 10 }, alice.accessToken);
    const nodes = activity.data.me.activity.edges.map((e: { node: unknown }) => e.node);
    expect(nodes[0]).toMatchObject({ kind: 'P2P', direction: 'OUT', counterparty: { id: bob.id }, amount: { amount: '12.34' } });
    expect(nodes[1]).toMatchObject({ kind: 'ADD_FUNDS', direction: 'IN' });
    const bobActivity = await t.op('money.graphql', 'Activity', { first: 10 }, bob.accessToken);
    expect(bobActivity.data.me.activity.edges[0].node).toMatchObject({ direction: 'IN', counterparty: { id: alice.id } });

    const stranger = await registerUser(t, 'Eve Stranger');
    const peek = await t.op('money.graphql', 'Payment', { id: sent.data.sendMoney.payment.id }, stranger.accessToken);
    expect(peek.data?.payment ?? null).toBeNull();
  });

  it('then a declined card ends FAILED with CARD_DECLINED and credits nothing', async () => {
    const user = await registerUser(t, 'Dana Declined');
    const card = await cardFor(t, user.accessToken, '4000000000000002');
    const res = await t.op('money.graphql', 'AddFunds', {
      input: { fundingInstrumentId: card, amount: { amount: '20.00', currency: 'USD' }, idempotencyKey: key(), awaitCompletion: true },
    }, user.accessToken);
    expect(res.data.addFunds.payment.status).toBe('FAILED');
    const payment = await t.op('money.graphql', 'Payment', { id: res.data.addFunds.payment.id }, user.accessToken);
    expect(payment.data.payment.failureReason).toBe('CARD_DECLINED');
    expect(await walletOf(t, user.accessToken, 'USD')).toMatchObject({ balance: { amount: '0.00' } });
  });
});

describe('when one wallet sends 50 payments at once that it can only partly afford', () => {
  it('then exactly the affordable ones complete, the rest fail INSUFFICIENT_FUNDS, and the balance is exact', async () => {
    const payer = await registerUser(t, 'Concurrent Payer');
    const payee = await registerUser(t, 'Concurrent Payee');
    await fund(t, payer.accessToken, '100.00', 'USD');
    // 50 × 7.00 against 100.00: 14 fit (98.00), 36 cannot.
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.op('money.graphql', 'SendMoney', {
          input: { recipientId: payee.id, amount: { amount: '7.00', currency: 'USD' }, idempotencyKey: key(), awaitCompletion: true },
        }, payer.accessToken),
      ),
    );
    // awaitCompletion is bounded (a few seconds); under this burst some answers come back still PROCESSING:
    // follow those to their end.
    const outcomes = await Promise.all(
      results.map(async (r) => {
        const payment = r.data?.sendMoney.payment;
        if (!payment) return r.data?.sendMoney.userErrors[0]?.code ?? JSON.stringify(r.errors);
        const final = await settle(t, payment.id, payer.accessToken);
        return final.status === 'FAILED' ? `FAILED:${final.failureReason}` : final.status;
      }),
    );
    const tally = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
    // Refused up front (userError) or failed by the saga: both are INSUFFICIENT_FUNDS, and nothing else happens.
    expect(tally).toEqual({
      COMPLETED: 14,
      ...(tally['FAILED:INSUFFICIENT_FUNDS'] ? { 'FAILED:INSUFFICIENT_FUNDS': tally['FAILED:INSUFFICIENT_FUNDS'] } : {}),
      ...(tally.INSUFFICIENT_FUNDS ? { INSUFFICIENT_FUNDS: tally.INSUFFICIENT_FUNDS } : {}),
    });
    expect((tally['FAILED:INSUFFICIENT_FUNDS'] ?? 0) + (tally.INSUFFICIENT_FUNDS ?? 0)).toBe(36);
    expect(await walletOf(t, payer.accessToken, 'USD')).toMatchObject({ balance: { amount: '2.00' }, available: { amount: '2.00' }, held: { amount: '0.00' } });
    expect(await walletOf(t, payee.accessToken, 'USD')).toMatchObject({ balance: { amount: '98.00' } });
  });
});

describe('when a client retries one payment 20 times at once with one idempotency key', () => {
  it('then there is one payment and one debit; the same key with another amount is refused', async () => {
    const payer = await registerUser(t, 'Retry Payer');
    const payee = await registerUser(t, 'Retry Payee');
    await fund(t, payer.accessToken, '50.00', 'USD');
    const idem = key();
    const input = { recipientId: payee.id, amount: { amount: '5.00', currency: 'USD' }, idempotencyKey: idem, awaitCompletion: true };
    const results = await Promise.all(Array.from({ length: 20 }, () => t.op('money.graphql', 'SendMoney', { input }, payer.accessToken)));
    const ids = new Set(results.map((r) => r.data?.sendMoney.payment?.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^pay_/);
    const other = await t.op('money.graphql', 'SendMoney', { input: { ...input, amount: { amount: '6.00', currency: 'USD' } } }, payer.accessToken);
    expect(other.data.sendMoney.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.data.sendMoney.payment).toBeNull();
    // Let the saga finish, then: exactly one debit.
    const again = await t.op('money.graphql', 'SendMoney', { input }, payer.accessToken);
    expect(again.data.sendMoney.payment.status).toBe('COMPLETED');
    expect(await walletOf(t, payer.accessToken, 'USD')).toMatchObject({ balance: { amount: '45.00' } });
    expect(await walletOf(t, payee.accessToken, 'USD')).toMatchObject({ balance: { amount: '5.00' } });
  });
});

describe('when a user converts currency', () => {
  it('then a fresh quote converts at its rate and an expired one is QUOTE_EXPIRED', async () => {
    const user = await registerUser(t, 'Fx User');
    await fund(t, user.accessToken, '100.00', 'USD');
    const quote = await t.op('money.graphql', 'FxQuote', { input: { sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '10.00' } }, user.accessToken);
    expect(quote.errors).toBeUndefined();
    const q = quote.data.fxQuote;
    expect(q.sourceAmount).toEqual({ amount: '10.00', currency: 'USD' });
    const converted = await t.op('money.graphql', 'ConvertCurrency', { input: { quoteId: q.id, idempotencyKey: key(), awaitCompletion: true } }, user.accessToken);
    expect(converted.data.convertCurrency.userErrors).toEqual([]);
    expect(converted.data.convertCurrency.payment.status).toBe('COMPLETED');
    expect(await walletOf(t, user.accessToken, 'USD')).toMatchObject({ balance: { amount: '90.00' } });
    expect(await walletOf(t, user.accessToken, 'EUR')).toMatchObject({ balance: q.targetAmount });

    const stale = await t.op('money.graphql', 'FxQuote', { input: { sourceCurrency: 'USD', targetCurrency: 'JPY', sourceAmount: '5.00' } }, user.accessToken);
    await expireQuote(t, stale.data.fxQuote.id);
    const refused = await t.op('money.graphql', 'ConvertCurrency', { input: { quoteId: stale.data.fxQuote.id, idempotencyKey: key(), awaitCompletion: true } }, user.accessToken);
    expect(refused.data.convertCurrency).toMatchObject({ payment: null, userErrors: [{ code: 'QUOTE_EXPIRED' }] });
    expect(await walletOf(t, user.accessToken, 'USD')).toMatchObject({ balance: { amount: '90.00' } });
  });
});

describe('when money input is bad', () => {
  it('then each is a userError or a typed error and nothing moves', async () => {
    const payer = await registerUser(t, 'Bad Input');
    const other = await registerUser(t, 'Other Person');
    await fund(t, payer.accessToken, '10.00', 'USD');
    const otherCard = await cardFor(t, other.accessToken, '4242424242424242');
    const send = (amount: string, currency: string, extra: Record<string, unknown> = { recipientId: other.id }) =>
      t.op('money.graphql', 'SendMoney', { input: { ...extra, amount: { amount, currency }, idempotencyKey: key() } }, payer.accessToken);
    const cases: [Promise<any>, string][] = [
      [send('-1', 'USD'), 'INVALID_AMOUNT'],
      [send('0', 'USD'), 'INVALID_AMOUNT'],
      [send('1e3', 'USD'), 'INVALID_AMOUNT'],
      [send('0.001', 'USD'), 'INVALID_AMOUNT'],
      [send('1.5', 'JPY'), 'INVALID_AMOUNT'],
      [send(' 10', 'USD'), 'INVALID_AMOUNT'],
      [send('123456789012345678901234567890', 'USD'), 'INVALID_AMOUNT'],
      [send('1.00', 'ZZZ'), 'UNSUPPORTED_CURRENCY'],
      [send('1.00', 'USD', { recipientId: payer.id }), 'CANNOT_PAY_SELF'],
      [send('1.00', 'USD', { recipientEmail: 'nobody-here@example.test' }), 'RECIPIENT_NOT_FOUND'],
      [
        t.op('money.graphql', 'AddFunds', { input: { fundingInstrumentId: otherCard, amount: { amount: '5.00', currency: 'USD' }, idempotencyKey: key() } }, payer.accessToken),
        'FUNDING_INSTRUMENT_NOT_FOUND',
      ],
    ];
    for (const [pending, code] of cases) {
      const res = await pending;
      const payload = res.data?.sendMoney ?? res.data?.addFunds;
      expect({ code: payload?.userErrors?.[0]?.code, payment: payload?.payment ?? null }).toEqual({ code, payment: null });
    }
    const activity = await t.op('money.graphql', 'Activity', { first: 50 }, payer.accessToken);
    expect(activity.data.me.activity.edges).toHaveLength(1); // the funding only
    expect(await walletOf(t, payer.accessToken, 'USD')).toMatchObject({ balance: { amount: '10.00' } });
  });
});

describe('when the records disagree', () => {
  it('then reconciliation is red and names what is wrong', async () => {
    const db = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}payments`) });
    await db.connect();
    const ghost = 'pay_0000000000007000800000000000dead';
    try {
      const [row] = (await db.query(`SELECT * FROM payment LIMIT 1`)).rows;
      await db.query(
        `INSERT INTO payment (id, kind, status, sender_id, recipient_id, amount, currency, created_at, updated_at)
         VALUES ($1, 'P2P', 'PROCESSING', $2, $3, 100, 'USD', now() - interval '1 hour', now())`,
        [ghost, row.sender_id, row.recipient_id],
      );
      const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 60 });
      expect(report.ok).toBe(false);
      expect(report.findings.map((f) => f.check).sort()).toEqual(['payment-has-one-transaction', 'payments-settled']);
      expect(formatReport(report)).toContain(ghost);
    } finally {
      await db.query(`DELETE FROM payment WHERE id = $1`, [ghost]);
      await db.end();
    }
  });
});
