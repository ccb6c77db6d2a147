import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { serviceSql, waitFor } from '../support/checks.js';
import { bootStack, registerUser, type TestStack } from '../support/stack.js';
import { assertLedgerBalanced, cardFor, fund, walletOf } from '../support/money.js';

/**
 * Merchant checkout through the public graph (schema/operations/checkout.graphql) on the real stack: a BUSINESS
 * account's owner creates a checkout, a buyer pays it from their wallet (AUTOMATIC) or authorises it (MANUAL) for the
 * merchant to capture in part or void; the fee goes to FEES in the same journal entry; every step happens once
 * whatever is retried or raced, refusals change nothing, and only the merchant, the buyer and admins see it.
 */
let t: TestStack;
beforeAll(async () => {
  t = await bootStack({ CHECKOUT_FEE_BPS: '290', CHECKOUT_FEE_FIXED_MINOR: 'USD=30', CHECKOUT_SWEEP_INTERVAL_MS: '200' });
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
    expect(Number(report.summary.checkouts)).toBeGreaterThan(0);
  }
});

type User = Awaited<ReturnType<typeof registerUser>>;
const key = () => randomUUID();
const usd = (amount: string) => ({ amount, currency: 'USD' });

const { query: db, count } = serviceSql(() => t.env);

async function merchant(name: string): Promise<User & { accountId: string }> {
  const owner = await registerUser(t, name);
  const opened = await t.op('partners.graphql', 'OpenBusinessAccount', { input: { businessName: `${name} Ltd` } }, owner.accessToken);
  const accountId = opened.data?.openBusinessAccount?.account?.id as string;
  if (!accountId) throw new Error(`openBusinessAccount: ${JSON.stringify(opened)}`);
  return { ...owner, accountId };
}

const create = (m: User & { accountId: string }, input: Record<string, unknown> = {}) =>
  t.op(
    'checkout.graphql',
    'CreateCheckout',
    { input: { accountId: m.accountId, amount: usd('10.00'), reference: 'order-1001', returnUrl: 'https://shop.example/return', idempotencyKey: key(), ...input } },
    m.accessToken,
  );
async function checkoutOf(m: User & { accountId: string }, input: Record<string, unknown> = {}): Promise<string> {
  const res = await create(m, input);
  expect(res.data.createCheckout.userErrors).toEqual([]);
  return res.data.createCheckout.checkout.id;
}
const approve = (who: User, checkoutId: string, extra: Record<string, unknown> = {}) =>
  t.op('checkout.graphql', 'ApproveCheckout', { input: { checkoutId, ...extra } }, who.accessToken);
const capture = (who: User, checkoutId: string, amount?: string) =>
  t.op('checkout.graphql', 'CaptureCheckout', { input: { checkoutId, ...(amount ? { amount: usd(amount) } : {}) } }, who.accessToken);
const voidIt = (who: User, checkoutId: string) => t.op('checkout.graphql', 'VoidCheckout', { input: { checkoutId } }, who.accessToken);
const read = async (who: User, id: string) => (await t.op('checkout.graphql', 'Checkout', { id }, who.accessToken)).data?.checkout;
const wallet = async (who: User) => (await walletOf(t, who.accessToken, 'USD')) as { balance: { amount: string }; held?: { amount: string } };
const fees = async () => BigInt((await db<{ b: string }>('wallets', `select balance::text as b from account_balance where kind = 'FEES' and currency = 'USD'`))[0]?.b ?? '0');
const journals = (checkoutId: string) =>
  db<{ id: string; kind: string }>('wallets', `select j.id, j.kind from journal_entry j join checkout_command c on c.transaction_id = j.transaction_id where c.checkout_id = $1`, [checkoutId]);

