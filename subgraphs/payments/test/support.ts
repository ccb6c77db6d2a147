import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql } from 'graphql';
import { parseConfig, type Env } from '@paygraph/platform/config';
import { openDatabase, type MikroORM } from '@paygraph/platform/db';
import type { EventEnvelope } from '@paygraph/platform/events';
import { IDENTITY_HEADER, IdentityVerifier, TRUSTED_CALLERS } from '@paygraph/platform/identity';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { formatAmount } from '@paygraph/platform/money';
import type { RunningService } from '@paygraph/platform/server';
import {
  callSubgraph,
  dropTestDatabases,
  eventually as eventuallyEvery,
  startSubgraphHarness,
  testEnv,
  TEST_INTERNAL_SECRET,
  type SubgraphHarness,
} from '@paygraph/platform/testing';
import type { EventData, EventType } from '@paygraph/events';
import { usersConfigSchema } from '../../users/src/config.js';
import { start as startUsers } from '../../users/src/server.js';
import { accountsConfigSchema } from '../../accounts/src/config.js';
import { start as startAccounts } from '../../accounts/src/server.js';
import { paymentsConfigSchema, type PaymentsConfig } from '../src/config.js';
import { entities, migrations } from '../src/database.js';
import { start, type PaymentsDeps } from '../src/server.js';
import { errors } from '@paygraph/platform/errors';
import type { MovementRequest, RiskDecisionView, SettlementPeers, TransferView } from '../src/adapters/settlement-peers.js';

/**
 * Payments with the real users and accounts subgraphs beside it (started in-process with their own `start`, as the
 * stack does), on the real PostgreSQL and SQS wire. Wallets' internal reads (`_wallet`, `_fxQuote`, `_usdEquivalent`)
 * come from FakeWallets: a small HTTP GraphQL server implementing exactly that contract (a test double for a sibling
 * service, so that these tests need no ledger).
 */
export interface World extends SubgraphHarness<PaymentsConfig> {
  payments: RunningService;
  users: RunningService;
  accounts: RunningService;
  wallets: FakeWallets;
  /** Fraud's decision and wallets' transfer, the calls that settle a P2P payment in its request. */
  settlement: FakeSettlement;
  /** A second ORM on the payments database, for driving services and workers directly. */
  orm(): Promise<MikroORM>;
  stop(): Promise<void>;
}

export async function startWorld(overrides: Env = {}, deps: PaymentsDeps = {}): Promise<World> {
  const env = testEnv({
    SQS_WAIT_TIME_SECONDS: '1',
    OUTBOX_POLL_INTERVAL_MS: '50',
    PASSWORD_SCRYPT_LOG_N: '10',
    REGISTER_MAX_PER_IP: '100000',
    SIGNING_KEY_PUBLISH_DELAY_SECONDS: '0',
    CARD_FINGERPRINT_SECRET: 'test-card-fingerprint-secret-0123456789abcdef',
  });
  const users = await startUsers(parseConfig(usersConfigSchema, { ...env, USERS_PORT: '0' }));
  const accounts = await startAccounts(parseConfig(accountsConfigSchema, { ...env, ACCOUNTS_PORT: '0' }));
  const wallets = await FakeWallets.start();
  const settlement = new FakeSettlement();
  const h = await startSubgraphHarness({
    name: 'payments',
    env: {
      ...env,
      PAYMENTS_PORT: '0',
      USERS_URL: users.url,
      ACCOUNTS_URL: accounts.url,
      WALLETS_URL: wallets.url,
      PSP_WORKER_POLL_MS: '25',
      PSP_RETRY_BASE_MS: '20',
      ...overrides,
    },
    configSchema: paymentsConfigSchema,
    start: (config) => start(config, { settlementPeers: settlement, ...deps }),
  });
  const { config } = h;
  let orm: MikroORM | undefined;
  return {
    ...h,
    env,
    payments: h.service,
    users,
    accounts,
    wallets,
    settlement,
    orm: async () =>
      (orm ??= await openDatabase({
        serverUrl: config.DATABASE_URL,
        dbName: `${config.DATABASE_PREFIX}payments`,
        entities,
        migrations,
        poolMax: 4,
      })),
    stop: async () => {
      await h.stop();
      await accounts.stop();
      await users.stop();
      await wallets.stop();
      await orm?.close(true);
      await dropTestDatabases(env);
    },
  };
}

