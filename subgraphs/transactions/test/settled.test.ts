import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@paygraph/platform/ids';
import { dropTestDatabases } from '@paygraph/platform/testing';
import type { EventData } from '@paygraph/events';
import { commandsOf, copyOf, envelope, paymentInitiated, startHarness, stepsOf, transactionOf, type Harness } from './support.js';

/**
 * P2P payments settled in their request (DESIGN.md §4) reach transactions as one PaymentSettled: it becomes the
 * history row and step log a saga would have ended with, once, and starts no saga. A payment fraud sent to review is
 * handed over with its decision: the saga adopts it and holds the funds without asking fraud again.
 */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

function settled(over: Partial<EventData<'PaymentSettled'>> = {}) {
  const senderId = newId('usr');
  const recipientId = newId('usr');
  const data: EventData<'PaymentSettled'> = {
    paymentId: newId('pay'),
    transactionId: newId('txn'),
    kind: 'P2P',
    status: 'COMPLETED',
    failureReason: null,
    senderId,
    recipientId,
    amount: { minor: '1234', currency: 'USD' },
    note: null,
    risk: { assessmentId: newId('rsk'), decision: 'APPROVE', score: 5 },
    journalEntryId: newId('jnl'),
    wallets: [
      { walletId: newId('wal'), ownerId: senderId },
      { walletId: newId('wal'), ownerId: recipientId },
    ],
    createdAt: new Date(Date.now() - 50).toISOString(),
    at: new Date().toISOString(),
    ...over,
  };
  return envelope('PaymentSettled', data.paymentId, data);
}