describe('when a buyer pays an AUTOMATIC checkout from their wallet', () => {
  it('then buyer −gross, merchant +net and fees +fee move in one entry, once, and only the two parties see it', async () => {
    const m = await merchant('Mona Merchant');
    const buyer = await registerUser(t, 'Bea Buyer');
    const other = await registerUser(t, 'Otto Other');
    await fund(t, buyer.accessToken, '50.00', 'USD');
    await fund(t, other.accessToken, '50.00', 'USD');
    const k = key();
    const first = await create(m, { idempotencyKey: k });
    expect(first.data.createCheckout.userErrors).toEqual([]);
    const created = first.data.createCheckout.checkout;
    expect(created).toMatchObject({ status: 'OPEN', captureMode: 'AUTOMATIC', amount: usd('10.00'), buyer: null, feeBasisPoints: 290, feeFixed: usd('0.30'), merchant: { id: m.id } });
    // Same key, same input: the same checkout; other input: refused.
    expect((await create(m, { idempotencyKey: k })).data.createCheckout.checkout.id).toBe(created.id);
    expect((await create(m, { idempotencyKey: k, reference: 'order-1002' })).data.createCheckout.userErrors).toMatchObject([{ code: 'IDEMPOTENCY_KEY_REUSED' }]);
    // Before approval only the merchant sees it.
    expect(await read(buyer, created.id)).toBeNull();
    const feesBefore = await fees();

    // A buyer's retries and concurrent duplicates are one payment.
    const answers = await Promise.all(Array.from({ length: 5 }, () => approve(buyer, created.id)));
    for (const a of answers) expect(a.data.approveCheckout.userErrors).toEqual([]);
    const paid = answers.map((a) => a.data.approveCheckout.checkout).find((c) => c.status === 'CAPTURED');
    expect(paid).toMatchObject({
      status: 'CAPTURED',
      buyer: { id: buyer.id },
      capturedAmount: usd('10.00'),
      // 10.00 × 2.9% = 0.29, + 0.30 fixed.
      fee: usd('0.59'),
      net: usd('9.41'),
      payment: { kind: 'CHECKOUT', status: 'COMPLETED', amount: usd('10.00'), sender: { id: buyer.id }, recipient: { id: m.id } },
    });
    expect(await journals(created.id)).toHaveLength(1);
    expect((await wallet(buyer)).balance.amount).toBe('40.00');
    expect((await wallet(m)).balance.amount).toBe('9.41');
    expect((await fees()) - feesBefore).toBe(59n);
    expect((await approve(buyer, created.id)).data.approveCheckout.checkout.status).toBe('CAPTURED');

    // Another buyer is too late; a stranger does not learn it exists.
    expect((await approve(other, created.id)).data.approveCheckout).toMatchObject({ checkout: null, userErrors: [{ code: 'CHECKOUT_NOT_OPEN' }] });
    expect(await read(other, created.id)).toBeNull();
    expect(await read(buyer, created.id)).toMatchObject({ id: created.id, status: 'CAPTURED' });
    expect((await wallet(other)).balance.amount).toBe('50.00');

    // History: a CHECKOUT movement out of the buyer's and into the merchant's.
    await waitFor('checkout history', async () => (await count('transactions', `select count(*)::int as n from transaction where payment_id = $1 and kind = 'CHECKOUT' and status = 'COMPLETED'`, [paid.payment.id])) === 1);

    // The merchant refunds part of it through refundPayment: back to the buyer's wallet.
    const refund = await t.op('refunds.graphql', 'RefundPayment', { input: { paymentId: paid.payment.id, amount: usd('4.00'), idempotencyKey: key() } }, m.accessToken);
    expect(refund.data.refundPayment.userErrors).toEqual([]);
    expect(refund.data.refundPayment.refund).toMatchObject({ kind: 'REFUND', status: 'COMPLETED', sender: { id: m.id }, recipient: { id: buyer.id } });
    expect((await wallet(buyer)).balance.amount).toBe('44.00');
    expect((await wallet(m)).balance.amount).toBe('5.41');
  });
});

