import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { baseSchema, parseConfig } from '@paygraph/platform/config';
import { databaseUrl } from '@paygraph/platform/db';
import { consumerQueueName, createSqsClient } from '@paygraph/platform/events';
import { IdentitySigner } from '@paygraph/platform/identity';
import { TEST_INTERNAL_SECRET } from '@paygraph/platform/testing';
import { bootStack, registerUser, type TestStack } from '../support/stack.js';
import { fund } from '../support/money.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Webhooks for partners (issue 13) through the gateway: endpoints managed by a key with webhooks:manage or by the
 * owner, a real P2P payment delivered signed to a loopback receiver, retries with the attempts logged, redelivery,
 * exactly one delivery per event and endpoint, and what other partners and keys without the scope cannot do.
 * The receiver checks signatures with the verifier printed in docs/partners.md, run as it is there.
 */
let t: TestStack;
const receiver = new WebhookReceiver();

type Verify = (rawBody: string | Buffer, header: unknown, secret: string, nowSeconds?: number) => any;
let verify: Verify;

beforeAll(async () => {
  await receiver.start();
  // The verifier exactly as docs/partners.md prints it, as a module of its own.
  const docs = readFileSync(new URL('../../docs/partners.md', import.meta.url), 'utf8');
  const code = /```js\n(\/\/ paygraph-webhook\.mjs\n[\s\S]*?)```/.exec(docs)?.[1];
  if (!code) throw new Error('no paygraph-webhook.mjs block in docs/partners.md');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'paygraph-verifier-')), 'paygraph-webhook.mjs');
  writeFileSync(file, code);
  verify = ((await import(pathToFileURL(file).href)) as { verifyPaygraphWebhook: Verify }).verifyPaygraphWebhook;
  t = await bootStack({
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOKS_POLL_MS: '50',
    WEBHOOKS_TIMEOUT_MS: '2000',
    WEBHOOKS_RETRY_BASE_MS: '100',
    WEBHOOKS_RETRY_MAX_DELAY_MS: '400',
    WEBHOOKS_RETRY_FOR_MS: '60000',
  });
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await receiver.stop();
});

const manifest = JSON.parse(readFileSync(new URL('../../schema/trusted-documents.json', import.meta.url), 'utf8')) as {
  operations: { id: string; name: string }[];
};
const hashOf = (name: string) => manifest.operations.find((o) => o.name === name)!.id;

/** A registered operation run with an API key, by hash (as a partner does). */
async function withKey(secret: string, name: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(t.stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(name) } } }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: any }[] } };
}

async function business(tag: string) {
  const owner = await registerUser(t, `${tag} Owner`);
  const opened = await t.op('partners.graphql', 'OpenBusinessAccount', { input: { businessName: `${tag} Ltd` } }, owner.accessToken);
  const accountId = opened.data.openBusinessAccount.account.id as string;
  const app = await t.op('partners.graphql', 'CreatePartnerApplication', { input: { accountId, name: `${tag} shop` } }, owner.accessToken);
  return { owner, accountId, applicationId: app.data.createPartnerApplication.application.id as string };
}

async function newKey(token: string, applicationId: string, scopes: string[]): Promise<string> {
  const res = await t.op('partners.graphql', 'CreateApiKey', { input: { applicationId, scopes } }, token);
  expect(res.data.createApiKey.userErrors).toEqual([]);
  return res.data.createApiKey.secret as string;
}

/** A payer with money who pays `amount` USD to `recipientId`; returns the payment id. */
async function pay(recipientId: string, amount: string): Promise<string> {
  const payer = await registerUser(t, 'Payer');
  await fund(t, payer.accessToken, '50.00', 'USD');
  const res = await t.op('money.graphql', 'SendMoney', { input: { recipientId, amount: { amount, currency: 'USD' }, idempotencyKey: randomUUID() } }, payer.accessToken);
  expect(res.data.sendMoney.payment.status).toBe('COMPLETED');
  return res.data.sendMoney.payment.id as string;
}

