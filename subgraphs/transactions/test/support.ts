import { catalog, producersOf, type EventData, type EventType } from '@paygraph/events';
import type { Env } from '@paygraph/platform/config';
import { inTransaction, openDatabase, type MikroORM } from '@paygraph/platform/db';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { startSubgraphHarness, testEnv, type SubgraphHarness } from '@paygraph/platform/testing';
import { Outbox, type EventEnvelope, type EventHandler } from '@paygraph/platform/events';
import { createLogger } from '@paygraph/platform/logger';
import { transactionsConfigSchema, type TransactionsConfig } from '../src/config.js';
import { entities, migrations } from '../src/database.js';
import { sagaBatchHandler, sagaHandlers } from '../src/events/saga.consumer.js';
import { SagaService } from '../src/services/saga.service.js';
import { WalletDirectory, type WalletInfo, type WalletSource } from '../src/services/wallet-directory.js';
import { start, type TransactionsDeps } from '../src/server.js';

export { consumed, deliver, eventually, queueDrained } from '@paygraph/platform/testing';

export interface Harness extends SubgraphHarness<TransactionsConfig> {
  /** A second ORM on the service's database, to run the consumer's handlers directly (as the consumer would). */
  orm: MikroORM;
  wallets: FakeWalletSource;
  /** Applies one event in its own transaction with the service's handlers, bypassing SQS and the inbox. */
  handle(event: EventEnvelope): Promise<void>;
  /** Applies a received batch in one transaction with the service's batch handler, as the consumer would. */
  handleBatch(events: EventEnvelope[]): Promise<void>;
}

/** Wallets' `_wallet` read, as a table the test fills (and counts calls to). */
export class FakeWalletSource implements WalletSource {
  readonly known = new Map<string, Omit<WalletInfo, 'walletId'>>();
  calls = 0;
  async wallet(walletId: string) {
    this.calls++;
    return this.known.get(walletId) ?? null;
  }
}

export async function startHarness(overrides: Env = {}, deps: TransactionsDeps = {}): Promise<Harness> {
  const env = testEnv({
    TRANSACTIONS_PORT: '0',
    SQS_WAIT_TIME_SECONDS: '1',
    OUTBOX_POLL_INTERVAL_MS: '50',
    SAGA_TIMEOUT_SWEEP_INTERVAL_MS: '50',
    ...overrides,
  });
  const wallets = new FakeWalletSource();
  const h = await startSubgraphHarness({
    name: 'transactions',
    env,
    configSchema: transactionsConfigSchema,
    start: (config) => start(config, { walletSource: wallets, ...deps }),
  });
  const { config } = h;
  const orm = await openDatabase({ serverUrl: config.DATABASE_URL, dbName: `${config.DATABASE_PREFIX}transactions`, entities, migrations, poolMax: 30 });
  const logger = createLogger('test', 'silent');
  const saga = new SagaService(
    orm,
    new Outbox('transactions'),
    new WalletDirectory(wallets),
    { stepTimeoutMs: config.SAGA_STEP_TIMEOUT_MS, riskMaxWaitMs: config.SAGA_RISK_MAX_WAIT_MS },
    logger,
    deps.clock,
  );
  const handlers = sagaHandlers(saga);
  const batchHandler = sagaBatchHandler(saga, handlers);
  return {
    ...h,
    orm,
    wallets,
    handle: (event) =>
      inTransaction(orm, async (em) => {
        const handler = handlers[event.type] as EventHandler<EventType>;
        await handler(event, em);
      }),
    handleBatch: (events) => inTransaction(orm, (em) => batchHandler(events, em)),
    stop: async () => {
      await h.stop();
      await orm.close();
    },
  };
}

export function envelope<T extends EventType>(type: T, aggregateId: string, data: EventData<T>): EventEnvelope<T> {
  const id = uuidv7();
  return {
    id,
    type,
    version: catalog[type].version,
    source: producersOf(type)[0]!,
    occurredAt: new Date().toISOString(),
    aggregateId,
    correlationId: id,
    causationId: null,
    trace: {},
    data,
  };
}

/** The same event again under a new event id (a producer that emitted it twice): the inbox cannot catch it. */
export function copyOf<T extends EventType>(event: EventEnvelope<T>): EventEnvelope<T> {
  return { ...event, id: uuidv7() };
}

export type PaymentKind = EventData<'PaymentInitiated'>['kind'];