describe('when a checkout is created or approved with bad input or by the wrong person', () => {
  it('then userErrors come back and nothing is stored or moved', async () => {
    const m = await merchant('Max Merchant');
    const personal = await registerUser(t, 'Pete Personal');
    const before = await count('payments', `select count(*)::int as n from checkout`);
    const personalAccount = (await t.gql(`{ me { accounts { id type } } }`, {}, personal.accessToken)).data as { me: { accounts: { id: string }[] } };
    const bad = [
      [{ accountId: personalAccount.me.accounts[0]!.id }, 'NOT_A_BUSINESS_ACCOUNT'],
      [{ amount: usd('-1.00') }, 'INVALID_AMOUNT'],
      [{ amount: { amount: '1.00', currency: 'XXX' } }, 'UNSUPPORTED_CURRENCY'],
      [{ reference: '' }, 'INVALID_REFERENCE'],
      [{ returnUrl: 'javascript:alert(1)' }, 'INVALID_RETURN_URL'],
      [{ returnUrl: 'http://shop.example/' }, 'INVALID_RETURN_URL'],
      [{ idempotencyKey: '' }, 'INVALID_IDEMPOTENCY_KEY'],
    ] as const;
    for (const [input, code] of bad) {
      const res = await create(m, input);
      expect(res.data.createCheckout).toMatchObject({ checkout: null, userErrors: [expect.objectContaining({ code })] });
    }
    // Someone else's business account.
    expect((await create({ ...personal, accountId: m.accountId })).data.createCheckout.userErrors).toMatchObject([{ code: 'NOT_A_BUSINESS_ACCOUNT' }]);
    expect(await count('payments', `select count(*)::int as n from checkout`)).toBe(before);

    const id = await checkoutOf(m, { amount: usd('30.00') });
    expect((await approve(m, id)).data.approveCheckout.userErrors).toMatchObject([{ code: 'CANNOT_PAY_SELF' }]);
    expect((await approve(personal, `chk_${'0'.repeat(32)}`)).data.approveCheckout.userErrors).toMatchObject([{ code: 'CHECKOUT_NOT_FOUND' }]);
    // No wallet in USD yet, then not enough in it: the checkout stays OPEN and nothing moves.
    expect((await approve(personal, id)).data.approveCheckout.userErrors).toMatchObject([{ code: 'WALLET_NOT_FOUND' }]);
    await fund(t, personal.accessToken, '20.00', 'USD');
    const eur = await t.gql(`mutation { openWallet(input: { currency: "EUR" }) { wallet { id } } }`, {}, personal.accessToken);
    const eurWallet = (eur.data as { openWallet: { wallet: { id: string } } }).openWallet.wallet.id;
    expect((await approve(personal, id, { walletId: eurWallet })).data.approveCheckout.userErrors).toMatchObject([{ code: 'CURRENCY_MISMATCH' }]);
    const poor = await approve(personal, id);
    expect(poor.data.approveCheckout.userErrors).toMatchObject([{ code: 'INSUFFICIENT_FUNDS' }]);
    expect(poor.data.approveCheckout.checkout).toMatchObject({ status: 'OPEN', buyer: null, payment: null });
    expect((await wallet(personal)).balance.amount).toBe('20.00');
    expect(await journals(id)).toHaveLength(0);
    // The merchant cannot capture or void an OPEN checkout; a stranger cannot even see it.
    expect((await capture(m, id)).data.captureCheckout.userErrors).toMatchObject([{ code: 'CHECKOUT_NOT_AUTHORIZED' }]);
    expect((await voidIt(personal, id)).data.voidCheckout.userErrors).toMatchObject([{ code: 'CHECKOUT_NOT_FOUND' }]);

    // Money arrives: the next approval is a new attempt and pays.
    await fund(t, personal.accessToken, '15.00', 'USD');
    const ok = await approve(personal, id);
    expect(ok.data.approveCheckout.userErrors).toEqual([]);
    expect(ok.data.approveCheckout.checkout.status).toBe('CAPTURED');
    expect((await wallet(personal)).balance.amount).toBe('5.00');
  });

  it('then of two buyers approving at once exactly one pays', async () => {
    const m = await merchant('Mia Merchant');
    const buyers = await Promise.all([registerUser(t, 'Ann One'), registerUser(t, 'Ben Two')]);
    for (const b of buyers) await fund(t, b.accessToken, '20.00', 'USD');
    const id = await checkoutOf(m);
    const answers = await Promise.all(buyers.flatMap((b) => [approve(b, id), approve(b, id)]));
    const winners = new Set(answers.filter((a) => a.data.approveCheckout.userErrors.length === 0).map((a) => a.data.approveCheckout.checkout.buyer?.id));
    expect(winners.size).toBe(1);
    const losers = answers.filter((a) => a.data.approveCheckout.userErrors.length > 0);
    for (const l of losers) expect(l.data.approveCheckout.userErrors).toMatchObject([{ code: 'CHECKOUT_NOT_OPEN' }]);
    const balances = await Promise.all(buyers.map(async (b) => (await wallet(b)).balance.amount));
    expect(balances.sort()).toEqual(['10.00', '20.00']);
    expect(await journals(id)).toHaveLength(1);
  });
});

