import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@paygraph/platform/db';
import { inTransaction } from '@paygraph/platform/db';
import { newId } from '@paygraph/platform/ids';
import type { Logger } from '@paygraph/platform/logger';
import type { Outbox } from '@paygraph/platform/events';
import { Transaction } from '../entities/transaction.entity.js';
import { TransactionStep } from '../entities/transaction-step.entity.js';
import type { EventData } from '@paygraph/events';
import {
  checkoutTransaction,
  refundTransaction,
  settledTransaction,
  startSaga,
  transition,
  type PaymentSettledData,
  type PaymentInitiatedData,
  type SagaClock,
  type SagaInput,
  type SagaState,
  type StepRecord,
  type Transition,
} from '../domain/saga/index.js';
import type { WalletDirectory } from './wallet-directory.js';

export interface SagaTimeouts {
  stepTimeoutMs: number;
  riskMaxWaitMs: number;
}

/** A movement settled in its request, as the history records it. */
export interface SettledMovement {
  state: SagaState;
  steps: StepRecord[];
  /** The wallets it moved money between, with their owners (the history's directory learns them). */
  wallets: { walletId: string; ownerId: string }[];
}

export function settled(data: PaymentSettledData): SettledMovement {
  return { ...settledTransaction(data), wallets: data.wallets };
}

export function refunded(data: EventData<'RefundSettled'>): SettledMovement {
  return { ...refundTransaction(data), wallets: data.wallets };
}

/** The transaction table's column per entity property (the ORM's naming), read once per metadata. */
const columnsByMetadata = new WeakMap<object, Map<string, string>>();
function transactionColumns(em: EntityManager): Map<string, string> {
  const meta = em.getMetadata().get(Transaction);
  let columns = columnsByMetadata.get(meta);
  if (!columns) {
    columns = new Map(Object.values(meta.properties).map((prop) => [prop.name, prop.fieldNames[0]!]));
    columnsByMetadata.set(meta, columns);
  }
  return columns;
}

/** Which transaction an event is about (every saga event carries both ids). */
export interface SagaRef {
  transactionId: string;
  paymentId: string;
}

export class UnknownTransactionError extends Error {
  override name = 'UnknownTransactionError';
}

/**
 * Runs the saga against the database: load FOR UPDATE, apply the pure machine, write state + step log + commands
 * (outbox, aggregate = the transaction) in the caller's transaction. The row lock serialises everything that happens
 * to one transaction (events of different producers, the timeout worker), so the machine always sees the latest state.
 */
