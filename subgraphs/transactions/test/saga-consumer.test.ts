import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@paygraph/platform/ids';
import { dropTestDatabases } from '@paygraph/platform/testing';
import {
  commandsOf,
  consumed,
  copyOf,
  deliver,
  eventually,
  paymentInitiated,
  queueDrained,
  saga,
  startHarness,
  stepsOf,
  transactionOf,
  type Harness,
  type TxnRow,
} from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

/** Delivers events over SQS one after the other, each consumed before the next goes (a realistic, ordered arrival). */
async function deliverAll(...events: Parameters<typeof deliver>[1][]): Promise<void> {
  for (const event of events) {
    await deliver(h, event);
    await eventually(() => consumed(h, event.id));
  }
}

async function started(kind: Parameters<typeof paymentInitiated>[0] = 'P2P', overrides = {}): Promise<TxnRow> {
  const event = paymentInitiated(kind, overrides);
  await deliverAll(event);
  return (await transactionOf(h, event.data.paymentId))!;
}

const types = async (txn: TxnRow) => (await commandsOf(h, txn.id)).map((c) => c.type);

describe('PaymentInitiated over SQS', () => {
  it('when a P2P payment is initiated, then a PROCESSING transaction asks for risk first (aggregate = transaction)', async () => {
    const event = paymentInitiated('P2P');
    await deliverAll(event);
    const txn = (await transactionOf(h, event.data.paymentId))!;
    expect(txn).toMatchObject({
      status: 'PROCESSING',
      kind: 'P2P',
      sender_id: event.data.senderId,
      recipient_id: event.data.recipientId,
      amount_minor: '2500',
      currency: 'USD',
      reservation_status: 'NONE',
      version: 1,
    });
    expect(txn.id).toMatch(/^txn_[0-9a-f]{32}$/);
    const commands = await commandsOf(h, txn.id);
    expect(commands.map((c) => c.type)).toEqual(['TransactionStarted', 'RiskAssessmentRequested']);
    expect(commands.every((c) => c.aggregateId === txn.id)).toBe(true);
    expect(commands[1]!.data).toMatchObject({ transactionId: txn.id, paymentId: event.data.paymentId, kind: 'P2P', senderId: event.data.senderId });
    expect(await stepsOf(h, txn.id)).toEqual(['RISK_ASSESSMENT:PENDING']);
    // The outbox carries the saga's correlation: the commands are caused by the PaymentInitiated.
    const [row] = await h.sql(`select envelope from outbox where aggregate_id = $1 order by id limit 1`, [txn.id]);
    expect(row!.envelope).toMatchObject({ causationId: event.id, correlationId: event.correlationId, source: 'transactions' });
  });

  it('when PaymentInitiated is redelivered and also re-emitted under a new event id, then one transaction and one set of commands', async () => {
    const event = paymentInitiated('P2P');
    await deliver(h, event);
    await deliver(h, event);
    await deliver(h, copyOf(event));
    await eventually(() => queueDrained(h));
    const rows = await h.sql(`select id from "transaction" where payment_id = $1`, [event.data.paymentId]);
    expect(rows).toHaveLength(1);
    expect(await types((await transactionOf(h, event.data.paymentId))!)).toEqual(['TransactionStarted', 'RiskAssessmentRequested']);
  });

  it('when the relay runs, then the commands leave the outbox (published)', async () => {
    const txn = await started();
    await eventually(async () => {
      const rows = await h.sql(`select published_at from outbox where aggregate_id = $1`, [txn.id]);
      return rows.length === 2 && rows.every((r) => r.published_at !== null);
    });
  });
});