describe('when a MANUAL checkout is authorised and captured in part', () => {
  it('then the hold takes the amount, the capture moves part of it with its fee, and the rest is released', async () => {
    const m = await merchant('Milo Merchant');
    const buyer = await registerUser(t, 'Bo Buyer');
    await fund(t, buyer.accessToken, '50.00', 'USD');
    const id = await checkoutOf(m, { amount: usd('20.00'), captureMode: 'MANUAL' });
    const auth = await approve(buyer, id);
    expect(auth.data.approveCheckout.userErrors).toEqual([]);
    expect(auth.data.approveCheckout.checkout).toMatchObject({ status: 'AUTHORIZED', authorizedAmount: usd('20.00'), capturedAmount: null, payment: null });
    expect(Date.parse(auth.data.approveCheckout.checkout.authorizationExpiresAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    expect(await wallet(buyer)).toMatchObject({ balance: usd('50.00'), held: usd('20.00') });

    // The buyer cannot capture; more than authorised is refused.
    expect((await capture(buyer, id)).data.captureCheckout.userErrors).toMatchObject([{ code: 'CHECKOUT_NOT_ALLOWED' }]);
    expect((await capture(m, id, '20.01')).data.captureCheckout.userErrors).toMatchObject([{ code: 'CAPTURE_EXCEEDS_AUTHORIZED' }]);
    const feesBefore = await fees();
    const captured = await Promise.all([capture(m, id, '15.00'), capture(m, id, '15.00')]);
    for (const c of captured) expect(c.data.captureCheckout.userErrors).toEqual([]);
    expect(captured[0]!.data.captureCheckout.checkout).toMatchObject({
      status: 'CAPTURED',
      capturedAmount: usd('15.00'),
      // 15.00 × 2.9% = 0.435 → half-up 0.44, + 0.30 fixed.
      fee: usd('0.74'),
      net: usd('14.26'),
      payment: { kind: 'CHECKOUT', status: 'COMPLETED', amount: usd('15.00') },
    });
    expect(await wallet(buyer)).toMatchObject({ balance: usd('35.00'), held: usd('0.00') });
    expect((await wallet(m)).balance.amount).toBe('14.26');
    expect((await fees()) - feesBefore).toBe(74n);
    expect(await journals(id)).toHaveLength(1);
    // Once captured: no other capture, no void.
    expect((await capture(m, id, '5.00')).data.captureCheckout.userErrors).toMatchObject([{ code: 'CHECKOUT_NOT_AUTHORIZED' }]);
    expect((await voidIt(m, id)).data.voidCheckout.userErrors).toMatchObject([{ code: 'CHECKOUT_NOT_AUTHORIZED' }]);
  });

  it('then a capture and a void racing end with exactly one of them, and the money agrees', async () => {
    const m = await merchant('Meg Merchant');
    const buyer = await registerUser(t, 'Bill Buyer');
    await fund(t, buyer.accessToken, '100.00', 'USD');
    for (let i = 0; i < 4; i++) {
      const id = await checkoutOf(m, { amount: usd('10.00'), captureMode: 'MANUAL' });
      expect((await approve(buyer, id)).data.approveCheckout.checkout.status).toBe('AUTHORIZED');
      const [c, v] = await Promise.all([capture(m, id), voidIt(m, id)]);
      const ok = [c.data.captureCheckout, v.data.voidCheckout].filter((p) => p.userErrors.length === 0);
      expect(ok).toHaveLength(1);
      const final = (await read(m, id))!;
      expect(['CAPTURED', 'VOIDED']).toContain(final.status);
      expect(ok[0]!.checkout.status).toBe(final.status);
      expect(await journals(id)).toHaveLength(final.status === 'CAPTURED' ? 1 : 0);
    }
    const w = await wallet(buyer);
    expect(w.held!.amount).toBe('0.00');
    const captured = await count('payments', `select count(*)::int as n from checkout where merchant_id = $1 and status = 'CAPTURED'`, [m.id]);
    expect(w.balance.amount).toBe(`${100 - 10 * captured}.00`);
  });

  it('then an authorisation past its deadline is released by the worker (EXPIRED) and cannot be captured', async () => {
    const m = await merchant('Mel Merchant');
    const buyer = await registerUser(t, 'Bob Buyer');
    await fund(t, buyer.accessToken, '30.00', 'USD');
    const id = await checkoutOf(m, { amount: usd('25.00'), captureMode: 'MANUAL' });
    expect((await approve(buyer, id)).data.approveCheckout.checkout.status).toBe('AUTHORIZED');
    expect((await wallet(buyer)).held!.amount).toBe('25.00');
    // Seven days pass.
    await db('payments', `update checkout set authorization_expires_at = now() - interval '1 second' where id = $1`, [id]);
    await waitFor('expiry', async () => (await read(m, id))?.status === 'EXPIRED');
    expect(await wallet(buyer)).toMatchObject({ balance: usd('30.00'), held: usd('0.00') });
    expect((await capture(m, id)).data.captureCheckout.userErrors).toMatchObject([{ code: 'CHECKOUT_NOT_AUTHORIZED' }]);
    expect(await journals(id)).toHaveLength(0);
  });
});

describe("when a merchant lists a business account's checkouts", () => {
  it('then they page newest first with status and creation filters, and nobody else sees them', async () => {
    const m = await merchant('Mae Merchant');
    const buyer = await registerUser(t, 'Bree Buyer');
    await fund(t, buyer.accessToken, '30.00', 'USD');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await checkoutOf(m, { reference: `order-${i}` }));
    await approve(buyer, ids[1]!);
    const list = async (vars: Record<string, unknown>, who: User = m) => {
      const res = await t.op('checkout.graphql', 'MerchantCheckouts', vars, who.accessToken);
      expect(res.errors).toBeUndefined();
      return res.data.me.accounts.find((a: { type: string }) => a.type === 'BUSINESS')?.checkouts;
    };
    const all = await list({ first: 2 });
    expect(all.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const next = await list({ first: 2, after: all.pageInfo.endCursor });
    expect(next.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[0]]);
    expect((await list({ status: 'CAPTURED' })).edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[1]]);
    expect((await list({ createdAfter: new Date(Date.now() + 60_000).toISOString() })).edges).toEqual([]);
    expect((await list({ createdBefore: new Date(Date.now() + 60_000).toISOString() })).edges).toHaveLength(3);
    // The buyer has no business account: nothing listed; their personal account has no checkouts.
    expect(await list({}, buyer)).toBeUndefined();
    const personal = (await t.op('checkout.graphql', 'MerchantCheckouts', {}, buyer.accessToken)).data.me.accounts;
    expect(personal.map((a: { checkouts: { edges: unknown[] } }) => a.checkouts.edges)).toEqual([[]]);
  });
});

