import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { databaseUrl } from '@paygraph/platform/db';
import {
  eventsOf,
  footprint,
  key,
  PAYMENT,
  paymentsOf,
  registerUser,
  SEND_MONEY,
  startWorld,
  verifyKyc,
  type TestUser,
  type World,
} from './support.js';

/** sendMoney: validation, recipients, idempotency keys, limits; payment(id) and User.payments. */
let w: World;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  w = await startWorld();
  [alice, bob] = await Promise.all([registerUser(w, 'Alice'), registerUser(w, 'Bob')]);
});

afterAll(async () => {
  await w?.stop();
});

const send = (as: string, input: Record<string, unknown>) => w.call(SEND_MONEY, { input }, { userId: as });
const usd = (amount: string) => ({ amount, currency: 'USD' });

describe('when sendMoney is valid', () => {
  it('then the P2P payment settles in the request: COMPLETED, with one PaymentSettled and no saga', async () => {
    const sender = await registerUser(w, 'Sender');
    const res = await send(sender.id, { recipientEmail: bob.email.toUpperCase(), amount: usd('12.34'), note: ' lunch ', idempotencyKey: key() });
    expect(res.errors).toBeUndefined();
    const { payment, userErrors } = res.data.sendMoney;
    expect(userErrors).toEqual([]);
    expect(payment).toMatchObject({
      kind: 'P2P',
      status: 'COMPLETED',
      failureReason: null,
      amount: { amount: '12.34', currency: 'USD' },
      sender: { id: sender.id },
      recipient: { id: bob.id },
      note: 'lunch',
    });
    expect(payment.id).toMatch(/^pay_[0-9a-f]{32}$/);

    const [row] = await paymentsOf(w, sender.id);
    expect(row).toMatchObject({ id: payment.id, amount: '1234', currency: 'USD', usd_equivalent: '1234', status: 'COMPLETED' });
    expect(row!.transaction_id).toMatch(/^txn_[0-9a-f]{32}$/);
    const txn = row!.transaction_id as string;
    // Asked once each, in order, with the payment's own transaction id.
    expect(w.settlement.calls.filter((c) => c.transactionId === txn)).toEqual([
      { command: 'decide', transactionId: txn },
      { command: 'transfer', transactionId: txn },
    ]);
    expect(await eventsOf(w, 'PaymentInitiated', payment.id)).toEqual([]);
    const [settled, ...more] = await eventsOf(w, 'PaymentSettled', payment.id);
    expect(more).toEqual([]);
    const transfer = w.settlement.transfers.get(txn)!;
    expect(settled).toMatchObject({
      source: 'payments',
      aggregateId: payment.id,
      data: {
        paymentId: payment.id,
        transactionId: txn,
        kind: 'P2P',
        status: 'COMPLETED',
        failureReason: null,
        senderId: sender.id,
        recipientId: bob.id,
        amount: { minor: '1234', currency: 'USD' },
        note: 'lunch',
        risk: { assessmentId: w.settlement.decisions.get(txn)!.assessmentId, decision: 'APPROVE' },
        journalEntryId: transfer.journalEntryId,
        wallets: [
          { walletId: transfer.senderWalletId, ownerId: sender.id },
          { walletId: transfer.recipientWalletId, ownerId: bob.id },
        ],
      },
    });
  });

  it('when the recipient is given by id, then the payment goes to that user', async () => {
    const res = await send(alice.id, { recipientId: bob.id, amount: { amount: '1500', currency: 'JPY' }, idempotencyKey: key() });
    expect(res.data.sendMoney.userErrors).toEqual([]);
    expect(res.data.sendMoney.payment).toMatchObject({ recipient: { id: bob.id }, amount: { amount: '1500', currency: 'JPY' } });
    // JPY is valued in USD through wallets' _usdEquivalent (the test double: 0.0067, rounded up) for the limits.
    const [row] = await w.sql(`select usd_equivalent from payment where id = $1`, [res.data.sendMoney.payment.id]);
    expect(row!.usd_equivalent).toBe('1005');
  });
});