// --- users and accounts, through their own GraphQL APIs -----------------------------------------------------------

export interface TestUser {
  id: string;
  email: string;
}

export async function registerUser(w: World, displayName = 'Test User'): Promise<TestUser> {
  const email = `${displayName.toLowerCase().replace(/\W+/g, '.')}.${uuidv7().slice(-12)}@example.com`;
  const res = await callSubgraph<any>(
    w.users.url,
    `mutation ($input: RegisterInput!) { register(input: $input) { user { id email } userErrors { code message } } }`,
    { input: { email, password: 'correct horse battery staple', displayName } },
    { userId: null },
  );
  const user = res.data?.register?.user;
  if (!user) throw new Error(`register failed: ${JSON.stringify(res)}`);
  return user;
}

export async function linkCard(w: World, userId: string, number = '4242424242424242'): Promise<string> {
  const res = await callSubgraph<any>(
    w.accounts.url,
    `mutation ($input: LinkCardInput!) { linkCard(input: $input) { fundingInstrument { id } userErrors { code message } } }`,
    { input: { number, expMonth: 12, expYear: new Date().getUTCFullYear() + 2, cvc: '123' } },
    { userId, roles: ['USER'] },
  );
  const id = res.data?.linkCard?.fundingInstrument?.id;
  if (!id) throw new Error(`linkCard failed: ${JSON.stringify(res)}`);
  return id;
}

export async function removeCard(w: World, userId: string, id: string): Promise<void> {
  await callSubgraph(w.accounts.url, `mutation ($id: ID!) { removeFundingInstrument(input: { id: $id }) { removedId } }`, { id }, { userId, roles: ['USER'] });
}

export async function verifyKyc(w: World, userId: string): Promise<void> {
  const res = await callSubgraph<any>(
    w.accounts.url,
    `mutation ($input: SubmitKycInput!) { submitKyc(input: $input) { kyc { status } userErrors { code message } } }`,
    {
      input: {
        legalName: 'Ada Lovelace',
        dateOfBirth: '1990-12-10',
        country: 'GB',
        addressLine1: '12 St James Square',
        city: 'London',
        postalCode: 'SW1Y 4JH',
        documentNumber: `P${userId.slice(-10)}`,
      },
    },
    { userId, roles: ['USER'] },
  );
  if (res.data?.submitKyc?.kyc?.status !== 'VERIFIED') throw new Error(`KYC failed: ${JSON.stringify(res)}`);
}

// --- the backbone ----------------------------------------------------------------------------------------------------

export function envelope<T extends EventType>(type: T, source: string, aggregateId: string, data: EventData<T>): EventEnvelope<T> {
  const id = uuidv7();
  return {
    id,
    type,
    version: 1,
    source,
    occurredAt: new Date().toISOString(),
    aggregateId,
    correlationId: id,
    causationId: null,
    trace: {},
    data,
  };
}

/** A Transaction* event of the saga of `paymentId` (transactionId: one per payment in these tests). */
export function transactionEvent<T extends 'TransactionStarted' | 'TransactionCompleted' | 'TransactionFailed' | 'TransactionOnHold'>(
  type: T,
  payment: PaymentRow,
  extra: Partial<EventData<T>> = {},
): EventEnvelope<T> {
  const transactionId = transactionIdFor(payment.id);
  const at = new Date().toISOString();
  const base = { transactionId, paymentId: payment.id, at };
  const data = {
    TransactionStarted: base,
    TransactionCompleted: {
      ...base,
      kind: payment.kind,
      senderId: payment.sender_id,
      recipientId: payment.recipient_id,
      amount: { minor: String(payment.amount), currency: payment.currency },
      journalEntryId: newId('jnl'),
    },
    TransactionFailed: { ...base, reason: 'INSUFFICIENT_FUNDS', message: 'Not enough money' },
    TransactionOnHold: { ...base, reason: 'RISK_REVIEW', caseId: newId('rvc') },
  }[type];
  return envelope(type, 'transactions', transactionId, { ...data, ...extra } as EventData<T>);
}