describe('when a buyer pays a checkout with a linked card', () => {
  const txOf = async (checkoutId: string) => (await db<{ t: string }>('payments', `select transaction_id as t from checkout where id = $1`, [checkoutId]))[0]!.t;
  const cardJournals = async (checkoutId: string) =>
    db<{ id: string; kind: string; legs: string[] }>(
      'wallets',
      `select j.id, j.kind, array_agg(a.kind || ':' || p.amount::text order by a.kind) as legs
         from journal_entry j join posting p on p.journal_entry_id = j.id join ledger_account a on a.id = p.account_id
        where j.transaction_id = $1 group by j.id, j.kind`,
      [await txOf(checkoutId)],
    );
  const pspCharges = async (checkoutId: string) =>
    db<{ kind: string; amount: string; outcome: string; captured: string | null; voided: boolean }>(
      'payments',
      // Every charge of the checkout's card for its amount, whatever key it was asked with.
      `select s.kind, s.amount::text, s.outcome, s.captured_amount::text as captured, s.voided_at is not null as voided
         from sandbox_psp_charge s join checkout c on c.psp_token = s.token and c.amount = s.amount where c.id = $1`,
      [checkoutId],
    );
  const holdsOf = async (checkoutId: string) => count('wallets', `select count(*)::int as n from hold where transaction_id = $1`, [await txOf(checkoutId)]);

  it('then AUTOMATIC charges the card once, and PSP clearing pays the merchant and the fee in one entry', async () => {
    const m = await merchant('Cara Merchant');
    const buyer = await registerUser(t, 'Cody Cardholder');
    const cardId = await cardFor(t, buyer.accessToken, '4242424242424242');
    const id = await checkoutOf(m);
    const feesBefore = await fees();

    // A buyer's retries and concurrent duplicates are one charge and one payment.
    const answers = await Promise.all(Array.from({ length: 4 }, () => approve(buyer, id, { cardId })));
    for (const a of answers) expect(a.data.approveCheckout.userErrors).toEqual([]);
    const paid = answers.map((a) => a.data.approveCheckout.checkout).find((c) => c.status === 'CAPTURED');
    expect(paid).toMatchObject({
      status: 'CAPTURED',
      fundingSource: 'CARD',
      cardLast4: '4242',
      buyer: { id: buyer.id },
      capturedAmount: usd('10.00'),
      fee: usd('0.59'),
      net: usd('9.41'),
      payment: { kind: 'CHECKOUT', status: 'COMPLETED', amount: usd('10.00'), sender: { id: buyer.id }, recipient: { id: m.id } },
    });
    expect(await pspCharges(id)).toEqual([{ kind: 'CHARGE', amount: '1000', outcome: 'APPROVED', captured: '1000', voided: false }]);
    expect(await cardJournals(id)).toEqual([{ id: expect.any(String), kind: 'CHECKOUT', legs: ['FEES:59', 'PSP_CLEARING:-1000', 'WALLET:941'] }]);
    expect((await wallet(m)).balance.amount).toBe('9.41');
    expect((await fees()) - feesBefore).toBe(59n);
    // The buyer's wallet is not touched (they have none).
    expect((await wallet(buyer)).balance.amount).toBe('0.00');
    // Approving again answers the captured checkout and charges nothing more.
    expect((await approve(buyer, id, { cardId })).data.approveCheckout).toMatchObject({ checkout: { id, status: 'CAPTURED' }, userErrors: [] });
    expect(await pspCharges(id)).toHaveLength(1);
    expect(await cardJournals(id)).toHaveLength(1);
    await waitFor('card checkout history', async () => (await count('transactions', `select count(*)::int as n from transaction where payment_id = $1 and kind = 'CHECKOUT' and status = 'COMPLETED'`, [paid.payment.id])) === 1);
  });

  it('then MANUAL authorises the card, and a partial capture takes part of it once with its fee', async () => {
    const m = await merchant('Cleo Merchant');
    const buyer = await registerUser(t, 'Cal Cardholder');
    await fund(t, buyer.accessToken, '5.00', 'USD');
    const cardId = await cardFor(t, buyer.accessToken, '4242424242424242');
    const id = await checkoutOf(m, { amount: usd('20.00'), captureMode: 'MANUAL' });
    const auths = await Promise.all([approve(buyer, id, { cardId }), approve(buyer, id, { cardId })]);
    for (const a of auths) expect(a.data.approveCheckout.userErrors).toEqual([]);
    expect((await read(m, id))).toMatchObject({ status: 'AUTHORIZED', fundingSource: 'CARD', authorizedAmount: usd('20.00'), capturedAmount: null, payment: null });
    expect(await pspCharges(id)).toEqual([{ kind: 'AUTHORIZATION', amount: '2000', outcome: 'APPROVED', captured: null, voided: false }]);
    // Nothing in the ledger yet, and nothing held in the buyer's wallet.
    expect(await cardJournals(id)).toEqual([]);
    expect(await holdsOf(id)).toBe(0);
    expect(await wallet(buyer)).toMatchObject({ balance: usd('5.00'), held: usd('0.00') });

    expect((await capture(m, id, '20.01')).data.captureCheckout.userErrors).toMatchObject([{ code: 'CAPTURE_EXCEEDS_AUTHORIZED' }]);
    const feesBefore = await fees();
    const captured = await Promise.all([capture(m, id, '15.00'), capture(m, id, '15.00')]);
    for (const c of captured) expect(c.data.captureCheckout.userErrors).toEqual([]);
    expect(captured[0]!.data.captureCheckout.checkout).toMatchObject({
      status: 'CAPTURED',
      capturedAmount: usd('15.00'),
      fee: usd('0.74'),
      net: usd('14.26'),
      payment: { kind: 'CHECKOUT', status: 'COMPLETED', amount: usd('15.00') },
    });
    expect(await pspCharges(id)).toEqual([{ kind: 'AUTHORIZATION', amount: '2000', outcome: 'APPROVED', captured: '1500', voided: false }]);
    expect(await cardJournals(id)).toEqual([{ id: expect.any(String), kind: 'CHECKOUT', legs: ['FEES:74', 'PSP_CLEARING:-1500', 'WALLET:1426'] }]);
    expect((await wallet(m)).balance.amount).toBe('14.26');
    expect((await fees()) - feesBefore).toBe(74n);
    expect(await wallet(buyer)).toMatchObject({ balance: usd('5.00'), held: usd('0.00') });
    expect((await voidIt(m, id)).data.voidCheckout.userErrors).toMatchObject([{ code: 'CHECKOUT_NOT_AUTHORIZED' }]);
  });

  it('then a void or the expiry releases the authorisation on the card and nothing moves', async () => {
    const m = await merchant('Cora Merchant');
    const buyer = await registerUser(t, 'Cid Cardholder');
    const cardId = await cardFor(t, buyer.accessToken, '4242424242424242');
    const voided = await checkoutOf(m, { amount: usd('12.00'), captureMode: 'MANUAL' });
    expect((await approve(buyer, voided, { cardId })).data.approveCheckout.checkout.status).toBe('AUTHORIZED');
    const v = await voidIt(m, voided);
    expect(v.data.voidCheckout).toMatchObject({ checkout: { status: 'VOIDED', fundingSource: 'CARD' }, userErrors: [] });
    expect((await voidIt(m, voided)).data.voidCheckout.checkout.status).toBe('VOIDED');
    expect(await pspCharges(voided)).toEqual([{ kind: 'AUTHORIZATION', amount: '1200', outcome: 'APPROVED', captured: null, voided: true }]);
    expect((await capture(m, voided)).data.captureCheckout.userErrors).toMatchObject([{ code: 'CHECKOUT_NOT_AUTHORIZED' }]);
    expect(await cardJournals(voided)).toEqual([]);

    const expiring = await checkoutOf(m, { amount: usd('8.00'), captureMode: 'MANUAL' });
    expect((await approve(buyer, expiring, { cardId })).data.approveCheckout.checkout.status).toBe('AUTHORIZED');
    await db('payments', `update checkout set authorization_expires_at = now() - interval '1 second' where id = $1`, [expiring]);
    await waitFor('expiry', async () => (await read(m, expiring))?.status === 'EXPIRED');
    expect(await pspCharges(expiring)).toEqual([{ kind: 'AUTHORIZATION', amount: '800', outcome: 'APPROVED', captured: null, voided: true }]);
    expect(await cardJournals(expiring)).toEqual([]);
    expect((await wallet(m)).balance.amount).toBe('0.00');
  });

  it('then a declined card is a userError, the checkout stays OPEN with nothing moved, and a later approval pays', async () => {
    const m = await merchant('Cruz Merchant');
    const buyer = await registerUser(t, 'Dee Declined');
    const declining = await cardFor(t, buyer.accessToken, '4000000000000002');
    for (const captureMode of ['AUTOMATIC', 'MANUAL'] as const) {
      const id = await checkoutOf(m, { captureMode });
      const declined = await approve(buyer, id, { cardId: declining });
      expect(declined.data.approveCheckout.userErrors).toMatchObject([{ code: 'CARD_DECLINED', field: ['input', 'checkoutId'] }]);
      expect(declined.data.approveCheckout.checkout).toMatchObject({ status: 'OPEN', buyer: null, fundingSource: null, cardLast4: null, payment: null });
      const row = (await db('payments', `select buyer_id, transaction_id, funding_source, card_id, psp_token, psp_reference, approving_since from checkout where id = $1`, [id]))[0];
      expect(row).toEqual({ buyer_id: null, transaction_id: null, funding_source: null, card_id: null, psp_token: null, psp_reference: null, approving_since: null });
      // Once more with a good card: a new attempt (a new transaction), paid.
      const good = await cardFor(t, buyer.accessToken, '4242424242424242');
      const ok = await approve(buyer, id, { cardId: good });
      expect(ok.data.approveCheckout.userErrors).toEqual([]);
      expect(ok.data.approveCheckout.checkout.status).toBe(captureMode === 'AUTOMATIC' ? 'CAPTURED' : 'AUTHORIZED');
      if (captureMode === 'MANUAL') expect((await voidIt(m, id)).data.voidCheckout.checkout.status).toBe('VOIDED');
    }
    expect(await count('payments', `select count(*)::int as n from sandbox_psp_charge where last4 = '0002' and outcome = 'DECLINED' and idempotency_key like 'txn_%'`)).toBe(2);
    expect((await wallet(m)).balance.amount).toBe('9.41');
  });

  it('then naming both a wallet and a card, or a card that is not yours, is refused and nothing is stored', async () => {
    const m = await merchant('Cyd Merchant');
    const buyer = await registerUser(t, 'Col Cardholder');
    const stranger = await registerUser(t, 'Sam Stranger');
    await fund(t, buyer.accessToken, '10.00', 'USD');
    const cardId = await cardFor(t, buyer.accessToken, '4242424242424242');
    const strangersCard = await cardFor(t, stranger.accessToken, '4242424242424242');
    const walletId = ((await walletOf(t, buyer.accessToken, 'USD')) as unknown as { id: string }).id;
    const id = await checkoutOf(m);
    const refused = [
      [{ walletId, cardId }, 'INVALID_FUNDING_SOURCE', ['input', 'cardId']],
      [{ cardId: strangersCard }, 'CARD_NOT_FOUND', ['input', 'cardId']],
      [{ cardId: 'fi_nope' }, 'CARD_NOT_FOUND', ['input', 'cardId']],
    ] as const;
    for (const [extra, code, field] of refused) {
      expect((await approve(buyer, id, extra)).data.approveCheckout).toMatchObject({ checkout: null, userErrors: [{ code, field }] });
    }
    expect(await db('payments', `select status, buyer_id, transaction_id from checkout where id = $1`, [id])).toEqual([{ status: 'OPEN', buyer_id: null, transaction_id: null }]);
    // The wallet still pays it.
    expect((await approve(buyer, id, { walletId })).data.approveCheckout.checkout).toMatchObject({ status: 'CAPTURED', fundingSource: 'WALLET', cardLast4: null });
  });
});