describe('P2P saga over SQS', () => {
  it('when approved, then wallets is asked for a one-step transfer; when made, COMPLETED with its journal entry and wallet', async () => {
    const txn = await started();
    const s = saga(txn);
    await deliverAll(s.riskAssessed('APPROVE'));
    expect(await types(txn)).toEqual(['TransactionStarted', 'RiskAssessmentRequested', 'FundsTransferRequested']);
    expect((await commandsOf(h, txn.id)).at(-1)!.data).toMatchObject({ senderId: txn.sender_id, recipientId: txn.recipient_id, amount: { minor: '2500', currency: 'USD' } });
    expect((await transactionOf(h, txn.payment_id))!).toMatchObject({ reservation_status: 'PENDING', capture_status: 'REQUESTED', hold_id: null, deadline_at: null });
    const hold = newId('hld');
    const wallet = newId('wal');
    const journal = newId('jnl');
    await deliverAll(s.transferred(hold, wallet, journal));
    expect((await transactionOf(h, txn.payment_id))!).toMatchObject({ status: 'COMPLETED', journal_entry_id: journal, hold_id: hold, source_wallet_id: wallet, deadline_at: null });
    expect((await commandsOf(h, txn.id)).at(-1)!).toMatchObject({ type: 'TransactionCompleted', data: { journalEntryId: journal, paymentId: txn.payment_id } });
    // The sender's wallet is learned from the transfer (there was no FundsReserved), for Wallet.transactions.
    expect(await h.sql(`select owner_id, currency from wallet_ref where wallet_id = $1`, [wallet])).toEqual([{ owner_id: txn.sender_id, currency: 'USD' }]);
  });

  it('when a CONVERSION is approved, reserved and captured, then COMPLETED with the journal entry, in either order of risk and reservation', async () => {
    for (const order of ['risk first', 'funds first'] as const) {
      const txn = await started('CONVERSION');
      const s = saga(txn);
      const hold = newId('hld');
      const approve = s.riskAssessed('APPROVE');
      const reserve = s.fundsReserved(hold);
      await deliverAll(...(order === 'risk first' ? [approve, reserve] : [reserve, approve]));
      expect(await types(txn)).toEqual(['TransactionStarted', 'RiskAssessmentRequested', 'FundsReservationRequested', 'FundsCaptureRequested']);
      const journal = newId('jnl');
      await deliverAll(s.captured(hold, journal));
      const done = (await transactionOf(h, txn.payment_id))!;
      expect(done).toMatchObject({ status: 'COMPLETED', journal_entry_id: journal, hold_id: hold, deadline_at: null });
      const completed = (await commandsOf(h, txn.id)).at(-1)!;
      expect(completed).toMatchObject({ type: 'TransactionCompleted', data: { journalEntryId: journal, paymentId: txn.payment_id } });
    }
  });

  it('when every event is delivered twice and re-emitted under new ids, then the outcome is the same as once', async () => {
    const txn = await started();
    const s = saga(txn);
    const hold = newId('hld');
    const events = [s.riskAssessed('APPROVE'), s.transferred(hold)];
    for (const event of events) {
      await deliver(h, event);
      await deliver(h, event);
      await deliver(h, copyOf(event));
      await eventually(() => queueDrained(h));
    }
    const done = (await transactionOf(h, txn.payment_id))!;
    expect(done.status).toBe('COMPLETED');
    expect(await types(txn)).toEqual([
      'TransactionStarted',
      'RiskAssessmentRequested',
      'FundsTransferRequested',
      'TransactionCompleted',
    ]);
    // Initial row + one change per distinct event.
    expect(done.version).toBe(3);
  });

  it('when a CONVERSION\'s risk is DECLINE and the hold arrives afterwards, then FAILED RISK_DECLINED and the hold is released', async () => {
    const txn = await started('CONVERSION');
    const s = saga(txn);
    const hold = newId('hld');
    await deliverAll(s.riskAssessed('DECLINE'), s.fundsReserved(hold));
    const failed = (await transactionOf(h, txn.payment_id))!;
    expect(failed).toMatchObject({ status: 'FAILED', failure_reason: 'RISK_DECLINED', hold_status: 'ACTIVE', release_status: 'REQUESTED' });
    const commands = await commandsOf(h, txn.id);
    expect(commands.slice(3).map((c) => c.type)).toEqual(['TransactionFailed', 'FundsReleaseRequested']);
    expect(commands.at(-1)!.data).toMatchObject({ holdId: hold, reason: 'RISK_DECLINED' });
  });

  it('when the funds cannot be reserved, then FAILED INSUFFICIENT_FUNDS and late events change nothing', async () => {
    const txn = await started();
    const s = saga(txn);
    await deliverAll(s.riskAssessed('APPROVE'), s.reservationFailed('INSUFFICIENT_FUNDS'));
    const failed = (await transactionOf(h, txn.payment_id))!;
    expect(failed).toMatchObject({ status: 'FAILED', failure_reason: 'INSUFFICIENT_FUNDS' });
    const before = await commandsOf(h, txn.id);
    await deliverAll(s.riskAssessed('APPROVE'), s.reviewResolved('APPROVE'), s.reservationFailed('WALLET_NOT_FOUND'), s.captured(newId('hld')));
    const after = (await transactionOf(h, txn.payment_id))!;
    expect(after).toMatchObject({ status: 'FAILED', failure_reason: 'INSUFFICIENT_FUNDS', version: failed.version, updated_at: failed.updated_at });
    expect(await commandsOf(h, txn.id)).toEqual(before);
  });

  it('when REVIEW and reserved, then ON_HOLD; the admin approval resumes it to COMPLETED', async () => {
    const txn = await started();
    const s = saga(txn);
    const hold = newId('hld');
    const caseId = newId('rvc');
    await deliverAll(s.riskAssessed('REVIEW', caseId), s.fundsReserved(hold));
    expect((await transactionOf(h, txn.payment_id))!).toMatchObject({ status: 'ON_HOLD', review_case_id: caseId, deadline_at: null });
    const onHold = (await commandsOf(h, txn.id)).at(-1)!;
    expect(onHold).toMatchObject({ type: 'TransactionOnHold', data: { reason: 'RISK_REVIEW', caseId } });
    await deliverAll(s.reviewResolved('APPROVE', caseId), s.captured(hold));
    expect((await transactionOf(h, txn.payment_id))!.status).toBe('COMPLETED');
    expect(await stepsOf(h, txn.id)).toEqual([
      'RISK_ASSESSMENT:PENDING',
      'RISK_ASSESSMENT:SUCCEEDED',
      'RISK_REVIEW:PENDING',
      'FUNDS_RESERVATION:PENDING',
      'FUNDS_RESERVATION:SUCCEEDED',
      'RISK_REVIEW:SUCCEEDED',
      'FUNDS_CAPTURE:PENDING',
      'FUNDS_CAPTURE:SUCCEEDED',
      'COMPLETION:SUCCEEDED',
    ]);
  });

  it('when FundsReserved arrives, then the sender\'s wallet is learned (owner + currency) for Wallet.transactions', async () => {
    const txn = await started('CONVERSION');
    const wallet = newId('wal');
    await deliverAll(saga(txn).fundsReserved(newId('hld'), wallet));
    expect(await h.sql(`select owner_id, currency from wallet_ref where wallet_id = $1`, [wallet])).toEqual([{ owner_id: txn.sender_id, currency: 'USD' }]);
  });
});

