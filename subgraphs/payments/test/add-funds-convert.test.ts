import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ADD_FUNDS,
  CONVERT,
  eventsOf,
  footprint,
  key,
  linkCard,
  registerUser,
  removeCard,
  startWorld,
  type TestUser,
  type World,
} from './support.js';

/** addFunds and convertCurrency: instruments, wallets and quotes checked with their owners before anything is written. */
let w: World;
let stranger: TestUser;

beforeAll(async () => {
  w = await startWorld();
  stranger = await registerUser(w, 'Stranger');
});

afterAll(async () => {
  await w?.stop();
});

const addFunds = (as: string, input: Record<string, unknown>) => w.call(ADD_FUNDS, { input }, { userId: as });
const convert = (as: string, input: Record<string, unknown>) => w.call(CONVERT, { input }, { userId: as });
const usd = (amount: string) => ({ amount, currency: 'USD' });

async function expectRefused(res: Awaited<ReturnType<typeof addFunds>>, field: 'addFunds' | 'convertCurrency', code: string, path: string[], userId: string) {
  expect(res.errors).toBeUndefined();
  expect(res.data[field]).toEqual({ payment: null, userErrors: [{ code, field: path, message: expect.any(String) }] });
  expect(await footprint(w, userId)).toEqual({ payments: 0, events: 0, keys: 0 });
}

describe('addFunds', () => {
  it("when the card is the viewer's and ACTIVE, then a PENDING ADD_FUNDS payment to themself, with the card on PaymentInitiated", async () => {
    const user = await registerUser(w, 'Topper');
    const card = await linkCard(w, user.id);
    const wallet = w.wallets.openWallet(user.id, 'USD');
    const res = await addFunds(user.id, { fundingInstrumentId: card, walletId: wallet, amount: usd('50.00'), idempotencyKey: key() });
    expect(res.errors).toBeUndefined();
    const { payment, userErrors } = res.data.addFunds;
    expect(userErrors).toEqual([]);
    expect(payment).toMatchObject({ kind: 'ADD_FUNDS', status: 'PENDING', sender: { id: user.id }, recipient: { id: user.id }, amount: usd('50.00') });
    const [initiated] = await eventsOf(w, 'PaymentInitiated', payment.id);
    expect(initiated!.data).toMatchObject({ kind: 'ADD_FUNDS', fundingInstrumentId: card, targetWalletId: wallet, amount: { minor: '5000', currency: 'USD' } });
    const [row] = await w.sql(`select card_last4, psp_token from payment where id = $1`, [payment.id]);
    expect(row!.card_last4).toBe('4242');
    expect(row!.psp_token).toEqual(expect.any(String));
    expect(w.wallets.callers).toContain('payments');
  });

  it('when no wallet is given, then the payment names none (wallets credits the one in amount.currency)', async () => {
    const user = await registerUser(w, 'NoWallet');
    const card = await linkCard(w, user.id);
    const res = await addFunds(user.id, { fundingInstrumentId: card, amount: { amount: '20', currency: 'EUR' }, idempotencyKey: key() });
    expect(res.data.addFunds.userErrors).toEqual([]);
    const [initiated] = await eventsOf(w, 'PaymentInitiated', res.data.addFunds.payment.id);
    expect(initiated!.data.targetWalletId).toBeNull();
  });

  it("when the card is someone else's, unknown, malformed or removed, then FUNDING_INSTRUMENT_NOT_FOUND", async () => {
    const user = await registerUser(w, 'Borrower');
    const theirs = await linkCard(w, stranger.id);
    const removed = await linkCard(w, user.id, '5555555555554444');
    await removeCard(w, user.id, removed);
    for (const fundingInstrumentId of [theirs, 'fi_00000000000000000000000000000000', 'fi_nope', removed]) {
      const res = await addFunds(user.id, { fundingInstrumentId, amount: usd('10.00'), idempotencyKey: key() });
      await expectRefused(res, 'addFunds', 'FUNDING_INSTRUMENT_NOT_FOUND', ['input', 'fundingInstrumentId'], user.id);
    }
  });

  it("when the wallet is someone else's, unknown, or in another currency, then WALLET_NOT_FOUND", async () => {
    const user = await registerUser(w, 'Wrong Wallet');
    const card = await linkCard(w, user.id);
    const theirs = w.wallets.openWallet(stranger.id, 'USD');
    const eur = w.wallets.openWallet(user.id, 'EUR');
    for (const walletId of [theirs, 'wal_00000000000000000000000000000000', 'wal_bad', eur]) {
      const res = await addFunds(user.id, { fundingInstrumentId: card, walletId, amount: usd('10.00'), idempotencyKey: key() });
      await expectRefused(res, 'addFunds', 'WALLET_NOT_FOUND', ['input', 'walletId'], user.id);
    }
  });

  it('when the amount is invalid, then INVALID_AMOUNT', async () => {
    const user = await registerUser(w, 'Bad Amount');
    const card = await linkCard(w, user.id);
    for (const amount of ['-1', '0', '1e3', '0.001', ' 10', '1'.repeat(30)]) {
      const res = await addFunds(user.id, { fundingInstrumentId: card, amount: usd(amount), idempotencyKey: key() });
      await expectRefused(res, 'addFunds', 'INVALID_AMOUNT', ['input', 'amount', 'amount'], user.id);
    }
  });

  it('when an unverified user adds more than 500.00 USD in 30 days, then LIMIT_EXCEEDED', async () => {
    const user = await registerUser(w, 'Big Topper');
    const card = await linkCard(w, user.id);
    const res = await addFunds(user.id, { fundingInstrumentId: card, amount: usd('500.01'), idempotencyKey: key() });
    await expectRefused(res, 'addFunds', 'LIMIT_EXCEEDED', ['input', 'amount'], user.id);
  });
});

