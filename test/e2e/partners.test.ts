import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { IdentitySigner } from '@paygraph/platform/identity';
import { TEST_INTERNAL_SECRET } from '@paygraph/platform/testing';
import { bootStack, operation, registerUser, type TestStack } from '../support/stack.js';

/**
 * Partner applications, API keys with scopes, trusted documents and per-key limits, through the gateway (issue 13).
 */
let t: TestStack;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  t = await bootStack({
    REVOCATION_POLL_MS: '200',
    API_KEY_MUTATION_RATE_LIMIT_PER_MINUTE: '3',
    API_KEY_RATE_LIMIT_PER_MINUTE: '40',
    API_KEY_USAGE_FLUSH_MS: '200',
  });
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

interface Raw {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
}

/** A request with a key: by hash alone (`hash`), or by text. */
async function withKey(secret: string, request: { query?: string; hash?: string; variables?: Record<string, unknown> }): Promise<Raw> {
  const res = await fetch(t.stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({
      ...(request.query ? { query: request.query } : {}),
      variables: request.variables ?? {},
      ...(request.hash ? { extensions: { persistedQuery: { version: 1, sha256Hash: request.hash } } } : {}),
    }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Raw['body'] };
}

const manifest = JSON.parse(
  (await import('node:fs')).readFileSync(new URL('../../schema/trusted-documents.json', import.meta.url), 'utf8'),
) as { operations: { id: string; name: string; body: string }[] };
const builtIn = (name: string) => manifest.operations.find((o) => o.name === name)!.id;

async function business(tag: string) {
  const owner = await registerUser(t, `${tag} Owner`);
  const opened = await t.op('partners.graphql', 'OpenBusinessAccount', { input: { businessName: `${tag} Ltd` } }, owner.accessToken);
  if (!opened.data?.openBusinessAccount?.account) throw new Error(`openBusinessAccount: ${JSON.stringify(opened)}`);
  const accountId = opened.data.openBusinessAccount.account.id as string;
  const app = await t.op('partners.graphql', 'CreatePartnerApplication', { input: { accountId, name: `${tag} shop` } }, owner.accessToken);
  expect(app.data.createPartnerApplication.userErrors).toEqual([]);
  return { owner, accountId, applicationId: app.data.createPartnerApplication.application.id as string };
}

async function newKey(token: string, applicationId: string, scopes: string[]) {
  const res = await t.op('partners.graphql', 'CreateApiKey', { input: { applicationId, scopes } }, token);
  expect(res.data.createApiKey.userErrors).toEqual([]);
  return { secret: res.data.createApiKey.secret as string, apiKey: res.data.createApiKey.apiKey };
}

async function until(ms: number, probe: () => Promise<boolean>, everyMs = 25): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return Date.now() - started;
}

function databaseUrl(service: string): string {
  const url = new URL(t.env.DATABASE_URL!);
  url.pathname = `/${t.env.DATABASE_PREFIX}${service}`;
  return url.toString();
}

async function usersDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl('users') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('when a business owner registers an application and creates a key', () => {
  it('then the secret is shown once, pg_test_-prefixed, and only its SHA-256 is stored', async () => {
    const { owner, applicationId } = await business('Shown');
    const { secret, apiKey } = await newKey(owner.accessToken, applicationId, ['balance:read', 'payments:read']);
    expect(secret).toMatch(/^pg_test_[0-9A-Za-z]{43}$/);
    expect(apiKey).toMatchObject({ prefix: secret.slice(0, 16), last4: secret.slice(-4), scopes: ['balance:read', 'payments:read'], active: true });

    const listed = await t.op('partners.graphql', 'PartnerApplications', {}, owner.accessToken);
    expect(JSON.stringify(listed.data)).not.toContain(secret);
    const rows = await usersDb((c) => c.query('select * from api_key where id = $1', [apiKey.id]));
    expect(rows.rows[0].secret_hash).toBe(sha256(secret));
    expect(JSON.stringify(rows.rows)).not.toContain(secret.slice(8));
  });

  it('then a person without a business account, or with another owner\'s account id, is refused ACCOUNT_NOT_FOUND', async () => {
    const { accountId } = await business('Other');
    const stranger = await registerUser(t, 'Stranger');
    for (const id of [accountId, 'acc_00000000000000000000000000000000']) {
      const res = await t.op('partners.graphql', 'CreatePartnerApplication', { input: { accountId: id, name: 'x' } }, stranger.accessToken);
      expect(res.data.createPartnerApplication).toMatchObject({ application: null, userErrors: [{ code: 'ACCOUNT_NOT_FOUND' }] });
    }
  });

  it('then an unknown scope is INVALID_SCOPE and no key is made', async () => {
    const { owner, applicationId } = await business('Scope');
    const res = await t.op('partners.graphql', 'CreateApiKey', { input: { applicationId, scopes: ['payments:read', 'admin'] } }, owner.accessToken);
    expect(res.data.createApiKey).toMatchObject({ apiKey: null, secret: null, userErrors: [{ code: 'INVALID_SCOPE', field: ['input', 'scopes'] }] });
  });
});