describe('ADD_FUNDS and CONVERSION over SQS', () => {
  it('when approved, charged and credited, then COMPLETED, with ChargeRequested and FundsCreditRequested on the way', async () => {
    const targetWalletId = newId('wal');
    const txn = await started('ADD_FUNDS', { targetWalletId });
    const s = saga(txn);
    await deliverAll(s.riskAssessed('APPROVE'));
    expect((await commandsOf(h, txn.id)).at(-1)).toMatchObject({ type: 'ChargeRequested', data: { userId: txn.sender_id, fundingInstrumentId: txn.funding_instrument_id } });
    await deliverAll(s.chargeSucceeded('psp_abc'));
    expect((await commandsOf(h, txn.id)).at(-1)).toMatchObject({ type: 'FundsCreditRequested', data: { walletId: targetWalletId, pspReference: 'psp_abc' } });
    const journal = newId('jnl');
    await deliverAll(s.credited(targetWalletId, journal));
    expect((await transactionOf(h, txn.payment_id))!).toMatchObject({ status: 'COMPLETED', journal_entry_id: journal, credited_wallet_id: targetWalletId });
    expect(await types(txn)).toEqual(['TransactionStarted', 'RiskAssessmentRequested', 'ChargeRequested', 'FundsCreditRequested', 'TransactionCompleted']);
    expect(await h.sql(`select owner_id from wallet_ref where wallet_id = $1`, [targetWalletId])).toEqual([{ owner_id: txn.sender_id }]);
  });

  it('when the card is declined, then FAILED CARD_DECLINED and a late charge success changes nothing', async () => {
    const txn = await started('ADD_FUNDS');
    const s = saga(txn);
    await deliverAll(s.riskAssessed('APPROVE'), s.chargeFailed('CARD_DECLINED'));
    const failed = (await transactionOf(h, txn.payment_id))!;
    expect(failed).toMatchObject({ status: 'FAILED', failure_reason: 'CARD_DECLINED', failure_message: 'Your card was declined' });
    await deliverAll(s.chargeSucceeded());
    expect((await transactionOf(h, txn.payment_id))!.version).toBe(failed.version);
  });

  it('when a conversion\'s quote expired at capture, then FAILED QUOTE_EXPIRED and its hold is released', async () => {
    const txn = await started('CONVERSION');
    const s = saga(txn);
    const hold = newId('hld');
    await deliverAll(s.riskAssessed('APPROVE'), s.fundsReserved(hold));
    const capture = (await commandsOf(h, txn.id)).at(-1)!;
    expect(capture).toMatchObject({ type: 'FundsCaptureRequested', data: { kind: 'CONVERSION', quoteId: txn.quote_id, holdId: hold } });
    await deliverAll(s.captureFailed(hold, 'QUOTE_EXPIRED'));
    expect((await transactionOf(h, txn.payment_id))!).toMatchObject({ status: 'FAILED', failure_reason: 'QUOTE_EXPIRED' });
    expect((await commandsOf(h, txn.id)).slice(-2).map((c) => c.type)).toEqual(['TransactionFailed', 'FundsReleaseRequested']);
  });
});