export class SagaService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: Outbox,
    private readonly wallets: WalletDirectory,
    private readonly timeouts: SagaTimeouts,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private sagaClock(): SagaClock {
    return { now: this.clock(), ...this.timeouts };
  }

  /** PaymentInitiated: one Transaction per payment, however often the event arrives. Returns the transaction id. */
  async start(em: EntityManager, payment: PaymentInitiatedData): Promise<string> {
    const clock = this.sagaClock();
    let result = startSaga(payment.transactionId ?? newId('txn'), payment, clock);
    if (payment.risk) {
      // Handed over by payments after fraud answered REVIEW in the request: that answer is the saga's first input.
      const next = transition(result.state, { type: 'RiskAssessed', ...payment.risk }, clock);
      result = { ...next, commands: [...result.commands, ...next.commands], steps: [...result.steps, ...next.steps], notes: [...result.notes, ...next.notes], changed: true };
    }
    // The unique payment id decides: a concurrent delivery of the same payment (even under another event id) waits on
    // the index entry until this transaction ends, then inserts nothing and finds the row that won.
    const inserted = await em
      .createQueryBuilder(Transaction)
      .insert(toRow(result.state))
      .onConflict(['paymentId'])
      .ignore()
      .execute('run');
    if (inserted.affectedRows === 0) {
      const existing = await em.findOneOrFail(Transaction, { paymentId: payment.paymentId }, { fields: ['id'] });
      return existing.id;
    }
    this.write(em, result.state.transactionId, result);
    await em.flush();
    return result.state.transactionId;
  }

  /**
   * PaymentSettled: a P2P payment settled in the request becomes its history row and step log, once (the unique
   * payment id, as for `start`), and the wallets it names are learnt. No saga runs and no command is written.
   */
  async recordSettled(em: EntityManager, data: PaymentSettledData): Promise<boolean> {
    return (await this.recordInRequest(em, [settled(data)])) > 0;
  }

  /** RefundSettled: a refund settled in its request, recorded the same way (its own row, kind REFUND). */
  async recordRefund(em: EntityManager, data: EventData<'RefundSettled'>): Promise<boolean> {
    return (await this.recordInRequest(em, [refunded(data)])) > 0;
  }

  /** CheckoutUpdated: a captured checkout's payment, recorded the same way (kind CHECKOUT); other statuses moved nothing. */
  async recordCheckout(em: EntityManager, data: EventData<'CheckoutUpdated'>): Promise<boolean> {
    const movement = checkoutTransaction(data);
    return movement ? (await this.recordInRequest(em, [{ ...movement, wallets: data.wallets }])) > 0 : false;
  }

  /**
   * Movements settled in their requests (PaymentSettled, RefundSettled), many in one statement: the rows of those
   * not recorded yet, their step logs and the wallets they name. Returns how many rows were new. A projection's
   * batch costs one round trip whatever its size.
   */
  async recordInRequest(em: EntityManager, batch: SettledMovement[]): Promise<number> {
    // A redelivered event can sit in the same batch as its first copy: keep one, or its steps would be written twice.
    const movements = [...new Map(batch.map((m) => [m.state.paymentId, m])).values()];
    if (movements.length === 0) return 0;
    const columns = transactionColumns(em);
    const rows = movements.map(({ state }) => {
      const row: Record<string, unknown> = { [columns.get('version')!]: 1 };
      for (const [property, value] of Object.entries(toRow(state))) {
        row[columns.get(property)!] = typeof value === 'bigint' ? value.toString() : value instanceof Date ? value.toISOString() : value;
      }
      return row;
    });
    const steps = movements.flatMap(({ state, steps }) =>
      steps.map((step) => ({ transaction_id: state.transactionId, name: step.name, status: step.status, at: step.at.toISOString() })),
    );
    const wallets = movements.flatMap(({ state, wallets }) =>
      wallets.map((w) => ({ transaction_id: state.transactionId, wallet_id: w.walletId, owner_id: w.ownerId, currency: state.amount.currency })),
    );
    const inserted = await em.execute<{ id: string }[]>(
      `with inserted as (
         insert into "transaction" select * from jsonb_populate_recordset(null::"transaction", ?::jsonb)
         on conflict (payment_id) do nothing returning id
       ), steps as (
         insert into transaction_step (transaction_id, name, status, at)
         select s.transaction_id, s.name, s.status, s.at
         from rows from (jsonb_to_recordset(?::jsonb) as (transaction_id text, name text, status text, at timestamptz))
           with ordinality as s(transaction_id, name, status, at, ord)
         join inserted on inserted.id = s.transaction_id
         order by s.ord
       ), wallets as (
         insert into wallet_ref (wallet_id, owner_id, currency, learned_at)
         select distinct on (w.wallet_id) w.wallet_id, w.owner_id, w.currency, now()
         from jsonb_to_recordset(?::jsonb) as w(transaction_id text, wallet_id text, owner_id text, currency text)
         join inserted on inserted.id = w.transaction_id
         order by w.wallet_id
         on conflict (wallet_id) do nothing
       )
       select id from inserted`,
      [JSON.stringify(rows), JSON.stringify(steps), JSON.stringify(wallets)],
    );
    return inserted.length;
  }

  /** Any other saga input, from an event handler (with the handler's transaction) or the timeout worker. */
  async advance(em: EntityManager, ref: SagaRef, input: SagaInput): Promise<Transition> {
    const txn = await em.findOne(Transaction, { id: ref.transactionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!txn) throw new UnknownTransactionError(`No transaction ${ref.transactionId} (event ${input.type})`);
    if (txn.paymentId !== ref.paymentId) {
      throw new UnknownTransactionError(`Transaction ${ref.transactionId} belongs to ${txn.paymentId}, not ${ref.paymentId}`);
    }
    return this.apply(em, txn, input);
  }

  private async apply(em: EntityManager, txn: Transaction, input: SagaInput): Promise<Transition> {
    const result = transition(toState(txn), input, this.sagaClock());
    for (const note of result.notes) {
      this.logger.warn({ transactionId: txn.id, paymentId: txn.paymentId, input: input.type }, `saga: ${note}`);
    }
    if (!result.changed && result.commands.length === 0) return result;
    if (result.changed) em.assign(txn, { ...toRow(result.state), version: txn.version + 1 });
    this.write(em, txn.id, result);
    await em.flush();
    return result;
  }

  private write(em: EntityManager, transactionId: string, result: Transition): void {
    for (const step of result.steps) {
      em.create(TransactionStep, { transactionId, name: step.name, status: step.status, at: step.at }, { persist: true });
    }
    for (const command of result.commands) {
      this.outbox.emit(em, command.type, transactionId, command.data as never);
    }
    if (result.state.status !== 'PROCESSING' || result.commands.length > 0) {
      this.logger.debug({ transactionId, status: result.state.status, commands: result.commands.map((c) => c.type) }, 'saga advanced');
    }
  }

  /** Learns a wallet's owner and currency from an event that names it (see WalletDirectory). */
  async learnWallet(em: EntityManager, walletId: string, ownerId: string, currency: string): Promise<void> {
    await this.wallets.remember(em, { walletId, ownerId, currency });
  }

  /**
   * The timeout worker's sweep: transactions whose deadline has passed get a Tick, one database transaction per batch,
   * with SKIP LOCKED so replicas (and event handlers holding a row) never wait on each other.
   */
  async sweepTimeouts(batchSize: number): Promise<{ claimed: number; changed: number }> {
    const now = this.clock();
    return inTransaction(this.orm, async (em) => {
      const due = await em.find(
        Transaction,
        { deadlineAt: { $lte: now } },
        { orderBy: { deadlineAt: 'asc' }, limit: batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      let changed = 0;
      for (const txn of due) {
        const result = await this.apply(em, txn, { type: 'Tick' });
        if (!result.changed) continue;
        changed++;
        this.logger.info(
          { transactionId: txn.id, status: result.state.status, reason: result.state.failureReason, commands: result.commands.map((c) => c.type) },
          'saga deadline passed',
        );
      }
      return { claimed: due.length, changed };
    });
  }
}

export function toState(t: Transaction): SagaState {
  return {
    transactionId: t.id,
    paymentId: t.paymentId,
    kind: t.kind,
    senderId: t.senderId,
    recipientId: t.recipientId,
    amount: { minor: BigInt(t.amountMinor), currency: t.currency },
    targetAmount:
      t.targetAmountMinor !== null && t.targetAmountMinor !== undefined && t.targetCurrency
        ? { minor: BigInt(t.targetAmountMinor), currency: t.targetCurrency }
        : null,
    quoteId: t.quoteId ?? null,
    fundingInstrumentId: t.fundingInstrumentId ?? null,
    targetWalletId: t.targetWalletId ?? null,
    status: t.status,
    failureReason: t.failureReason ?? null,
    failureMessage: t.failureMessage ?? null,
    riskDecision: t.riskDecision ?? null,
    riskAssessmentId: t.riskAssessmentId ?? null,
    reviewCaseId: t.reviewCaseId ?? null,
    reviewDecision: t.reviewDecision ?? null,
    reservation: t.reservationStatus,
    reservationFailure: t.reservationFailure ?? null,
    reservationRequestedAt: t.reservationRequestedAt ?? null,
    holdId: t.holdId ?? null,
    hold: t.holdStatus,
    sourceWalletId: t.sourceWalletId ?? null,
    capture: t.captureStatus,
    captureFailure: t.captureFailure ?? null,
    captureRequestedAt: t.captureRequestedAt ?? null,
    release: t.releaseStatus,
    charge: t.chargeStatus,
    chargeFailure: t.chargeFailure ?? null,
    pspReference: t.pspReference ?? null,
    credit: t.creditStatus,
    creditedWalletId: t.creditedWalletId ?? null,
    journalEntryId: t.journalEntryId ?? null,
    createdAt: t.createdAt,
    startedAt: t.startedAt,
    updatedAt: t.updatedAt,
    deadlineAt: t.deadlineAt ?? null,
  };
}

function toRow(s: SagaState) {
  return {
    id: s.transactionId,
    paymentId: s.paymentId,
    kind: s.kind,
    senderId: s.senderId,
    recipientId: s.recipientId,
    amountMinor: s.amount.minor,
    currency: s.amount.currency,
    targetAmountMinor: s.targetAmount?.minor ?? null,
    targetCurrency: s.targetAmount?.currency ?? null,
    quoteId: s.quoteId,
    fundingInstrumentId: s.fundingInstrumentId,
    targetWalletId: s.targetWalletId,
    status: s.status,
    failureReason: s.failureReason,
    failureMessage: s.failureMessage,
    riskDecision: s.riskDecision,
    riskAssessmentId: s.riskAssessmentId,
    reviewCaseId: s.reviewCaseId,
    reviewDecision: s.reviewDecision,
    reservationStatus: s.reservation,
    reservationFailure: s.reservationFailure,
    reservationRequestedAt: s.reservationRequestedAt,
    holdId: s.holdId,
    holdStatus: s.hold,
    sourceWalletId: s.sourceWalletId,
    captureStatus: s.capture,
    captureFailure: s.captureFailure,
    captureRequestedAt: s.captureRequestedAt,
    releaseStatus: s.release,
    chargeStatus: s.charge,
    chargeFailure: s.chargeFailure,
    pspReference: s.pspReference,
    creditStatus: s.credit,
    creditedWalletId: s.creditedWalletId,
    journalEntryId: s.journalEntryId,
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    updatedAt: s.updatedAt,
    deadlineAt: s.deadlineAt,
  };
}
