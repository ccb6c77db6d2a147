import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { consumersOf, PRIVACY_SUBGRAPHS, type EventType } from '@paygraph/events';
import { parseConfig } from '@paygraph/platform/config';
import { uuidv7 } from '@paygraph/platform/ids';
import { callSubgraph } from '@paygraph/platform/testing';
import { formatReport, runReconciliation } from '@paygraph/stack/reconcile';
import { base32Decode, totp } from '../../subgraphs/users/src/domain/totp.js';
import { runAdmin } from '../../subgraphs/users/src/cli/admin.js';
import { usersConfigSchema } from '../../subgraphs/users/src/config.js';
import { serviceSql, waitFor } from '../support/checks.js';
import { cardFor, fund, walletOf } from '../support/money.js';
import { bootStack, email, PASSWORD, registerUser, type TestStack } from '../support/stack.js';

/**
 * Privacy requests through the gateway (docs/security.md, "Privacy requests"): a person with some history (KYC, a
 * card, payments both ways with notes, a money request, notifications, sessions) exports their data, assembled from
 * every subgraph over the backbone, then erases their account: personal data goes (checked in each subgraph's
 * database), money and the audit chain stay (reconciliation and verifyAuditChain green), they cannot sign in, and
 * repeats and replays change nothing.
 */
let t: TestStack;
let sql: ReturnType<typeof serviceSql>;
const ops = 'privacy.graphql';
let adminToken: string;
type Person = Awaited<ReturnType<typeof registerUser>>;
let pat: Person;
let quinn: Person;
let stranger: Person;
const ids: Record<string, string> = {};
const NOTE_SENT = 'rent for flat 3, Pat';
const NOTE_RECEIVED = 'thanks Pat';

const gqlOk = async (query: string, variables: Record<string, unknown>, token?: string) => {
  const res = await t.gql(query, variables, token);
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data as any;
};
const send = (token: string, recipientId: string, amount: string, note?: string) =>
  gqlOk(
    `mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id status } userErrors { code message } } }`,
    { input: { recipientId, amount: { amount, currency: 'USD' }, note, idempotencyKey: randomUUID(), awaitCompletion: true } },
    token,
  ).then((d) => {
    if (d.sendMoney.payment?.status !== 'COMPLETED') throw new Error(`sendMoney: ${JSON.stringify(d)}`);
    return d.sendMoney.payment.id as string;
  });
const request = (id: string, token: string) => t.op(ops, 'PrivacyRequest', { id }, token);
const completed = (id: string) =>
  waitFor(`privacy request ${id} COMPLETED`, async () => {
    const r = (await request(id, adminToken)).data?.privacyRequest;
    return r?.status === 'COMPLETED' ? r : null;
  }, 60_000);
