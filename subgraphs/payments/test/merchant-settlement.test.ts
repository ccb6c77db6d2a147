import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@paygraph/platform/db';
import { Outbox } from '@paygraph/platform/events';
import { newId } from '@paygraph/platform/ids';
import { createLogger } from '@paygraph/platform/logger';
import { MerchantSettlementService } from '../src/services/merchant-settlement.service.js';
import { MerchantSettlementWorker } from '../src/workers/merchant-settlement.worker.js';
import { startWorld, type World } from './support.js';

/**
 * The merchant-settlement worker's pass with the clock injected: it closes the look-back's days that are over plus
 * the delay, each once, whichever replica gets there first; a day inside the delay waits for a later pass.
 */
let w: World;
let orm: MikroORM;
const logger = createLogger('payments-test', 'warn');
const service = (lookBackDays = 7) => new MerchantSettlementService(orm, new Outbox('payments'), logger, { closeDelayMs: 15 * 60_000, lookBackDays });

beforeAll(async () => {
  // The running service's own worker stays out of the way: the test drives passes itself.
  w = await startWorld({ SETTLEMENT_INTERVAL_MS: '86400000' });
  orm = await w.orm();
});
afterAll(async () => {
  await w?.stop();
});

/** A CAPTURED checkout row of a fresh merchant account, captured at `at`. */
async function captured(at: string, amount = 1000n, fee = 59n): Promise<{ accountId: string; checkoutId: string }> {
  const [accountId, checkoutId, merchantId] = [newId('acc'), newId('chk'), newId('usr')];
  await orm.em.fork().execute(
    `insert into checkout (id, merchant_id, merchant_account_id, reference, return_url, amount, currency, capture_mode, status, fee_bps, fee_fixed,
       buyer_id, transaction_id, payment_id, captured_amount, fee_amount, closed_at, created_at, updated_at)
     values (?, ?, ?, 'order', 'https://shop.example/return', ?, 'USD', 'AUTOMATIC', 'CAPTURED', 290, 30, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [checkoutId, merchantId, accountId, amount, newId('usr'), newId('txn'), newId('pay'), amount, fee, at, at, at],
  );
  return { accountId, checkoutId };
}
const batchesOf = (accountId: string) =>
  orm.em.fork().execute<{ business_date: string; gross: string; fees: string; net: string; item_count: number }[]>(
    `select business_date::text, gross::text, fees::text, net::text, item_count from settlement_batch where merchant_account_id = ? order by business_date`,
    [accountId],
  );

describe('when the worker passes after days with captures', () => {
  it('then each closable day of the look-back closes once, and a day inside the delay waits', async () => {
    const early = await captured('2030-03-08T23:59:59.999Z');
    const late = await captured('2030-03-09T23:50:00.000Z', 500n, 45n);
    const outside = await captured('2030-02-01T12:00:00.000Z');

    // 00:10 on the 10th: the 9th is over but inside the 15-minute delay.
    const s = service();
    expect(await s.closeDue(new Date('2030-03-10T00:10:00.000Z'))).toBeGreaterThanOrEqual(1);
    expect(await batchesOf(early.accountId)).toEqual([{ business_date: '2030-03-08', gross: '1000', fees: '59', net: '941', item_count: 1 }]);
    expect(await batchesOf(late.accountId)).toEqual([]);

    // Two replicas' passes at once after the delay: the 9th closes once.
    const now = new Date('2030-03-10T00:15:00.000Z');
    const passes = await Promise.all([service().closeDue(now), service().closeDue(now)]);
    expect(passes.sort()).toEqual([0, 1]);
    expect(await batchesOf(late.accountId)).toEqual([{ business_date: '2030-03-09', gross: '500', fees: '45', net: '455', item_count: 1 }]);
    expect(await s.closeDue(now)).toBe(0);

    // Older than the look-back: left to an admin's closeSettlementDay.
    expect(await batchesOf(outside.accountId)).toEqual([]);
    const days = await orm.em.fork().execute<{ d: string; n: number }[]>(
      `select business_date::text as d, batch_count as n from settlement_day where business_date between '2030-03-01' and '2030-03-09' order by 1`,
    );
    expect(days.map((d) => d.d)).toEqual(['2030-03-03', '2030-03-04', '2030-03-05', '2030-03-06', '2030-03-07', '2030-03-08', '2030-03-09']);
    expect(days.find((d) => d.d === '2030-03-08')!.n).toBeGreaterThanOrEqual(1);
    const events = await orm.em.fork().execute<{ n: number }[]>(
      `select count(*)::int as n from outbox where type = 'SettlementBatchClosed' and aggregate_id in (select id from settlement_batch where merchant_account_id in (?, ?))`,
      [early.accountId, late.accountId],
    );
    expect(events[0]!.n).toBe(2);
  });

  it('then the worker runs the pass on its interval', async () => {
    const s = service();
    let calls = 0;
    const worker = new MerchantSettlementWorker({ closeDue: async () => (calls++, s.closeDue(new Date('2030-03-10T01:00:00.000Z'))) }, { intervalMs: 20 }, logger);
    worker.start();
    await new Promise((r) => setTimeout(r, 120));
    await worker.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(await worker.runOnce()).toBe(0);
  });
});
