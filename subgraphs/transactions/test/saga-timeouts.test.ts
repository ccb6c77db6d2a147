import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '@paygraph/platform/config';
import { newId } from '@paygraph/platform/ids';
import type { RunningService } from '@paygraph/platform/server';
import { dropTestDatabases } from '@paygraph/platform/testing';
import { transactionsConfigSchema } from '../src/config.js';
import { start } from '../src/server.js';
import { commandsOf, eventually, FakeWalletSource, paymentInitiated, saga, startHarness, stepsOf, transactionOf, type Harness, type TxnRow } from './support.js';

const STEP_MS = 300;
const RISK_MAX_MS = 1_500;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    SAGA_STEP_TIMEOUT_MS: String(STEP_MS),
    SAGA_RISK_MAX_WAIT_MS: String(RISK_MAX_MS),
    SAGA_TIMEOUT_SWEEP_INTERVAL_MS: '50',
    SAGA_TIMEOUT_BATCH_SIZE: '10',
  });
});

afterAll(async () => {
  await h?.stop();
  if (h) await dropTestDatabases(h.env);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function started(kind: 'P2P' | 'ADD_FUNDS' | 'CONVERSION' = 'P2P'): Promise<TxnRow> {
  const event = paymentInitiated(kind);
  await h.handle(event);
  return (await transactionOf(h, event.data.paymentId))!;
}

const statusOf = async (txn: TxnRow) => (await transactionOf(h, txn.payment_id))!;
const commandTypes = async (txn: TxnRow) => (await commandsOf(h, txn.id)).map((c) => c.type);

describe('saga timeouts (worker)', () => {
  it('when wallets never answers the reservation, then FAILED TIMED_OUT; a hold that turns up later is released (CONVERSION: held while risk decides)', async () => {
    const txn = await started('CONVERSION');
    await h.handle(saga(txn).riskAssessed('APPROVE'));
    const failed = await eventually(async () => {
      const row = await statusOf(txn);
      return row.status === 'FAILED' ? row : null;
    }, 5_000);
    expect(failed).toMatchObject({ failure_reason: 'TIMED_OUT', deadline_at: null });
    expect(await commandTypes(txn)).toEqual(['TransactionStarted', 'RiskAssessmentRequested', 'FundsReservationRequested', 'TransactionFailed']);
    expect((await stepsOf(h, txn.id)).slice(-2)).toEqual(['FUNDS_RESERVATION:SKIPPED', 'COMPLETION:FAILED']);

    const hold = newId('hld');
    await h.handle(saga(txn).fundsReserved(hold));
    const last = (await commandsOf(h, txn.id)).at(-1)!;
    expect(last).toMatchObject({ type: 'FundsReleaseRequested', data: { holdId: hold, reason: 'TIMED_OUT' } });
    expect((await statusOf(txn)).status).toBe('FAILED');
  });

  it('when funds are reserved but fraud does not answer, then it waits past the step timeout, and fails closed only at the maximum wait (CONVERSION: held while risk decides)', async () => {
    const txn = await started('CONVERSION');
    const hold = newId('hld');
    await h.handle(saga(txn).fundsReserved(hold));
    await sleep(STEP_MS * 2);
    expect(await statusOf(txn)).toMatchObject({ status: 'PROCESSING', capture_status: 'NONE' });

    const failed = await eventually(async () => {
      const row = await statusOf(txn);
      return row.status === 'FAILED' ? row : null;
    }, 5_000);
    expect(failed.failure_reason).toBe('TIMED_OUT');
    expect((await commandTypes(txn)).slice(-2)).toEqual(['TransactionFailed', 'FundsReleaseRequested']);
    expect((await commandsOf(h, txn.id)).some((c) => c.type === 'FundsCaptureRequested')).toBe(false);
  });

  it('when the capture is not answered in time, then the hold is asked back and the release makes it FAILED TIMED_OUT (CONVERSION: held while risk decides)', async () => {
    const txn = await started('CONVERSION');
    const hold = newId('hld');
    const s = saga(txn);
    await h.handle(s.riskAssessed('APPROVE'));
    await h.handle(s.fundsReserved(hold));
    const release = await eventually(async () => (await commandsOf(h, txn.id)).find((c) => c.type === 'FundsReleaseRequested'), 5_000);
    expect(release.data).toMatchObject({ holdId: hold, reason: 'CAPTURE_TIMED_OUT' });
    expect(await statusOf(txn)).toMatchObject({ status: 'PROCESSING', release_status: 'REQUESTED', deadline_at: null });

    await h.handle(s.released(hold, 'CAPTURE_TIMED_OUT'));
    expect(await statusOf(txn)).toMatchObject({ status: 'FAILED', failure_reason: 'TIMED_OUT', hold_status: 'RELEASED' });
  });

  it('when the capture wins against the timeout release, then COMPLETED (CONVERSION: held while risk decides)', async () => {
    const txn = await started('CONVERSION');
    const hold = newId('hld');
    const s = saga(txn);
    await h.handle(s.riskAssessed('APPROVE'));
    await h.handle(s.fundsReserved(hold));
    await eventually(async () => (await commandsOf(h, txn.id)).find((c) => c.type === 'FundsReleaseRequested'), 5_000);
    await h.handle(s.captured(hold));
    expect((await statusOf(txn)).status).toBe('COMPLETED');
    expect((await commandTypes(txn)).at(-1)).toBe('TransactionCompleted');
  });

  it('when a P2P transfer is with wallets, then no timeout touches it (the money may have moved); its answer ends it', async () => {
    const txn = await started();
    const s = saga(txn);
    await h.handle(s.riskAssessed('APPROVE'));
    const asked = await statusOf(txn);
    expect(asked).toMatchObject({ status: 'PROCESSING', capture_status: 'REQUESTED', deadline_at: null });
    await sleep(Math.max(STEP_MS, RISK_MAX_MS) + 300);
    expect(await statusOf(txn)).toMatchObject({ status: 'PROCESSING', version: asked.version });
    await h.handle(s.transferred(newId('hld')));
    expect((await statusOf(txn)).status).toBe('COMPLETED');
  });

  it('when a payment is ON_HOLD for review, then no timeout touches it', async () => {
    const txn = await started();
    const s = saga(txn);
    await h.handle(s.riskAssessed('REVIEW'));
    await h.handle(s.fundsReserved(newId('hld')));
    const held = await statusOf(txn);
    expect(held).toMatchObject({ status: 'ON_HOLD', deadline_at: null });
    await sleep(RISK_MAX_MS + 300);
    expect(await statusOf(txn)).toMatchObject({ status: 'ON_HOLD', version: held.version });
  });

  it('when many transactions are overdue and two replicas sweep, then each fails exactly once', async () => {
    // A second replica of the service on the same database and queue.
    const replica: RunningService = await start(parseConfig(transactionsConfigSchema, { ...h.env }), { walletSource: new FakeWalletSource() });
    try {
      const events = Array.from({ length: 25 }, () => paymentInitiated('P2P'));
      await Promise.all(events.map((e) => h.handle(e)));
      const txns = await h.sql<TxnRow>(`select * from "transaction" where payment_id = any($1)`, [events.map((e) => e.data.paymentId)]);
      expect(txns).toHaveLength(25);
      await eventually(async () => {
        const rows = await h.sql(`select status from "transaction" where id = any($1)`, [txns.map((t) => t.id)]);
        return rows.every((r) => r.status === 'FAILED');
      }, 10_000);
      const failures = await h.sql(`select aggregate_id, count(*)::int as n from outbox where type = 'TransactionFailed' and aggregate_id = any($1) group by aggregate_id`, [
        txns.map((t) => t.id),
      ]);
      expect(failures).toHaveLength(25);
      expect(failures.every((f) => f.n === 1)).toBe(true);
    } finally {
      await replica.stop();
    }
  });
});