async function until<T>(ms: number, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function db<T>(service: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(t.env.DATABASE_URL!, `${t.env.DATABASE_PREFIX}${service}`) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const now = () => Math.floor(Date.now() / 1000);

describe('when a key with webhooks:manage registers an endpoint and its owner is paid', () => {
  let secret: string;
  let endpointId: string;
  let paymentId: string;
  let keySecret: string;

  it('then the signing secret is shown once, and the endpoint is listed without it', async () => {
    const a = await business('Hook');
    keySecret = await newKey(a.owner.accessToken, a.applicationId, ['webhooks:manage']);
    const created = await withKey(keySecret, 'CreateWebhookEndpoint', {
      input: { url: `${receiver.url}/hook`, eventTypes: ['PAYMENT_COMPLETED', 'REFUND_COMPLETED'], description: 'shop' },
    });
    expect(created.status).toBe(200);
    const payload = created.body.data.createWebhookEndpoint;
    expect(payload.userErrors).toEqual([]);
    expect(payload.secret).toMatch(/^whsec_[0-9A-Za-z]{43}$/);
    expect(payload.endpoint).toMatchObject({ applicationId: a.applicationId, url: `${receiver.url}/hook`, eventTypes: ['PAYMENT_COMPLETED', 'REFUND_COMPLETED'], enabled: true });
    secret = payload.secret;
    endpointId = payload.endpoint.id;
    // Another endpoint of the same application that only wants failures hears nothing of a completed payment.
    const failures = await withKey(keySecret, 'CreateWebhookEndpoint', { input: { url: `${receiver.url}/failures`, eventTypes: ['PAYMENT_FAILED'] } });
    expect(failures.body.data.createWebhookEndpoint.userErrors).toEqual([]);

    const listed = await withKey(keySecret, 'WebhookEndpoints');
    expect(listed.body.data.webhookEndpoints.map((e: { id: string }) => e.id)).toEqual([endpointId, failures.body.data.createWebhookEndpoint.endpoint.id]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    // Stored sealed, never as given.
    const [stored] = (await db('notifications', (c) => c.query(`select secret from webhook_endpoint where id = $1`, [endpointId]))).rows;
    expect(stored.secret).toMatch(/^v1:/);
    expect(stored.secret).not.toContain(secret.slice(6));
    // The owner, signed in, sees them under the application.
    const mine = await t.op('webhooks.graphql', 'PartnerWebhookEndpoints', {}, a.owner.accessToken);
    expect(mine.data.me.partnerApplications[0].webhookEndpoints).toHaveLength(2);

    paymentId = await pay(a.owner.id, '5.00');
  }, 60_000);

  it('then one signed delivery arrives, which the documented verifier accepts and refuses once tampered or replayed', async () => {
    const [request] = await until(10_000, () => (receiver.at('/hook').length > 0 ? receiver.at('/hook') : null));
    const h = request!.headers;
    expect(h['content-type']).toBe('application/json');
    expect(h['paygraph-event-type']).toBe('payment.completed');
    expect(h['paygraph-delivery-id']).toMatch(/^whd_[0-9a-f]{32}$/);
    expect(h['idempotency-key']).toBe(h['paygraph-delivery-id']);
    expect(h['paygraph-attempt']).toBe('1');
    expect(String(h['paygraph-signature'])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const event = verify(request!.body, h['paygraph-signature'], secret);
    expect(event).toMatchObject({
      type: 'payment.completed',
      deliveryId: h['paygraph-delivery-id'],
      id: h['paygraph-event-id'],
      data: { object: { object: 'payment', id: paymentId, kind: 'P2P', status: 'COMPLETED', amount: { amount: '5.00', currency: 'USD' } } },
    });
    expect(() => verify(request!.body.replace('5.00', '500.00'), h['paygraph-signature'], secret)).toThrow('signature mismatch');
    expect(() => verify(request!.body, h['paygraph-signature'], `${secret}x`)).toThrow('signature mismatch');
    // The same request six minutes later (a replay): refused although the signature is right.
    expect(() => verify(request!.body, h['paygraph-signature'], secret, now() + 360)).toThrow('tolerance');
    expect(() => verify(request!.body, 'v1=abc', secret)).toThrow('malformed');

    const log = await until(5_000, async () => {
      const res = await withKey(keySecret, 'WebhookDeliveries', { endpointId, first: 10 });
      const [edge] = res.body.data.webhookEndpoint.deliveries.edges;
      return edge?.node.status === 'SUCCEEDED' ? edge.node : null;
    });
    expect(log).toMatchObject({ id: h['paygraph-delivery-id'], eventType: 'PAYMENT_COMPLETED', nextAttemptAt: null });
    expect(log.attempts).toEqual([expect.objectContaining({ number: 1, responseStatus: 200, succeeded: true, manual: false, error: null })]);
    expect(log.attempts[0].latencyMs).toBeGreaterThanOrEqual(0);
    expect(receiver.at('/failures')).toEqual([]);
  }, 30_000);

  it('then the same event on the backbone again, twice, even past the inbox, makes no second delivery', async () => {
    const [envelope] = await db('payments', (c) =>
      c.query(`select envelope from outbox where type = 'PaymentSettled' and envelope->'data'->>'paymentId' = $1`, [paymentId]).then((r) => r.rows.map((row) => row.envelope)),
    );
    expect(envelope).toBeDefined();
    const config = parseConfig(baseSchema, t.env);
    const sqs = createSqsClient({ endpoint: config.SQS_ENDPOINT, region: config.AWS_REGION, accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY, queuePrefix: config.SQS_QUEUE_PREFIX });
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(config.SQS_QUEUE_PREFIX, 'notifications-webhooks') }));
      const publish = () => sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(envelope), MessageGroupId: envelope.aggregateId, MessageDeduplicationId: randomUUID() }));
      await publish();
      await publish();
      // And once more with the inbox row gone: the delivery's id is a function of (endpoint, event).
      await until(10_000, async () => (await db('notifications', (c) => c.query(`select 1 from inbox where consumer = 'notifications-webhooks' and event_id = $1`, [envelope.id]))).rowCount === 1);
      await new Promise((r) => setTimeout(r, 1_500));
      await db('notifications', (c) => c.query(`delete from inbox where consumer = 'notifications-webhooks' and event_id = $1`, [envelope.id]));
      await publish();
      await until(10_000, async () => (await db('notifications', (c) => c.query(`select 1 from inbox where consumer = 'notifications-webhooks' and event_id = $1`, [envelope.id]))).rowCount === 1);
    } finally {
      sqs.destroy();
    }
    await new Promise((r) => setTimeout(r, 500));
    const rows = await db('notifications', (c) => c.query(`select id, status, attempts from webhook_delivery where event_id = $1`, [envelope.id]));
    expect(rows.rows).toEqual([expect.objectContaining({ status: 'SUCCEEDED', attempts: 1 })]);
    expect(receiver.at('/hook')).toHaveLength(1);
  }, 30_000);

  it('then a key without webhooks:manage is FORBIDDEN with the missing scope, and nothing is created', async () => {
    const b = await business('NoScope');
    const key = await newKey(b.owner.accessToken, b.applicationId, ['balance:read', 'payments:read']);
    const res = await withKey(key, 'CreateWebhookEndpoint', { input: { url: `${receiver.url}/never`, eventTypes: ['PAYMENT_COMPLETED'] } });
    expect(res.status).toBe(403);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Mutation.createWebhookEndpoint', missingScopes: ['webhooks:manage'] });
    const list = await withKey(key, 'WebhookEndpoints');
    expect(list.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', missingScopes: ['webhooks:manage'] });
    expect((await t.op('webhooks.graphql', 'WebhookEndpoints', { applicationId: b.applicationId }, b.owner.accessToken)).data.webhookEndpoints).toEqual([]);
  });

  it("then another partner, by key or signed in, can neither see nor change the endpoint, nor redeliver its deliveries", async () => {
    const [request] = receiver.at('/hook');
    const deliveryId = String(request!.headers['paygraph-delivery-id']);
    const other = await business('Other');
    const otherKey = await newKey(other.owner.accessToken, other.applicationId, ['webhooks:manage']);
    const theirs = (await db('notifications', (c) => c.query(`select application_id from webhook_endpoint where id = $1`, [endpointId]))).rows[0].application_id;

    for (const call of [
      (name: string, v: Record<string, unknown>) => withKey(otherKey, name, v).then((r) => r.body),
      (name: string, v: Record<string, unknown>) => t.op('webhooks.graphql', name, v, other.owner.accessToken),
    ]) {
      expect((await call('WebhookDeliveries', { endpointId })).data.webhookEndpoint).toBeNull();
      expect((await call('WebhookDelivery', { id: deliveryId })).data.webhookDelivery).toBeNull();
      expect((await call('RedeliverWebhook', { input: { deliveryId } })).data.redeliverWebhook).toMatchObject({ delivery: null, userErrors: [{ code: 'WEBHOOK_DELIVERY_NOT_FOUND' }] });
      expect((await call('UpdateWebhookEndpoint', { input: { endpointId, url: `${receiver.url}/stolen` } })).data.updateWebhookEndpoint.userErrors[0].code).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
      expect((await call('RotateWebhookSecret', { input: { endpointId } })).data.rotateWebhookSecret).toMatchObject({ secret: null, userErrors: [{ code: 'WEBHOOK_ENDPOINT_NOT_FOUND' }] });
      expect((await call('DeleteWebhookEndpoint', { input: { endpointId } })).data.deleteWebhookEndpoint.userErrors[0].code).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
      expect((await call('WebhookEndpoints', { applicationId: theirs })).data.webhookEndpoints).toEqual([]);
      const created = await call('CreateWebhookEndpoint', { input: { applicationId: theirs, url: `${receiver.url}/stolen`, eventTypes: ['PAYMENT_COMPLETED'] } });
      expect(created.data.createWebhookEndpoint).toMatchObject({ endpoint: null, secret: null, userErrors: [{ code: 'APPLICATION_NOT_FOUND', field: ['input', 'applicationId'] }] });
    }
    expect(receiver.at('/hook')).toHaveLength(1);
    expect(receiver.at('/stolen')).toEqual([]);
  });
});