/** A stable transaction id per payment: `txn_` + the payment id's hex. */
export const transactionIdFor = (paymentId: string) => `txn_${paymentId.slice(4)}`;

export { consumed, deliver } from '@paygraph/platform/testing';

export const eventually = <T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> => eventuallyEvery(fn, timeoutMs, 25);

// --- reading payments' state -----------------------------------------------------------------------------------------

export interface PaymentRow {
  id: string;
  kind: string;
  status: string;
  failure_reason: string | null;
  sender_id: string;
  recipient_id: string;
  amount: string;
  currency: string;
  [column: string]: unknown;
}

export const paymentsOf = (w: World, senderId: string) =>
  w.sql<PaymentRow>(`select * from payment where sender_id = $1 order by id`, [senderId]);
export const paymentRow = async (w: World, id: string) => (await w.sql<PaymentRow>(`select * from payment where id = $1`, [id]))[0];
export const eventsOf = (w: World, type: string, paymentId: string) =>
  w.sql<{ envelope: EventEnvelope<any> }>(`select envelope from outbox where type = $1 and aggregate_id = $2 order by id`, [type, paymentId]).then(
    (rows) => rows.map((r) => r.envelope),
  );
/** Every trace a user's attempts could leave: payments, their events, idempotency keys. */
export async function footprint(w: World, userId: string): Promise<{ payments: number; events: number; keys: number }> {
  const [row] = await w.sql<{ payments: number; events: number; keys: number }>(
    `select (select count(*) from payment where sender_id = $1)::int as payments,
            (select count(*) from outbox where envelope->'data'->>'senderId' = $1)::int as events,
            (select count(*) from idempotency_key where user_id = $1)::int as keys`,
    [userId],
  );
  return row!;
}

export const PAYMENT_FIELDS = `id kind status failureReason amount { amount currency } sender { id } recipient { id } note createdAt updatedAt`;
export const SEND_MONEY = `mutation ($input: SendMoneyInput!) { sendMoney(input: $input) { payment { ${PAYMENT_FIELDS} } userErrors { code field message } } }`;
export const ADD_FUNDS = `mutation ($input: AddFundsInput!) { addFunds(input: $input) { payment { ${PAYMENT_FIELDS} } userErrors { code field message } } }`;
export const CONVERT = `mutation ($input: ConvertCurrencyInput!) { convertCurrency(input: $input) { payment { ${PAYMENT_FIELDS} } userErrors { code field message } } }`;
export const PAYMENT = `query ($id: ID!) { payment(id: $id) { ${PAYMENT_FIELDS} } }`;

export const key = () => `key-${uuidv7()}`;

// --- wallets' internal reads, as a test double ---------------------------------------------------------------------------

export interface FakeQuote {
  id: string;
  ownerId: string;
  source: { amount: bigint; currency: string };
  target: { amount: bigint; currency: string };
  expiresAt: Date;
  used: boolean;
}

/** USD minor units per 1 000 000 minor units of each currency (EUR 1.10, GBP 1.25, JPY 0.0067). */
const USD_PER_MILLION_MINOR: Record<string, bigint> = { USD: 1_000_000n, EUR: 1_100_000n, GBP: 1_250_000n, JPY: 670_000n };

/**
 * Implements wallets' internal contract (`_wallet`, `_fxQuote`, `_usdEquivalent`, as in subgraphs/wallets/schema.graphql)
 * over HTTP with the same signed-identity check a subgraph makes; the tests put wallets and quotes in it.
 */