describe('when a key calls the graph', () => {
  it('then it acts for its business account\'s owner, by the hash of a build-registered document', async () => {
    const { owner, applicationId } = await business('Acts');
    const { secret } = await newKey(owner.accessToken, applicationId, ['balance:read']);
    const res = await withKey(secret, { hash: builtIn('PartnerBalances') });
    expect(res.status).toBe(200);
    expect(res.body.data.me.id).toBe(owner.id);
    expect(res.headers.get('ratelimit-limit')).toBe('40');
  });

  it('then a document that is not registered is refused (trusted mode), and runs once the application registers it', async () => {
    const { owner, applicationId } = await business('Trusted');
    const { secret } = await newKey(owner.accessToken, applicationId, ['balance:read']);
    const query = 'query MyWallets { me { wallets { currency } } }';
    const refused = await withKey(secret, { query });
    expect(refused.status).toBe(400);
    expect(refused.body.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const byHash = await withKey(secret, { hash: sha256(query) });
    expect(byHash.body.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await t.op('partners.graphql', 'RegisterTrustedDocuments', { input: { applicationId, documents: [query] } }, owner.accessToken);
    const [doc] = registered.data.registerTrustedDocuments.documents;
    expect(doc.operationName).toBe('MyWallets');
    // The miss a moment ago is remembered for a second at most. Each probe spends the key's budget (40 a minute):
    // every 100 ms, not 25, or a slow second of polling exhausts it.
    await until(2_000, async () => (await withKey(secret, { hash: doc.hash })).body.data !== undefined, 100);
    expect((await withKey(secret, { hash: doc.hash })).body).toEqual({ data: { me: { wallets: [] } } });
    // The text itself, formatted as the partner wrote it, is accepted too.
    expect((await withKey(secret, { query })).body).toEqual({ data: { me: { wallets: [] } } });

    // Another application's key may not run it.
    const other = await business('Elsewhere');
    const { secret: otherSecret } = await newKey(other.owner.accessToken, other.applicationId, ['balance:read']);
    const elsewhere = await withKey(otherSecret, { hash: doc.hash });
    expect(elsewhere.body.data).toBeUndefined();
    expect(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_IN_LIST']).toContain(elsewhere.body.errors![0]!.extensions!.code);
  });

  it('then a field its scopes do not open is FORBIDDEN with the missing scope, at the gateway and again in the subgraph', async () => {
    const { owner, applicationId, accountId } = await business('Forbid');
    const { secret, apiKey } = await newKey(owner.accessToken, applicationId, ['balance:read']);
    const res = await withKey(secret, { hash: builtIn('PartnerPayments'), variables: { first: 5 } });
    expect(res.status).toBe(403);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', missingScopes: ['payments:read'], field: 'User.payments' });

    // What the gateway would forward for this key, sent straight to the payments subgraph: refused there too.
    const identity = await new IdentitySigner(TEST_INTERNAL_SECRET, 'gateway').sign({
      userId: owner.id,
      roles: ['USER'],
      scopes: ['balance:read'],
      apiKey: { id: apiKey.id, applicationId, accountId },
    });
    const direct = await fetch(t.stack.services.payments!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-paygraph-identity': identity },
      body: JSON.stringify({ query: operation('partners.graphql', 'PartnerSendMoney'), variables: { input: { recipientId: owner.id, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: 'k1' } } }),
    });
    const directBody = (await direct.json()) as Raw['body'];
    expect(directBody.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', missingScopes: ['payments:write'] });
  });

  it('then managing keys, sessions or the profile is closed to it, even when the document is registered', async () => {
    const { owner, applicationId } = await business('Closed');
    const { secret } = await newKey(owner.accessToken, applicationId, ['payments:read', 'payments:write', 'balance:read']);
    const doc = 'mutation Mint($a: ID!) { createApiKey(input: { applicationId: $a, scopes: ["payments:write"] }) { secret } }';
    await t.op('partners.graphql', 'RegisterTrustedDocuments', { input: { applicationId, documents: [doc, 'query Sessions { me { id sessions { id } } }'] } }, owner.accessToken);
    const mint = await withKey(secret, { query: doc, variables: { a: applicationId } });
    expect(mint.status).toBe(403);
    expect(mint.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Mutation.createApiKey', missingScopes: [] });
    const sessions = await withKey(secret, { query: 'query Sessions { me { id sessions { id } } }' });
    expect(sessions.body.data.me.sessions).toEqual([]);
  });
});

describe('when a key is revoked or rotated', () => {
  it('then a revoked key is refused with 401 within a second, while the owner\'s session goes on', async () => {
    const { owner, applicationId } = await business('Revoke');
    const { secret, apiKey } = await newKey(owner.accessToken, applicationId, ['balance:read']);
    expect((await withKey(secret, { hash: builtIn('PartnerBalances') })).status).toBe(200); // cached at the gateway now
    const revoked = await t.op('partners.graphql', 'RevokeApiKey', { input: { apiKeyId: apiKey.id } }, owner.accessToken);
    expect(revoked.data.revokeApiKey.apiKey).toMatchObject({ active: false });
    const took = await until(1_000, async () => (await withKey(secret, { hash: builtIn('PartnerBalances') })).status === 401);
    expect(took).toBeLessThan(1_000);
    const refused = await withKey(secret, { hash: builtIn('PartnerBalances') });
    expect(refused.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await t.op('partners.graphql', 'PartnerApplications', {}, owner.accessToken)).status).toBe(200);
  });

  it('then both keys work during the overlap, and an overlap of 0 ends the old one at once', async () => {
    const { owner, applicationId } = await business('Rotate');
    const first = await newKey(owner.accessToken, applicationId, ['balance:read']);
    const rotated = await t.op('partners.graphql', 'RotateApiKey', { input: { apiKeyId: first.apiKey.id, overlapSeconds: 3600 } }, owner.accessToken);
    const second = rotated.data.rotateApiKey;
    expect(second.apiKey.scopes).toEqual(['balance:read']);
    expect(second.previous.expiresAt).not.toBeNull();
    expect((await withKey(first.secret, { hash: builtIn('PartnerBalances') })).status).toBe(200);
    expect((await withKey(second.secret, { hash: builtIn('PartnerBalances') })).status).toBe(200);

    const third = await t.op('partners.graphql', 'RotateApiKey', { input: { apiKeyId: second.apiKey.id, overlapSeconds: 0 } }, owner.accessToken);
    await until(1_000, async () => (await withKey(second.secret, { hash: builtIn('PartnerBalances') })).status === 401);
    expect((await withKey(third.data.rotateApiKey.secret, { hash: builtIn('PartnerBalances') })).status).toBe(200);
  });

  it('then an unknown or malformed key is 401, never a 500', async () => {
    for (const secret of ['pg_test_' + 'A'.repeat(43), 'pg_test_short', 'pg_live_' + 'z'.repeat(43)]) {
      const res = await withKey(secret, { hash: builtIn('PartnerBalances') });
      expect(res.status).toBe(401);
    }
  });
});

describe('when a key exceeds its budgets', () => {
  it('then the mutation budget runs out first: 429 with RateLimit-* and Retry-After, while queries still run', async () => {
    const { owner, applicationId } = await business('Budget');
    const { secret } = await newKey(owner.accessToken, applicationId, ['payments:write', 'balance:read']);
    const doc = 'mutation Open($c: String!) { openWallet(input: { currency: $c }) { wallet { id } userErrors { code } } }';
    await t.op('partners.graphql', 'RegisterTrustedDocuments', { input: { applicationId, documents: [doc] } }, owner.accessToken);
    const statuses: number[] = [];
    let last: Raw | undefined;
    for (let i = 0; i < 4; i++) {
      last = await withKey(secret, { query: doc, variables: { c: 'USD' } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last!.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', budget: 'mutations' });
    expect(last!.headers.get('ratelimit-limit')).toBe('3');
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(last!.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect((await withKey(secret, { hash: builtIn('PartnerBalances') })).status).toBe(200);
  });

  it('then the request budget refuses every request past it with 429', async () => {
    const { owner, applicationId } = await business('Flood');
    const { secret } = await newKey(owner.accessToken, applicationId, ['balance:read']);
    const started = Date.now();
    const statuses = await Promise.all(Array.from({ length: 50 }, () => withKey(secret, { hash: builtIn('PartnerBalances') }).then((r) => r.status)));
    const refilled = Math.ceil(((Date.now() - started) / 1000) * (40 / 60));
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(40);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(40 + refilled);
    expect(statuses.filter((s) => s === 429).length).toBe(50 - statuses.filter((s) => s === 200).length);
  });
});

describe('when a key is used', () => {
  it('then every use reaches the audit log as ApiKeyUsed, and lastUsedAt moves', async () => {
    const { owner, applicationId } = await business('Audit');
    const { secret, apiKey } = await newKey(owner.accessToken, applicationId, ['balance:read']);
    for (let i = 0; i < 3; i++) await withKey(secret, { hash: builtIn('PartnerBalances') });
    await withKey(secret, { hash: builtIn('PartnerPayments') }); // refused (scope): a use all the same

    const auditDb = new pg.Client({ connectionString: databaseUrl('audit') });
    await auditDb.connect();
    try {
      let uses: any[] = [];
      await until(15_000, async () => {
        const { rows } = await auditDb.query(`select payload from audit_record where event_type = 'ApiKeyUsed' and entity_id = $1`, [apiKey.id]);
        uses = rows.flatMap((r: { payload: { uses: unknown[] } }) => r.payload.uses);
        return uses.length >= 4;
      });
      expect(uses.map((u) => u.operationName).sort()).toEqual(['PartnerBalances', 'PartnerBalances', 'PartnerBalances', 'PartnerPayments']);
      expect(uses.map((u) => u.status).sort()).toEqual([200, 200, 200, 403]);
    } finally {
      await auditDb.end();
    }
    const listed = await t.op('partners.graphql', 'PartnerApplications', {}, owner.accessToken);
    expect(listed.data.me.partnerApplications[0].apiKeys[0].lastUsedAt).not.toBeNull();
  });
});