describe('when the endpoint answers 500 before 200', () => {
  it('then the delivery is retried with the same id and body until it succeeds, every attempt logged, and can be redelivered', async () => {
    const a = await business('Retry');
    receiver.plan('/flaky', [500, 503]);
    const created = await t.op('webhooks.graphql', 'CreateWebhookEndpoint', {
      input: { applicationId: a.applicationId, url: `${receiver.url}/flaky`, eventTypes: ['PAYMENT_COMPLETED'] },
    }, a.owner.accessToken);
    expect(created.data.createWebhookEndpoint.userErrors).toEqual([]);
    const { endpoint, secret } = created.data.createWebhookEndpoint;
    await pay(a.owner.id, '7.00');

    const requests = await until(15_000, () => (receiver.at('/flaky').length >= 3 ? receiver.at('/flaky') : null));
    expect(new Set(requests.map((r) => r.headers['paygraph-delivery-id'])).size).toBe(1);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    expect(requests.map((r) => r.headers['paygraph-attempt'])).toEqual(['1', '2', '3']);
    for (const r of requests) expect(verify(r.body, r.headers['paygraph-signature'], secret).type).toBe('payment.completed');
    // Backoff: the retries did not come at once.
    expect(requests[2]!.at - requests[0]!.at).toBeGreaterThanOrEqual(100);

    const delivery = await until(5_000, async () => {
      const res = await t.op('webhooks.graphql', 'WebhookDeliveries', { endpointId: endpoint.id }, a.owner.accessToken);
      const node = res.data.webhookEndpoint.deliveries.edges[0]?.node;
      return node?.status === 'SUCCEEDED' ? node : null;
    });
    expect(delivery.attempts.map((x: any) => [x.number, x.responseStatus, x.succeeded, x.error])).toEqual([
      [1, 500, false, 'HTTP 500'],
      [2, 503, false, 'HTTP 503'],
      [3, 200, true, null],
    ]);

    // A new secret with an overlap: the redelivery is signed with both, so either verifies.
    const rotated = await t.op('webhooks.graphql', 'RotateWebhookSecret', { input: { endpointId: endpoint.id, overlapSeconds: 600 } }, a.owner.accessToken);
    const newSecret = rotated.data.rotateWebhookSecret.secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    const redelivered = await t.op('webhooks.graphql', 'RedeliverWebhook', { input: { deliveryId: delivery.id } }, a.owner.accessToken);
    expect(redelivered.data.redeliverWebhook).toMatchObject({ delivery: { id: delivery.id, status: 'PENDING' }, userErrors: [] });
    const again = await until(10_000, () => receiver.at('/flaky')[3]);
    expect(again.headers['paygraph-delivery-id']).toBe(delivery.id);
    expect(again.body).toBe(requests[0]!.body);
    expect(String(again.headers['paygraph-signature']).match(/v1=/g)).toHaveLength(2);
    expect(verify(again.body, again.headers['paygraph-signature'], newSecret).deliveryId).toBe(delivery.id);
    expect(verify(again.body, again.headers['paygraph-signature'], secret).deliveryId).toBe(delivery.id);
    const log = await until(5_000, async () => {
      const res = await t.op('webhooks.graphql', 'WebhookDelivery', { id: delivery.id }, a.owner.accessToken);
      // The delivery and its attempts are two reads: wait for both to show the fourth attempt.
      const d = res.data.webhookDelivery;
      return d.attempts.length === 4 && d.status !== 'PENDING' ? d : null;
    });
    expect(log).toMatchObject({ status: 'SUCCEEDED', payload: requests[0]!.body, endpoint: { id: endpoint.id } });
    expect(log.attempts[3]).toMatchObject({ number: 4, responseStatus: 200, manual: true });
  }, 60_000);

  it('then an endpoint that never answers 2xx is FAILED after its retry window, and a disabled or deleted one gets nothing', async () => {
    const a = await business('Down');
    receiver.plan('/down', Array(1000).fill(500));
    const created = await t.op('webhooks.graphql', 'CreateWebhookEndpoint', {
      input: { applicationId: a.applicationId, url: `${receiver.url}/down`, eventTypes: ['PAYMENT_COMPLETED'] },
    }, a.owner.accessToken);
    const endpointId = created.data.createWebhookEndpoint.endpoint.id as string;
    await pay(a.owner.id, '1.00');
    await until(10_000, () => receiver.at('/down').length >= 2);
    // The window is a minute in this stack: end it now, as three days would.
    await db('notifications', (c) => c.query(`update webhook_delivery set retry_until = now() where endpoint_id = $1`, [endpointId]));
    const failed = await until(10_000, async () => {
      const res = await t.op('webhooks.graphql', 'WebhookDeliveries', { endpointId, status: 'FAILED' }, a.owner.accessToken);
      return res.data.webhookEndpoint.deliveries.edges[0]?.node;
    });
    expect(failed.completedAt).not.toBeNull();
    expect(failed.attempts.every((x: any) => x.responseStatus === 500)).toBe(true);

    const disabled = await t.op('webhooks.graphql', 'UpdateWebhookEndpoint', { input: { endpointId, enabled: false } }, a.owner.accessToken);
    expect(disabled.data.updateWebhookEndpoint.endpoint.enabled).toBe(false);
    const seen = receiver.at('/down').length;
    await pay(a.owner.id, '1.00');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.at('/down')).toHaveLength(seen);

    const deleted = await t.op('webhooks.graphql', 'DeleteWebhookEndpoint', { input: { endpointId } }, a.owner.accessToken);
    expect(deleted.data.deleteWebhookEndpoint).toEqual({ deletedEndpointId: endpointId, userErrors: [] });
    expect((await t.op('webhooks.graphql', 'WebhookDeliveries', { endpointId }, a.owner.accessToken)).data.webhookEndpoint).toBeNull();
    expect((await db('notifications', (c) => c.query(`select count(*)::int as n from webhook_delivery where endpoint_id = $1`, [endpointId]))).rows[0].n).toBe(0);
  }, 60_000);
});