describe('when sendMoney is refused with userErrors, then nothing is written', () => {
  const cases: [string, Record<string, unknown>, string, string[]][] = [
    ['a negative amount', { amount: usd('-1') }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['zero', { amount: usd('0') }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['exponent notation', { amount: usd('1e3') }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['too many decimals for USD', { amount: usd('0.001') }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['decimals in JPY', { amount: { amount: '1.5', currency: 'JPY' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['a leading space', { amount: usd(' 10') }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['30 digits', { amount: usd('9'.repeat(30)) }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['an unknown currency', { amount: { amount: '10', currency: 'XYZ' } }, 'UNSUPPORTED_CURRENCY', ['input', 'amount', 'currency']],
    ['a lower-case currency', { amount: { amount: '10', currency: 'usd' } }, 'UNSUPPORTED_CURRENCY', ['input', 'amount', 'currency']],
    ['no recipient', { recipientEmail: null }, 'INVALID_RECIPIENT', ['input']],
    ['both recipient fields', { recipientId: 'BOB' }, 'INVALID_RECIPIENT', ['input']],
    ['a malformed email', { recipientEmail: 'not an email' }, 'INVALID_RECIPIENT', ['input', 'recipientEmail']],
    ['an unknown email', { recipientEmail: 'nobody.at.all@example.com' }, 'RECIPIENT_NOT_FOUND', ['input', 'recipientEmail']],
    ['an unknown id', { recipientEmail: null, recipientId: 'usr_00000000000000000000000000000000' }, 'RECIPIENT_NOT_FOUND', ['input', 'recipientId']],
    ['a malformed id', { recipientEmail: null, recipientId: "1' or '1'='1" }, 'RECIPIENT_NOT_FOUND', ['input', 'recipientId']],
    ['themself by id', { recipientEmail: null, recipientId: 'SELF' }, 'CANNOT_PAY_SELF', ['input', 'recipientId']],
    ['themself by email', { recipientEmail: 'SELF' }, 'CANNOT_PAY_SELF', ['input', 'recipientEmail']],
    ['a 281-character note', { note: 'x'.repeat(281) }, 'INVALID_NOTE', ['input', 'note']],
    ['a note with control characters', { note: 'hi\u0000there' }, 'INVALID_NOTE', ['input', 'note']],
    ['an empty idempotency key', { idempotencyKey: '' }, 'INVALID_IDEMPOTENCY_KEY', ['input', 'idempotencyKey']],
    ['a 256-character idempotency key', { idempotencyKey: 'k'.repeat(256) }, 'INVALID_IDEMPOTENCY_KEY', ['input', 'idempotencyKey']],
    ['a non-ASCII idempotency key', { idempotencyKey: 'clé-1' }, 'INVALID_IDEMPOTENCY_KEY', ['input', 'idempotencyKey']],
  ];

  const table = cases.map(([what, change, code, field]) => ({ what, change, code, field }));
  it.each(table)('when the input has $what, then $code', async ({ change, code, field }) => {
    const sender = await registerUser(w, 'Careless');
    const input: Record<string, unknown> = { recipientEmail: bob.email, amount: usd('10.00'), idempotencyKey: key(), ...change };
    if (input.recipientId === 'BOB') input.recipientId = bob.id;
    if (input.recipientId === 'SELF') input.recipientId = sender.id;
    if (input.recipientEmail === 'SELF') input.recipientEmail = sender.email;
    const res = await send(sender.id, input);
    expect(res.errors).toBeUndefined();
    expect(res.data.sendMoney.payment).toBeNull();
    expect(res.data.sendMoney.userErrors).toContainEqual({ code, field, message: expect.any(String) });
    expect(await footprint(w, sender.id)).toEqual({ payments: 0, events: 0, keys: 0 });
  });

  it('when several fields are wrong at once, then each is reported', async () => {
    const res = await send(alice.id, { amount: usd('1e3'), note: 'x'.repeat(300), idempotencyKey: '' });
    expect(res.data.sendMoney.userErrors.map((e: { code: string }) => e.code).sort()).toEqual(
      ['INVALID_AMOUNT', 'INVALID_IDEMPOTENCY_KEY', 'INVALID_NOTE', 'INVALID_RECIPIENT'].sort(),
    );
  });

  it('when the caller is anonymous, then UNAUTHENTICATED', async () => {
    const res = await w.call(SEND_MONEY, { input: { recipientEmail: bob.email, amount: usd('1'), idempotencyKey: key() } }, { userId: null });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('when an idempotency key is reused', () => {
  it('when the same request comes again, then the same payment and no second event', async () => {
    const sender = await registerUser(w, 'Retrier');
    const input = { recipientEmail: bob.email, amount: usd('5.00'), note: 'rent', idempotencyKey: key() };
    const first = await send(sender.id, input);
    // Normalization: the same email in other case and the same amount written differently are the same request.
    const again = await send(sender.id, { ...input, recipientEmail: ` ${bob.email.toUpperCase()}`, amount: usd('5'), awaitCompletion: false });
    expect(again.data.sendMoney).toEqual(first.data.sendMoney);
    expect(await footprint(w, sender.id)).toEqual({ payments: 1, events: 1, keys: 1 });
  });

  it('when 20 identical requests race with one key, then one payment settled once (one PaymentSettled), all answered with it', async () => {
    const sender = await registerUser(w, 'Racer');
    const input = { recipientId: bob.id, amount: usd('1.00'), idempotencyKey: key() };
    const results = await Promise.all(Array.from({ length: 20 }, () => send(sender.id, input)));
    for (const res of results) {
      expect(res.errors).toBeUndefined();
      expect(res.data.sendMoney.userErrors).toEqual([]);
    }
    const ids = new Set(results.map((r) => r.data.sendMoney.payment.id));
    expect(ids.size).toBe(1);
    const rows = await paymentsOf(w, sender.id);
    expect(rows.map((r) => r.id)).toEqual([...ids]);
    expect(rows[0]!.status).toBe('COMPLETED');
    // Duplicates that find the payment still PENDING may repeat the (idempotent) calls; only one writes the outcome.
    expect(await eventsOf(w, 'PaymentSettled', rows[0]!.id)).toHaveLength(1);
  });

  it('when the same key comes with another amount, recipient or note, or on another mutation, then IDEMPOTENCY_KEY_REUSED', async () => {
    const sender = await registerUser(w, 'Reuser');
    const input = { recipientId: bob.id, amount: usd('3.00'), idempotencyKey: key() };
    const first = await send(sender.id, input);
    expect(first.data.sendMoney.userErrors).toEqual([]);
    for (const other of [{ amount: usd('3.01') }, { recipientId: alice.id }, { note: 'changed' }, { amount: { amount: '3.00', currency: 'EUR' } }]) {
      const res = await send(sender.id, { ...input, ...other });
      expect(res.data.sendMoney).toEqual({
        payment: null,
        userErrors: [{ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'], message: expect.any(String) }],
      });
    }
    const quote = w.wallets.quote(sender.id);
    const convert = await w.call(
      `mutation ($input: ConvertCurrencyInput!) { convertCurrency(input: $input) { payment { id } userErrors { code } } }`,
      { input: { quoteId: quote.id, idempotencyKey: input.idempotencyKey } },
      { userId: sender.id },
    );
    expect(convert.data.convertCurrency.userErrors).toEqual([{ code: 'IDEMPOTENCY_KEY_REUSED' }]);
    expect(await footprint(w, sender.id)).toEqual({ payments: 1, events: 1, keys: 1 });
  });

  it('when a repeat comes after its checks would refuse it (the recipient changed email), then it still gets its first payment', async () => {
    const [sender, recipient] = await Promise.all([registerUser(w, 'Early'), registerUser(w, 'Mover')]);
    const input = { recipientEmail: recipient.email, amount: usd('6.00'), idempotencyKey: key() };
    const first = await send(sender.id, input);
    expect(first.data.sendMoney.userErrors).toEqual([]);
    const users = new pg.Client({ connectionString: databaseUrl(w.env.DATABASE_URL!, `${w.env.DATABASE_PREFIX}users`) });
    await users.connect();
    try {
      await users.query(`update users set email = 'moved.' || email, email_normalized = 'moved.' || email_normalized where id = $1`, [recipient.id]);
    } finally {
      await users.end();
    }
    // A new request under a new key is refused now: the old address is nobody's.
    const fresh = await send(sender.id, { ...input, idempotencyKey: key() });
    expect(fresh.data.sendMoney.userErrors[0].code).toBe('RECIPIENT_NOT_FOUND');
    const again = await send(sender.id, input);
    expect(again.data.sendMoney).toEqual(first.data.sendMoney);
    expect(await footprint(w, sender.id)).toEqual({ payments: 1, events: 1, keys: 1 });
  });

  it('when another user uses the same key, then it is theirs: a separate payment', async () => {
    const [one, two] = await Promise.all([registerUser(w, 'One'), registerUser(w, 'Two')]);
    const shared = key();
    const a = await send(one.id, { recipientId: bob.id, amount: usd('2.00'), idempotencyKey: shared });
    const b = await send(two.id, { recipientId: bob.id, amount: usd('2.00'), idempotencyKey: shared });
    expect(a.data.sendMoney.payment.id).not.toBe(b.data.sendMoney.payment.id);
  });

  it('when a refused request is corrected and retried under the same key, then it goes through (refusals are not stored)', async () => {
    const sender = await registerUser(w, 'Corrector');
    const k = key();
    const bad = await send(sender.id, { recipientEmail: 'typo.nobody@example.com', amount: usd('4.00'), idempotencyKey: k });
    expect(bad.data.sendMoney.userErrors[0].code).toBe('RECIPIENT_NOT_FOUND');
    const good = await send(sender.id, { recipientEmail: bob.email, amount: usd('4.00'), idempotencyKey: k });
    expect(good.data.sendMoney.userErrors).toEqual([]);
    expect(good.data.sendMoney.payment.recipient.id).toBe(bob.id);
  });

  it('when a key has expired, then it may be used afresh, and the cleanup deletes expired keys', async () => {
    const sender = await registerUser(w, 'Expirer');
    const k = key();
    const first = await send(sender.id, { recipientId: bob.id, amount: usd('1.00'), idempotencyKey: k });
    await w.sql(`update idempotency_key set expires_at = now() - interval '1 second' where user_id = $1`, [sender.id]);
    const second = await send(sender.id, { recipientId: bob.id, amount: usd('2.00'), idempotencyKey: k });
    expect(second.data.sendMoney.userErrors).toEqual([]);
    expect(second.data.sendMoney.payment.id).not.toBe(first.data.sendMoney.payment.id);
    const [row] = await w.sql(
      `select payment_id, extract(epoch from expires_at - created_at)::int as ttl from idempotency_key where user_id = $1 and key = $2`,
      [sender.id, k],
    );
    expect(row!.payment_id).toBe(second.data.sendMoney.payment.id);
    expect(row!.ttl).toBe(24 * 3600);

    const { IdempotencyCleanupWorker } = await import('../src/workers/idempotency-cleanup.worker.js');
    const { createLogger } = await import('@paygraph/platform/logger');
    await w.sql(`update idempotency_key set expires_at = now() - interval '1 second' where user_id = $1`, [sender.id]);
    const deleted = await new IdempotencyCleanupWorker(await w.orm(), 60_000, createLogger('test', 'silent')).runOnce();
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await w.sql(`select 1 from idempotency_key where user_id = $1`, [sender.id])).toEqual([]);
  });
});

describe('when limits apply', () => {
  it('when an unverified user goes over 500.00 USD in 30 days, then LIMIT_EXCEEDED and nothing is written', async () => {
    const sender = await registerUser(w, 'Unverified');
    const ok = await send(sender.id, { recipientId: bob.id, amount: usd('400.00'), idempotencyKey: key() });
    expect(ok.data.sendMoney.userErrors).toEqual([]);
    // 100.00 USD left; 90 EUR is 99.00 USD (fits), 100 EUR is 110.00 USD (does not).
    const over = await send(sender.id, { recipientId: bob.id, amount: { amount: '100', currency: 'EUR' }, idempotencyKey: key() });
    expect(over.data.sendMoney.userErrors).toEqual([{ code: 'LIMIT_EXCEEDED', field: ['input', 'amount'], message: expect.stringContaining('monthly') }]);
    const fits = await send(sender.id, { recipientId: bob.id, amount: { amount: '90', currency: 'EUR' }, idempotencyKey: key() });
    expect(fits.data.sendMoney.userErrors).toEqual([]);
    expect((await footprint(w, sender.id)).payments).toBe(2);
  });

  it('when earlier payments FAILED, then they do not count', async () => {
    const sender = await registerUser(w, 'Failed');
    const first = await send(sender.id, { recipientId: bob.id, amount: usd('500.00'), idempotencyKey: key() });
    await w.sql(`update payment set status = 'FAILED' where id = $1`, [first.data.sendMoney.payment.id]);
    const again = await send(sender.id, { recipientId: bob.id, amount: usd('500.00'), idempotencyKey: key() });
    expect(again.data.sendMoney.userErrors).toEqual([]);
  });

  it('when a verified user sends more than 5,000.00 at once or 20,000.00 in a day, then LIMIT_EXCEEDED', async () => {
    const sender = await registerUser(w, 'Verified');
    await verifyKyc(w, sender.id);
    const big = await send(sender.id, { recipientId: bob.id, amount: usd('5000.01'), idempotencyKey: key() });
    expect(big.data.sendMoney.userErrors).toEqual([{ code: 'LIMIT_EXCEEDED', field: ['input', 'amount'], message: expect.stringContaining('per-payment') }]);
    for (let i = 0; i < 4; i++) {
      const res = await send(sender.id, { recipientId: bob.id, amount: usd('5000.00'), idempotencyKey: key() });
      expect(res.data.sendMoney.userErrors).toEqual([]);
    }
    const fifth = await send(sender.id, { recipientId: bob.id, amount: usd('0.01'), idempotencyKey: key() });
    expect(fifth.data.sendMoney.userErrors).toEqual([{ code: 'LIMIT_EXCEEDED', field: ['input', 'amount'], message: expect.stringContaining('daily') }]);
  });

  it('when concurrent payments with different keys would together pass the limit, then only those that fit are accepted', async () => {
    const sender = await registerUser(w, 'Burst');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => send(sender.id, { recipientId: bob.id, amount: usd('100.00'), idempotencyKey: key() })),
    );
    const accepted = results.filter((r) => r.data.sendMoney.userErrors.length === 0);
    expect(accepted).toHaveLength(5);
    for (const r of results.filter((x) => x.data.sendMoney.userErrors.length > 0)) {
      expect(r.data.sendMoney.userErrors[0].code).toBe('LIMIT_EXCEEDED');
    }
    expect(await footprint(w, sender.id)).toEqual({ payments: 5, events: 5, keys: 5 });
  });
});

describe('when payments are read', () => {
  it('then sender, recipient and admins see a payment; anyone else gets null, like an unknown id', async () => {
    const res = await send(alice.id, { recipientId: bob.id, amount: usd('1.23'), idempotencyKey: key() });
    const id = res.data.sendMoney.payment.id;
    const stranger = await registerUser(w, 'Stranger');
    for (const [userId, roles, visible] of [
      [alice.id, ['USER'], true],
      [bob.id, ['USER'], true],
      [stranger.id, ['USER', 'ADMIN'], true],
      [stranger.id, ['USER'], false],
    ] as const) {
      const read = await w.call(PAYMENT, { id }, { userId, roles: [...roles] });
      expect(read.errors).toBeUndefined();
      expect(read.data.payment?.id ?? null).toBe(visible ? id : null);
    }
    for (const bad of ['pay_00000000000000000000000000000000', 'nope']) {
      expect((await w.call(PAYMENT, { id: bad }, { userId: alice.id })).data.payment).toBeNull();
    }
    const entities = await w.call(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Payment { id amount { amount } } } }`,
      { reps: [{ __typename: 'Payment', id }, { __typename: 'Payment', id: 'pay_00000000000000000000000000000000' }] },
      { userId: bob.id },
    );
    expect(entities.data._entities).toEqual([{ id, amount: { amount: '1.23' } }, null]);
  });

  it('then User.payments pages through sent and received payments, newest first, for the user and admins only', async () => {
    const [me, friend] = await Promise.all([registerUser(w, 'Pager'), registerUser(w, 'Friend')]);
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const [from, to] = i % 2 ? [me, friend] : [friend, me];
      const res = await send(from.id, { recipientId: to.id, amount: usd(`${i}.00`), idempotencyKey: key() });
      ids.push(res.data.sendMoney.payment.id);
    }
    const PAGE = `query ($reps: [_Any!]!, $first: Int, $after: String) { _entities(representations: $reps) { ... on User {
      id payments(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`;
    const page = async (after: string | null, userId = me.id, roles = ['USER']) =>
      w.call(PAGE, { reps: [{ __typename: 'User', id: me.id }], first: 2, after }, { userId, roles: roles as never });

    const seen: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < 3; n++) {
      const res = await page(after);
      expect(res.errors).toBeUndefined();
      const conn = res.data._entities[0].payments;
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(conn.pageInfo.hasNextPage).toBe(n < 2);
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual([...ids].reverse());

    const asAdmin = await page(null, friend.id, ['USER', 'ADMIN']);
    expect(asAdmin.data._entities[0].payments.edges).toHaveLength(2);
    const asFriend = await page(null, friend.id);
    expect(asFriend.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badCursor = await w.call(PAGE, { reps: [{ __typename: 'User', id: me.id }], first: 2, after: 'garbage' }, { userId: me.id });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('then payments of several users in one request are loaded in one batch', async () => {
    const [u1, u2] = await Promise.all([registerUser(w, 'Batch1'), registerUser(w, 'Batch2')]);
    await send(u1.id, { recipientId: u2.id, amount: usd('1.00'), idempotencyKey: key() });
    const res = await w.call(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id payments { edges { node { id sender { id } } } } } } }`,
      { reps: [{ __typename: 'User', id: u1.id }, { __typename: 'User', id: u2.id }] },
      { userId: u1.id, roles: ['USER', 'ADMIN'] },
    );
    expect(res.errors).toBeUndefined();
    const [a, b] = res.data._entities;
    expect(a.payments.edges).toHaveLength(1);
    expect(b.payments.edges[0].node.id).toBe(a.payments.edges[0].node.id);
  });
});