describe('handlers under concurrency (called directly with an EntityManager)', () => {
  it('when copies of PaymentInitiated under different event ids are handled concurrently, then one transaction', async () => {
    const event = paymentInitiated('P2P');
    await Promise.all(Array.from({ length: 10 }, () => h.handle(copyOf(event))));
    expect(await h.sql(`select 1 from "transaction" where payment_id = $1`, [event.data.paymentId])).toHaveLength(1);
    const txn = (await transactionOf(h, event.data.paymentId))!;
    expect(await types(txn)).toEqual(['TransactionStarted', 'RiskAssessmentRequested']);
  });

  it('when copies of a P2P approval are handled at the same time, then exactly one transfer is requested', async () => {
    const event = paymentInitiated('P2P');
    await h.handle(event);
    const txn = (await transactionOf(h, event.data.paymentId))!;
    const approve = saga(txn).riskAssessed('APPROVE');
    await Promise.all(Array.from({ length: 8 }, () => h.handle(copyOf(approve))));
    expect((await commandsOf(h, txn.id)).filter((c) => c.type === 'FundsTransferRequested')).toHaveLength(1);
    expect((await transactionOf(h, txn.payment_id))!).toMatchObject({ status: 'PROCESSING', capture_status: 'REQUESTED', version: 2 });
  });

  it('when a CONVERSION\'s risk and reservation results (and copies) are handled at the same time, then exactly one capture is requested', async () => {
    const event = paymentInitiated('CONVERSION');
    await h.handle(event);
    const txn = (await transactionOf(h, event.data.paymentId))!;
    const s = saga(txn);
    const hold = newId('hld');
    const approve = s.riskAssessed('APPROVE');
    const reserve = s.fundsReserved(hold);
    await Promise.all(Array.from({ length: 8 }, (_, i) => h.handle(copyOf(i % 2 === 0 ? approve : reserve))));
    const commands = await commandsOf(h, txn.id);
    expect(commands.filter((c) => c.type === 'FundsCaptureRequested')).toHaveLength(1);
    expect((await transactionOf(h, txn.payment_id))!).toMatchObject({ status: 'PROCESSING', capture_status: 'REQUESTED', version: 3 });
  });

  it('when an event names an unknown transaction, then the handler fails (the event is retried, then dead-lettered)', async () => {
    const ghost = { id: newId('txn'), payment_id: newId('pay') };
    await expect(h.handle(saga(ghost).riskAssessed('APPROVE'))).rejects.toThrow(/No transaction/);
  });

  it('when an event names the right transaction but another payment, then the handler fails', async () => {
    const txn = await started();
    await expect(h.handle(saga({ id: txn.id, payment_id: newId('pay') }).riskAssessed('APPROVE'))).rejects.toThrow(/belongs to/);
  });
});