describe('when the input is bad', () => {
  it('then each problem is a userError at its field and nothing is stored', async () => {
    const a = await business('Bad');
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ url: 'ftp://example.com/hook' }, 'INVALID_URL', ['input', 'url']],
      [{ url: 'not a url' }, 'INVALID_URL', ['input', 'url']],
      [{ url: 'https://user:secret@example.com/hook' }, 'INVALID_URL', ['input', 'url']],
      [{ url: `https://example.com/${'x'.repeat(2100)}` }, 'INVALID_URL', ['input', 'url']],
      [{ eventTypes: [] }, 'INVALID_EVENT_TYPES', ['input', 'eventTypes']],
      [{ description: 'd'.repeat(201) }, 'INVALID_DESCRIPTION', ['input', 'description']],
      [{ applicationId: 'app_00000000000000000000000000000000' }, 'APPLICATION_NOT_FOUND', ['input', 'applicationId']],
      [{ applicationId: null }, 'APPLICATION_NOT_FOUND', ['input', 'applicationId']],
    ];
    for (const [override, code, field] of cases) {
      const input = { applicationId: a.applicationId, url: 'https://example.com/hook', eventTypes: ['PAYMENT_COMPLETED'], ...override };
      const res = await t.op('webhooks.graphql', 'CreateWebhookEndpoint', { input }, a.owner.accessToken);
      expect(res.errors).toBeUndefined();
      expect(res.data.createWebhookEndpoint).toEqual({ endpoint: null, secret: null, userErrors: [expect.objectContaining({ code, field })] });
    }
    const bad = await t.op('webhooks.graphql', 'RotateWebhookSecret', { input: { endpointId: 'whe_00000000000000000000000000000000', overlapSeconds: 90_000 } }, a.owner.accessToken);
    expect(bad.data.rotateWebhookSecret.userErrors[0]).toMatchObject({ code: 'INVALID_OVERLAP', field: ['input', 'overlapSeconds'] });
    const badCursor = await t.op('webhooks.graphql', 'WebhookDeliveries', { endpointId: 'whe_00000000000000000000000000000000' }, a.owner.accessToken);
    expect(badCursor.data.webhookEndpoint).toBeNull();
    expect((await t.op('webhooks.graphql', 'WebhookEndpoints', { applicationId: a.applicationId }, a.owner.accessToken)).data.webhookEndpoints).toEqual([]);
  });
});

