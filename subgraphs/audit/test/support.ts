import type { EventData, EventType } from '@paygraph/events';
import type { Env } from '@paygraph/platform/config';
import { newId, uuidv7 } from '@paygraph/platform/ids';
import { consumed, deliver, eventually, queueDrained, startSubgraphHarness, testEnv, type SubgraphHarness } from '@paygraph/platform/testing';
import type { EventEnvelope } from '@paygraph/platform/events';
import type { Role } from '@paygraph/platform/identity';
import { auditConfigSchema, type AuditConfig } from '../src/config.js';
import { start, type AuditDeps } from '../src/server.js';

export { consumed, deliver, eventually, queueDrained };

export type Harness = SubgraphHarness<AuditConfig>;

export function startHarness(overrides: Env = {}, deps: AuditDeps = {}): Promise<Harness> {
  const env = testEnv({ AUDIT_PORT: '0', SQS_WAIT_TIME_SECONDS: '1', OUTBOX_POLL_INTERVAL_MS: '50', ...overrides });
  return startSubgraphHarness({ name: 'audit', env, configSchema: auditConfigSchema, start: (config) => start(config, deps) });
}

export const newUserId = () => newId('usr');
export const as = (...roles: Role[]) => ({ userId: newUserId(), roles });

export function envelope<T extends EventType>(type: T, source: string, aggregateId: string, data: EventData<T>, causationId: string | null = null): EventEnvelope<T> {
  const id = uuidv7();
  return {
    id,
    type,
    version: 1,
    source,
    occurredAt: new Date().toISOString(),
    aggregateId,
    correlationId: causationId ?? id,
    causationId,
    trace: { 'x-datadog-trace-id': '1234567890', 'x-datadog-parent-id': '987654321' },
    data,
  };
}

/** A card number that passes Luhn; it must never be stored. */
export const PAN = '4242 4242 4242 4242';

/**
 * Every event of one P2P payment that completes, as the services would emit them (aggregates: the payment for
 * payments' events, the transaction for the saga's, the wallets for balance changes). The note carries a card
 * number, as a careless user might type it.
 */
export function paymentStory() {
  const paymentId = newId('pay');
  const transactionId = newId('txn');
  const senderId = newUserId();
  const recipientId = newUserId();
  const holdId = newId('hld');
  const senderWallet = newId('wal');
  const recipientWallet = newId('wal');
  const amount = { minor: '2500', currency: 'USD' };
  const at = new Date().toISOString();
  const ref = { transactionId, paymentId };
  const initiated = envelope('PaymentInitiated', 'payments', paymentId, {
    paymentId, kind: 'P2P', senderId, recipientId, amount, targetAmount: null, quoteId: null, fundingInstrumentId: null,
    targetWalletId: null, note: PAN, createdAt: at,
  });
  const c = initiated.id;
  const money = (minor: string) => ({ minor, currency: 'USD' });
  const events: EventEnvelope[] = [
    initiated,
    envelope('TransactionStarted', 'transactions', transactionId, { ...ref, at }, c),
    envelope('RiskAssessmentRequested', 'transactions', transactionId, { ...ref, kind: 'P2P', senderId, recipientId, amount, fundingInstrumentId: null, at }, c),
    envelope('FundsReservationRequested', 'transactions', transactionId, { ...ref, userId: senderId, amount, at }, c),
    envelope('PaymentStatusChanged', 'payments', paymentId, { paymentId, kind: 'P2P', status: 'PROCESSING', previousStatus: 'PENDING', failureReason: null, senderId, recipientId, amount, at }, c),
    envelope('RiskAssessed', 'fraud', transactionId, { ...ref, assessmentId: newId('rsk'), score: 0, decision: 'APPROVE', reasons: [], caseId: null, at }, c),
    envelope('FundsReserved', 'wallets', transactionId, { ...ref, holdId, walletId: senderWallet, amount, at }, c),
    envelope('FundsCaptureRequested', 'transactions', transactionId, { ...ref, kind: 'P2P', holdId, senderId, recipientId, amount, quoteId: null, at }, c),
    envelope('FundsCaptured', 'wallets', transactionId, { ...ref, holdId, journalEntryId: newId('jnl'), at }, c),
    envelope('WalletBalanceChanged', 'wallets', senderWallet, { walletId: senderWallet, ownerId: senderId, balance: money('7500'), available: money('7500'), held: money('0'), at }, c),
    envelope('WalletBalanceChanged', 'wallets', recipientWallet, { walletId: recipientWallet, ownerId: recipientId, balance: money('2500'), available: money('2500'), held: money('0'), at }, c),
    envelope('TransactionCompleted', 'transactions', transactionId, { ...ref, kind: 'P2P', senderId, recipientId, amount, journalEntryId: newId('jnl'), at }, c),
    envelope('PaymentStatusChanged', 'payments', paymentId, { paymentId, kind: 'P2P', status: 'COMPLETED', previousStatus: 'PROCESSING', failureReason: null, senderId, recipientId, amount, at }, c),
  ];
  return { paymentId, transactionId, senderId, recipientId, events };
}

export const recordCount = async (h: Harness) => Number((await h.sql(`select count(*)::int as n from audit_record`))[0].n);

/** Delivers the events (in order, per aggregate FIFO) and waits until the consumer has applied them all. */
export async function deliverAll(h: Harness, events: EventEnvelope[]): Promise<void> {
  for (const e of events) await deliver(h, e);
  const ids = events.map((e) => e.id);
  await eventually(async () => {
    const [row] = await h.sql(`select count(*)::int as n from inbox where consumer = $1 and event_id = any($2::uuid[])`, [h.name, ids]);
    return row.n === new Set(ids).size;
  }, 20_000);
}

export const VERIFY = `query ($from: Int, $to: Int) { verifyAuditChain(fromSeq: $from, toSeq: $to) { ok checked firstBrokenSeq reason } }`;
export const TRAIL = `query ($id: ID!, $first: Int, $after: String) {
  auditTrail(entityId: $id, first: $first, after: $after) {
    edges { cursor node { id seq eventId eventType version source actorId entityType entityId occurredAt recordedAt correlationId causationId payload hash prevHash } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