const login = (address: string, password = PASSWORD) =>
  t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken userErrors { code } } }`, { input: { email: address, password } });

/** The event sent again to every queue that consumes it, as a new event (a new id: the inboxes do not stop it). */
async function resend(service: string, type: EventType, aggregateId: string): Promise<number> {
  const [row] = await sql.query<{ envelope: { aggregateId: string } & Record<string, unknown> }>(
    service,
    `select envelope from outbox where type = $1 and aggregate_id = $2`,
    [type, aggregateId],
  );
  const envelope = { ...row!.envelope, id: uuidv7() };
  const sqs = new SQSClient({ endpoint: t.env.SQS_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    for (const consumer of consumersOf(type)) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: `${t.env.SQS_ENDPOINT}/000000000000/${t.env.SQS_QUEUE_PREFIX}${consumer}.fifo`,
          Entries: [{ Id: '1', MessageBody: JSON.stringify(envelope), MessageGroupId: envelope.aggregateId, MessageDeduplicationId: randomUUID() }],
        }),
      );
    }
  } finally {
    sqs.destroy();
  }
  return consumersOf(type).length;
}

beforeAll(async () => {
  t = await bootStack({ TRUST_PROXY: 'true' });
  sql = serviceSql(t.env);
  [pat, quinn, stranger] = await Promise.all([registerUser(t, 'Pat Example'), registerUser(t, 'Quinn'), registerUser(t, 'Stranger')]);
  const adminEmail = email('admin');
  await t.gql(`mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`, { input: { email: adminEmail, password: PASSWORD, displayName: 'Admin' } });
  expect(await runAdmin(['grant-role', adminEmail, 'ADMIN'], parseConfig(usersConfigSchema, t.env), { out: () => {}, err: () => {} })).toBe(0);
  adminToken = (await login(adminEmail)).data.login.accessToken;

  // Pat's history: verified identity, a card, money in and out with notes, a request, a second sign-in.
  const kyc = await t.op('identity.graphql', 'SubmitKyc', {
    input: { legalName: 'Pat Example', dateOfBirth: '1988-02-03', country: 'GB', addressLine1: '7 Privacy Lane', city: 'Leeds', postalCode: 'LS1 4AP', documentNumber: 'P7654321' },
  }, pat.accessToken);
  expect(kyc.data.submitKyc.userErrors).toEqual([]);
  await Promise.all([fund(t, pat.accessToken, '50.00', 'USD'), fund(t, quinn.accessToken, '20.00', 'USD')]);
  ids.card = await cardFor(t, pat.accessToken, '4242424242424242');
  ids.sent = await send(pat.accessToken, quinn.id, '12.34', NOTE_SENT);
  ids.received = await send(quinn.accessToken, pat.id, '2.00', NOTE_RECEIVED);
  const asked = await gqlOk(
    `mutation($input: RequestMoneyInput!) { requestMoney(input: $input) { paymentRequest { id } userErrors { code } } }`,
    { input: { from: quinn.id, amount: { amount: '1.00', currency: 'USD' }, note: 'coffee with Pat', idempotencyKey: randomUUID() } },
    pat.accessToken,
  );
  ids.request = asked.requestMoney.paymentRequest.id;
  await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { email: pat.email, password: PASSWORD } }, undefined, { 'x-forwarded-for': '203.0.113.44' });
  // Everything above has reached the projections the export reads (history, notifications, fraud, audit).
  await waitFor('the history of both payments', async () => (await sql.count('transactions', `select count(*)::int as n from transaction where payment_id = any($1::text[])`, [[ids.sent, ids.received]])) === 2);
  await waitFor("Pat's notifications", async () => (await sql.count('notifications', `select count(*)::int as n from notification where user_id = $1 and kind = 'PAYMENT_RECEIVED'`, [pat.id])) >= 2);
  await waitFor("Pat's audit records", async () => (await sql.count('audit', `select count(*)::int as n from audit_record where subject_ids @> array[$1]::text[] and event_type = 'PaymentSettled'`, [pat.id])) === 2);
  // A long notification history, written straight into the table (300 payments through the graph would take minutes):
  // notifications' part must come under the backbone's bound by cutting its list, and say so.
  await sql.query(
    'notifications',
    `insert into notification (id, user_id, seq, kind, title, body, event_id, created_at)
     select 'ntf_' || md5(random()::text), $1, 1000000 + g, 'PAYMENT_RECEIVED', 'Payment received', repeat('x', 990), gen_random_uuid(), now() - interval '1 day'
       from generate_series(1, 300) g`,
    [pat.id],
  );
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

describe('when a person asks for their data', () => {
  it('then requestDataExport answers PENDING at once, a repeat answers the same request, and the document holds every subgraph\'s data', async () => {
    const first = await t.op(ops, 'RequestDataExport', {}, pat.accessToken);
    expect(first.errors).toBeUndefined();
    const pending = first.data.requestDataExport;
    expect(pending.userErrors).toEqual([]);
    expect(pending.privacyRequest).toMatchObject({ kind: 'EXPORT', status: expect.stringMatching(/PENDING|COMPLETED/), completedAt: null, answeredBy: ['users'] });
    ids.export = pending.privacyRequest.id;
    expect(ids.export).toMatch(/^prv_[0-9a-f]{32}$/);
    const again = await t.op(ops, 'RequestDataExport', {}, pat.accessToken);
    expect(again.data.requestDataExport.privacyRequest.id).toBe(ids.export);
    expect(await sql.count('users', `select count(*)::int as n from outbox where type = 'PrivacyExportRequested' and envelope->'data'->>'userId' = $1`, [pat.id])).toBe(1);

    const done = await completed(ids.export!);
    expect(done.answeredBy).toEqual([...PRIVACY_SUBGRAPHS].sort());
    const mine = await t.op(ops, 'PrivacyRequest', { id: ids.export }, pat.accessToken);
    expect(mine.data.privacyRequest).toMatchObject({ id: ids.export, status: 'COMPLETED', completedAt: expect.any(String) });
    const doc = JSON.parse(mine.data.privacyRequest.document);
    expect(doc).toMatchObject({ requestId: ids.export, userId: pat.id });
    expect(Object.keys(doc.subgraphs).sort()).toEqual([...PRIVACY_SUBGRAPHS].sort());
    const s = doc.subgraphs;
    // users: the profile and the sessions, with the IP of the second sign-in.
    expect(s.users.profile).toMatchObject({ id: pat.id, email: pat.email, displayName: 'Pat Example' });
    expect(s.users.sessions.map((x: { ip: string | null }) => x.ip)).toContain('203.0.113.44');
    // accounts: the identity as submitted and the card, masked.
    expect(s.accounts.kycVerifications[0]).toMatchObject({ legalName: 'Pat Example', dateOfBirth: '1988-02-03', addressLine1: '7 Privacy Lane', city: 'Leeds', status: 'VERIFIED' });
    expect(s.accounts.fundingInstruments.find((f: { id: string }) => f.id === ids.card)).toMatchObject({ kind: 'CARD', last4: '4242', cardBrand: 'VISA' });
    // payments: both payments with their notes, and the request.
    expect(s.payments.payments.find((p: { id: string }) => p.id === ids.sent)).toMatchObject({ role: 'SENDER', note: NOTE_SENT, amount: { amount: '12.34', currency: 'USD' } });
    expect(s.payments.payments.find((p: { id: string }) => p.id === ids.received)).toMatchObject({ role: 'RECIPIENT', note: NOTE_RECEIVED });
    expect(s.payments.paymentRequests[0]).toMatchObject({ id: ids.request, note: 'coffee with Pat', role: 'REQUESTER' });
    // transactions: the history of both; wallets: the balance and the postings; fraud: the decisions.
    expect(s.transactions.transactions.map((x: { paymentId: string }) => x.paymentId)).toEqual(expect.arrayContaining([ids.sent, ids.received]));
    expect(s.wallets.wallets).toEqual([expect.objectContaining({ currency: 'USD', balance: { amount: '39.66', currency: 'USD' }, held: { amount: '0.00', currency: 'USD' } })]);
    expect(s.wallets.postings.map((p: { paymentId: string }) => p.paymentId)).toEqual(expect.arrayContaining([ids.sent, ids.received]));
    expect(s.fraud.riskAssessments.map((a: { paymentId: string }) => a.paymentId)).toEqual(expect.arrayContaining([ids.sent]));
    // notifications: cut to fit (the 300 long ones), and said so; the real ones are in the stored table all the same.
    expect(s.notifications.notifications.length).toBeGreaterThan(0);
    expect(s.notifications.notifications.length).toBeLessThan(200);
    expect(doc.truncated.notifications).toEqual(['notifications']);
    // audit: Pat's records, with the personal values put back (the masked email, the note).
    const audit = s.audit.records as { eventType: string; payload: Record<string, unknown> }[];
    expect(audit.find((r) => r.eventType === 'UserRegistered')!.payload).toMatchObject({ userId: pat.id, email: 'p***@example.test', displayName: 'Pat Example' });
    expect(audit.find((r) => r.eventType === 'PaymentSettled' && r.payload.paymentId === ids.sent)!.payload).toMatchObject({ note: NOTE_SENT });
    // No secret of the account is in the document: no password hash, TOTP secret or token hash.
    const raw = mine.data.privacyRequest.document as string;
    for (const secret of ['scrypt$', 'password', 'secret_hash', 'token_hash', 'pspToken', 'fingerprint']) expect(raw).not.toContain(secret);

    // Every part went over the backbone within SQS's 256 KiB, and audit logged each by its digest only.
    const sizes = await Promise.all(
      PRIVACY_SUBGRAPHS.filter((x) => x !== 'users').map((svc) => sql.query<{ bytes: number }>(svc, `select octet_length(envelope::text) as bytes from outbox where type = 'PrivacyExportPart' and aggregate_id = $1`, [ids.export])),
    );
    expect(sizes.map((rows) => rows.length)).toEqual(Array(7).fill(1));
    for (const [row] of sizes) expect(row!.bytes).toBeLessThan(256 * 1024);
    await waitFor('the parts in the audit log', async () => (await sql.count('audit', `select count(*)::int as n from audit_record where event_type = 'PrivacyExportPart' and entity_id = $1`, [ids.export])) === 7);
    const logged = await sql.query<{ p: string }>('audit', `select payload::text as p from audit_record where event_type = 'PrivacyExportPart' and entity_id = $1`, [ids.export]);
    for (const { p } of logged) {
      expect(JSON.parse(p).data).toEqual({ bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(p).not.toContain('Pat Example');
    }
    expect((await t.op(ops, 'MyPrivacyRequests', {}, pat.accessToken)).data.me.privacyRequests.map((r: { id: string }) => r.id)).toEqual([ids.export]);
  }, 90_000);

  it('then nobody else can read it: another user gets null and an empty list, an admin gets it all', async () => {
    const theirs = await request(ids.export!, stranger.accessToken);
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.privacyRequest).toBeNull();
    expect((await t.op(ops, 'MyPrivacyRequests', {}, stranger.accessToken)).data.me.privacyRequests).toEqual([]);
    const viaUser = await t.gql(`query($id: ID!) { user(id: $id) { id privacyRequests { id } } }`, { id: pat.id }, stranger.accessToken);
    expect(viaUser.data.user).toEqual({ id: pat.id, privacyRequests: [] });
    const admin = await request(ids.export!, adminToken);
    expect(admin.data.privacyRequest.document).toContain(pat.email);
    // Malformed or unknown ids are simply not found; anonymous callers are refused at the gateway.
    for (const id of ['garbage', `prv_${'0'.repeat(32)}`, "prv_'; drop table privacy_request;--", 'x'.repeat(5000)]) {
      const res = await request(id, pat.accessToken);
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data.privacyRequest).toBeNull();
    }
    expect((await request(ids.export!, undefined as never)).status).toBe(401);
    expect((await t.op(ops, 'RequestDataExport', {})).status).toBe(401);
  });

  it('then the same export asked again on the backbone (a new event) changes no part and completes nothing twice', async () => {
    const before = await sql.query('users', `select subgraph, data::text, received_at from privacy_request_part where request_id = $1 order by subgraph`, [ids.export]);
    expect(before).toHaveLength(8);
    const consumers = await resend('users', 'PrivacyExportRequested', ids.export!);
    expect(consumers).toBe(7); // every subgraph but users (audit among them)
    // Each subgraph answers again (a second part in its outbox); users keeps the first answer of each.
    await waitFor('the second answers', async () => {
      const n = await Promise.all(['accounts', 'payments', 'wallets', 'notifications'].map((svc) => sql.count(svc, `select count(*)::int as n from outbox where type = 'PrivacyExportPart' and aggregate_id = $1`, [ids.export])));
      return n.every((x) => x === 2);
    });
    await waitFor('users to have heard them', async () => (await sql.count('users', `select count(*)::int as n from inbox where event_type = 'PrivacyExportPart'`, [])) >= 14);
    expect(await sql.query('users', `select subgraph, data::text, received_at from privacy_request_part where request_id = $1 order by subgraph`, [ids.export])).toEqual(before);
    expect(await sql.count('users', `select count(*)::int as n from outbox where type = 'PrivacyRequestCompleted' and aggregate_id = $1`, [ids.export])).toBe(1);
  }, 60_000);
});

describe('when a person asks for their account to be erased', () => {
  const erasure = (token: string, password: unknown) => t.op(ops, 'RequestAccountErasure', { input: { password } }, token);
  const erasureRows = (userId: string) =>
    Promise.all([
      sql.count('users', `select count(*)::int as n from privacy_request where user_id = $1 and kind = 'ERASURE'`, [userId]),
      sql.count('users', `select count(*)::int as n from outbox where type = 'PrivacyErasureRequested' and envelope->'data'->>'userId' = $1`, [userId]),
      sql.count('users', `select count(*)::int as n from users where id = $1 and erased_at is null and display_name <> 'Erased user'`, [userId]),
    ]);

  it('then a wrong, empty or absurd password is INVALID_CREDENTIALS, money left is BALANCE_NOT_ZERO, and nothing changes', async () => {
    for (const password of ['wrong password!', '', 'x'.repeat(10_000)]) {
      const res = await erasure(pat.accessToken, password);
      expect(res.status).toBe(200);
      expect(res.data.requestAccountErasure).toEqual({ privacyRequest: null, userErrors: [expect.objectContaining({ code: 'INVALID_CREDENTIALS', field: ['input', 'password'] })] });
    }
    const stillMoney = await erasure(pat.accessToken, PASSWORD);
    expect(stillMoney.data.requestAccountErasure).toEqual({ privacyRequest: null, userErrors: [expect.objectContaining({ code: 'BALANCE_NOT_ZERO', message: expect.stringContaining('39.66 USD') })] });
    // A missing or mistyped password is the schema's refusal (400), never a 500.
    expect((await t.gql(`mutation { requestAccountErasure(input: {}) { userErrors { code } } }`, {}, pat.accessToken)).status).toBe(400);
    expect((await t.gql(`mutation { requestAccountErasure(input: { password: 42 }) { userErrors { code } } }`, {}, pat.accessToken)).status).toBe(400);
    expect(await erasureRows(pat.id)).toEqual([0, 0, 1]);
    expect((await login(pat.email)).data.login.accessToken).toEqual(expect.any(String));
  });

  it('then with two-factor sign-in on, a session that checked no code within 5 minutes is STEP_UP_REQUIRED', async () => {
    const tina = await registerUser(t, 'Tina');
    const secret: string = (await t.op('account-security.graphql', 'EnableTotp', {}, tina.accessToken)).data.enableTotp.secret;
    const confirm = await t.op('account-security.graphql', 'ConfirmTotp', { input: { code: totp(base32Decode(secret), Math.floor(Date.now() / 1000)) } }, tina.accessToken);
    const recoveryCode: string = confirm.data.confirmTotp.recoveryCodes[0];
    // A recovery code signs in but is no step-up.
    const signedIn = await login(tina.email).then(() =>
      t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, { input: { email: tina.email, password: PASSWORD, recoveryCode } }),
    );
    const token = signedIn.data.login.accessToken;
    await waitFor('the gateway to know TOTP is on', async () => (await erasure(token, PASSWORD)).data?.requestAccountErasure.userErrors[0]?.code === 'STEP_UP_REQUIRED', 10_000);
    expect(await erasureRows(tina.id)).toEqual([0, 0, 1]);
  });

  it('then with no money left it is done everywhere: personal data gone, money and the audit chain intact, no way back in', async () => {
    await send(pat.accessToken, quinn.id, '39.66');
    expect((await walletOf(t, pat.accessToken, 'USD') as { balance: unknown }).balance).toEqual({ amount: '0.00', currency: 'USD' });
    const money = () =>
      Promise.all([
        sql.query('wallets', `select account_id, balance::text, held::text from account_balance order by account_id`),
        sql.query('wallets', `select id, journal_entry_id, account_id, amount::text from posting order by id`),
        sql.query('payments', `select id, status, amount::text, sender_id, recipient_id, refunded_amount::text from payment order by id`),
      ]);
    const moneyBefore = await money();

    const res = await erasure(pat.accessToken, PASSWORD);
    expect(res.errors).toBeUndefined();
    const asked = res.data.requestAccountErasure;
    expect(asked.userErrors).toEqual([]);
    expect(asked.privacyRequest).toMatchObject({ kind: 'ERASURE', status: 'PENDING', answeredBy: ['users'] });
    ids.erasure = asked.privacyRequest.id;

    // At once: the login is gone (the address is free again), the refresh token dead, the access token refused within a poll.
    expect((await login(pat.email)).data.login.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_CREDENTIALS' })]);
    const refreshed = await t.gql(`mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken userErrors { code } } }`, { input: { refreshToken: pat.refreshToken } });
    expect(refreshed.data.refreshSession.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_REFRESH_TOKEN' })]);
    await waitFor('the old access token to be refused', async () => (await t.gql(`{ me { id } }`, {}, pat.accessToken)).status === 401, 10_000);

    const done = await completed(ids.erasure!);
    expect(done.answeredBy).toEqual([...PRIVACY_SUBGRAPHS].sort());
    expect(done.document).toBeNull();

    // users: placeholders, no session alive or remembered, no token; the export's document is gone too.
    const [user] = await sql.query('users', `select email, email_normalized, display_name, erased_at, totp_enabled_at from users where id = $1`, [pat.id]);
    expect(user).toMatchObject({ email: `erased.${pat.id.slice(4)}@erased.invalid`, display_name: 'Erased user', erased_at: expect.any(Date), totp_enabled_at: null });
    expect(await sql.query('users', `select revoked_at is not null as revoked, ip, user_agent from session where user_id = $1`, [pat.id])).toEqual(
      expect.arrayContaining([{ revoked: true, ip: null, user_agent: null }]),
    );
    expect(await sql.count('users', `select count(*)::int as n from session where user_id = $1 and (revoked_at is null or ip is not null)`, [pat.id])).toBe(0);
    expect(await sql.count('users', `select count(*)::int as n from user_token where user_id = $1`, [pat.id])).toBe(0);
    expect((await request(ids.export!, adminToken)).data.privacyRequest.document).toBeNull();
    expect(await sql.count('users', `select count(*)::int as n from privacy_request_part where request_id = $1 and data is not null`, [ids.export])).toBe(0);
    // accounts: identity fields gone, the outcome kept; the card removed and masked.
    const [kyc] = await sql.query('accounts', `select legal_name, date_of_birth, address_line1, city, postal_code, document_last4, status, country, document_hash from kyc_verification where user_id = $1`, [pat.id]);
    expect(kyc).toEqual({ legal_name: null, date_of_birth: null, address_line1: null, city: null, postal_code: null, document_last4: null, status: 'VERIFIED', country: 'GB', document_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const [card] = await sql.query('accounts', `select status, holder_name, card_exp_month, last4 from funding_instrument where id = $1`, [ids.card]);
    expect(card).toEqual({ status: 'REMOVED', holder_name: null, card_exp_month: null, last4: '4242' });
    expect(await sql.count('accounts', `select count(*)::int as n from account where user_id = $1 and status <> 'CLOSED'`, [pat.id])).toBe(0);
    // payments: the notes both ways and the request's are gone; notifications: all of Pat's are.
    expect(await sql.query('payments', `select id, note from payment where id = any($1::text[]) order by id`, [[ids.sent, ids.received]])).toEqual(
      [ids.sent, ids.received].sort().map((id) => ({ id, note: null })),
    );
    expect(await sql.query('payments', `select note from payment_request where id = $1`, [ids.request])).toEqual([{ note: null }]);
    expect(await sql.count('notifications', `select count(*)::int as n from notification where user_id = $1`, [pat.id])).toBe(0);
    expect(await sql.count('notifications', `select count(*)::int as n from notification_delivery where user_id = $1`, [pat.id])).toBe(0);
    // Nobody can send Pat money any more (it would sit where no one can sign in to take it out): by id (Quinn paid Pat
    // before, so payments remembered Pat), by the old email or the placeholder, nor ask Pat for money.
    const sendTo = (recipient: { recipientId?: string; recipientEmail?: string }) =>
      gqlOk(`mutation($input: SendMoneyInput!) { sendMoney(input: $input) { payment { id } userErrors { code } } }`, {
        input: { ...recipient, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: randomUUID(), awaitCompletion: true },
      }, quinn.accessToken);
    for (const recipient of [{ recipientId: pat.id }, { recipientEmail: pat.email }, { recipientEmail: `erased.${pat.id.slice(4)}@erased.invalid` }]) {
      expect((await sendTo(recipient)).sendMoney).toEqual({ payment: null, userErrors: [{ code: 'RECIPIENT_NOT_FOUND' }] });
    }
    const ask = await gqlOk(`mutation($input: RequestMoneyInput!) { requestMoney(input: $input) { paymentRequest { id } userErrors { code } } }`, {
      input: { from: pat.id, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: randomUUID() },
    }, quinn.accessToken);
    expect(ask.requestMoney).toEqual({ paymentRequest: null, userErrors: [{ code: 'PAYER_NOT_FOUND' }] });
    // Money: not a posting, balance or payment amount changed.
    expect(await money()).toEqual(moneyBefore);
    // Quinn still sees the payment and its amount, from an erased user with no note.
    const seen = await gqlOk(`query($id: ID!) { payment(id: $id) { amount { amount currency } note sender { id displayName } } }`, { id: ids.sent }, quinn.accessToken);
    expect(seen.payment).toEqual({ amount: { amount: '12.34', currency: 'USD' }, note: null, sender: { id: pat.id, displayName: 'Erased user' } });

    // audit: no personal value of Pat's left, the chain verifies, and the trail says the erasure happened.
    expect(await sql.count('audit', `select count(*)::int as n from audit_personal p join audit_record r on r.id = p.record_id where r.subject_ids @> array[$1]::text[]`, [pat.id])).toBe(0);
    await waitFor('the completion in the audit log', async () => (await sql.count('audit', `select count(*)::int as n from audit_record where event_type = 'PrivacyRequestCompleted' and entity_id = $1`, [ids.erasure])) === 1);
    expect((await gqlOk(`{ verifyAuditChain { ok checked firstBrokenSeq reason } }`, {}, adminToken)).verifyAuditChain).toMatchObject({ ok: true, firstBrokenSeq: null });
    const trail = await gqlOk(`query($id: ID!) { auditTrail(entityId: $id, first: 20) { edges { node { eventType source } } } }`, { id: ids.erasure }, adminToken);
    const steps = trail.auditTrail.edges.map((e: { node: { eventType: string; source: string } }) => e.node.eventType);
    expect(steps[0]).toBe('PrivacyErasureRequested');
    expect(steps.filter((s: string) => s === 'PrivacyErasureDone')).toHaveLength(7);
    expect(steps.at(-1)).toBe('PrivacyRequestCompleted');
    const settled = await gqlOk(`query($id: ID!) { auditTrail(entityId: $id, first: 5) { edges { node { eventType payload } } } }`, { id: ids.sent }, adminToken);
    expect(JSON.parse(settled.auditTrail.edges.find((e: { node: { eventType: string } }) => e.node.eventType === 'PaymentSettled').node.payload)).toMatchObject({
      note: '[ERASED]', senderId: pat.id, recipientId: quinn.id, amount: { minor: '1234', currency: 'USD' },
    });
    const raw = await sql.query<{ p: string }>('audit', `select coalesce(string_agg(p.data::text, ''), '') as p from audit_personal p`);
    expect(raw[0]!.p).not.toContain(NOTE_SENT);

    // Reconciliation: the books balance, every payment is in the history once.
    await waitFor('every payment in history', async () => (await sql.count('payments', `select count(*)::int as n from payment`)) === (await sql.count('transactions', `select count(*)::int as n from transaction`)));
    const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    if (!report.ok) throw new Error(formatReport(report));

    // The address is free: someone may register with it.
    const again = await t.gql(`mutation($input: RegisterInput!) { register(input: $input) { user { id } userErrors { code } } }`, { input: { email: pat.email, password: PASSWORD, displayName: 'New Pat' } });
    expect(again.data.register.userErrors).toEqual([]);
    expect(again.data.register.user.id).not.toBe(pat.id);
  }, 120_000);

  it('then asking again answers the same erasure, and the request replayed on the backbone erases nothing more', async () => {
    // Through the gateway Pat is signed out by now; users itself, asked with Pat's identity as the gateway would have
    // signed it in the second before its next poll, answers the erasure already made.
    const repeat = await callSubgraph<{ requestAccountErasure: { privacyRequest: { id: string; kind: string } | null; userErrors: unknown[] } }>(
      t.stack.services.users!.url,
      `mutation($input: RequestAccountErasureInput!) { requestAccountErasure(input: $input) { privacyRequest { id kind } userErrors { code } } }`,
      { input: { password: PASSWORD } },
      { userId: pat.id, roles: ['USER'] },
    );
    expect(repeat.data?.requestAccountErasure).toEqual({ privacyRequest: { id: ids.erasure, kind: 'ERASURE' }, userErrors: [] });
    expect(await sql.count('users', `select count(*)::int as n from privacy_request where user_id = $1 and kind = 'ERASURE'`, [pat.id])).toBe(1);

    // And the backbone's repeat: every subgraph hears the erasure again, as a new event.
    const parts = await sql.query('users', `select subgraph, data::text from privacy_request_part where request_id = $1 order by subgraph`, [ids.erasure]);
    expect(parts).toHaveLength(8);
    await resend('users', 'PrivacyErasureRequested', ids.erasure!);
    await waitFor('the second answers', async () => {
      const n = await Promise.all(['accounts', 'payments', 'notifications', 'audit'].map((svc) => sql.query<{ d: { erased: Record<string, number> } }>(svc, `select envelope->'data' as d from outbox where type = 'PrivacyErasureDone' and aggregate_id = $1 order by id`, [ids.erasure])));
      return n.every((rows) => rows.length === 2) ? n : null;
    }).then((answers) => {
      // The second time round nothing was left to change.
      for (const rows of answers) expect(Object.values(rows[1]!.d.erased).every((v) => v === 0)).toBe(true);
    });
    await waitFor('users to have heard them', async () => (await sql.count('users', `select count(*)::int as n from inbox where event_type = 'PrivacyErasureDone'`, [])) >= 14);
    expect(await sql.query('users', `select subgraph, data::text from privacy_request_part where request_id = $1 order by subgraph`, [ids.erasure])).toEqual(parts);
    expect(await sql.count('users', `select count(*)::int as n from outbox where type = 'PrivacyRequestCompleted' and aggregate_id = $1`, [ids.erasure])).toBe(1);
    expect((await gqlOk(`{ verifyAuditChain { ok } }`, {}, adminToken)).verifyAuditChain.ok).toBe(true);
    const report = await runReconciliation({ serverUrl: t.env.DATABASE_URL!, prefix: t.env.DATABASE_PREFIX!, olderThanSeconds: 0 });
    if (!report.ok) throw new Error(formatReport(report));
  }, 60_000);
});