describe('when other services reach a partner application', () => {
  it("then users resolves the PartnerApplication entity for its owner only, and answers notifications' command only", async () => {
    const a = await business('Entity');
    const stranger = await registerUser(t, 'Stranger');
    const gateway = new IdentitySigner(TEST_INTERNAL_SECRET, 'gateway');
    const users = t.stack.services.users!.url;
    const entities = async (identity: string) => {
      const res = await fetch(users, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-paygraph-identity': identity },
        body: JSON.stringify({
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on PartnerApplication { id name } } }',
          variables: { r: [{ __typename: 'PartnerApplication', id: a.applicationId }] },
        }),
      });
      return ((await res.json()) as { data: { _entities: unknown[] } }).data._entities[0];
    };
    expect(await entities(await gateway.sign({ userId: a.owner.id, roles: ['USER'], scopes: [] }))).toEqual({ id: a.applicationId, name: 'Entity shop' });
    expect(await entities(await gateway.sign({ userId: stranger.id, roles: ['USER'], scopes: [] }))).toBeNull();
    expect(
      await entities(await gateway.sign({ userId: a.owner.id, roles: ['USER'], scopes: ['webhooks:manage'], apiKey: { id: 'key_x', applicationId: a.applicationId, accountId: a.accountId } })),
    ).toBeNull();

    const command = async (issuer: string) => {
      const res = await fetch(new URL('/_internal/partnerApplication', users), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-paygraph-identity': await new IdentitySigner(TEST_INTERNAL_SECRET, issuer).sign({ userId: null, roles: [], scopes: [] }) },
        body: JSON.stringify({ applicationId: a.applicationId }),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    expect(await command('notifications')).toEqual({ status: 200, body: { result: { applicationId: a.applicationId, ownerId: a.owner.id, accountId: a.accountId } } });
    expect((await command('gateway')).status).toBe(403);
  });
});