describe('when a P2P payment settled in its request', () => {
  it('then its transaction is COMPLETED with the journal entry and the steps of a one-step transfer, and no command is written', async () => {
    const event = settled();
    await h.handle(event);
    const txn = await transactionOf(h, event.data.paymentId);
    expect(txn).toMatchObject({
      id: event.data.transactionId,
      status: 'COMPLETED',
      kind: 'P2P',
      journal_entry_id: event.data.journalEntryId,
      risk_decision: 'APPROVE',
      source_wallet_id: event.data.wallets[0]!.walletId,
      deadline_at: null,
    });
    expect(await stepsOf(h, txn!.id)).toEqual(['RISK_ASSESSMENT:SUCCEEDED', 'FUNDS_RESERVATION:SUCCEEDED', 'FUNDS_CAPTURE:SUCCEEDED', 'COMPLETION:SUCCEEDED']);
    expect(await commandsOf(h, txn!.id)).toEqual([]);
  });

  it('then a failure keeps its reason and moved nothing, and the same event again (another id) changes nothing', async () => {
    const event = settled({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS', journalEntryId: null, wallets: [] });
    await h.handle(event);
    await h.handle({ ...event, id: '01930000-0000-7000-8000-000000000001' });
    const rows = await h.sql(`select status, failure_reason, journal_entry_id from "transaction" where payment_id = $1`, [event.data.paymentId]);
    expect(rows).toEqual([{ status: 'FAILED', failure_reason: 'INSUFFICIENT_FUNDS', journal_entry_id: null }]);
    expect(await stepsOf(h, event.data.transactionId)).toEqual(['RISK_ASSESSMENT:SUCCEEDED', 'FUNDS_RESERVATION:FAILED', 'COMPLETION:FAILED']);
  });

  it('then a decline is FAILED at the risk step', async () => {
    const event = settled({ status: 'FAILED', failureReason: 'RISK_DECLINED', risk: { assessmentId: newId('rsk'), decision: 'DECLINE', score: 100 }, journalEntryId: null, wallets: [] });
    await h.handle(event);
    expect(await stepsOf(h, event.data.transactionId)).toEqual(['RISK_ASSESSMENT:FAILED', 'COMPLETION:FAILED']);
  });
});

describe('when a received batch holds many settled payments', () => {
  it('then each is recorded once with its own steps, a copy in the same batch or one recorded before changes nothing, and a waiting payment between them starts its saga', async () => {
    const before = settled();
    await h.handle(before);
    const fresh = [settled(), settled({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS', journalEntryId: null, wallets: [] }), settled()];
    const waiting = paymentInitiated('P2P', { transactionId: newId('txn') });
    await h.handleBatch([fresh[0]!, copyOf(before), copyOf(fresh[0]!), fresh[1]!, waiting, fresh[2]!, copyOf(fresh[1]!)]);

    for (const event of [before, ...fresh]) {
      const rows = await h.sql(`select id from "transaction" where payment_id = $1`, [event.data.paymentId]);
      expect(rows).toEqual([{ id: event.data.transactionId }]);
    }
    expect(await stepsOf(h, fresh[0]!.data.transactionId)).toEqual(['RISK_ASSESSMENT:SUCCEEDED', 'FUNDS_RESERVATION:SUCCEEDED', 'FUNDS_CAPTURE:SUCCEEDED', 'COMPLETION:SUCCEEDED']);
    expect(await stepsOf(h, before.data.transactionId)).toHaveLength(4);
    expect(await stepsOf(h, fresh[1]!.data.transactionId)).toEqual(['RISK_ASSESSMENT:SUCCEEDED', 'FUNDS_RESERVATION:FAILED', 'COMPLETION:FAILED']);
    expect((await commandsOf(h, waiting.data.transactionId!)).map((c) => c.type)).toContain('TransactionStarted');
    const learnt = await h.sql(`select wallet_id, owner_id from wallet_ref where wallet_id = any($1) order by wallet_id`, [fresh[2]!.data.wallets.map((w) => w.walletId)]);
    expect(learnt).toEqual([...fresh[2]!.data.wallets].sort((a, b) => a.walletId.localeCompare(b.walletId)).map((w) => ({ wallet_id: w.walletId, owner_id: w.ownerId })));
  });
});

describe('when payments hands over a P2P payment fraud sent to review', () => {
  it('then the saga adopts its transaction id and decision: it asks for a hold at once and never for an assessment', async () => {
    const transactionId = newId('txn');
    const caseId = newId('rvc');
    const event = paymentInitiated('P2P', { transactionId, risk: { assessmentId: newId('rsk'), decision: 'REVIEW', caseId } });
    await h.handle(event);
    const txn = await transactionOf(h, event.data.paymentId);
    expect(txn).toMatchObject({ id: transactionId, risk_decision: 'REVIEW', review_case_id: caseId });
    expect((await commandsOf(h, transactionId)).map((c) => c.type)).toEqual(['TransactionStarted', 'FundsReservationRequested']);
  });
});

describe('when a refund settled in its request', () => {
  function refundSettled(over: Partial<EventData<'RefundSettled'>> = {}) {
    const senderId = newId('usr');
    const recipientId = newId('usr');
    const data: EventData<'RefundSettled'> = {
      refundId: newId('pay'),
      transactionId: newId('txn'),
      paymentId: newId('pay'),
      status: 'COMPLETED',
      failureReason: null,
      senderId,
      recipientId,
      amount: { minor: '500', currency: 'USD' },
      reason: 'damaged',
      journalEntryId: newId('jnl'),
      refundedAmount: { minor: '500', currency: 'USD' },
      paymentAmount: { minor: '1234', currency: 'USD' },
      wallets: [
        { walletId: newId('wal'), ownerId: senderId },
        { walletId: newId('wal'), ownerId: recipientId },
      ],
      createdAt: new Date(Date.now() - 50).toISOString(),
      at: new Date().toISOString(),
      ...over,
    };
    return envelope('RefundSettled', data.refundId, data);
  }

  it('then the refund is a transaction of its own, kind REFUND, once, with no risk step run and no command written', async () => {
    const event = refundSettled();
    await h.handle(event);
    await h.handle({ ...event, id: '01930000-0000-7000-8000-000000000002' });
    const rows = await h.sql(`select id, kind, status, sender_id, recipient_id, amount_minor::text as amount, journal_entry_id from "transaction" where payment_id = $1`, [event.data.refundId]);
    expect(rows).toEqual([
      {
        id: event.data.transactionId,
        kind: 'REFUND',
        status: 'COMPLETED',
        sender_id: event.data.senderId,
        recipient_id: event.data.recipientId,
        amount: '500',
        journal_entry_id: event.data.journalEntryId,
      },
    ]);
    expect(await stepsOf(h, event.data.transactionId)).toEqual(['RISK_ASSESSMENT:SKIPPED', 'FUNDS_RESERVATION:SUCCEEDED', 'FUNDS_CAPTURE:SUCCEEDED', 'COMPLETION:SUCCEEDED']);
    expect(await commandsOf(h, event.data.transactionId)).toEqual([]);
    // The refunded payment's own transaction is not touched by it.
    expect(await transactionOf(h, event.data.paymentId)).toBeUndefined();
  });

  it('then a refund the refunder could not cover is FAILED at the reservation and moved nothing', async () => {
    const event = refundSettled({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS', journalEntryId: null, wallets: [], refundedAmount: { minor: '0', currency: 'USD' } });
    await h.handle(event);
    expect(await transactionOf(h, event.data.refundId)).toMatchObject({ kind: 'REFUND', status: 'FAILED', journal_entry_id: null });
    expect(await stepsOf(h, event.data.transactionId)).toEqual(['RISK_ASSESSMENT:SKIPPED', 'FUNDS_RESERVATION:FAILED', 'COMPLETION:FAILED']);
  });
});