export class FakeWallets {
  readonly walletsById = new Map<string, { id: string; ownerId: string; currency: string }>();
  readonly quotes = new Map<string, FakeQuote>();
  readonly callers: string[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeWallets> {
    const schema = buildSchema(`
      type Money { amount: String! currency: String! }
      type InternalWallet { id: ID! ownerId: ID! currency: String! }
      type InternalFxQuote { id: ID! ownerId: ID! rate: String! sourceAmount: Money! targetAmount: Money! expiresAt: String! expired: Boolean! used: Boolean! }
      type Query {
        _wallet(id: ID!): InternalWallet
        _fxQuote(id: ID!): InternalFxQuote
        _usdEquivalent(amount: String!, currency: String!): String
      }`);
    const verifier = new IdentityVerifier(TEST_INTERNAL_SECRET, TRUSTED_CALLERS);
    let self: FakeWallets;
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
      const identity = await verifier.verify(req.headers[IDENTITY_HEADER] as string).catch(() => null);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (!identity || identity.issuer === 'gateway') {
        res.end(JSON.stringify({ errors: [{ message: 'Internal query', extensions: { code: 'FORBIDDEN' } }] }));
        return;
      }
      self.callers.push(identity.issuer);
      const rootValue = {
        _wallet: ({ id }: { id: string }) => self.walletsById.get(id) ?? null,
        _fxQuote: ({ id }: { id: string }) => {
          const q = self.quotes.get(id);
          if (!q) return null;
          return {
            id: q.id,
            ownerId: q.ownerId,
            rate: '0',
            sourceAmount: { amount: formatAmount(q.source.amount, q.source.currency), currency: q.source.currency },
            targetAmount: { amount: formatAmount(q.target.amount, q.target.currency), currency: q.target.currency },
            expiresAt: q.expiresAt.toISOString(),
            expired: q.expiresAt.getTime() <= Date.now(),
            used: q.used,
          };
        },
        _usdEquivalent: ({ amount, currency }: { amount: string; currency: string }) => {
          const rate = USD_PER_MILLION_MINOR[currency];
          if (!rate) return null;
          return ((BigInt(amount) * rate + 999_999n) / 1_000_000n).toString();
        },
      };
      res.end(JSON.stringify(await graphql({ schema, source: body.query, variableValues: body.variables, rootValue })));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self = new FakeWallets(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    return self;
  }

  openWallet(ownerId: string, currency: string): string {
    const id = newId('wal');
    this.walletsById.set(id, { id, ownerId, currency });
    return id;
  }

  quote(ownerId: string, over: Partial<FakeQuote> = {}): FakeQuote {
    const q: FakeQuote = {
      id: newId('fxq'),
      ownerId,
      source: { amount: 100_00n, currency: 'USD' },
      target: { amount: 90_50n, currency: 'EUR' },
      expiresAt: new Date(Date.now() + 60_000),
      used: false,
      ...over,
    };
    this.quotes.set(q.id, q);
    return q;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}


// --- fraud's and wallets' internal commands, as a test double ----------------------------------------------------------

/**
 * What fraud's `decide` and wallets' `transfer` promise payments: the first answer per transaction, repeated to every
 * later call. The tests choose the answers (`decision`, `transferStatus`) and can take both owners down (`down`).
 */
export class FakeSettlement implements SettlementPeers {
  decision: RiskDecisionView['decision'] = 'APPROVE';
  transferStatus: TransferView['status'] = 'TRANSFERRED';
  down = false;
  readonly decisions = new Map<string, RiskDecisionView>();
  readonly transfers = new Map<string, TransferView>();
  readonly calls: { command: 'decide' | 'transfer'; transactionId: string }[] = [];

  async decide(req: MovementRequest & { at: string }): Promise<RiskDecisionView> {
    this.calls.push({ command: 'decide', transactionId: req.transactionId });
    if (this.down) throw errors.unavailable('fraud');
    let answer = this.decisions.get(req.transactionId);
    if (!answer) {
      answer = { assessmentId: newId('rsk'), decision: this.decision, score: this.decision === 'APPROVE' ? 5 : 80, caseId: this.decision === 'REVIEW' ? newId('rvc') : null };
      this.decisions.set(req.transactionId, answer);
    }
    return answer;
  }

  async transfer(req: MovementRequest): Promise<TransferView> {
    this.calls.push({ command: 'transfer', transactionId: req.transactionId });
    if (this.down) throw errors.unavailable('wallets');
    let answer = this.transfers.get(req.transactionId);
    if (!answer) {
      const moved = this.transferStatus === 'TRANSFERRED';
      answer = {
        status: this.transferStatus,
        journalEntryId: moved ? newId('jnl') : null,
        senderWalletId: this.transferStatus === 'WALLET_NOT_FOUND' ? null : newId('wal'),
        recipientWalletId: moved ? newId('wal') : null,
      };
      this.transfers.set(req.transactionId, answer);
    }
    return answer;
  }

  reset(): void {
    this.decision = 'APPROVE';
    this.transferStatus = 'TRANSFERRED';
    this.down = false;
  }
}