describe('when people without endpoints pay each other', () => {
  it('then the webhooks consumer takes the events off its queue with no transaction: no inbox row, no delivery', async () => {
    const recipient = await registerUser(t, 'Plain Recipient');
    const paymentId = await pay(recipient.id, '1.00');
    const eventId = await until(10_000, async () => {
      const res = await db('payments', (c) =>
        c.query(`select envelope->>'id' as id from outbox where type = 'PaymentSettled' and envelope->'data'->>'paymentId' = $1 and published_at is not null`, [paymentId]),
      );
      return res.rows[0]?.id as string | undefined;
    });
    const config = parseConfig(baseSchema, t.env);
    const sqs = createSqsClient({ endpoint: config.SQS_ENDPOINT, region: config.AWS_REGION, accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY, queuePrefix: config.SQS_QUEUE_PREFIX });
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: consumerQueueName(config.SQS_QUEUE_PREFIX, 'notifications-webhooks') }));
      // Taken and deleted: nothing left on the queue, nor in flight.
      await until(10_000, async () => {
        const { Attributes: a } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        return a?.ApproximateNumberOfMessages === '0' && a?.ApproximateNumberOfMessagesNotVisible === '0';
      });
    } finally {
      sqs.destroy();
    }
    const inbox = await db('notifications', (c) => c.query(`select 1 from inbox where consumer = 'notifications-webhooks' and event_id = $1`, [eventId]));
    expect(inbox.rowCount).toBe(0);
    const deliveries = await db('notifications', (c) => c.query(`select 1 from webhook_delivery where event_id = $1`, [eventId]));
    expect(deliveries.rowCount).toBe(0);
  }, 30_000);
});