/** A PaymentInitiated as payments would emit it (aggregate: the payment). */
export function paymentInitiated(
  kind: PaymentKind,
  overrides: Partial<EventData<'PaymentInitiated'>> = {},
): EventEnvelope<'PaymentInitiated'> {
  const senderId = overrides.senderId ?? newId('usr');
  const self = kind === 'ADD_FUNDS' || kind === 'CONVERSION';
  const data: EventData<'PaymentInitiated'> = {
    paymentId: newId('pay'),
    kind,
    senderId,
    recipientId: self ? senderId : newId('usr'),
    amount: { minor: '2500', currency: 'USD' },
    targetAmount: kind === 'CONVERSION' ? { minor: '2290', currency: 'EUR' } : null,
    quoteId: kind === 'CONVERSION' ? newId('fxq') : null,
    fundingInstrumentId: kind === 'ADD_FUNDS' ? newId('fi') : null,
    targetWalletId: null,
    note: null,
    createdAt: new Date().toISOString(),
    ...overrides,
  };
  return envelope('PaymentInitiated', data.paymentId, data);
}

export interface TxnRow {
  id: string;
  payment_id: string;
  status: string;
  failure_reason: string | null;
  hold_id: string | null;
  journal_entry_id: string | null;
  version: number;
  deadline_at: Date | null;
  [key: string]: unknown;
}

export const transactionOf = async (h: Harness, paymentId: string): Promise<TxnRow | undefined> =>
  (await h.sql<TxnRow>('select * from "transaction" where payment_id = $1', [paymentId]))[0];

/** The commands the saga wrote to its outbox for one transaction, in order. */
export const commandsOf = async (h: Harness, transactionId: string): Promise<{ type: string; data: any; aggregateId: string }[]> =>
  (await h.sql(`select type, envelope, aggregate_id from outbox where aggregate_id = $1 order by id`, [transactionId])).map((r) => ({
    type: r.type,
    data: r.envelope.data,
    aggregateId: r.aggregate_id,
  }));

export const stepsOf = async (h: Harness, transactionId: string): Promise<string[]> =>
  (await h.sql(`select name, status from transaction_step where transaction_id = $1 order by id`, [transactionId])).map((r) => `${r.name}:${r.status}`);

/** The saga events other services send back, for a transaction. */
export function saga(txn: { id: string; payment_id: string }) {
  const ref = { transactionId: txn.id, paymentId: txn.payment_id };
  const at = () => new Date().toISOString();
  return {
    riskAssessed: (decision: 'APPROVE' | 'REVIEW' | 'DECLINE', caseId: string | null = decision === 'REVIEW' ? newId('rvc') : null) =>
      envelope('RiskAssessed', txn.id, { ...ref, assessmentId: newId('rsk'), score: decision === 'APPROVE' ? 5 : 80, decision, reasons: [], caseId, at: at() }),
    reviewResolved: (decision: 'APPROVE' | 'DECLINE', caseId = newId('rvc')) =>
      envelope('ReviewResolved', txn.id, { ...ref, caseId, assessmentId: newId('rsk'), decision, resolvedBy: newId('usr'), at: at() }),
    fundsReserved: (holdId: string, walletId = newId('wal'), amount = { minor: '2500', currency: 'USD' }) =>
      envelope('FundsReserved', txn.id, { ...ref, holdId, walletId, amount, at: at() }),
    reservationFailed: (reason: 'INSUFFICIENT_FUNDS' | 'WALLET_NOT_FOUND' = 'INSUFFICIENT_FUNDS') =>
      envelope('FundsReservationFailed', txn.id, { ...ref, reason, available: { minor: '100', currency: 'USD' }, at: at() }),
    captured: (holdId: string, journalEntryId = newId('jnl')) => envelope('FundsCaptured', txn.id, { ...ref, holdId, journalEntryId, at: at() }),
    /** A P2P payment's one-step transfer, as wallets reports it (with the wallet the money left). */
    transferred: (holdId: string, walletId = newId('wal'), journalEntryId = newId('jnl')) =>
      envelope('FundsCaptured', txn.id, { ...ref, holdId, journalEntryId, walletId, at: at() }),
    captureFailed: (holdId: string, reason: 'HOLD_NOT_ACTIVE' | 'QUOTE_EXPIRED') => envelope('FundsCaptureFailed', txn.id, { ...ref, holdId, reason, at: at() }),
    released: (holdId: string, reason = 'RELEASED') => envelope('FundsReleased', txn.id, { ...ref, holdId, reason, at: at() }),
    chargeSucceeded: (pspReference = 'psp_ref_1', amount = { minor: '2500', currency: 'USD' }) =>
      envelope('PaymentChargeSucceeded', txn.payment_id, { ...ref, pspReference, amount, at: at() }),
    chargeFailed: (reason: 'CARD_DECLINED' | 'PSP_ERROR' = 'CARD_DECLINED') =>
      envelope('PaymentChargeFailed', txn.payment_id, { ...ref, reason, message: 'Your card was declined', at: at() }),
    credited: (walletId: string, journalEntryId = newId('jnl'), amount = { minor: '2500', currency: 'USD' }) =>
      envelope('FundsCredited', txn.id, { ...ref, walletId, journalEntryId, amount, at: at() }),
  };
}
