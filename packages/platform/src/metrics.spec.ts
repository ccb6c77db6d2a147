import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { databaseUrl } from './db.js';
import { Registry, recordOnCommit, registry, startDogStatsD } from './metrics.js';
import { testEnv } from './testing/index.js';

describe('the metrics registry', () => {
  it('renders one service\'s series in the Prometheus text format: counters, gauges and cumulative histogram buckets', () => {
    const r = new Registry();
    const payments = r.counter('paygraph.test.payments', 'Payments "by" status', ['status']);
    const pending = r.gauge('paygraph.test.pending', 'Pending rows');
    const lag = r.histogram('paygraph.test.lag', 'Lag in seconds', [], [0.1, 1]);
    payments.inc({ service: 'payments', status: 'COMPLETED' });
    payments.inc({ service: 'payments', status: 'COMPLETED' }, 2);
    payments.inc({ service: 'wallets', status: 'COMPLETED' });
    pending.set({ service: 'payments' }, 4);
    for (const v of [0.05, 0.5, 3]) lag.observe({ service: 'payments' }, v);
    const text = r.prometheus('payments');
    expect(text).toContain('# TYPE paygraph_test_payments_total counter\npaygraph_test_payments_total{service="payments",status="COMPLETED"} 3\n');
    expect(text).toContain('paygraph_test_pending{service="payments"} 4\n');
    expect(text).toContain('paygraph_test_lag_bucket{service="payments",le="0.1"} 1\npaygraph_test_lag_bucket{service="payments",le="1"} 2\npaygraph_test_lag_bucket{service="payments",le="+Inf"} 3\n');
    expect(text).toContain('paygraph_test_lag_sum{service="payments"} 3.55\npaygraph_test_lag_count{service="payments"} 3\n');
    expect(text).not.toContain('service="wallets"');
  });

  it('drains counter deltas, gauges and the interval\'s samples as DogStatsD lines, once', () => {
    const r = new Registry();
    const c = r.counter('paygraph.test.c', 'c', ['kind']);
    const h = r.histogram('paygraph.test.h', 'h');
    c.inc({ service: 's', kind: 'P2P' }, 5);
    h.observe({ service: 's' }, 0.25);
    h.observe({ service: 's' }, 2);
    expect(r.drainStatsd(['env:test'])).toEqual(['paygraph.test.c:5|c|#env:test,service:s,kind:P2P', 'paygraph.test.h:0.25:2|d|#env:test,service:s']);
    c.inc({ service: 's', kind: 'P2P' });
    expect(r.drainStatsd([])).toEqual(['paygraph.test.c:1|c|#service:s,kind:P2P']);
  });

  it('sends over UDP to DogStatsD on each flush', async () => {
    const udp = dgram.createSocket('udp4');
    const got: string[] = [];
    udp.on('message', (m) => got.push(...String(m).split('\n')));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const metric = registry.counter('paygraph.test.udp', 'udp');
    metric.inc({ service: 'spec' }, 7);
    const client = startDogStatsD({ host: '127.0.0.1', port: udp.address().port, flushIntervalMs: 60_000, tags: ['env:spec'] });
    await client.flush();
    for (const deadline = Date.now() + 2000; got.length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    await client.stop();
    udp.close();
    expect(got).toContain('paygraph.test.udp:7|c|#env:spec,service:spec');
  });
});

describe('when a metric is recorded inside a transaction', () => {
  const env = testEnv();
  const dbName = `${env.DATABASE_PREFIX}metrics`;
  let orm: MikroORM;
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database "${dbName}"`);
    await admin.end();
    orm = await MikroORM.init({ clientUrl: databaseUrl(env.DATABASE_URL!, dbName), entities: [], discovery: { warnWhenNoEntities: false } });
  });
  afterAll(async () => {
    await orm?.close(true);
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  });

  it('then it counts when the transaction commits, and not at all when it rolls back', async () => {
    let counted = 0;
    await orm.em.fork().transactional(async (em) => {
      await em.execute('select 1');
      recordOnCommit(em, () => counted++);
      expect(counted).toBe(0);
    });
    expect(counted).toBe(1);
    await expect(
      orm.em.fork().transactional(async (em) => {
        recordOnCommit(em, () => counted++);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(counted).toBe(1);
    recordOnCommit(orm.em.fork(), () => counted++);
    expect(counted).toBe(2);
  });
});
