import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { dropTestDatabases } from '@paygraph/platform/testing';
import { commands, emitted, expectLedgerBalanced, fund, money, newTxn, newUserId, startHarness, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ WALLET_CURRENCIES: 'USD,EUR,GBP,JPY,KWD' });
});

afterEach(async () => {
  await expectLedgerBalanced(h);
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const OPEN_WALLET = `
  mutation OpenWallet($input: OpenWalletInput!) {
    openWallet(input: $input) {
      wallet { id currency balance { amount currency } }
      userErrors { code field message }
    }
  }`;

const WALLET = `
  query ($id: ID!) {
    wallet(id: $id) {
      id currency owner { id } createdAt
      balance { amount currency } available { amount currency } held { amount currency }
    }
  }`;

const FX_QUOTE = `
  query FxQuote($input: FxQuoteInput!) {
    fxQuote(input: $input) { id rate sourceAmount { amount currency } targetAmount { amount currency } expiresAt }
  }`;

const ENTITIES = `
  query ($reps: [_Any!]!) {
    _entities(representations: $reps) {
      ... on User { id wallets { id currency available { amount currency } } }
      ... on Wallet { id currency owner { id } balance { amount currency } }
    }
  }`;

const asUser = (userId: string) => ({ userId });
const asAdmin = () => ({ userId: newUserId(), roles: ['USER', 'ADMIN'] as ('USER' | 'ADMIN')[] });
const asService = (issuer = 'payments') => ({ userId: null, issuer });

async function holdSome(userId: string, minor: number) {
  const ref = newTxn();
  await h.tx((em) => h.services.ledger.reserve(em, commands.reserve(ref, userId, money(minor)).data));
}

describe('openWallet', () => {
  it('when a user opens a wallet twice (and concurrently), then one wallet exists, both answers return it, and WalletOpened is emitted once', async () => {
    const userId = newUserId();
    const first = await h.call(OPEN_WALLET, { input: { currency: 'EUR' } }, asUser(userId));
    expect(first.errors).toBeUndefined();
    const wallet = first.data!.openWallet.wallet;
    expect(wallet).toEqual({ id: expect.stringMatching(/^wal_[0-9a-f]{32}$/), currency: 'EUR', balance: { amount: '0.00', currency: 'EUR' } });
    expect(first.data!.openWallet.userErrors).toEqual([]);

    const again = await Promise.all(Array.from({ length: 4 }, () => h.call(OPEN_WALLET, { input: { currency: 'EUR' } }, asUser(userId))));
    for (const res of again) expect(res.data!.openWallet.wallet.id).toBe(wallet.id);
    expect(await h.sql(`select id from ledger_account where owner_id = $1`, [userId])).toHaveLength(1);
    expect(await emitted(h, 'WalletOpened', wallet.id)).toHaveLength(1);
  });

  it('when the currency is unknown, lowercase or not offered, then UNSUPPORTED_CURRENCY on input.currency and nothing opens', async () => {
    const userId = newUserId();
    for (const currency of ['XYZ', 'usd', 'SEK', '', 'US DOLLAR']) {
      const res = await h.call(OPEN_WALLET, { input: { currency } }, asUser(userId));
      expect(res.errors).toBeUndefined();
      expect(res.data!.openWallet).toEqual({
        wallet: null,
        userErrors: [{ code: 'UNSUPPORTED_CURRENCY', field: ['input', 'currency'], message: expect.any(String) }],
      });
    }
    expect(await h.sql(`select id from ledger_account where owner_id = $1`, [userId])).toHaveLength(0);
  });

  it('when nobody is signed in, then UNAUTHENTICATED', async () => {
    const res = await h.call(OPEN_WALLET, { input: { currency: 'USD' } }, { userId: null });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('wallet and User.wallets', () => {
  it('when the owner reads a funded wallet with a hold, then balance, available and held are exact decimal strings', async () => {
    const userId = newUserId();
    const walletId = await fund(h, userId, 12_345);
    await holdSome(userId, 2_000);
    const res = await h.call(WALLET, { id: walletId }, asUser(userId));
    expect(res.errors).toBeUndefined();
    expect(res.data!.wallet).toEqual({
      id: walletId,
      currency: 'USD',
      owner: { id: userId },
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      balance: { amount: '123.45', currency: 'USD' },
      available: { amount: '103.45', currency: 'USD' },
      held: { amount: '20.00', currency: 'USD' },
    });
  });

  it("when someone else asks for a wallet by id, then it reads as null (like an unknown or malformed id); an admin sees it", async () => {
    const owner = newUserId();
    const walletId = await fund(h, owner, 100);
    expect((await h.call(WALLET, { id: walletId }, asUser(newUserId()))).data!.wallet).toBeNull();
    expect((await h.call(WALLET, { id: 'wal_' + '0'.repeat(32) }, asUser(owner))).data!.wallet).toBeNull();
    const malformed = await h.call(WALLET, { id: "'; drop table hold; --" }, asUser(owner));
    expect(malformed.errors).toBeUndefined();
    expect(malformed.data!.wallet).toBeNull();
    expect((await h.call(WALLET, { id: walletId }, asAdmin())).data!.wallet.id).toBe(walletId);
  });

  it('when User.wallets is resolved through _entities, then the owner and admins see them and anyone else gets FORBIDDEN', async () => {
    const owner = newUserId();
    const usd = await fund(h, owner, 500);
    const jpy = await fund(h, owner, 1_200, 'JPY');
    const reps = [{ __typename: 'User', id: owner }];

    const mine = await h.call(ENTITIES, { reps }, asUser(owner));
    expect(mine.errors).toBeUndefined();
    expect(mine.data!._entities[0]).toEqual({
      id: owner,
      wallets: [
        { id: usd, currency: 'USD', available: { amount: '5.00', currency: 'USD' } },
        { id: jpy, currency: 'JPY', available: { amount: '1200', currency: 'JPY' } },
      ],
    });
    expect((await h.call(ENTITIES, { reps }, asAdmin())).data!._entities[0].wallets).toHaveLength(2);

    const theirs = await h.call(ENTITIES, { reps }, asUser(newUserId()));
    expect(theirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(theirs.data?._entities?.[0] ?? null).toBeNull();
  });

  it("when the viewer asks for me { wallets } (Query.me is shareable), then this subgraph answers it alone: the viewer's own wallets; anonymous is UNAUTHENTICATED", async () => {
    const owner = newUserId();
    const usd = await fund(h, owner, 700);
    const ME = `{ me { id wallets { id available { amount currency } } } }`;
    const mine = await h.call(ME, {}, asUser(owner));
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.me).toEqual({ id: owner, wallets: [{ id: usd, available: { amount: '7.00', currency: 'USD' } }] });
    // Someone else's `me` is themself: none of the owner's wallets.
    expect((await h.call(ME, {}, asUser(newUserId()))).data!.me.wallets).toEqual([]);
    const anonymous = await h.call(ME, {}, { userId: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when Wallet references are resolved through _entities, then the owner gets them and others get null', async () => {
    const owner = newUserId();
    const walletId = await fund(h, owner, 250, 'KWD');
    const reps = [{ __typename: 'Wallet', id: walletId }];
    const mine = await h.call(ENTITIES, { reps }, asUser(owner));
    expect(mine.errors).toBeUndefined();
    expect(mine.data!._entities).toEqual([{ id: walletId, currency: 'KWD', owner: { id: owner }, balance: { amount: '0.250', currency: 'KWD' } }]);
    expect((await h.call(ENTITIES, { reps }, asUser(newUserId()))).data!._entities).toEqual([null]);
  });

  it('when balanceAt is asked for, then it answers from postings; a malformed instant is BAD_USER_INPUT', async () => {
    const owner = newUserId();
    const before = new Date(Date.now() - 60_000).toISOString();
    const walletId = await fund(h, owner, 4_200);
    const query = `query ($id: ID!, $past: DateTime!, $now: DateTime!) {
      wallet(id: $id) { past: balanceAt(at: $past) { amount } now: balanceAt(at: $now) { amount } }
    }`;
    const res = await h.call(query, { id: walletId, past: before, now: new Date(Date.now() + 1000).toISOString() }, asUser(owner));
    expect(res.errors).toBeUndefined();
    expect(res.data!.wallet).toEqual({ past: { amount: '0.00' }, now: { amount: '42.00' } });

    const bad = await h.call(query, { id: walletId, past: 'yesterday', now: before }, asUser(owner));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['at'] });
  });
});

describe('fxQuote', () => {
  it('when a valid conversion is quoted, then the quote follows the contract and is stored for the viewer', async () => {
    const userId = newUserId();
    const res = await h.call(FX_QUOTE, { input: { sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '100.00' } }, asUser(userId));
    expect(res.errors).toBeUndefined();
    const quote = res.data!.fxQuote;
    expect(quote).toEqual({
      id: expect.stringMatching(/^fxq_[0-9a-f]{32}$/),
      rate: '0.9154',
      sourceAmount: { amount: '100.00', currency: 'USD' },
      targetAmount: { amount: '91.54', currency: 'EUR' },
      expiresAt: expect.any(String),
    });
    const ttl = new Date(quote.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect((await h.sql(`select owner_id from fx_quote where id = $1`, [quote.id]))[0]!.owner_id).toBe(userId);
  });

  it.each([
    [{ sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '-1' }, 'INVALID_AMOUNT', ['input', 'sourceAmount']],
    [{ sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '0' }, 'INVALID_AMOUNT', ['input', 'sourceAmount']],
    [{ sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '1e3' }, 'INVALID_AMOUNT', ['input', 'sourceAmount']],
    [{ sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '0.001' }, 'INVALID_AMOUNT', ['input', 'sourceAmount']],
    [{ sourceCurrency: 'JPY', targetCurrency: 'USD', sourceAmount: '1.5' }, 'INVALID_AMOUNT', ['input', 'sourceAmount']],
    [{ sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: ' 10' }, 'INVALID_AMOUNT', ['input', 'sourceAmount']],
    [{ sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '1'.repeat(30) }, 'INVALID_AMOUNT', ['input', 'sourceAmount']],
    [{ sourceCurrency: 'XXX', targetCurrency: 'EUR', sourceAmount: '10' }, 'UNSUPPORTED_CURRENCY', ['input', 'sourceCurrency']],
    [{ sourceCurrency: 'USD', targetCurrency: 'SEK', sourceAmount: '10' }, 'UNSUPPORTED_CURRENCY', ['input', 'targetCurrency']],
    [{ sourceCurrency: 'USD', targetCurrency: 'USD', sourceAmount: '10' }, 'BAD_USER_INPUT', ['input', 'targetCurrency']],
  ])('when the input is %j, then a GraphQL error %s on %j and no quote', async (input, code, field) => {
    const userId = newUserId();
    const res = await h.call(FX_QUOTE, { input }, asUser(userId));
    expect(res.data?.fxQuote ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code, field });
    expect(await h.sql(`select id from fx_quote where owner_id = $1`, [userId])).toHaveLength(0);
  });

  it('when the amount is too small to buy one minor unit of the target, then INVALID_AMOUNT', async () => {
    const res = await h.call(FX_QUOTE, { input: { sourceCurrency: 'JPY', targetCurrency: 'USD', sourceAmount: '1' } }, asUser(newUserId()));
    // 1 JPY ≈ 0.0066 USD: less than a cent.
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_AMOUNT', field: ['input', 'sourceAmount'] });
  });

  it('when nobody is signed in, then UNAUTHENTICATED', async () => {
    const res = await h.call(FX_QUOTE, { input: { sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '1' } }, { userId: null });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('internal reads', () => {
  const INTERNAL = `query ($q: ID!, $w: ID!) {
    _fxQuote(id: $q) { id ownerId rate sourceAmount { amount currency } targetAmount { amount currency } expiresAt expired used }
    _wallet(id: $w) { id ownerId currency }
    usd: _usdEquivalent(amount: "15150", currency: "JPY")
  }`;

  it('when another service asks, then it gets the quote, the wallet and USD equivalents', async () => {
    const userId = newUserId();
    const walletId = await fund(h, userId, 100, 'GBP');
    const quote = await h.services.fx.quote(userId, { sourceCurrency: 'GBP', targetCurrency: 'USD', sourceAmount: '10.00' });
    const res = await h.call(INTERNAL, { q: quote.id, w: walletId }, asService());
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _fxQuote: {
        id: quote.id,
        ownerId: userId,
        rate: quote.rate,
        sourceAmount: { amount: '10.00', currency: 'GBP' },
        targetAmount: { amount: expect.stringMatching(/^12\.\d\d$/), currency: 'USD' },
        expiresAt: quote.expiresAt.toISOString(),
        expired: false,
        used: false,
      },
      _wallet: { id: walletId, ownerId: userId, currency: 'GBP' },
      usd: '10000',
    });
  });

  it('when a client asks through the gateway, then the internal fields are FORBIDDEN', async () => {
    const userId = newUserId();
    const res = await h.call(`{ _usdEquivalent(amount: "100", currency: "EUR") }`, {}, asUser(userId));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const wallet = await h.call(`query ($id: ID!) { _wallet(id: $id) { id } }`, { id: 'wal_' + '1'.repeat(32) }, asAdmin());
    expect(wallet.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('when the USD equivalent is asked with a bad amount or currency, then a typed error', async () => {
    const bad = await h.call(`{ _usdEquivalent(amount: "12.5", currency: "EUR") }`, {}, asService());
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_AMOUNT');
    const unknown = await h.call(`{ _usdEquivalent(amount: "125", currency: "XXX") }`, {}, asService());
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_CURRENCY');
  });
});

describe('ledgerBalances', () => {
  const REPORT = `{ ledgerBalances { balanced unbalancedJournalIds mismatchedAccountIds currencies { currency wallets { amount } pspClearing { amount } total { amount } } } }`;

  it('when an admin asks, then the ledger is reported balanced with per-currency totals', async () => {
    await fund(h, newUserId(), 1_000, 'EUR');
    const res = await h.call(REPORT, {}, asAdmin());
    expect(res.errors).toBeUndefined();
    const report = res.data!.ledgerBalances;
    expect(report).toMatchObject({ balanced: true, unbalancedJournalIds: [], mismatchedAccountIds: [] });
    const eur = report.currencies.find((c: { currency: string }) => c.currency === 'EUR');
    expect(eur.total.amount).toBe('0.00');
    expect(BigInt(eur.wallets.amount.replace('.', '')) + BigInt(eur.pspClearing.amount.replace('.', ''))).toBe(0n);
  });

  it('when a user who is not an admin asks, then FORBIDDEN', async () => {
    const res = await h.call(REPORT, {}, asUser(newUserId()));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