describe('convertCurrency', () => {
  it("when the quote is the viewer's, unused and unexpired, then a PENDING CONVERSION at the quote's amounts", async () => {
    const user = await registerUser(w, 'Converter');
    const quote = w.wallets.quote(user.id, { source: { amount: 100_00n, currency: 'USD' }, target: { amount: 90_50n, currency: 'EUR' } });
    const res = await convert(user.id, { quoteId: quote.id, idempotencyKey: key() });
    expect(res.errors).toBeUndefined();
    const { payment, userErrors } = res.data.convertCurrency;
    expect(userErrors).toEqual([]);
    expect(payment).toMatchObject({ kind: 'CONVERSION', status: 'PENDING', amount: usd('100.00'), sender: { id: user.id }, recipient: { id: user.id } });
    const [initiated] = await eventsOf(w, 'PaymentInitiated', payment.id);
    expect(initiated!.data).toMatchObject({
      kind: 'CONVERSION',
      quoteId: quote.id,
      amount: { minor: '10000', currency: 'USD' },
      targetAmount: { minor: '9050', currency: 'EUR' },
    });
  });

  it('when the quote has expired, then QUOTE_EXPIRED', async () => {
    const user = await registerUser(w, 'Late');
    const quote = w.wallets.quote(user.id, { expiresAt: new Date(Date.now() - 1000) });
    await expectRefused(await convert(user.id, { quoteId: quote.id, idempotencyKey: key() }), 'convertCurrency', 'QUOTE_EXPIRED', ['input', 'quoteId'], user.id);
  });

  it("when the quote is someone else's, unknown or malformed, then QUOTE_NOT_FOUND", async () => {
    const user = await registerUser(w, 'Quote Thief');
    const theirs = w.wallets.quote(stranger.id);
    for (const quoteId of [theirs.id, 'fxq_00000000000000000000000000000000', 'fxq_x']) {
      await expectRefused(await convert(user.id, { quoteId, idempotencyKey: key() }), 'convertCurrency', 'QUOTE_NOT_FOUND', ['input', 'quoteId'], user.id);
    }
  });

  it('when the quote was used, or is used again under another key (also concurrently), then QUOTE_ALREADY_USED', async () => {
    const user = await registerUser(w, 'Double');
    const used = w.wallets.quote(user.id, { used: true });
    await expectRefused(await convert(user.id, { quoteId: used.id, idempotencyKey: key() }), 'convertCurrency', 'QUOTE_ALREADY_USED', ['input', 'quoteId'], user.id);

    const quote = w.wallets.quote(user.id);
    const results = await Promise.all(Array.from({ length: 5 }, () => convert(user.id, { quoteId: quote.id, idempotencyKey: key() })));
    const accepted = results.filter((r) => r.data.convertCurrency.userErrors.length === 0);
    expect(accepted).toHaveLength(1);
    for (const r of results.filter((x) => x !== accepted[0])) {
      expect(r.data.convertCurrency.userErrors).toEqual([{ code: 'QUOTE_ALREADY_USED', field: ['input', 'quoteId'], message: expect.any(String) }]);
    }
    expect(await footprint(w, user.id)).toEqual({ payments: 1, events: 1, keys: 1 });
  });

  it('when the same conversion is retried with its key after the quote expired, then the same payment', async () => {
    const user = await registerUser(w, 'Patient');
    const quote = w.wallets.quote(user.id);
    const k = key();
    const first = await convert(user.id, { quoteId: quote.id, idempotencyKey: k });
    quote.expiresAt = new Date(Date.now() - 1);
    quote.used = true;
    const again = await convert(user.id, { quoteId: quote.id, idempotencyKey: k });
    expect(again.data.convertCurrency).toEqual(first.data.convertCurrency);
  });
});
