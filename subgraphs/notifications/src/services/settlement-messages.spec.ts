import { describe, expect, it } from '@jest/globals';
import type { EventData } from '@paygraph/events';
import type { EventEnvelope } from '@paygraph/platform/events';
import { draftsFor } from './messages.js';

const MERCHANT = `usr_${'a'.repeat(32)}`;
const usd = (minor: string) => ({ minor, currency: 'USD' });
const closed = (over: Partial<EventData<'SettlementBatchClosed'>> = {}) =>
  ({
    type: 'SettlementBatchClosed',
    data: {
      batchId: `stb_${'b'.repeat(32)}`,
      merchantAccountId: `acc_${'c'.repeat(32)}`,
      merchantId: MERCHANT,
      businessDate: '2026-12-05',
      gross: usd('1500'),
      fees: usd('104'),
      refunds: usd('300'),
      net: usd('1096'),
      itemCount: 3,
      closedAt: '2026-12-06T00:15:00.000Z',
      ...over,
    },
  }) as unknown as EventEnvelope<'SettlementBatchClosed'>;

describe('SettlementBatchClosed', () => {
  it('when a batch is closed, then its merchant gets one notification with the totals', () => {
    expect(draftsFor(closed())).toEqual([
      {
        userId: MERCHANT,
        kind: 'SETTLEMENT_BATCH_CLOSED',
        title: 'Settlement for 2026-12-05',
        body: 'Your 2026-12-05 settlement is closed: sales 15.00 USD, fees 1.04 USD, refunds 3.00 USD, net 10.96 USD (3 items).',
      },
    ]);
  });
  it('when refunds exceeded the sales, then the net reads negative', () => {
    const [draft] = draftsFor(closed({ gross: usd('0'), fees: usd('0'), refunds: usd('400'), net: usd('-400'), itemCount: 1 }));
    expect(draft!.body).toBe('Your 2026-12-05 settlement is closed: sales 0.00 USD, fees 0.00 USD, refunds 4.00 USD, net -4.00 USD (1 item).');
  });
});
